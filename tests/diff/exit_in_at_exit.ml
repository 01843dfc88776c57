(* Calling exit inside an at_exit function. *)
let () =
  at_exit (fun () -> print_endline "first registered");
  at_exit (fun () -> print_endline "calling exit 7 inside at_exit"; exit 7);
  at_exit (fun () -> print_endline "last registered, runs first");
  print_endline "main";
  exit 4
