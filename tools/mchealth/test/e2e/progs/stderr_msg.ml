(* e2e: the broken runtime adds a warning on stderr. *)
let () = prerr_endline "to stderr"; print_endline "to stdout"
