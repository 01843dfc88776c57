(* e2e: run through ${RUNTIME_TREE}/runtime/ocamlrun, as ocamltest runs test programs. *)
let () = print_endline "hello from the world of trees"
