(* Marshal to and from channels, output_value/input_value, many values in
   a file, and extern of custom blocks and extension constructors. *)
exception Custom of string * int
type ext = ..
type ext += E1 of int | E2

let file = "serialize_channels.tmp"

let () =
  let oc = open_out_bin file in
  for i = 1 to 100 do Marshal.to_channel oc (i, String.make i 'q', float i /. 3.) [] done;
  output_value oc [| "end" |];
  Marshal.to_channel oc (Custom ("c", 1)) [];
  Marshal.to_channel oc (E1 5, E2) [];
  Marshal.to_channel oc (Int32.of_int 7, 8L, 9n, Int64.max_int) [];
  Marshal.to_channel oc (Array.make 100_000 1.5) [];
  close_out oc;
  let ic = open_in_bin file in
  let sum = ref 0 and len = ref 0 and fsum = ref 0. in
  for _ = 1 to 100 do
    let (i, s, f) : int * string * float = Marshal.from_channel ic in
    sum := !sum + i; len := !len + String.length s; fsum := !fsum +. f
  done;
  Printf.printf "sum %d len %d fsum %.6f\n" !sum !len !fsum;
  let (a : string array) = input_value ic in
  Printf.printf "input_value %s\n" a.(0);
  (* Exceptions are unmarshalled as new constructors: not equal to the
     original by pattern matching, but the name survives. *)
  let (e : exn) = Marshal.from_channel ic in
  Printf.printf "exception %s matches: %b\n" (Printexc.to_string e) (match e with Custom _ -> true | _ -> false);
  let ((x, y) : ext * ext) = Marshal.from_channel ic in
  Printf.printf "extension: %b %b\n" (match x with E1 5 -> true | _ -> false) (match y with E2 -> true | _ -> false);
  let ((a, b, c, d) : int32 * int64 * nativeint * int64) = Marshal.from_channel ic in
  Printf.printf "customs %ld %Ld %nd %Ld\n" a b c d;
  let (fa : float array) = Marshal.from_channel ic in
  Printf.printf "float array %d %g\n" (Array.length fa) fa.(99_999);
  Printf.printf "pos %d of %d\n" (pos_in ic) (in_channel_length ic);
  (try ignore (Marshal.from_channel ic : int) with End_of_file -> print_endline "End_of_file at end");
  close_in ic;
  (* A truncated file. *)
  let oc = open_out_bin file in
  let s = Marshal.to_string (List.init 100 Fun.id) [] in
  output_string oc (String.sub s 0 (String.length s - 10));
  close_out oc;
  let ic = open_in_bin file in
  (try ignore (Marshal.from_channel ic : int list) with
   | End_of_file -> print_endline "truncated: End_of_file"
   | Failure m -> Printf.printf "truncated: Failure %s\n" m);
  close_in ic;
  (* A bad header. *)
  let oc = open_out_bin file in
  output_string oc "\x00\x01\x02\x03garbage-garbage-garbage";
  close_out oc;
  let ic = open_in_bin file in
  (try ignore (Marshal.from_channel ic : int list) with
   | End_of_file -> print_endline "bad magic: End_of_file"
   | Failure m -> Printf.printf "bad magic: Failure %s\n" m);
  close_in ic;
  Sys.remove file;
  (* Big structure with sharing through a channel. *)
  let shared = List.init 1000 Fun.id in
  let data = Array.make 1000 shared in
  let oc = open_out_bin file in
  Marshal.to_channel oc data [];
  let shared_size = pos_out oc in
  Marshal.to_channel oc data [Marshal.No_sharing];
  let total = pos_out oc in
  close_out oc;
  Printf.printf "shared %d bytes, unshared %d bytes\n" shared_size (total - shared_size);
  let ic = open_in_bin file in
  let (d1 : int list array) = Marshal.from_channel ic in
  let (d2 : int list array) = Marshal.from_channel ic in
  close_in ic;
  Printf.printf "d1 shared %b d2 shared %b equal %b\n" (d1.(0) == d1.(999)) (d2.(0) == d2.(999)) (d1 = d2);
  Sys.remove file
