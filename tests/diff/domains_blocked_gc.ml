(* Domains blocked in Mutex.lock, Condition.wait, Domain.join and
   Semaphore.acquire while others collect: the collector must not wait for
   them, and the values they hold must survive and stay usable. *)

let () =
  let m = Mutex.create () and c = Condition.create () in
  let ready = ref false in
  let held = Mutex.create () in
  Mutex.lock held;
  let sem = Semaphore.Binary.make false in
  let started = Atomic.make 0 in
  let keep n tag = List.init n (fun i -> Printf.sprintf "%s-%d" tag i) in
  let waiter = Domain.spawn (fun () ->
    let mine = keep 2000 "cond" in
    Atomic.incr started;
    Mutex.lock m;
    while not !ready do Condition.wait c m done;
    Mutex.unlock m;
    List.length mine + String.length (List.nth mine 1999)) in
  let locker = Domain.spawn (fun () ->
    let mine = keep 2000 "lock" in
    Atomic.incr started;
    Mutex.lock held;
    Mutex.unlock held;
    List.length mine + String.length (List.nth mine 1999)) in
  let sem_waiter = Domain.spawn (fun () ->
    let mine = Array.init 2000 (fun i -> ref i) in
    Atomic.incr started;
    Semaphore.Binary.acquire sem;
    Array.fold_left (fun a r -> a + !r) 0 mine) in
  let sleeper = Domain.spawn (fun () ->
    let mine = keep 10 "sleeper" in
    Atomic.incr started;
    Mutex.lock m;
    while not !ready do Condition.wait c m done;
    Mutex.unlock m;
    String.concat "," mine) in
  let joiner = Domain.spawn (fun () ->
    let mine = keep 100 "joiner" in
    Atomic.incr started;
    let s = Domain.join sleeper in
    String.length s + List.length mine) in
  while Atomic.get started < 5 do Domain.cpu_relax () done;
  (* Collect heavily while they wait. *)
  for i = 1 to 30 do
    ignore (Sys.opaque_identity (List.init 10_000 (fun k -> k + i)));
    if i mod 10 = 0 then Gc.full_major () else Gc.minor ()
  done;
  Gc.compact ();
  Mutex.lock m; ready := true; Condition.broadcast c; Mutex.unlock m;
  Mutex.unlock held;
  Semaphore.Binary.release sem;
  Printf.printf "cond waiter: %d\n" (Domain.join waiter);
  Printf.printf "mutex waiter: %d\n" (Domain.join locker);
  Printf.printf "semaphore waiter: %d\n" (Domain.join sem_waiter);
  Printf.printf "joiner: %d\n" (Domain.join joiner);
  (* Blocked domains wake up into a collection started by others. *)
  let ds = List.init 3 (fun i -> Domain.spawn (fun () ->
    let acc = ref 0 in
    for r = 1 to 200 do
      Mutex.lock m;
      acc := !acc + List.length (List.init 50 (fun k -> k * r * i));
      Mutex.unlock m
    done;
    !acc)) in
  Printf.printf "lock-step allocators: %s\n" (String.concat " " (List.map (fun d -> string_of_int (Domain.join d)) ds))
