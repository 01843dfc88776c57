(* libs: unix threads *)
(* Producer/consumer over a bounded buffer guarded by a Mutex and two
   Conditions; several producers and consumers; a broadcast barrier;
   Mutex.try_lock and Mutex.protect with an exception. *)

type 'a bounded = {
  items : 'a Queue.t;
  cap : int;
  m : Mutex.t;
  not_full : Condition.t;
  not_empty : Condition.t;
  mutable max_seen : int;
}

let create cap = { items = Queue.create (); cap; m = Mutex.create ();
                   not_full = Condition.create (); not_empty = Condition.create ();
                   max_seen = 0 }

let put b x =
  Mutex.lock b.m;
  while Queue.length b.items >= b.cap do Condition.wait b.not_full b.m done;
  Queue.push x b.items;
  if Queue.length b.items > b.max_seen then b.max_seen <- Queue.length b.items;
  Condition.signal b.not_empty;
  Mutex.unlock b.m

let take b =
  Mutex.lock b.m;
  while Queue.is_empty b.items do Condition.wait b.not_empty b.m done;
  let x = Queue.pop b.items in
  Condition.signal b.not_full;
  Mutex.unlock b.m;
  x

let () =
  let b = create 4 in
  let nprod = 3 and ncons = 2 and per = 2000 in
  let producers = List.init nprod (fun p -> Thread.create (fun () ->
      for i = 1 to per do put b (Some (p * 100_000 + i)) done) ()) in
  let sums = Array.make ncons 0 and counts = Array.make ncons 0 in
  let consumers = List.init ncons (fun c -> Thread.create (fun () ->
      let rec loop () =
        match take b with
        | None -> ()
        | Some v -> sums.(c) <- sums.(c) + v; counts.(c) <- counts.(c) + 1; loop () in
      loop ()) ()) in
  List.iter Thread.join producers;
  for _ = 1 to ncons do put b None done;
  List.iter Thread.join consumers;
  let total = Array.fold_left (+) 0 sums and n = Array.fold_left (+) 0 counts in
  let expected = ref 0 in
  for p = 0 to nprod - 1 do for i = 1 to per do expected := !expected + p * 100_000 + i done done;
  Printf.printf "consumed %d items, sum ok: %b, buffer never above cap: %b, empty at end: %b\n"
    n (total = !expected) (b.max_seen <= b.cap) (Queue.is_empty b.items);
  (* a barrier with broadcast: every thread waits until all have arrived *)
  let m = Mutex.create () and c = Condition.create () in
  let arrived = ref 0 and released = ref 0 in
  let n = 6 in
  let ts = List.init n (fun _ -> Thread.create (fun () ->
      Mutex.lock m;
      incr arrived;
      if !arrived = n then Condition.broadcast c
      else while !arrived < n do Condition.wait c m done;
      incr released;
      Mutex.unlock m) ()) in
  List.iter Thread.join ts;
  Printf.printf "barrier: arrived %d released %d\n" !arrived !released;
  (* try_lock from another thread while held *)
  let m = Mutex.create () in
  Mutex.lock m;
  let r = ref None in
  let t = Thread.create (fun () -> r := Some (Mutex.try_lock m)) () in
  Thread.join t;
  Printf.printf "try_lock while held by main: %b\n" (Option.get !r);
  Mutex.unlock m;
  let t = Thread.create (fun () -> let ok = Mutex.try_lock m in r := Some ok; if ok then Mutex.unlock m) () in
  Thread.join t;
  Printf.printf "try_lock when free: %b\n" (Option.get !r);
  (* protect releases on exception *)
  (match Mutex.protect m (fun () -> failwith "inside") with
   | () -> ()
   | exception Failure s -> Printf.printf "protect raised %s, relockable: %b\n" s (Mutex.try_lock m));
  Mutex.unlock m;
  (* ping-pong with a condition: strict alternation of two threads *)
  let m = Mutex.create () and c = Condition.create () in
  let turn = ref 0 and log = Buffer.create 64 in
  let player me other ch = Thread.create (fun () ->
      for _ = 1 to 10 do
        Mutex.lock m;
        while !turn <> me do Condition.wait c m done;
        Buffer.add_char log ch;
        turn := other;
        Condition.broadcast c;
        Mutex.unlock m
      done) () in
  let a = player 0 1 'a' and bb = player 1 0 'b' in
  Thread.join a; Thread.join bb;
  Printf.printf "ping-pong: %s\n" (Buffer.contents log)
