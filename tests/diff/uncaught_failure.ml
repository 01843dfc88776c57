(* Uncaught Failure: exit code 2, message on stderr, stdout flushed. *)
let () =
  print_string "before the failure (no newline, still flushed)";
  prerr_endline "stderr line";
  let l = List.init 3 string_of_int in
  if List.length l = 3 then failwith ("list had " ^ String.concat "," l);
  print_endline "not reached"
