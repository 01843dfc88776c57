(* libs: unix threads *)
(* fork in a program with several threads: the child has only the forking
   thread, can create and join new threads, use mutexes that were unlocked
   at fork time, and exits with a code the parent checks; the parent's
   threads keep running.  Also fork from a non-main thread. *)

let status = function
  | Unix.WEXITED n -> Printf.sprintf "exited %d" n
  | Unix.WSIGNALED n -> Printf.sprintf "signaled %d" n
  | Unix.WSTOPPED n -> Printf.sprintf "stopped %d" n

let read_all fd =
  let b = Buffer.create 64 and chunk = Bytes.create 64 in
  let rec loop () = let n = Unix.read fd chunk 0 64 in
    if n > 0 then (Buffer.add_subbytes b chunk 0 n; loop ()) in
  loop (); Buffer.contents b

let () =
  let stop = Atomic.make false in
  let spins = Atomic.make 0 in
  let bg = Thread.create (fun () ->
      while not (Atomic.get stop) do Atomic.incr spins; Thread.yield () done) () in
  let blocked_r, blocked_w = Unix.pipe () in
  let blocked = Thread.create (fun () ->
      let b = Bytes.create 1 in ignore (Unix.read blocked_r b 0 1)) () in
  let m = Mutex.create () in
  let r, w = Unix.pipe () in
  flush_all ();
  (match Unix.fork () with
   | 0 ->
       Unix.close r;
       let oc = Unix.out_channel_of_descr w in
       (* threads of the parent do not exist here: create new ones *)
       let acc = Atomic.make 0 in
       let ts = List.init 3 (fun i -> Thread.create (fun () ->
           Mutex.protect m (fun () -> ignore (Atomic.fetch_and_add acc (i + 1)))) ()) in
       List.iter Thread.join ts;
       Printf.fprintf oc "child: threads summed %d; mutex usable: %b\n" (Atomic.get acc) (Mutex.try_lock m);
       Mutex.unlock m;
       let t = Thread.create (fun () -> Thread.delay 0.01; "delayed") () in
       Thread.join t;
       Printf.fprintf oc "child: a delay in a new thread works\n";
       close_out oc;
       (* _exit: under AddressSanitizer, a leak check at exit in a child
          forked from a threaded process prints a warning on stderr *)
       Unix._exit 5
   | pid ->
       Unix.close w;
       let s = read_all r in
       Unix.close r;
       let _, st = Unix.waitpid [] pid in
       print_string s;
       Printf.printf "parent: child %s\n%!" (status st));
  (* fork from a non-main thread; the child exits from that thread *)
  let r, w = Unix.pipe () in
  let result = ref "" in
  flush_all ();
  let t = Thread.create (fun () ->
      match Unix.fork () with
      | 0 ->
          Unix.close r;
          ignore (Unix.write_substring w "hello from a child forked by a thread\n" 0 38);
          Unix._exit 7
      | pid ->
          Unix.close w;
          let s = read_all r in
          Unix.close r;
          let _, st = Unix.waitpid [] pid in
          result := s ^ "forking thread saw child " ^ status st) () in
  Thread.join t;
  print_endline !result;
  (* the child of a threaded parent runs an exec'd program *)
  flush_all ();
  (match Unix.fork () with
   | 0 -> Unix.execvp "sh" [| "sh"; "-c"; "exit 9" |]
   | pid -> let _, st = Unix.waitpid [] pid in Printf.printf "exec'd child %s\n%!" (status st));
  (* the parent's threads are still alive and working *)
  let before = Atomic.get spins in
  let rec wait n = if Atomic.get spins = before && n > 0 then (Thread.delay 0.001; wait (n - 1)) in
  wait 5000;
  Printf.printf "background thread still running: %b\n" (Atomic.get spins > before);
  Atomic.set stop true;
  Thread.join bg;
  ignore (Unix.write_substring blocked_w "x" 0 1);
  Thread.join blocked;
  print_endline "blocked thread released"
