(* args: 42 *)
(* exit with a code taken from the command line; codes are taken modulo
   256 by the system. *)
let () =
  let code = int_of_string Sys.argv.(1) in
  Printf.printf "exiting with %d\n" code;
  Stdlib.do_at_exit ();
  print_endline "do_at_exit ran; exiting";
  exit code
