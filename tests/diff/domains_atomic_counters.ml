(* Atomic counters updated concurrently: fetch_and_add, incr/decr,
   compare_and_set loops, exchange, make_contended. *)

let ndom = 4
let iters = 20_000

let run f = List.iter Domain.join (List.init ndom (fun i -> Domain.spawn (fun () -> f i)))

let () =
  let a = Atomic.make 0 in
  run (fun _ -> for _ = 1 to iters do ignore (Atomic.fetch_and_add a 1) done);
  Printf.printf "fetch_and_add: %d\n" (Atomic.get a);
  let a = Atomic.make_contended 0 in
  run (fun i -> for _ = 1 to iters do if i mod 2 = 0 then Atomic.incr a else Atomic.decr a done);
  Printf.printf "contended incr/decr: %d\n" (Atomic.get a);
  let a = Atomic.make_contended 0 in
  run (fun _ -> for _ = 1 to iters do Atomic.incr a done);
  Printf.printf "contended incr: %d\n" (Atomic.get a);
  (* CAS loop: multiply-add, which fetch_and_add cannot express. *)
  let a = Atomic.make 1 in
  run (fun _ ->
    for _ = 1 to 1000 do
      let rec loop () =
        let v = Atomic.get a in
        if not (Atomic.compare_and_set a v ((v * 3 + 1) land 0xFFFFFF)) then (Domain.cpu_relax (); loop ())
      in loop ()
    done);
  (* The final value depends on the number of applications only. *)
  let expected = ref 1 in
  for _ = 1 to ndom * 1000 do expected := (!expected * 3 + 1) land 0xFFFFFF done;
  Printf.printf "CAS loop: %d (expected %d)\n" (Atomic.get a) !expected;
  (* fetch_and_add return values are unique tickets. *)
  let t = Atomic.make 0 in
  let seen = Array.make (ndom * 1000) 0 in
  let m = Mutex.create () in
  run (fun _ ->
    let mine = Array.init 1000 (fun _ -> Atomic.fetch_and_add t 1) in
    Mutex.protect m (fun () -> Array.iter (fun k -> seen.(k) <- seen.(k) + 1) mine));
  Printf.printf "tickets unique: %b\n" (Array.for_all (fun c -> c = 1) seen);
  (* exchange: every value put in is taken out exactly once. *)
  let slot = Atomic.make (-1) in
  let sum = Atomic.make 0 in
  run (fun i ->
    for k = 1 to 1000 do
      let old = Atomic.exchange slot (i * 1000 + k) in
      if old >= 0 then ignore (Atomic.fetch_and_add sum old)
    done);
  let last = Atomic.exchange slot (-1) in
  let total = Atomic.get sum + last in
  let expected = ref 0 in
  for i = 0 to ndom - 1 do for k = 1 to 1000 do expected := !expected + i * 1000 + k done done;
  Printf.printf "exchange conserved: %b\n" (total = !expected);
  (* Atomics holding boxed values: CAS compares physically. *)
  let cell = Atomic.make [] in
  run (fun i ->
    for k = 1 to 500 do
      let rec push () =
        let l = Atomic.get cell in
        if not (Atomic.compare_and_set cell l ((i, k) :: l)) then push ()
      in push ()
    done);
  let l = Atomic.get cell in
  Printf.printf "boxed CAS list: %d elements, sorted sum %d\n" (List.length l)
    (List.fold_left (fun a (i, k) -> a + i * k) 0 (List.sort compare l));
  let s = "abc" in
  let c = Atomic.make s in
  Printf.printf "CAS with equal but distinct string: %b\n" (Atomic.compare_and_set c (String.concat "" ["ab"; "c"]) "x");
  Printf.printf "CAS with same string: %b, now %s\n" (Atomic.compare_and_set c s "x") (Atomic.get c);
  Printf.printf "set/get float: %g\n" (let f = Atomic.make 1.5 in Atomic.set f 2.5; Atomic.get f);
  (* Atomic bool flag and counters in an array of contended atomics. *)
  let counters = Array.init ndom (fun _ -> Atomic.make_contended 0) in
  run (fun i -> for _ = 1 to iters do Atomic.incr counters.(i) done);
  Printf.printf "per-domain contended counters: %s\n"
    (String.concat " " (Array.to_list (Array.map (fun a -> string_of_int (Atomic.get a)) counters)))
