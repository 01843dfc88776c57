(* A lock-free Treiber stack on Atomic.compare_and_set, used concurrently by
   pushers and poppers. *)

type 'a node = Nil | Cons of 'a * 'a node

let create () = Atomic.make Nil

let rec push s x =
  let old = Atomic.get s in
  if not (Atomic.compare_and_set s old (Cons (x, old))) then (Domain.cpu_relax (); push s x)

let rec pop s =
  match Atomic.get s with
  | Nil -> None
  | Cons (x, rest) as old ->
    if Atomic.compare_and_set s old rest then Some x else (Domain.cpu_relax (); pop s)

let rec length = function Nil -> 0 | Cons (_, r) -> 1 + length r

let () =
  let s = create () in
  (* Phase 1: 4 pushers. *)
  let per = 5_000 in
  let ds = List.init 4 (fun d -> Domain.spawn (fun () ->
    for i = 0 to per - 1 do push s (d * per + i) done)) in
  List.iter Domain.join ds;
  Printf.printf "after pushes: %d elements\n" (length (Atomic.get s));
  (* Each domain's elements appear in LIFO order relative to each other. *)
  let rec check last = function
    | Nil -> true
    | Cons (x, r) ->
      let d = x / per in
      if x >= last.(d) then false else (last.(d) <- x; check last r)
  in
  Printf.printf "per-domain LIFO order: %b\n" (check (Array.make 4 max_int) (Atomic.get s));
  (* Phase 2: 4 poppers drain it. *)
  let ds = List.init 4 (fun _ -> Domain.spawn (fun () ->
    let acc = ref [] in
    let rec loop () = match pop s with Some x -> acc := x :: !acc; loop () | None -> () in
    loop (); !acc)) in
  let popped = List.concat_map Domain.join ds in
  let sorted = List.sort compare popped in
  Printf.printf "popped %d, all distinct and complete: %b\n" (List.length popped)
    (sorted = List.init (4 * per) Fun.id);
  (* Phase 3: mixed pushes and pops with boxed payloads and GC. *)
  let s = create () in
  let popped_sum = Atomic.make 0 in
  let ds = List.init 4 (fun d -> Domain.spawn (fun () ->
    for i = 1 to 3_000 do
      push s (string_of_int (d * 10_000 + i));
      if i mod 3 = 0 then
        match pop s with Some v -> ignore (Atomic.fetch_and_add popped_sum (int_of_string v)) | None -> ()
    done;
    if d = 0 then Gc.full_major ())) in
  List.iter Domain.join ds;
  let rec rest acc = match pop s with Some v -> rest (acc + int_of_string v) | None -> acc in
  let remaining = rest 0 in
  let expected = ref 0 in
  for d = 0 to 3 do for i = 1 to 3_000 do expected := !expected + d * 10_000 + i done done;
  Printf.printf "mixed: popped + remaining = expected: %b\n" (Atomic.get popped_sum + remaining = !expected);
  Printf.printf "empty at end: %b\n" (pop s = None)
