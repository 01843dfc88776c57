(* libs: unix threads *)
(* Signals and threads: Thread.sigmask blocks a signal in the calling
   thread (and the threads it creates), Thread.wait_signal in a dedicated
   thread receives signals sent with Unix.kill, and an OCaml handler runs
   while other threads exist. *)

let () =
  let old = Thread.sigmask Unix.SIG_BLOCK [Sys.sigusr1; Sys.sigusr2] in
  Printf.printf "usr1 blocked before: %b\n" (List.mem Sys.sigusr1 old);
  let now = Thread.sigmask Unix.SIG_BLOCK [] in
  Printf.printf "now blocked: usr1 %b usr2 %b\n%!" (List.mem Sys.sigusr1 now) (List.mem Sys.sigusr2 now);
  let got = ref [] in
  let waiter = Thread.create (fun () ->
      for _ = 1 to 3 do
        let s = Thread.wait_signal [Sys.sigusr1; Sys.sigusr2] in
        got := (if s = Sys.sigusr1 then "usr1" else if s = Sys.sigusr2 then "usr2" else "other") :: !got
      done) () in
  let me = Unix.getpid () in
  (* each signal is sent only once the previous one was consumed *)
  let wait_for n = while List.length !got < n do Thread.delay 0.005 done in
  Unix.kill me Sys.sigusr1; wait_for 1;
  Unix.kill me Sys.sigusr2; wait_for 2;
  Unix.kill me Sys.sigusr1;
  Thread.join waiter;
  Printf.printf "wait_signal got: %s\n%!" (String.concat " " (List.rev !got));
  (* a pending blocked signal, delivered to an OCaml handler on unblock *)
  let handled = Atomic.make 0 in
  Sys.set_signal Sys.sigusr2 (Sys.Signal_handle (fun s ->
      if s = Sys.sigusr2 then Atomic.incr handled));
  Unix.kill me Sys.sigusr2;
  Printf.printf "handled while blocked: %d\n%!" (Atomic.get handled);
  let pending = Unix.sigpending () in
  Printf.printf "usr2 pending: %b\n%!" (List.mem Sys.sigusr2 pending);
  ignore (Thread.sigmask Unix.SIG_UNBLOCK [Sys.sigusr2]);
  (* the handler runs at the next safepoint of the main thread *)
  let rec spin n = if Atomic.get handled = 0 && n > 0 then (ignore (Sys.opaque_identity (ref n)); spin (n - 1)) in
  spin 10_000_000;
  Printf.printf "handled after unblock: %d\n%!" (Atomic.get handled);
  (* a handler running while a second thread is busy *)
  let stop = Atomic.make false in
  let t = Thread.create (fun () -> while not (Atomic.get stop) do Thread.yield () done) () in
  Unix.kill me Sys.sigusr2;
  let rec wait n = if Atomic.get handled < 2 && n > 0 then (Thread.delay 0.001; wait (n - 1)) in
  wait 2000;
  Atomic.set stop true;
  Thread.join t;
  Printf.printf "handled with a second thread: %d\n%!" (Atomic.get handled);
  Sys.set_signal Sys.sigusr2 Sys.Signal_default;
  let m = Thread.sigmask Unix.SIG_SETMASK [] in
  Printf.printf "mask before clearing has usr1: %b\n" (List.mem Sys.sigusr1 m)
