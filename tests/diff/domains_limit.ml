(* env: OCAMLRUNPARAM=d=2 *)
(* With a limit of 2 domains (d=2), the main domain and one live child use
   every slot: further spawns fail with Failure until the child ends. *)

let () =
  let release = Atomic.make false in
  let child = Domain.spawn (fun () ->
    while not (Atomic.get release) do Domain.cpu_relax () done;
    "child done") in
  for i = 1 to 2 do
    match Domain.spawn (fun () -> "extra") with
    | d -> Printf.printf "extra spawn %d succeeded?! %s\n" i (Domain.join d)
    | exception Failure msg -> Printf.printf "extra spawn %d: Failure %S\n" i msg
  done;
  let inner = Atomic.make "" in
  Atomic.set release true;
  print_endline (Domain.join child);
  (* Now the slot is free again: spawning works, repeatedly. *)
  for i = 1 to 3 do
    let d = Domain.spawn (fun () ->
      (* Inside, the limit is reached again. *)
      (match Domain.spawn (fun () -> ()) with
       | _ -> Atomic.set inner "grandchild spawned?!"
       | exception Failure m -> Atomic.set inner ("grandchild: Failure " ^ m));
      i * 10) in
    let r = Domain.join d in
    Printf.printf "spawn after join %d: %d, %s\n" i r (Atomic.get inner)
  done;
  (* The failure leaves the runtime consistent: GC and at_exit still work. *)
  Gc.full_major ();
  print_endline "after full_major"
