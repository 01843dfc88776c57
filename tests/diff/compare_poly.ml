(* Polymorphic comparison and equality on structured values. *)
type t = A | B | C of int | D of string | E of int * int
type r = { x : int; y : string }
type deep = Nil | Cons of int * deep

let c a b = Printf.printf "%d " (compare a b)

let () =
  c 1 2; c 2 1; c 3 3; c min_int max_int; print_newline ();
  c "abc" "abd"; c "abc" "ab"; c "" ""; c "Z" "a"; c "\xff" "\x00"; print_newline ();
  c [1; 2] [1; 3]; c [1] [1; 0]; c [] [1]; c [3] []; print_newline ();
  c (1, "b") (1, "a"); c (2, "a") (1, "z"); print_newline ();
  c A B; c B A; c A (C 0); c (C 5) B; c (C 1) (C 2); c (C 1) (D "a"); c (D "b") (D "a"); c (E (1, 2)) (E (1, 3)); print_newline ();
  c { x = 1; y = "b" } { x = 1; y = "a" }; c { x = 0; y = "z" } { x = 1; y = "a" }; print_newline ();
  c [| 1; 2; 3 |] [| 1; 2 |]; c [| 3 |] [| 1; 2 |]; c [||] [||]; print_newline ();
  c (Some 1) None; c None (Some 1); c (Some (Some 2)) (Some None); print_newline ();
  c 'a' 'b'; c true false; c () (); print_newline ();
  c 1l 2l; c 2L 1L; c (-1n) 1n; c Int64.min_int Int64.max_int; print_newline ();
  c `A `B; c (`A 1) (`A 2); c `Zzz `Aaa; print_newline ();
  c (ref 1) (ref 2); c (lazy 1 |> Lazy.force) 1; print_newline ();
  Printf.printf "%b %b %b %b\n" ([1; 2] = [1; 2]) ((1, "a") <> (1, "a")) ("x" < "y") ([| 1 |] >= [| 1 |]);
  Printf.printf "%b %b\n" (A = A) (C 1 = C 1);
  (* Physical equality. *)
  let l = [1; 2] in
  Printf.printf "== %b %b %b %b\n" (l == l) ([1; 2] == [1; 2] && false) (1 == 1) ("a" != "b");
  let s1 = String.make 3 'a' and s2 = String.make 3 'a' in
  Printf.printf "strings: = %b == %b\n" (s1 = s2) (s1 == s2);
  (* Functional values. *)
  (try ignore (compare (fun x -> x) (fun x -> x)) with Invalid_argument m -> print_endline ("compare fn: " ^ m));
  (try ignore ((fun x -> x) = (fun x -> x)) with Invalid_argument m -> print_endline ("equal fn: " ^ m));
  (try ignore ([ (fun () -> ()) ] < [ (fun () -> ()) ]) with Invalid_argument m -> print_endline ("lt fn: " ^ m));
  (* Comparison of a function with itself physically: compare short-cuts? *)
  let f = fun x -> x + 1 in
  (try Printf.printf "f == f %b\n" (f == f) with _ -> ());
  (* Structural equality on cyclic values with ==-shortcut. *)
  let rec cyc = 1 :: cyc in
  Printf.printf "cyc == cyc %b\n" (cyc == cyc);
  Printf.printf "compare cyc cyc (physically equal) %d\n" (compare cyc cyc);
  (* Objects compare by identity. *)
  let o1 = object method x = 1 end and o2 = object method x = 1 end in
  Printf.printf "objects: %b %b %b\n" (o1 = o1) (o1 = o2) (compare o1 o2 <> 0);
  (* Exceptions compared structurally. *)
  Printf.printf "exns: %b %b\n" (Failure "a" = Failure "a") (Not_found = Exit);
  (* min/max. *)
  Printf.printf "min %d max %s\n" (min 3 1) (max "abc" "abd");
  Printf.printf "min list %s\n" (String.concat "," (List.map string_of_int (min [1; 2] [1; 1; 5])));
  (* Sorting heterogeneous variants. *)
  let vs = [ E (1, 1); A; D "x"; C 3; B; C (-1); D "a"; A ] in
  let sorted = List.sort compare vs in
  List.iter (function A -> print_string "A " | B -> print_string "B " | C n -> Printf.printf "C%d " n
    | D s -> Printf.printf "D%s " s | E (a, b) -> Printf.printf "E%d,%d " a b) sorted;
  print_newline ();
  (* Deep structures. *)
  let deep n = List.fold_left (fun acc i -> Cons (i, acc)) Nil (List.init n Fun.id) in
  Printf.printf "deep equal %b compare %d\n" (deep 100_000 = deep 100_000) (compare (deep 1000) (deep 1001));
  let big1 = List.init 200_000 Fun.id and big2 = List.init 200_000 Fun.id in
  Printf.printf "long lists equal %b\n" (big1 = big2);
  Printf.printf "string vs string different lengths %d %d\n" (compare "aaaa" "aaab") (compare "aaaaa" "aaab")
