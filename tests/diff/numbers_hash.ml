(* Hashing, marshalling and polymorphic comparison of boxed numbers. *)
let hex s = String.concat "" (List.map (fun c -> Printf.sprintf "%02x" (Char.code c))
  (List.of_seq (String.to_seq s)))

let () =
  List.iter (fun n -> Printf.printf "hash int32 %ld = %d / %d\n" n (Hashtbl.hash n) (Hashtbl.seeded_hash 7 n))
    [0l; 1l; -1l; 42l; Int32.max_int; Int32.min_int; 0x12345678l];
  List.iter (fun n -> Printf.printf "hash int64 %Ld = %d / %d\n" n (Hashtbl.hash n) (Hashtbl.seeded_hash 7 n))
    [0L; 1L; -1L; 42L; Int64.max_int; Int64.min_int; 0x123456789abcdefL; 0x100000000L; -0x100000000L];
  List.iter (fun n -> Printf.printf "hash nativeint %nd = %d / %d\n" n (Hashtbl.hash n) (Hashtbl.seeded_hash 7 n))
    [0n; 1n; -1n; 42n; Nativeint.max_int; Nativeint.min_int; 0x7fffffffn; -0x80000000n; 0x80000000n; -0x80000001n];
  List.iter (fun f -> Printf.printf "hash float %h = %d\n" f (Hashtbl.hash f))
    [0.0; -0.0; 1.0; nan; -.nan; Int64.float_of_bits 0x7ff0000000000123L; infinity; 0.1; 1e300];
  Printf.printf "hash tuple %d %d\n" (Hashtbl.hash (1l, 2L, 3n, 4.0)) (Hashtbl.hash [1L; 2L; 3L]);
  Printf.printf "Int32.hash %d Int64.hash %d Nativeint.hash %d Float.hash %d Int.hash %d\n"
    (Int32.hash 5l) (Int64.hash 5L) (Nativeint.hash 5n) (Float.hash 5.0) (Int.hash 5);
  List.iter (fun v -> Printf.printf "marshal %s\n" (hex (Marshal.to_string v [])))
    [Obj.repr 5l; Obj.repr (-1l); Obj.repr 7L; Obj.repr Int64.min_int; Obj.repr 3n;
     Obj.repr (-3n); Obj.repr 0x80000000n; Obj.repr (-0x80000001n); Obj.repr Nativeint.min_int;
     Obj.repr 1.5; Obj.repr [| 1.0; 2.0 |]; Obj.repr (1l, 2L, 3n)];
  let rt : 'a. 'a -> 'a = fun v -> Marshal.from_string (Marshal.to_string v []) 0 in
  Printf.printf "roundtrip %ld %Ld %nd %nd %nd %h\n" (rt 123456l) (rt (-99L)) (rt 0x7fffffffn)
    (rt (-0x123456789n)) (rt Nativeint.min_int) (rt 2.5);
  Printf.printf "roundtrip tuple %b\n" (rt (1l, 2L, 3n, [4L]) = (1l, 2L, 3n, [4L]));
  (* A hand-made nativeint with a bad width marker. *)
  let good = Marshal.to_string 3n [] in
  let bad = Bytes.of_string good in
  let pos = String.index good '_' + 3 in
  Bytes.set bad pos '\007';
  (match (Marshal.from_bytes bad 0 : nativeint) with
   | n -> Printf.printf "bad marker accepted: %nd\n" n
   | exception Failure m -> Printf.printf "bad marker: Failure %S\n" m);
  let l32 = [3l; -1l; Int32.min_int; 0l; 77l] and l64 = [3L; -1L; Int64.min_int; 0L]
  and ln = [3n; -1n; Nativeint.min_int; 0n] in
  Printf.printf "%s\n%s\n%s\n"
    (String.concat " " (List.map Int32.to_string (List.sort compare l32)))
    (String.concat " " (List.map Int64.to_string (List.sort compare l64)))
    (String.concat " " (List.map Nativeint.to_string (List.sort compare ln)));
  Printf.printf "%b %b %b %d %d\n" (3l = 3l) (3L < 4L) (Nativeint.min_int < 0n)
    (compare (Some 1L) (Some (-1L))) (compare [| 1l |] [| 1l |]);
  let h = Hashtbl.create 16 in
  List.iter (fun k -> Hashtbl.replace h k (Int64.to_string k)) [1L; 2L; 1L; -5L; Int64.max_int];
  Printf.printf "tbl %d %s %s\n" (Hashtbl.length h) (Hashtbl.find h (-5L)) (Hashtbl.find h Int64.max_int);
  Printf.printf "%ld %Ld\n" (Int32.div Int32.min_int (-1l)) (Int64.rem Int64.min_int (-1L));
  Printf.printf "%b\n" (Int64.div Int64.min_int (-1L) == Int64.min_int);
  (try ignore (Int64.div 1L 0L) with Division_by_zero -> print_endline "Division_by_zero");
  (try ignore (Int32.rem 1l 0l) with Division_by_zero -> print_endline "Division_by_zero");
  (try ignore (Nativeint.div 1n 0n) with Division_by_zero -> print_endline "Division_by_zero");
  print_endline (string_of_float (Int64.to_float (Int64.of_string "9007199254740993")))
