(* libs: unix threads *)
(* Thread.yield hands the runtime over to the other threads.  With a
   mutex-protected turn counter, threads that yield until it is their turn
   produce a fixed round-robin sequence; yield with no other thread is a
   no-op; many short-lived threads that yield all complete. *)

let () =
  Thread.yield ();
  print_endline "yield alone: ok";
  let m = Mutex.create () in
  let turn = ref 0 and log = Buffer.create 100 in
  let n = 4 and rounds = 6 in
  let worker me = Thread.create (fun () ->
      for r = 1 to rounds do
        let rec wait () =
          Mutex.lock m;
          if !turn mod n = me then begin
            Buffer.add_string log (Printf.sprintf "%d.%d " me r);
            incr turn;
            Mutex.unlock m
          end else begin
            Mutex.unlock m;
            Thread.yield ();
            wait ()
          end in
        wait ()
      done) () in
  let ts = List.init n worker in
  List.iter Thread.join ts;
  print_endline (String.trim (Buffer.contents log));
  (* yield-heavy counters: the sum is exact *)
  let total = Atomic.make 0 in
  let ts = List.init 20 (fun i -> Thread.create (fun () ->
      for _ = 1 to 50 + i do Atomic.incr total; Thread.yield () done) ()) in
  List.iter Thread.join ts;
  Printf.printf "20 yielding threads counted %d\n" (Atomic.get total);
  (* a thread created and joined repeatedly, each one yielding *)
  let acc = ref 0 in
  for i = 1 to 200 do
    let t = Thread.create (fun () -> Thread.yield (); acc := !acc + i) () in
    Thread.join t
  done;
  Printf.printf "200 sequential threads: %d\n" !acc;
  (* yield while others are blocked in a condition wait *)
  let m = Mutex.create () and c = Condition.create () and go = ref false in
  let woke = Atomic.make 0 in
  let ws = List.init 3 (fun _ -> Thread.create (fun () ->
      Mutex.lock m; while not !go do Condition.wait c m done; Mutex.unlock m;
      Atomic.incr woke) ()) in
  for _ = 1 to 10 do Thread.yield () done;
  Mutex.lock m; go := true; Condition.broadcast c; Mutex.unlock m;
  List.iter Thread.join ws;
  Printf.printf "woken after yields: %d\n" (Atomic.get woke)
