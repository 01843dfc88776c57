(* libs: unix *)
(* Signals through Unix: kill, sigprocmask, sigpending, sigsuspend. *)

let names l =
  String.concat "," (List.map (fun s ->
      if s = Sys.sigusr1 then "USR1" else if s = Sys.sigusr2 then "USR2"
      else if s = Sys.sigint then "INT" else if s = Sys.sigterm then "TERM" else string_of_int s)
      (List.sort compare l))

let () =
  let got = ref [] in
  let handler s = got := s :: !got in
  Sys.set_signal Sys.sigusr1 (Sys.Signal_handle handler);
  Sys.set_signal Sys.sigusr2 (Sys.Signal_handle handler);
  (* a signal sent to ourselves is handled before kill returns *)
  Unix.kill (Unix.getpid ()) Sys.sigusr1;
  Printf.printf "after kill: [%s]\n" (names !got);
  got := [];
  (* blocked signals stay pending until unblocked *)
  let old = Unix.sigprocmask Unix.SIG_BLOCK [Sys.sigusr1; Sys.sigusr2] in
  Printf.printf "old mask: [%s]\n" (names old);
  Unix.kill (Unix.getpid ()) Sys.sigusr2;
  Unix.kill (Unix.getpid ()) Sys.sigusr1;
  Printf.printf "while blocked: [%s]\n" (names !got);
  Printf.printf "pending: [%s]\n" (names (Unix.sigpending ()));
  let cur = Unix.sigprocmask Unix.SIG_BLOCK [] in
  Printf.printf "current mask: [%s]\n" (names cur);
  let _ = Unix.sigprocmask Unix.SIG_UNBLOCK [Sys.sigusr2] in
  Printf.printf "after unblocking USR2: [%s]\n" (names !got);
  let _ = Unix.sigprocmask Unix.SIG_SETMASK [] in
  Printf.printf "after unblocking all: [%s]\n" (names !got);
  Printf.printf "pending now: [%s]\n" (names (Unix.sigpending ()));
  got := [];
  (* sigsuspend waits for a signal from a child *)
  ignore (Unix.sigprocmask Unix.SIG_BLOCK [Sys.sigusr1]);
  let parent = Unix.getpid () in
  flush stdout;
  (match Unix.fork () with
   | 0 -> Unix.sleepf 0.05; Unix.kill parent Sys.sigusr1; Unix._exit 0
   | pid ->
       Unix.sigsuspend [];
       Unix.sleepf 0.01;
       Printf.printf "after sigsuspend: [%s]\n" (names !got);
       ignore (Unix.waitpid [] pid));
  ignore (Unix.sigprocmask Unix.SIG_SETMASK []);
  (* a handler that raises: the exception comes out of kill *)
  Sys.set_signal Sys.sigusr2 (Sys.Signal_handle (fun _ -> failwith "from handler"));
  (match Unix.kill (Unix.getpid ()) Sys.sigusr2 with
   | () -> print_endline "kill returned"
   | exception Failure m -> Printf.printf "kill raised: %s\n" m);
  (* a child killed by a signal we name *)
  flush stdout;
  (match Unix.fork () with
   | 0 -> Unix.sleepf 5.0; Unix._exit 0
   | pid ->
       Unix.kill pid Sys.sigterm;
       (match Unix.waitpid [] pid with
        | _, Unix.WSIGNALED s -> Printf.printf "child signaled: %s\n" (names [s])
        | _ -> print_endline "child not signaled"));
  (* ignored signals *)
  Sys.set_signal Sys.sigusr1 Sys.Signal_ignore;
  Unix.kill (Unix.getpid ()) Sys.sigusr1;
  print_endline "ignored USR1 survived";
  (* EINTR from a blocking read interrupted by a handled signal *)
  Sys.set_signal Sys.sigalrm (Sys.Signal_handle (fun _ -> print_endline "alarm handler"));
  let r, _w = Unix.pipe () in
  ignore (Unix.setitimer Unix.ITIMER_REAL { Unix.it_interval = 0.0; it_value = 0.2 });
  (match Unix.read r (Bytes.create 1) 0 1 with
   | _ -> print_endline "read returned"
   | exception Unix.Unix_error (e, f, _) -> Printf.printf "read: %s %s\n" (Unix.error_message e) f);
  (* a handler that raises during a blocked read: its exception wins *)
  Sys.set_signal Sys.sigalrm (Sys.Signal_handle (fun _ -> raise Exit));
  ignore (Unix.setitimer Unix.ITIMER_REAL { Unix.it_interval = 0.0; it_value = 0.2 });
  (match Unix.read r (Bytes.create 1) 0 1 with
   | _ -> print_endline "read returned"
   | exception Unix.Unix_error (e, f, _) -> Printf.printf "read: %s %s\n" (Unix.error_message e) f
   | exception Exit -> print_endline "read: Exit from the handler");
  print_endline "end"
