(* e2e: does not compile. *)
let () = print_endline 42
