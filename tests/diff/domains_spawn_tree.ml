(* Spawn and join trees: recursive binary spawning, a chain of domains each
   spawning the next, and results combined up the tree. *)

(* A binary tree of domains of the given depth: each inner node spawns two
   children and joins them; leaves do a little allocation work. *)
let rec tree depth label =
  if depth = 0 then begin
    let l = List.init 200 (fun i -> i * label) in
    List.fold_left ( + ) 0 l
  end else begin
    let left = Domain.spawn (fun () -> tree (depth - 1) (2 * label)) in
    let right = Domain.spawn (fun () -> tree (depth - 1) (2 * label + 1)) in
    let a = Domain.join left in
    let b = Domain.join right in
    a + b
  end

(* The same tree computed sequentially, for comparison. *)
let rec tree_seq depth label =
  if depth = 0 then List.fold_left ( + ) 0 (List.init 200 (fun i -> i * label))
  else tree_seq (depth - 1) (2 * label) + tree_seq (depth - 1) (2 * label + 1)

(* A chain: domain k spawns domain k+1 and returns its result plus k. *)
let rec chain k n =
  if k = n then [k]
  else begin
    let d = Domain.spawn (fun () -> chain (k + 1) n) in
    k :: Domain.join d
  end

(* Fan-out: the main domain spawns a row of domains, each returning a
   string built from its argument. *)
let fan n =
  let ds = Array.init n (fun i -> Domain.spawn (fun () -> String.make (i + 1) (Char.chr (97 + i)))) in
  Array.map Domain.join ds

let () =
  for depth = 0 to 3 do
    let p = tree depth 1 and s = tree_seq depth 1 in
    Printf.printf "tree depth %d: parallel %d sequential %d equal %b\n" depth p s (p = s)
  done;
  let c = chain 0 12 in
  Printf.printf "chain: %s\n" (String.concat " " (List.map string_of_int c));
  Array.iteri (fun i s -> Printf.printf "fan %d: %s\n" i s) (fan 6);
  (* Several rounds, so domain slots are reused. *)
  let total = ref 0 in
  for round = 1 to 20 do
    let ds = List.init 3 (fun i -> Domain.spawn (fun () -> round * 10 + i)) in
    List.iter (fun d -> total := !total + Domain.join d) ds
  done;
  Printf.printf "20 rounds of 3 domains: total %d\n" !total;
  (* A domain's result may itself be a domain, joined by the parent. *)
  let outer = Domain.spawn (fun () -> Domain.spawn (fun () -> "grandchild result")) in
  let inner = Domain.join outer in
  Printf.printf "joined from main: %s\n" (Domain.join inner)
