(* Values of Hashtbl.hash and friends on many kinds of values.  These are
   specified by the runtime's hash function and must match exactly. *)
type r = { a : int; b : string; c : float }
type v = A | B of int | C of string * int | D of { x : int }

let show name x = Printf.printf "%-28s %d\n" name (Hashtbl.hash x)

let () =
  show "0" 0; show "1" 1; show "-1" (-1); show "max_int" max_int; show "min_int" min_int;
  show "'a'" 'a'; show "true" true; show "false" false; show "()" ();
  show "\"\"" ""; show "\"a\"" "a"; show "\"hello\"" "hello"; show "long string" (String.make 1000 'x');
  show "0." 0.; show "-0." (-0.); show "1." 1.; show "nan" nan; show "-nan" (-.nan); show "inf" infinity;
  show "1.5" 1.5; show "pi" (4. *. atan 1.);
  show "1l" 1l; show "1L" 1L; show "1n" 1n; show "Int64.min" Int64.min_int;
  show "(1, 2)" (1, 2); show "(1, \"x\", 2.)" (1, "x", 2.);
  show "[1;2;3]" [1; 2; 3]; show "[]" []; show "[[1];[2]]" [[1]; [2]];
  show "Some 3" (Some 3); show "None" None;
  show "[|1;2|]" [|1; 2|]; show "[|1.;2.|]" [|1.; 2.|]; show "[||]" [||];
  show "record" { a = 1; b = "b"; c = 3. };
  show "A" A; show "B 5" (B 5); show "C" (C ("c", 1)); show "D" (D { x = 9 });
  show "`Foo" `Foo; show "`Bar 1" (`Bar 1); show "`Baz (1,2)" (`Baz (1, 2));
  show "ref 0" (ref 0);
  show "bytes" (Bytes.of_string "bytes");
  show "lazy_val" (Lazy.from_val 17);
  show "exception" Not_found; show "Failure" (Failure "x");
  show "int list 100" (List.init 100 Fun.id);
  show "int list 5" (List.init 5 Fun.id);
  show "nested" (Some (Some (Some (Some (Some (Some (Some (Some (Some (Some (Some 1)))))))))));
  show "string list" ["a"; "b"; "c"];
  show "char array" [|'a'; 'b'|];
  show "float in tuple" (1.0, 2.0);
  let l = List.init 300 (fun i -> (i, string_of_int i)) in
  show "assoc 300" l;
  Printf.printf "hash_param 10 100 = %d\n" (Hashtbl.hash_param 10 100 (List.init 50 Fun.id));
  Printf.printf "hash_param 1 1 = %d\n" (Hashtbl.hash_param 1 1 (List.init 50 Fun.id));
  Printf.printf "hash_param 500 500 = %d\n" (Hashtbl.hash_param 500 500 (List.init 300 Fun.id));
  Printf.printf "seeded_hash 0 = %d\n" (Hashtbl.seeded_hash 0 "abc");
  Printf.printf "seeded_hash 42 = %d\n" (Hashtbl.seeded_hash 42 "abc");
  Printf.printf "seeded_hash_param = %d\n" (Hashtbl.seeded_hash_param 5 10 7 [1; 2; 3; 4; 5; 6; 7]);
  Printf.printf "String.hash %d Int.hash %d Float.hash %d Char.hash %d Bool.hash %d\n"
    (String.hash "abc") (Int.hash 42) (Float.hash 0.5) (Char.hash 'z') (Bool.hash true);
  Printf.printf "Int32.hash %d Int64.hash %d Nativeint.hash %d\n"
    (Int32.hash 5l) (Int64.hash 5L) (Nativeint.hash 5n);
  Printf.printf "Int.seeded_hash %d String.seeded_hash %d\n" (Int.seeded_hash 3 42) (String.seeded_hash 3 "x");
  (* Cyclic structure: hashing terminates. *)
  let rec cyc = 1 :: 2 :: cyc in
  show "cyclic list" cyc;
  (* Many ints and strings: checksum of hashes. *)
  let acc = ref 0 in
  for i = -5000 to 5000 do acc := (!acc * 31 + Hashtbl.hash i) land 0xFFFFFFF done;
  for i = 0 to 5000 do acc := (!acc * 31 + Hashtbl.hash (string_of_int i)) land 0xFFFFFFF done;
  for i = 0 to 5000 do acc := (!acc * 31 + Hashtbl.hash (float i /. 3.)) land 0xFFFFFFF done;
  Printf.printf "checksum %d\n" !acc;
  (* Abstract objects hash by oid: only print that it is an int. *)
  let o = object method m = 1 end in
  Printf.printf "object hash is non-negative: %b\n" (Hashtbl.hash o >= 0)
