(* Stdlib.exit called in a spawned domain ends the whole program with that
   code while the main domain is blocked: the child's Domain.at_exit and
   the Stdlib.at_exit functions run, the main domain's Domain.at_exit
   does not. *)

let () =
  at_exit (fun () -> print_endline "Stdlib.at_exit ran");
  Domain.at_exit (fun () -> print_endline "main Domain.at_exit ran (unexpected)");
  let m = Mutex.create () and c = Condition.create () in
  let _d = Domain.spawn (fun () ->
    Domain.at_exit (fun () -> print_endline "child Domain.at_exit ran");
    ignore (List.init 10_000 string_of_int);
    print_endline "child calls exit 3";
    exit 3) in
  Mutex.lock m;
  while true do Condition.wait c m done
