(* e2e: a non-zero exit status that both runtimes must reproduce. *)
let () = print_endline "leaving with 3"; exit 3
