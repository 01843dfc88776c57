(* Marshal through channels; objects, closures, exceptions, error cases. *)
let hex s =
  let b = Buffer.create (2 * String.length s) in
  String.iter (fun c -> Buffer.add_string b (Printf.sprintf "%02x" (Char.code c))) s;
  Buffer.contents b

class point x0 = object
  val mutable x = x0
  method get = x
  method move d = x <- x + d
end

exception My_exn of int * string

let file = Filename.temp_file "marshal" ".bin"

let () =
  let oc = open_out_bin file in
  Marshal.to_channel oc 42 [];
  output_value oc "a string";
  Marshal.to_channel oc [1.5; 2.5] [];
  Marshal.to_channel oc (Array.init 100 (fun i -> i * i)) [Marshal.No_sharing];
  Marshal.to_channel oc (Some (Int64.of_int 77, 3l, 9n)) [];
  let p = new point 10 in
  Marshal.to_channel oc (p, p) [Marshal.Closures];
  Marshal.to_channel oc (My_exn (3, "three")) [];
  Marshal.to_channel oc Not_found [];
  let f = fun x -> x * 2 + 1 in
  Marshal.to_channel oc (f, [f]) [Marshal.Closures];
  let rec even n = n = 0 || odd (n - 1) and odd n = n <> 0 && even (n - 1) in
  Marshal.to_channel oc (even, odd) [Marshal.Closures];
  let big = String.make 200_000 'q' in
  Marshal.to_channel oc (big, big) [];
  close_out oc;
  let ic = open_in_bin file in
  let n : int = input_value ic in
  let s : string = Marshal.from_channel ic in
  let l : float list = input_value ic in
  let a : int array = input_value ic in
  let (i64, i32, ni) = match (input_value ic : (int64 * int32 * nativeint) option) with Some x -> x | None -> assert false in
  Printf.printf "%d %s %s %d %Ld %ld %nd\n" n s (String.concat "," (List.map string_of_float l))
    (Array.fold_left (+) 0 a) i64 i32 ni;
  let (p1, p2) : point * point = input_value ic in
  p1#move 5;
  Printf.printf "objects: %d %d same=%b newid=%b\n" p1#get p2#get (p1 == p2) (Oo.id p1 <> Oo.id p);
  let e : exn = input_value ic in
  (match e with My_exn (i, s) -> Printf.printf "exn: %d %s\n" i s | _ -> print_endline "exn: other (expected for non-predefined)");
  let e2 : exn = input_value ic in
  Printf.printf "Not_found back: %b\n" (e2 = Not_found);
  let (g, gl) : (int -> int) * (int -> int) list = input_value ic in
  Printf.printf "closure: %d %d shared=%b\n" (g 10) ((List.hd gl) 20) (g == List.hd gl);
  let (ev, od) : (int -> bool) * (int -> bool) = input_value ic in
  Printf.printf "rec closures: %b %b %b\n" (ev 10) (od 7) (ev 7);
  let (b1, b2) : string * string = input_value ic in
  Printf.printf "big: %d %b\n" (String.length b1) (b1 == b2);
  (match input_value ic with
   | (_ : int) -> print_endline "read past end?"
   | exception End_of_file -> print_endline "End_of_file");
  close_in ic;
  (* truncated messages on a channel *)
  let msg = Marshal.to_string (List.init 50 string_of_int) [] in
  List.iter (fun cut ->
    let oc = open_out_bin file in
    output_string oc (String.sub msg 0 cut);
    close_out oc;
    let ic = open_in_bin file in
    (match input_value ic with
     | (_ : string list) -> Printf.printf "cut %d: read\n" cut
     | exception End_of_file -> Printf.printf "cut %d: End_of_file\n" cut
     | exception Failure m -> Printf.printf "cut %d: Failure %s\n" cut m);
    close_in ic) [0; 1; 4; 5; 19; 20; 21; String.length msg - 1];
  (* bad magic on a channel *)
  let oc = open_out_bin file in
  output_string oc "this is not a marshalled value at all";
  close_out oc;
  let ic = open_in_bin file in
  (match input_value ic with
   | (_ : int) -> print_endline "bad magic read?"
   | exception Failure m -> Printf.printf "bad magic: Failure %s\n" m);
  close_in ic;
  (* from_string errors *)
  let s = Marshal.to_string "hello" [] in
  (try ignore (Marshal.from_string (String.sub s 0 10) 0 : string) with Invalid_argument m -> print_endline ("IA " ^ m));
  (try ignore (Marshal.from_string (String.sub s 0 20) 0 : string) with Invalid_argument m -> print_endline ("IA " ^ m));
  (try ignore (Marshal.from_string ("XXXX" ^ String.sub s 4 (String.length s - 4)) 0 : string)
   with Failure m -> print_endline ("F " ^ m));
  (try ignore (Marshal.data_size (Bytes.of_string "XXXXXXXXXXXXXXXXXXXXXXX") 0) with Failure m -> print_endline ("F " ^ m));
  (* marshalling errors *)
  (try ignore (Marshal.to_string (fun x -> x + 1) []) with Invalid_argument m -> print_endline ("IA " ^ m));
  (try ignore (Marshal.to_string (Obj.new_block Obj.abstract_tag 1) []) with Invalid_argument m -> print_endline ("IA " ^ m));
  (try ignore (Marshal.to_string (ref stdout) []) with Invalid_argument m -> print_endline ("IA " ^ m));
  (try ignore (Marshal.to_string (Mutex.create ()) []) with Invalid_argument m -> print_endline ("IA " ^ m));
  print_endline (hex (Marshal.to_string (Obj.new_block Obj.abstract_tag 0) []));
  let m = Marshal.to_string (object method x = 1 end) [Marshal.Closures] in
  Printf.printf "object msg length %d\n" (String.length m);
  Sys.remove file
