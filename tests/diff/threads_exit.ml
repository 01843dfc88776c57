(* libs: unix threads *)
(* How a threaded program ends: at_exit handlers run and buffers are
   flushed when the main thread calls exit while other threads are blocked
   or busy; exit called from a non-main thread ends the whole process with
   its code; Mutex misuse errors (unlocking an unlocked mutex, relocking
   one's own mutex, unlocking another thread's mutex) are Sys_error. *)

let () =
  at_exit (fun () -> print_endline "at_exit ran");
  let m = Mutex.create () in
  let report what f =
    match f () with
    | () -> Printf.printf "%s: ok\n%!" what
    | exception Sys_error msg -> Printf.printf "%s: Sys_error %s\n%!" what msg in
  report "unlock unlocked" (fun () -> Mutex.unlock m);
  Mutex.lock m;
  report "lock twice" (fun () -> Mutex.lock m);
  let t = Thread.create (fun () -> report "unlock from another thread" (fun () -> Mutex.unlock m)) () in
  Thread.join t;
  Mutex.unlock m;
  (* threads left behind: one blocked on a pipe, one spinning, one waiting on a condition *)
  let r, _w = Unix.pipe () in
  let _blocked = Thread.create (fun () -> ignore (Unix.read r (Bytes.create 1) 0 1)) () in
  let _spinning = Thread.create (fun () -> while true do Thread.yield () done) () in
  let m2 = Mutex.create () and c = Condition.create () in
  let _waiting = Thread.create (fun () -> Mutex.lock m2; while true do Condition.wait c m2 done) () in
  print_string "buffered output before exit\n";
  (* exit from a non-main thread, with the main thread blocked in join *)
  let t = Thread.create (fun () ->
      Thread.delay 0.02;
      print_string "exiting from a thread\n";
      exit 4) () in
  Thread.join t;
  print_endline "not reached"
