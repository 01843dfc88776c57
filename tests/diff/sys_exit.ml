(* Exit codes, at_exit handlers and flushing at exit, with stdout and
   stderr written in alternation. *)

let () =
  at_exit (fun () -> print_string "at_exit ran, unflushed text\n");
  at_exit (fun () -> prerr_string "at_exit on stderr\n");
  for i = 1 to 5 do
    Printf.printf "out %d\n" i;
    Printf.eprintf "err %d\n" i;
    if i mod 2 = 0 then flush stdout
  done;
  let oc = open_out "never_closed.txt" in
  output_string oc "pending data";
  (* never flushed explicitly: flush_all at exit writes it *)
  Gc.full_major ();
  print_string "no newline at the end";
  let code = Array.length Sys.argv + 2 in
  exit code
