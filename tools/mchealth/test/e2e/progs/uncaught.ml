(* e2e: an uncaught exception with a backtrace request. *)
(* env: OCAMLRUNPARAM=b *)
exception Boom of int
let () = print_endline "before"; raise (Boom 42)
