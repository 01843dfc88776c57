(* libs: unix threads *)
(* Thread.self and Thread.id in the main thread and in created threads,
   ids are distinct and increasing, Thread.self inside the thread equals
   the handle returned by Thread.create, and Domain.DLS keys: threads of a
   domain share its DLS, another domain has its own. *)

let key = Domain.DLS.new_key (fun () -> ref "initial")
let counter_key = Domain.DLS.new_key (fun () -> Atomic.make 0)

let () =
  let main = Thread.self () in
  let main_id = Thread.id main in
  Printf.printf "main id is non-negative: %b, self stable: %b\n" (main_id >= 0)
    (Thread.id (Thread.self ()) = main_id);
  let m = Mutex.create () in
  let seen = Array.make 5 (-1) in
  let ts = Array.init 5 (fun i -> Thread.create (fun () ->
      Mutex.protect m (fun () -> seen.(i) <- Thread.id (Thread.self ()))) ()) in
  Array.iter Thread.join ts;
  let ids = Array.map Thread.id ts in
  Printf.printf "self inside = handle: %b\n" (ids = seen);
  Printf.printf "ids increasing from main: %b\n"
    (let ok = ref (ids.(0) > main_id) in
     for i = 1 to 4 do if ids.(i) <> ids.(i - 1) + 1 then ok := false done; !ok);
  Printf.printf "offsets from main: %s\n"
    (String.concat " " (Array.to_list (Array.map (fun i -> string_of_int (i - main_id)) ids)));
  (* DLS is per domain: threads of the main domain see the same value *)
  (Domain.DLS.get key) := "set by main";
  let from_thread = ref "" in
  let t = Thread.create (fun () ->
      from_thread := !(Domain.DLS.get key);
      Domain.DLS.get key := "set by thread") () in
  Thread.join t;
  Printf.printf "thread saw: %s; main now sees: %s\n" !from_thread !(Domain.DLS.get key);
  Domain.DLS.set key (ref "replaced by main");
  let t = Thread.create (fun () -> from_thread := !(Domain.DLS.get key)) () in
  Thread.join t;
  Printf.printf "after DLS.set, thread saw: %s\n" !from_thread;
  (* a counter in DLS incremented by many threads of one domain *)
  let ts = List.init 8 (fun _ -> Thread.create (fun () ->
      for _ = 1 to 100 do Atomic.incr (Domain.DLS.get counter_key) done) ()) in
  List.iter Thread.join ts;
  Printf.printf "DLS counter from 8 threads: %d\n" (Atomic.get (Domain.DLS.get counter_key));
  (* another domain: fresh DLS, its threads share it *)
  let d = Domain.spawn (fun () ->
      let initial = !(Domain.DLS.get key) in
      let c0 = Atomic.get (Domain.DLS.get counter_key) in
      let self_id = Thread.id (Thread.self ()) in
      let t = Thread.create (fun () ->
          Domain.DLS.get key := "set in domain thread";
          Atomic.incr (Domain.DLS.get counter_key);
          Thread.id (Thread.self ()) <> self_id) () in
      Thread.join t;
      let tid_differs = Thread.id t <> self_id in
      Printf.sprintf "domain: initial %s, counter %d, after thread %s/%d, thread id differs: %b"
        initial c0 !(Domain.DLS.get key) (Atomic.get (Domain.DLS.get counter_key)) tid_differs) in
  print_endline (Domain.join d);
  Printf.printf "main domain unchanged: %s, %d\n" !(Domain.DLS.get key)
    (Atomic.get (Domain.DLS.get counter_key));
  (* ids are never reused *)
  let t = Thread.create ignore () in
  Thread.join t;
  Printf.printf "later thread id above earlier ones: %b\n" (Thread.id t > ids.(4))
