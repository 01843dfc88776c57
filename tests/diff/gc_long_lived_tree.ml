(* A long-lived binary tree survives while many short-lived trees are
   built and dropped (the binary-trees pattern), with mutation of old
   objects to point to young ones. *)
type tree = Leaf | Node of tree * int * tree

let rec make d = if d = 0 then Leaf else Node (make (d - 1), d, make (d - 1))
let rec check = function Leaf -> 0 | Node (l, v, r) -> v + check l + check r
let rec count = function Leaf -> 0 | Node (l, _, r) -> 1 + count l + count r

type mnode = { mutable left : mnode option; mutable right : mnode option; mutable payload : int list }

let () =
  let long_lived = make 18 in
  let total = ref 0 in
  for depth = 4 to 16 do
    if depth mod 2 = 0 then begin
      let iters = 1 lsl (18 - depth) in
      let c = ref 0 in
      for _ = 1 to iters do c := !c + check (make depth) done;
      Printf.printf "%d trees of depth %d check %d\n" iters depth !c;
      total := !total + !c
    end
  done;
  Printf.printf "long lived: nodes %d check %d\n" (count long_lived) (check long_lived);
  (* Old objects pointing to young ones (write barrier). *)
  let root = { left = None; right = None; payload = [] } in
  let nodes = Array.init 10_000 (fun _ -> { left = None; right = None; payload = [] }) in
  Gc.full_major ();
  for round = 1 to 50 do
    Array.iteri (fun i n ->
      n.payload <- [i; round];
      if i > 0 then n.left <- Some nodes.(i - 1);
      if round mod 10 = 0 then n.right <- Some { left = None; right = None; payload = [round] }) nodes;
    ignore (Array.make 1000 round)
  done;
  root.left <- Some nodes.(9_999);
  Gc.full_major ();
  let sum = Array.fold_left (fun acc n -> acc + List.fold_left ( + ) 0 n.payload + (match n.right with Some r -> List.hd r.payload | None -> 0)) 0 nodes in
  Printf.printf "mutated nodes sum %d\n" sum;
  let rec walk n k = match n.left with Some l when k > 0 -> walk l (k - 1) | _ -> n.payload in
  (match root.left with Some n -> Printf.printf "walk %s\n" (String.concat "," (List.map string_of_int (walk n 5000))) | None -> ());
  (* Arrays of references updated after minor collections. *)
  let refs = Array.init 1000 (fun i -> ref (string_of_int i)) in
  for r = 1 to 100 do
    Array.iteri (fun i x -> if (i + r) mod 7 = 0 then x := string_of_int (i * r)) refs;
    Gc.minor ()
  done;
  Printf.printf "refs %d\n" (Array.fold_left (fun acc r -> acc + int_of_string !r) 0 refs)
