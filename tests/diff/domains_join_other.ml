(* A domain joining another domain (not its parent's child), joining the
   same domain twice, and get_id on handles. *)

let () =
  let gate = Atomic.make false in
  let worker = Domain.spawn (fun () ->
    while not (Atomic.get gate) do Domain.cpu_relax () done;
    List.init 10 (fun i -> i * i)) in
  (* A second domain joins the worker and post-processes its result. *)
  let joiner = Domain.spawn (fun () ->
    let l = Domain.join worker in
    List.fold_left ( + ) 0 l) in
  Atomic.set gate true;
  Printf.printf "joiner got sum of squares %d\n" (Domain.join joiner);
  (* Joining a finished domain again returns the same value. *)
  Printf.printf "join worker again from main: %d elements\n" (List.length (Domain.join worker));
  Printf.printf "join joiner a third time: %d\n" (Domain.join joiner);
  (* Two domains join the same one concurrently. *)
  let slow_gate = Atomic.make false in
  let target = Domain.spawn (fun () ->
    while not (Atomic.get slow_gate) do Domain.cpu_relax () done;
    "shared result") in
  let j1 = Domain.spawn (fun () -> "j1:" ^ Domain.join target) in
  let j2 = Domain.spawn (fun () -> "j2:" ^ Domain.join target) in
  Atomic.set slow_gate true;
  print_endline (Domain.join j1);
  print_endline (Domain.join j2);
  (* A ring: domain i joins domain i-1 and adds one. *)
  let first = Domain.spawn (fun () -> 0) in
  let last = ref first in
  for _ = 1 to 8 do
    let prev = !last in
    last := Domain.spawn (fun () -> Domain.join prev + 1)
  done;
  Printf.printf "ring of 9 joins: %d\n" (Domain.join !last);
  (* get_id of a handle equals self () inside the domain. *)
  let me = Atomic.make (-1) in
  let d = Domain.spawn (fun () -> Atomic.set me (Domain.self () :> int)) in
  Domain.join d;
  Printf.printf "get_id = self inside: %b\n" ((Domain.get_id d :> int) = Atomic.get me);
  Printf.printf "main self is 0: %b\n" ((Domain.self () :> int) = 0)
