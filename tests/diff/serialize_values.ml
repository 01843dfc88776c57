(* Marshal: exact bytes of marshalled data, round trips, sharing, cycles,
   flags, sizes and errors. *)
type r = { a : int; b : string; c : float; d : int list }
type v = Leaf | Node of v * int * v

let hex s = String.concat "" (List.map (fun c -> Printf.sprintf "%02x" (Char.code c)) (List.of_seq (String.to_seq s)))

let show name x flags =
  let s = Marshal.to_string x flags in
  Printf.printf "%-12s %4d bytes: %s\n" name (String.length s) (if String.length s <= 64 then hex s else Digest.to_hex (Digest.string s))

let () =
  show "int 0" 0 []; show "int 42" 42 []; show "int -1" (-1) []; show "int 1000" 1000 []; show "int 70000" 70000 [];
  show "int 2^40" (1 lsl 40) []; show "max_int" max_int []; show "min_int" min_int [];
  show "char" 'x' []; show "true" true []; show "unit" () [];
  show "string" "hello" []; show "empty str" "" []; show "long str" (String.make 300 'a') []; show "str 70000" (String.make 70000 'b') [];
  show "float" 3.14 []; show "nan" nan []; show "float array" [| 1.; 2.; 3. |] []; show "empty array" [||] [];
  show "int32" 42l []; show "int64" (-42L) []; show "nativeint" 7n [];
  show "list" [1; 2; 3] []; show "tuple" (1, "two", 3.) []; show "record" { a = 1; b = "b"; c = 2.5; d = [4; 5] } [];
  show "option" (Some (Some None : int option option)) [];
  show "variant" (Node (Node (Leaf, 1, Leaf), 2, Leaf)) [];
  show "polyvar" (`Tag (1, `Other)) [];
  let shared = "shared string" in
  show "shared" (shared, shared, shared) [];
  show "no_sharing" (shared, shared, shared) [Marshal.No_sharing];
  show "compat_32" [1; 2] [Marshal.Compat_32];
  show "big array" (Array.init 1000 Fun.id) [];
  show "nested" (List.init 100 (fun i -> (i, string_of_int i, float i))) [];
  (* Round trips. *)
  let rt x = Marshal.from_string (Marshal.to_string x []) 0 in
  let r = { a = -5; b = "str"; c = infinity; d = [1; 2; 3] } in
  Printf.printf "record round trip %b\n" (rt r = r);
  let big = List.init 10_000 (fun i -> (i, Int64.of_int (i * i), string_of_int i)) in
  Printf.printf "big round trip %b\n" (rt big = big);
  Printf.printf "float round trip %b %b\n" (rt 0.1 = 0.1) (Float.is_nan (rt nan));
  Printf.printf "int64 round trip %b\n" (rt Int64.min_int = Int64.min_int);
  (* Sharing is preserved. *)
  let s = String.make 10 'x' in
  let (s1, s2) = rt (s, s) in
  Printf.printf "sharing preserved: %b\n" (s1 == s2);
  let (s1, s2) = Marshal.from_string (Marshal.to_string (s, s) [Marshal.No_sharing]) 0 in
  Printf.printf "no_sharing copies: %b\n" (s1 != s2 && s1 = s2);
  (* Cycles. *)
  let rec cyc = 1 :: 2 :: 3 :: cyc in
  let c2 : int list = rt cyc in
  Printf.printf "cycle: %d %d %d %d %b\n" (List.nth c2 0) (List.nth c2 1) (List.nth c2 3) (List.nth c2 5) (List.tl (List.tl (List.tl c2)) == c2);
  (* Sizes. *)
  let m = Marshal.to_bytes [1; 2; 3] [] in
  Printf.printf "header_size %d data_size %d total_size %d length %d\n" Marshal.header_size (Marshal.data_size m 0) (Marshal.total_size m 0) (Bytes.length m);
  (* Several values in one buffer. *)
  let buf = Marshal.to_string "first" [] ^ Marshal.to_string 2 [] ^ Marshal.to_string [3.] [] in
  let v1 : string = Marshal.from_string buf 0 in
  let off = Marshal.total_size (Bytes.unsafe_of_string buf) 0 in
  let v2 : int = Marshal.from_string buf off in
  let off2 = off + Marshal.total_size (Bytes.unsafe_of_string buf) off in
  let v3 : float list = Marshal.from_string buf off2 in
  Printf.printf "concatenated: %s %d %g\n" v1 v2 (List.hd v3);
  (* to_buffer. *)
  let b = Bytes.create 100 in
  let n = Marshal.to_buffer b 0 100 (1, 2) [] in
  Printf.printf "to_buffer %d bytes\n" n;
  (try ignore (Marshal.to_buffer b 0 5 (String.make 50 'z') []) with Failure m -> Printf.printf "to_buffer small: %s\n" m);
  (* Errors. *)
  let good = Marshal.to_string [1; 2; 3] [] in
  (try ignore (Marshal.from_string (String.sub good 0 10) 0 : int list) with Invalid_argument m -> Printf.printf "truncated: %s\n" m | Failure m -> Printf.printf "truncated failure: %s\n" m);
  (try ignore (Marshal.from_string "not marshalled data at all" 0 : int) with Failure m -> Printf.printf "garbage: %s\n" m | Invalid_argument m -> Printf.printf "garbage invalid: %s\n" m);
  (try ignore (Marshal.to_string (fun x -> x) []) with Invalid_argument m -> Printf.printf "closure: %s\n" m);
  (* Closures with the Closures flag, in the same program. *)
  let k = 10 in
  let f = fun x -> x * k in
  let f' : int -> int = Marshal.from_string (Marshal.to_string f [Marshal.Closures]) 0 in
  Printf.printf "closure round trip %d\n" (f' 4);
  (* Objects get fresh ids after unmarshalling. *)
  let o = object val x = 5 method x = x end in
  let o' : < x : int > = Marshal.from_string (Marshal.to_string o [Marshal.Closures]) 0 in
  Printf.printf "object round trip %d, new id %b\n" o'#x (Oo.id o <> Oo.id o')
