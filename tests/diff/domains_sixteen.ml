(* 16 domains at once on a machine with fewer cores, each doing real
   allocation work, plus a barrier they all pass several times. *)

type tree = Leaf | Node of tree * tree
let rec make d = if d = 0 then Leaf else Node (make (d - 1), make (d - 1))
let rec count = function Leaf -> 1 | Node (l, r) -> count l + count r

let n = 16

let () =
  (* A reusable barrier on Mutex/Condition with generations. *)
  let m = Mutex.create () and c = Condition.create () in
  let arrived = ref 0 and generation = ref 0 in
  let barrier () =
    Mutex.lock m;
    let g = !generation in
    incr arrived;
    if !arrived = n then begin arrived := 0; incr generation; Condition.broadcast c end
    else while !generation = g do Condition.wait c m done;
    Mutex.unlock m
  in
  let total = Atomic.make 0 in
  let ds = List.init n (fun i -> Domain.spawn (fun () ->
    let mine = ref 0 in
    for phase = 1 to 5 do
      let t = make (8 + (i + phase) mod 4) in
      let l = List.init 3000 (fun k -> string_of_int (k + i)) in
      let h = Hashtbl.create 64 in
      List.iter (fun s -> Hashtbl.replace h s (String.length s)) l;
      mine := !mine + count t + Hashtbl.length h;
      barrier ()
    done;
    ignore (Atomic.fetch_and_add total !mine);
    (i, !mine))) in
  let rs = List.map Domain.join ds in
  List.iter (fun (i, v) -> Printf.printf "domain %2d: %d\n" i v) rs;
  Printf.printf "total %d, barrier generations %d\n" (Atomic.get total) !generation;
  (* 16 domains contending on one mutex-protected counter. *)
  let counter = ref 0 and cm = Mutex.create () in
  List.iter Domain.join (List.init n (fun _ -> Domain.spawn (fun () ->
    for _ = 1 to 2_000 do Mutex.protect cm (fun () -> incr counter) done)));
  Printf.printf "mutex counter: %d\n" !counter;
  (* 16 domains spinning on an atomic with cpu_relax (more domains than
     cores: must not livelock). *)
  let turn = Atomic.make 0 in
  let order = Array.make n (-1) in
  let pos = Atomic.make 0 in
  List.iter Domain.join (List.init n (fun i -> Domain.spawn (fun () ->
    while Atomic.get turn <> i do Domain.cpu_relax () done;
    order.(Atomic.fetch_and_add pos 1) <- i;
    Atomic.set turn (i + 1))));
  Printf.printf "token passed in order: %b\n" (Array.to_list order = List.init n Fun.id)
