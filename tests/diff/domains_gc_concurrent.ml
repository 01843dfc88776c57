(* Gc.full_major, Gc.major, Gc.minor, Gc.compact and Gc.major_slice called
   concurrently from several domains while others allocate and mutate
   shared structures. *)

type tree = Leaf | Node of tree * int * tree

let rec make d = if d = 0 then Leaf else Node (make (d - 1), d, make (d - 1))
let rec check = function Leaf -> 0 | Node (l, v, r) -> check l + v + check r

let () =
  let shared = Array.init 64 (fun i -> ref (string_of_int i)) in
  let stop = Atomic.make false in
  let gc_calls = Atomic.make 0 in
  let collectors = List.init 2 (fun k -> Domain.spawn (fun () ->
    let i = ref 0 in
    while not (Atomic.get stop) do
      (match (!i + k) mod 5 with
       | 0 -> Gc.full_major ()
       | 1 -> Gc.minor ()
       | 2 -> Gc.compact ()
       | 3 -> Gc.major ()
       | _ -> ignore (Gc.major_slice 0));
      Atomic.incr gc_calls;
      incr i
    done)) in
  let mutators = List.init 2 (fun k -> Domain.spawn (fun () ->
    let acc = ref 0 in
    for round = 1 to 40 do
      let t = make 10 in
      (* Old-to-young pointers in a shared array. *)
      shared.((round * 7 + k) mod 64) := Printf.sprintf "%d-%d" k round;
      let l = List.init 1000 (fun i -> (i, string_of_int i)) in
      acc := !acc + check t + List.length l
    done;
    !acc)) in
  let results = List.map Domain.join mutators in
  Atomic.set stop true;
  List.iter Domain.join collectors;
  Printf.printf "mutators: %s\n" (String.concat " " (List.map string_of_int results));
  Printf.printf "gc calls made: %b\n" (Atomic.get gc_calls > 0);
  let well_formed = Array.for_all (fun r -> String.length !r > 0) shared in
  Printf.printf "shared array well formed: %b\n" well_formed;
  (* Everyone calls full_major and compact at the same time. *)
  let gate = Atomic.make 0 in
  let ds = List.init 4 (fun i -> Domain.spawn (fun () ->
    let keep = List.init 2000 (fun j -> Array.make 5 (i * j)) in
    Atomic.incr gate;
    while Atomic.get gate < 4 do Domain.cpu_relax () done;
    Gc.full_major ();
    Gc.compact ();
    Gc.full_major ();
    List.fold_left (fun a arr -> a + arr.(4)) 0 keep)) in
  Printf.printf "simultaneous full_major+compact: %s\n" (String.concat " " (List.map (fun d -> string_of_int (Domain.join d)) ds));
  (* Gc.counters and quick_stat from several domains give sane values. *)
  let ds = List.init 3 (fun _ -> Domain.spawn (fun () ->
    let (minor, _, _) = Gc.counters () in
    ignore (List.init 10_000 Fun.id);
    let (minor', _, _) = Gc.counters () in
    let s = Gc.quick_stat () in
    minor' > minor && s.Gc.minor_words >= 0.)) in
  Printf.printf "counters grow in each domain: %s\n" (String.concat " " (List.map (fun d -> string_of_bool (Domain.join d)) ds));
  Printf.printf "final full_major in main: %s\n" (Gc.full_major (); "ok")
