(* e2e: the broken runtime dies of a segmentation fault on this one. *)
let () = print_endline "still here"
