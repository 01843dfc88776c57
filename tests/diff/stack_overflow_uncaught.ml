(* env: OCAMLRUNPARAM=l=100000 *)
(* An uncaught Stack_overflow terminates with the usual message. *)
let rec f n = 1 + f (n + 1)

let () =
  print_endline "recursing";
  print_int (f 0)
