(* Peak memory with idle domains: N-1 domains wait on a Condition while
   the main domain does allocation work (a few MiB live at its peak), then
   wakes and joins them.  Compare peak RSS at N = 8 with N = 1.
   Usage: idle_domains.byte N. *)

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 1 in
  let m = Mutex.create () and c = Condition.create () in
  let go = ref false and waiting = ref 0 in
  let ds = List.init (n - 1) (fun _ -> Domain.spawn (fun () ->
    Mutex.lock m;
    incr waiting;
    Condition.broadcast c;
    while not !go do Condition.wait c m done;
    Mutex.unlock m)) in
  (* Wait until every domain is idle (blocked on the condition). *)
  Mutex.lock m;
  while !waiting < n - 1 do Condition.wait c m done;
  Mutex.unlock m;
  let h = Hashtbl.create 16 in
  for i = 1 to 100_000 do Hashtbl.replace h i (string_of_int i) done;
  let l = ref [] in
  for round = 1 to 20 do
    l := List.init 20_000 (fun i -> (i, round)) :: (if round mod 5 = 0 then [] else !l)
  done;
  Mutex.lock m; go := true; Condition.broadcast c; Mutex.unlock m;
  List.iter Domain.join ds;
  Printf.printf "domains %d: table %d, lists %d\n" n (Hashtbl.length h) (List.length !l)
