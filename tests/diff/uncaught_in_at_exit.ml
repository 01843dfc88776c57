(* An exception escaping from an at_exit function. *)
let () =
  at_exit (fun () -> print_endline "first registered, runs last");
  at_exit (fun () -> print_endline "raising in at_exit"; failwith "from at_exit");
  print_endline "main done"
