(* libs: unix threads *)
(* timeout: 30 *)
(* A thread that loops without blocking or yielding must not starve the
   others: the tick forces it to give up the runtime lock at its next
   safepoint.  Three kinds of busy loops: one that allocates, one that does
   not allocate (a while loop on a reference and an atomic), and a
   recursive function.  The busy thread stops only when another thread has
   made progress, so a runtime without preemption hangs here.  Only
   deterministic facts are printed. *)

let busy_alloc stop count =
  let l = ref [] in
  while not (Atomic.get stop) do
    l := [!count];
    incr count
  done;
  ignore !l

let busy_noalloc stop count =
  while not (Atomic.get stop) do
    incr count
  done

let rec busy_rec stop n =
  if Atomic.get stop then n else busy_rec stop (n + 1)

let run name busy =
  let stop = Atomic.make false in
  let progressed = Atomic.make 0 in
  let count = ref 0 in
  let started = Atomic.make false in
  let b = Thread.create (fun () -> Atomic.set started true; busy stop count) () in
  (* wait until the busy thread really runs *)
  while not (Atomic.get started) do Thread.yield () done;
  let other = Thread.create (fun () ->
      (* computing, not blocking: needs the lock back from the busy thread *)
      let acc = ref 0 in
      for i = 1 to 1000 do acc := !acc + i; Atomic.incr progressed done;
      assert (!acc = 500500);
      Atomic.set stop true) () in
  Thread.join other;
  Thread.join b;
  Printf.printf "%s: other thread progressed: %b, busy thread ran: %b\n%!"
    name (Atomic.get progressed = 1000) (!count > 0 || name = "recursive")

let () =
  run "allocating loop" busy_alloc;
  run "non-allocating loop" busy_noalloc;
  run "recursive" (fun stop count -> count := busy_rec stop 0);
  (* two busy threads and a third that counts to a target: all finish *)
  let stop = Atomic.make false in
  let c1 = ref 0 and c2 = ref 0 in
  let t1 = Thread.create (fun () -> busy_noalloc stop c1) () in
  let t2 = Thread.create (fun () -> busy_noalloc stop c2) () in
  let done_ = Atomic.make 0 in
  let t3 = Thread.create (fun () ->
      for _ = 1 to 5 do Atomic.incr done_; Thread.yield () done;
      Atomic.set stop true) () in
  List.iter Thread.join [t3; t1; t2];
  Printf.printf "two busy threads and a yielding one: third finished: %b\n" (Atomic.get done_ = 5);
  (* the main thread itself spins while a thread works *)
  let flag = Atomic.make false in
  let t = Thread.create (fun () -> Atomic.set flag true) () in
  let spins = ref 0 in
  while not (Atomic.get flag) do incr spins done;
  Thread.join t;
  print_endline "main spun until the thread ran: true"
