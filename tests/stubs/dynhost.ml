(* Loads plugin.cma, whose C stubs are in a third-party library. *)
let () =
  Dynlink.allow_unsafe_modules true;
  (try Dynlink.loadfile Sys.argv.(1)
   with Dynlink.Error e -> print_endline (Dynlink.error_message e));
  print_endline "host: done"
