(* exit 3: at_exit handlers run, output is flushed, exit code is 3. *)
let () =
  at_exit (fun () -> print_endline "at_exit before exiting with 3");
  print_string "partial line ";
  prerr_string "partial stderr ";
  if Array.length Sys.argv < 100 then exit 3;
  print_endline "not reached"
