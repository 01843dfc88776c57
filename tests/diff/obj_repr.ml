(* Obj: tags, sizes, fields, magic, dup, new_block, and the representation
   of common values. *)
type r = { a : int; mutable b : string }
type v = C0 | C1 | B0 of int | B1 of string * int

let describe name x =
  let r = Obj.repr x in
  if Obj.is_int r then Printf.printf "%-18s int %d\n" name (Obj.obj r : int)
  else Printf.printf "%-18s block tag %d size %d\n" name (Obj.tag r) (Obj.size r)

let () =
  describe "42" 42; describe "true" true; describe "()" (); describe "[]" []; describe "C1" C1; describe "None" None;
  describe "'c'" 'c';
  describe "[1]" [1]; describe "(1,2,3)" (1, 2, 3); describe "record" { a = 1; b = "x" };
  describe "B0" (B0 5); describe "B1" (B1 ("s", 1)); describe "Some" (Some 1);
  describe "string" "hello"; describe "empty string" ""; describe "string 8" "12345678";
  describe "float" 1.5; describe "float array" [| 1.; 2. |]; describe "array" [| "a"; "b"; "c" |];
  describe "empty array" [||]; describe "closure" (fun x -> x + 1);
  describe "lazy" (lazy (print_endline "never"));
  describe "forced lazy" (let l = lazy (String.make 2 'x') in ignore (Lazy.force l); l);
  describe "object" (object method m = 1 end);
  describe "int64" 5L; describe "int32" 5l; describe "nativeint" 5n;
  describe "exception" (Failure "x"); describe "Not_found" Not_found;
  describe "ref" (ref 0); describe "`A" `A; describe "`B 1" (`B 1);
  describe "bytes" (Bytes.create 10);
  Printf.printf "tags: lazy %d closure %d object %d infix %d forward %d no_scan %d abstract %d string %d double %d double_array %d custom %d int %d unaligned %d out_of_heap %d\n"
    Obj.lazy_tag Obj.closure_tag Obj.object_tag Obj.infix_tag Obj.forward_tag Obj.no_scan_tag Obj.abstract_tag
    Obj.string_tag Obj.double_tag Obj.double_array_tag Obj.custom_tag Obj.int_tag Obj.unaligned_tag Obj.out_of_heap_tag;
  (* Fields. *)
  let t = Obj.repr (10, "twenty", 30.) in
  Printf.printf "field 0 = %d, field 1 = %s, field 2 = %g\n" (Obj.obj (Obj.field t 0)) (Obj.obj (Obj.field t 1)) (Obj.obj (Obj.field t 2));
  let fa = Obj.repr [| 1.5; 2.5 |] in
  Printf.printf "double_field %g %g\n" (Obj.double_field fa 0) (Obj.double_field fa 1);
  Obj.set_double_field fa 1 9.25;
  Printf.printf "after set_double_field %g\n" (Obj.magic fa : float array).(1);
  let rcd = { a = 1; b = "before" } in
  Obj.set_field (Obj.repr rcd) 1 (Obj.repr "after");
  Printf.printf "set_field: %s\n" rcd.b;
  (* dup makes a shallow copy. *)
  let orig = [| ref 1; ref 2 |] in
  let copy : int ref array = Obj.obj (Obj.dup (Obj.repr orig)) in
  copy.(0) := 100;
  copy.(1) <- ref 200;
  Printf.printf "dup: %d %d / %d %d / same array %b\n" !(orig.(0)) !(orig.(1)) !(copy.(0)) !(copy.(1)) (Obj.repr orig == Obj.repr copy);
  let s = "abc" in
  let s2 : string = Obj.obj (Obj.dup (Obj.repr s)) in
  Printf.printf "dup string %s equal %b physically %b\n" s2 (s = s2) (s == s2);
  (* new_block builds values by hand. *)
  let b = Obj.new_block 0 2 in
  Obj.set_field b 0 (Obj.repr 7);
  Obj.set_field b 1 (Obj.repr "seven");
  let (n, str) : int * string = Obj.obj b in
  Printf.printf "new_block tuple (%d, %s)\n" n str;
  let v = Obj.new_block 1 2 in
  Obj.set_field v 0 (Obj.repr "s"); Obj.set_field v 1 (Obj.repr 3);
  (match (Obj.obj v : v) with B1 (s, i) -> Printf.printf "new_block variant B1 (%s, %d)\n" s i | _ -> print_endline "??");
  let l = Obj.new_block 0 2 in
  Obj.set_field l 0 (Obj.repr 1); Obj.set_field l 1 (Obj.repr [2; 3]);
  Printf.printf "new_block list %s\n" (String.concat "," (List.map string_of_int (Obj.obj l)));
  (* magic between compatible representations. *)
  Printf.printf "magic bool->int %d, int->char %c, C1->int %d\n" (Obj.magic true : int) (Obj.magic 65 : char) (Obj.magic C1 : int);
  Printf.printf "magic tuple->array %d\n" (Array.length (Obj.magic (1, 2, 3) : int array));
  (* Sizes and reachable words. *)
  Printf.printf "reachable_words int list(10) %d, string %d, shared pair %d\n" (Obj.reachable_words (Obj.repr (List.init 10 Fun.id)))
    (Obj.reachable_words (Obj.repr (String.make 100 'x'))) (let x = [1; 2] in Obj.reachable_words (Obj.repr (x, x)));
  Printf.printf "is_block %b %b\n" (Obj.is_block (Obj.repr "s")) (Obj.is_block (Obj.repr 3));
  Printf.printf "raw_field %nd\n" (Obj.raw_field (Obj.repr (5, 6)) 1);
  (* Extension constructors. *)
  let c = Obj.Extension_constructor.of_val (Failure "x") in
  Printf.printf "extension name %s\n" (Obj.Extension_constructor.name c);
  let c2 = Obj.Extension_constructor.of_val Not_found in
  Printf.printf "extension name %s, ids differ %b\n" (Obj.Extension_constructor.name c2)
    (Obj.Extension_constructor.id c <> Obj.Extension_constructor.id c2);
  (* Closures: size depends on the environment. *)
  let k = 5 and j = "captured" in
  let f = fun x -> x + k + String.length j in
  Printf.printf "closure result %d tag %d\n" (f 1) (Obj.tag (Obj.repr f));
  (* Obj.with_tag. *)
  let w = Obj.with_tag 1 (Obj.repr (Sys.opaque_identity ("x", 9))) in
  (match (Obj.obj w : v) with B1 (s, i) -> Printf.printf "with_tag -> B1 (%s, %d)\n" s i | _ -> print_endline "??")
