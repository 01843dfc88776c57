(* Mutex-heavy queue: a shared Queue protected by one Mutex with a
   Condition for "not empty"; each of N domains pushes its share of items
   and pops as many, every operation taking the lock (a fixed total of
   operations).  Measures lock contention and blocking, not scaling.
   Usage: mutex_queue.byte N.  Output independent of N. *)

let total = 4_000_000

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 1 in
  let q = Queue.create () and m = Mutex.create () and nonempty = Condition.create () in
  let per = total / n in
  let work _ () =
    let sum = ref 0 in
    for i = 1 to per do
      Mutex.lock m;
      Queue.push i q;
      Condition.signal nonempty;
      Mutex.unlock m;
      Mutex.lock m;
      while Queue.is_empty q do Condition.wait nonempty m done;
      sum := !sum + Queue.pop q;
      Mutex.unlock m
    done;
    !sum
  in
  let ds = List.init (n - 1) (fun d -> Domain.spawn (work (d + 1))) in
  let mine = work 0 () in
  let s = List.fold_left (fun a d -> a + Domain.join d) mine ds in
  Printf.printf "pushed and popped %d items, sum correct: %b\n" (per * n) (s = n * (per * (per + 1) / 2))
