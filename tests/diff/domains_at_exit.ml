(* Domain.at_exit: callbacks of a spawned domain run when it finishes
   (normally or by an exception), before join returns, in reverse order of
   registration; the main domain's run at program exit. *)

let log = Mutex.create ()
let lines = ref []
let say s = Mutex.protect log (fun () -> lines := s :: !lines)
let dump title =
  Printf.printf "%s: %s\n" title (String.concat "; " (List.rev !lines));
  lines := []

let () =
  Domain.at_exit (fun () -> print_endline "main at_exit 1 (registered first, runs last)");
  Domain.at_exit (fun () -> print_endline "main at_exit 2");
  at_exit (fun () -> print_endline "Stdlib.at_exit on main");
  let d = Domain.spawn (fun () ->
    Domain.at_exit (fun () -> say "first registered");
    Domain.at_exit (fun () -> say "second registered");
    say "body";
    17) in
  let r = Domain.join d in
  dump (Printf.sprintf "normal exit (result %d)" r);
  let d = Domain.spawn (fun () ->
    Domain.at_exit (fun () -> say "cleanup after exception");
    say "body";
    failwith "boom") in
  (match Domain.join d with () -> () | exception Failure m -> say ("join raised " ^ m));
  dump "exceptional exit";
  (* at_exit registered in a nested domain runs in that domain only. *)
  let d = Domain.spawn (fun () ->
    Domain.at_exit (fun () -> say "outer exit");
    let inner = Domain.spawn (fun () -> Domain.at_exit (fun () -> say "inner exit"); say "inner body") in
    Domain.join inner;
    say "outer after join") in
  Domain.join d;
  dump "nested";
  (* An at_exit callback can use DLS of its own domain. *)
  let k = Domain.DLS.new_key (fun () -> 0) in
  let d = Domain.spawn (fun () ->
    Domain.at_exit (fun () -> say (Printf.sprintf "DLS at exit %d" (Domain.DLS.get k)));
    Domain.DLS.set k 41;
    Domain.DLS.set k (Domain.DLS.get k + 1)) in
  Domain.join d;
  dump "DLS";
  (* Several domains: every callback ran once. *)
  let count = Atomic.make 0 in
  let ds = List.init 6 (fun _ -> Domain.spawn (fun () ->
    Domain.at_exit (fun () -> Atomic.incr count);
    Domain.at_exit (fun () -> Atomic.incr count))) in
  List.iter Domain.join ds;
  Printf.printf "6 domains x 2 callbacks: %d\n" (Atomic.get count);
  (* Domain.before_first_spawn cannot be used any more. *)
  (try Domain.before_first_spawn (fun () -> ()) with Invalid_argument m -> Printf.printf "before_first_spawn: %s\n" m);
  print_endline "main body done"
