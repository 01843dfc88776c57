(* libs: unix threads *)
(* Thread.delay ordering: threads that sleep for different times finish in
   the order of their delays (gaps of 80 ms), whatever the creation order;
   delays of 0 and negative values return at once; a delayed thread wakes
   while another computes. *)

let () =
  let m = Mutex.create () and order = ref [] in
  let sleeper name d = Thread.create (fun () ->
      Thread.delay d;
      Mutex.protect m (fun () -> order := name :: !order)) () in
  let ts = [ sleeper "c" 0.32; sleeper "a" 0.08; sleeper "d" 0.40;
             sleeper "b" 0.16; sleeper "e" 0.48 ] in
  List.iter Thread.join ts;
  Printf.printf "wake order: %s\n%!" (String.concat " " (List.rev !order));
  Thread.delay 0.0;
  Thread.delay (-1.0);
  print_endline "zero and negative delays return";
  let t0 = Unix.gettimeofday () in
  Thread.delay 0.1;
  let dt = Unix.gettimeofday () -. t0 in
  Printf.printf "delay 0.1 waited at least 0.09: %b, under 3 s: %b\n%!" (dt >= 0.09) (dt < 3.0);
  (* a sleeper wakes up while a busy thread spins on an atomic flag it sets *)
  let flag = Atomic.make false in
  let spins = ref 0 in
  let s = Thread.create (fun () -> Thread.delay 0.05; Atomic.set flag true) () in
  while not (Atomic.get flag) do incr spins done;
  Thread.join s;
  print_endline "busy main saw the sleeper's flag: true";
  (* a timed handshake: the second thread only answers after a delay *)
  let m = Mutex.create () and c = Condition.create () and v = ref None in
  let t = Thread.create (fun () ->
      Thread.delay 0.05;
      Mutex.protect m (fun () -> v := Some "late answer"; Condition.signal c)) () in
  Mutex.lock m;
  while !v = None do Condition.wait c m done;
  Mutex.unlock m;
  Thread.join t;
  Printf.printf "got %s\n" (Option.get !v)
