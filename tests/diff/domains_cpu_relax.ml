(* Spin loops with Domain.cpu_relax: spin barriers, a spin lock built on
   compare_and_set, ping-pong through an atomic, and a spinner that must
   let a stop-the-world GC requested by another domain proceed. *)

let spin_until f = while not (f ()) do Domain.cpu_relax () done

let () =
  (* Ping-pong: two domains alternate on an atomic turn counter. *)
  let turn = Atomic.make 0 in
  let rounds = 2_000 in
  let other = Domain.spawn (fun () ->
    for i = 0 to rounds - 1 do
      spin_until (fun () -> Atomic.get turn = 2 * i + 1);
      Atomic.set turn (2 * i + 2)
    done) in
  for i = 0 to rounds - 1 do
    spin_until (fun () -> Atomic.get turn = 2 * i);
    Atomic.set turn (2 * i + 1)
  done;
  Domain.join other;
  Printf.printf "ping-pong final turn: %d\n" (Atomic.get turn);
  (* A spin lock protecting a non-atomic counter. *)
  let lock = Atomic.make false in
  let acquire () = spin_until (fun () -> not (Atomic.get lock) && Atomic.compare_and_set lock false true) in
  let release () = Atomic.set lock false in
  let counter = ref 0 in
  List.iter Domain.join (List.init 3 (fun _ -> Domain.spawn (fun () ->
    for _ = 1 to 3_000 do acquire (); incr counter; release () done)));
  Printf.printf "spin-locked counter: %d\n" !counter;
  (* A sense-reversing spin barrier used for several phases. *)
  let n = 3 in
  let count = Atomic.make 0 and sense = Atomic.make false in
  let barrier local_sense =
    let s = not local_sense in
    if Atomic.fetch_and_add count 1 = n - 1 then (Atomic.set count 0; Atomic.set sense s)
    else spin_until (fun () -> Atomic.get sense = s);
    s
  in
  let data = Array.make n 0 in
  let ds = List.init n (fun i -> Domain.spawn (fun () ->
    let ls = ref false in
    let sums = ref [] in
    for phase = 1 to 5 do
      data.(i) <- phase * (i + 1);
      ls := barrier !ls;
      sums := Array.fold_left ( + ) 0 data :: !sums;
      ls := barrier !ls
    done;
    List.rev !sums)) in
  List.iteri (fun i d -> Printf.printf "domain %d phase sums: %s\n" i
    (String.concat " " (List.map string_of_int (Domain.join d)))) ds;
  (* A spinner waits for a flag while another domain allocates a lot and
     needs stop-the-world collections: the spinner must take part. *)
  let flag = Atomic.make false in
  let spinner = Domain.spawn (fun () -> let k = ref 0 in spin_until (fun () -> incr k; Atomic.get flag); !k > 0) in
  let worker = Domain.spawn (fun () ->
    let l = ref [] in
    for i = 1 to 200_000 do l := i :: !l; if i mod 50_000 = 0 then l := [] done;
    Gc.full_major ();
    Atomic.set flag true) in
  Domain.join worker;
  Printf.printf "spinner released: %b\n" (Domain.join spinner);
  (* The main domain spins while children do minor GCs. *)
  let done_ = Atomic.make 0 in
  let ds = List.init 2 (fun _ -> Domain.spawn (fun () ->
    for _ = 1 to 20 do Gc.minor (); ignore (Sys.opaque_identity (Array.make 100 0)) done;
    Atomic.incr done_)) in
  spin_until (fun () -> Atomic.get done_ = 2);
  List.iter Domain.join ds;
  print_endline "main spin done"
