(* Atomic, Mutex, Condition and Semaphore used from the main domain. *)
let () =
  let a = Atomic.make 10 in
  Printf.printf "get %d\n" (Atomic.get a);
  Atomic.set a 20;
  Printf.printf "exchange returns %d, now %d\n" (Atomic.exchange a 30) (Atomic.get a);
  Printf.printf "cas ok %b now %d\n" (Atomic.compare_and_set a 30 31) (Atomic.get a);
  Printf.printf "cas fail %b now %d\n" (Atomic.compare_and_set a 30 99) (Atomic.get a);
  Printf.printf "fetch_and_add returns %d now %d\n" (Atomic.fetch_and_add a 5) (Atomic.get a);
  Atomic.incr a; Atomic.decr a; Atomic.decr a;
  Printf.printf "after incr/decr %d\n" (Atomic.get a);
  let s = Atomic.make "str" in
  let old = Atomic.get s in
  Printf.printf "cas on boxed (physical) %b %b\n" (Atomic.compare_and_set s (String.make 3 's') "x") (Atomic.compare_and_set s old "new");
  Printf.printf "boxed now %s\n" (Atomic.get s);
  let c = Atomic.make_contended 0 in
  for _ = 1 to 100_000 do Atomic.incr c done;
  Printf.printf "contended %d\n" (Atomic.get c);
  let m = Mutex.create () in
  Mutex.lock m;
  Printf.printf "try_lock while locked %b\n" (Mutex.try_lock m);
  Mutex.unlock m;
  Printf.printf "try_lock unlocked %b\n" (Mutex.try_lock m);
  Mutex.unlock m;
  Printf.printf "protect %d\n" (Mutex.protect m (fun () -> 42));
  (try Mutex.protect m (fun () -> raise Exit) with Exit -> Printf.printf "protect released on exception: %b\n" (Mutex.try_lock m));
  Mutex.unlock m;
  (try Mutex.unlock m with Sys_error msg -> Printf.printf "unlock unlocked: %s\n" msg);
  let cond = Condition.create () in
  Condition.signal cond; Condition.broadcast cond;
  print_endline "condition signal/broadcast without waiters";
  let sem = Semaphore.Counting.make 2 in
  Semaphore.Counting.acquire sem;
  Printf.printf "semaphore value %d try_acquire %b %b\n" (Semaphore.Counting.get_value sem) (Semaphore.Counting.try_acquire sem) (Semaphore.Counting.try_acquire sem);
  Semaphore.Counting.release sem;
  Printf.printf "after release %d\n" (Semaphore.Counting.get_value sem);
  let b = Semaphore.Binary.make true in
  Printf.printf "binary try_acquire %b %b\n" (Semaphore.Binary.try_acquire b) (Semaphore.Binary.try_acquire b);
  Semaphore.Binary.release b;
  (try ignore (Semaphore.Counting.make (-1)) with Invalid_argument msg -> Printf.printf "negative semaphore: %s\n" msg);
  let total = ref 0 in
  for i = 1 to 100_000 do Mutex.lock m; total := !total + i; Mutex.unlock m done;
  Printf.printf "locked loop %d\n" !total
