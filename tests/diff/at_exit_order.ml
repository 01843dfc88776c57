(* at_exit functions run in reverse order of registration, after the main
   program, and buffered output is flushed at exit. *)
let () =
  at_exit (fun () -> print_endline "at_exit 1 (registered first, runs last)");
  at_exit (fun () -> print_string "at_exit 2, no newline; ");
  at_exit (fun () ->
    print_endline "at_exit 3 registers another";
    at_exit (fun () -> print_endline "at_exit registered during exit"));
  at_exit (fun () -> prerr_endline "at_exit 4 to stderr");
  print_string "main: buffered output without flush";
  prerr_string "stderr without newline;";
  let oc = open_out "at_exit_order.tmp" in
  output_string oc "flushed at exit\n";
  at_exit (fun () ->
    let ic = open_in "at_exit_order.tmp" in
    (try print_endline ("file content at exit: " ^ input_line ic) with End_of_file -> print_endline "file empty at exit");
    close_in ic);
  ignore oc;
  print_newline ()
