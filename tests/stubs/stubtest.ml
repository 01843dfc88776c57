(* Uses the third-party stubs of mcstub.c (tests/stublibs-check.sh). *)
external build : (int -> string) -> int -> (int * string) list = "mcs_build"
external nested : (unit -> string) -> string = "mcs_nested"
external fail : string -> unit = "mcs_fail"
external not_found : unit -> unit = "mcs_not_found"
external invalid : unit -> unit = "mcs_invalid"
external try_ : ('a -> 'b) -> 'a -> ('b, exn) result = "mcs_try"
external six : int -> int -> int -> int -> int -> int -> int = "mcs_six_byte" "mcs_six_native"
external boxes : unit -> float * int32 * int64 * nativeint * int = "mcs_boxes"
external strings : unit -> string array = "mcs_strings"
external keep : 'a -> unit = "mcs_keep"
external kept : unit -> 'a = "mcs_kept"
external call_named : int -> int = "mcs_call_named"
external sleep_ms : int -> (string -> string) -> string = "mcs_sleep_ms"
type counter
external counter : int -> counter = "mcs_counter"
external counter_get : counter -> int = "mcs_counter_get"
external finalised : unit -> int = "mcs_finalised"
type point
type pair
external register : unit -> unit = "mcs_register"
external point : int -> string -> point = "mcs_point"
external point_show : point -> string = "mcs_point_show"
external pair : int -> int -> pair = "mcs_pair"
external pair_sum : pair -> int = "mcs_pair_sum"
external alloc_n : int -> string -> (int * string * string) * (int * int * int * int * (int * string * string) * int * int * int * string) = "mcs_alloc_n"
type flag = A | B | C | D
external flags : flag list -> int = "mcs_flags"
type final
external final : int -> final = "mcs_final"
external finals : unit -> int = "mcs_finals"
external bigarrays : int -> (float, Bigarray.float64_elt, Bigarray.c_layout) Bigarray.Array1.t
  * (float, Bigarray.float64_elt, Bigarray.c_layout) Bigarray.Array2.t * int * int = "mcs_bigarrays"

(* An allocating callback that sometimes runs a collection. *)
let garbage = ref []
let f i =
  garbage := List.init 50 (fun k -> String.make (k mod 7) 'z') :: !garbage;
  if i mod 97 = 0 then (garbage := []; Gc.minor ());
  if i mod 499 = 0 then Gc.full_major ();
  string_of_int (i * i)

let check_list l =
  List.iteri (fun k (i, s) -> if i <> k || s <> string_of_int (i * i) then failwith "bad list") l;
  List.length l

let counters () =
  let cs = List.init 1000 counter in
  Printf.printf "counters: %d %b %b %b\n"
    (List.fold_left (fun a c -> a + counter_get c) 0 cs)
    (compare (counter 3) (counter 4) < 0) (counter 5 = counter 5)
    (Hashtbl.hash (counter 1) = Hashtbl.hash (counter 1))

(* Foreign custom blocks through Marshal: refused without a serialize
   function, unknown to input_value until registered, then round trips
   (shared and not), and the stub's own deserialisation errors. *)
let marshalling () =
  let show_exn f = try f () with e -> Printf.printf "  raised %s\n" (Printexc.to_string e) in
  show_exn (fun () -> ignore (Marshal.to_string (counter 1) []));
  let p = point 12 "twelve" in
  let s = Marshal.to_string [p; p; point 7 "seven"] [] in
  Printf.printf "point message: %d bytes\n" (String.length s);
  show_exn (fun () -> ignore (Marshal.from_string s 0 : point list));
  register ();
  let back : point list = Marshal.from_string s 0 in
  Printf.printf "points: %s; shared %b\n" (String.concat " " (List.map point_show back))
    (match back with a :: b :: _ -> a == b | _ -> false);
  let s2 = Marshal.to_string [p; p] [Marshal.No_sharing] in
  Printf.printf "unshared: %d bytes, equal %b\n" (String.length s2)
    (compare (Marshal.from_string s2 0 : point list) [p; p] = 0);
  let q = Marshal.to_bytes (Array.init 100 (fun i -> pair i (-2 * i))) [] in
  let qs : pair array = Marshal.from_bytes q 0 in
  Printf.printf "pairs: %d bytes, sum %d\n" (Bytes.length q)
    (Array.fold_left (fun a p -> a + pair_sum p) 0 qs);
  show_exn (fun () -> ignore (Marshal.from_string (Marshal.to_string (point (-1) "neg") []) 0 : point));
  show_exn (fun () -> ignore (Marshal.from_string (Marshal.to_string (point 1 "0123456789abcdef") []) 0 : point));
  Printf.printf "after errors: %s\n" (point_show (Marshal.from_string (Marshal.to_string (point 5 "five") []) 0))

let make_finals () = ignore (Sys.opaque_identity (List.init 100 (fun i -> final (i + 1))))

let more_api () =
  let ((a, s, b), (one, _, _, _, (a', s', _), six, _, eight, long)) = alloc_n 42 "str" in
  Printf.printf "alloc_n: %d %s %s %d %d %b %d %d %d\n" a s b one a' (s == s') six eight (String.length long);
  Printf.printf "flags: %d %d %d\n" (flags []) (flags [A; C]) (flags [D; B; A; D]);
  let keep = List.init 10 final in
  make_finals ();
  Gc.full_major (); Gc.full_major ();
  Printf.printf "finals: %d, kept %d\n" (finals ()) (List.length (Sys.opaque_identity keep));
  let (v, e, sizes, elts) = bigarrays 10 in
  Gc.full_major ();
  Printf.printf "bigarrays: %g %g %d %d %d %d\n" v.{9} e.{1, 2} (Bigarray.Array1.dim v)
    (Bigarray.Array2.dim2 e) sizes elts;
  e.{0, 0} <- 9.0;
  let (_, e2, _, _) = bigarrays 1 in
  Printf.printf "external data shared: %g\n" e2.{0, 0}

let () =
  marshalling ();
  more_api ();
  Printf.printf "build: %d\n%!" (check_list (build f 2000));
  Printf.printf "nested: %s\n%!" (nested (fun () -> Gc.minor (); "n"));
  (try fail "from C" with Failure m -> Printf.printf "caught Failure %S\n%!" m);
  (try not_found () with Not_found -> print_endline "caught Not_found");
  (try invalid () with Invalid_argument m -> Printf.printf "caught Invalid_argument %S\n%!" m);
  (* The frames of the failed calls must be gone: collect with new ones. *)
  Printf.printf "build again: %d\n%!" (check_list (build f 1000));
  (match try_ (fun x -> if x > 0 then x * 2 else raise Exit) 21 with
   | Ok v -> Printf.printf "try ok %d\n" v | Error _ -> print_endline "try error?");
  (match try_ (fun x -> if x > 0 then x * 2 else raise Exit) 0 with
   | Ok _ -> print_endline "try ok?" | Error e -> Printf.printf "try error %s\n" (Printexc.to_string e));
  Printf.printf "six: %d\n" (six 1 2 3 4 5 6);
  let six_partial = six 9 8 7 in
  Printf.printf "six partial: %d\n" (six_partial 6 5 4);
  let (fl, i32, i64, ni, h) = boxes () in
  Printf.printf "boxes: %g %ld %Ld %nd %d\n" fl i32 i64 ni h;
  Printf.printf "hash Foo: %b\n" (h = Obj.magic `Foo);
  Printf.printf "strings: %s\n" (String.concat "," (Array.to_list (strings ())));
  keep (ref [String.make 3 'k']);
  Gc.full_major ();
  keep (List.init 10 string_of_int);
  Gc.minor (); Gc.full_major ();
  Printf.printf "kept: %s\n" (String.concat "" (kept ()));
  Callback.register "mcs_named" (fun x -> x + 1000);
  Printf.printf "named: %d\n" (call_named 234);
  counters ();
  Gc.full_major (); Gc.full_major ();
  Printf.printf "finalised: %b\n" (finalised () >= 1000);
  (* A blocking section in the stub while another domain allocates. *)
  let d = Domain.spawn (fun () -> check_list (build f 3000)) in
  Printf.printf "sleep: %s\n%!" (sleep_ms 20 (fun s -> Gc.minor (); s ^ " after"));
  Printf.printf "domain: %d\n" (Domain.join d)
