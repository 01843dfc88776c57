(* Uncaught Not_found raised by Hashtbl.find, with at_exit output. *)
let () =
  at_exit (fun () -> print_endline "at_exit runs before the error message? (stdout)");
  let h = Hashtbl.create 1 in
  Hashtbl.add h 1 "one";
  print_endline (Hashtbl.find h 1);
  print_endline (Hashtbl.find h 2)
