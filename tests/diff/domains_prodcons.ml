(* Producers and consumers on a bounded buffer protected by a Mutex and two
   Conditions (not_full, not_empty).  Output: per-consumer counts are not
   deterministic, so only totals and checksums are printed. *)

type 'a buffer = {
  data : 'a option array;
  mutable head : int;
  mutable count : int;
  lock : Mutex.t;
  not_full : Condition.t;
  not_empty : Condition.t;
}

let create n = { data = Array.make n None; head = 0; count = 0;
                 lock = Mutex.create (); not_full = Condition.create ();
                 not_empty = Condition.create () }

let put b x =
  Mutex.lock b.lock;
  while b.count = Array.length b.data do Condition.wait b.not_full b.lock done;
  b.data.((b.head + b.count) mod Array.length b.data) <- Some x;
  b.count <- b.count + 1;
  Condition.signal b.not_empty;
  Mutex.unlock b.lock

let take b =
  Mutex.lock b.lock;
  while b.count = 0 do Condition.wait b.not_empty b.lock done;
  let x = b.data.(b.head) in
  b.data.(b.head) <- None;
  b.head <- (b.head + 1) mod Array.length b.data;
  b.count <- b.count - 1;
  Condition.signal b.not_full;
  Mutex.unlock b.lock;
  match x with Some v -> v | None -> assert false

(* One producer, one consumer: order is preserved. *)
let single () =
  let b = create 4 in
  let n = 20_000 in
  let prod = Domain.spawn (fun () -> for i = 1 to n do put b (Some i) done; put b None) in
  let rec loop expected ok =
    match take b with
    | None -> (expected - 1, ok)
    | Some i -> loop (expected + 1) (ok && i = expected)
  in
  let last, in_order = loop 1 true in
  Domain.join prod;
  Printf.printf "single: received %d items, in order %b\n" last in_order

(* Several producers and consumers; items are strings so that the buffer
   holds pointers to young values of other domains. *)
let multi np nc per =
  let b = create 8 in
  let producers = List.init np (fun p -> Domain.spawn (fun () ->
    for i = 1 to per do put b (Some (p, string_of_int i)) done)) in
  let consumers = List.init nc (fun _ -> Domain.spawn (fun () ->
    let sum = ref 0 and n = ref 0 in
    let rec loop () =
      match take b with
      | None -> ()
      | Some (p, s) -> sum := !sum + (p + 1) * int_of_string s; incr n; loop ()
    in
    loop (); (!n, !sum))) in
  List.iter Domain.join producers;
  for _ = 1 to nc do put b None done;
  let results = List.map Domain.join consumers in
  let n = List.fold_left (fun a (n, _) -> a + n) 0 results in
  let s = List.fold_left (fun a (_, s) -> a + s) 0 results in
  let expected = per * (per + 1) / 2 * (np * (np + 1) / 2) in
  Printf.printf "%d producers, %d consumers: %d items, checksum %d (expected %d)\n" np nc n s expected

(* Broadcast: several waiters released at once by one broadcast. *)
let broadcast () =
  let m = Mutex.create () and c = Condition.create () in
  let go = ref false and woken = ref 0 in
  let waiters = List.init 4 (fun _ -> Domain.spawn (fun () ->
    Mutex.lock m;
    while not !go do Condition.wait c m done;
    incr woken;
    Mutex.unlock m)) in
  Mutex.lock m; go := true; Condition.broadcast c; Mutex.unlock m;
  List.iter Domain.join waiters;
  Printf.printf "broadcast woke %d waiters\n" !woken

let () =
  single ();
  multi 1 1 5_000;
  multi 2 2 5_000;
  multi 3 1 3_000;
  multi 1 3 3_000;
  broadcast ()
