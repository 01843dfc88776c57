(* Parallel binary trees (allocation-heavy): a long-lived tree, then for
   each depth many short-lived trees built and checked, the iterations of
   each depth split between N domains.
   Usage: binary_trees.byte N.  Output independent of N. *)

type tree = Leaf | Node of tree * tree

let rec make d = if d = 0 then Node (Leaf, Leaf) else Node (make (d - 1), make (d - 1))
let rec check = function Leaf -> 0 | Node (l, r) -> 1 + check l + check r

let max_depth = 19
let min_depth = 4

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 1 in
  let long_lived = make max_depth in
  let depths = List.init ((max_depth - min_depth) / 2 + 1) (fun i -> min_depth + 2 * i) in
  List.iter (fun d ->
    let iters = 1 lsl (max_depth - d + min_depth - 2) in
    let part k () =
      let c = ref 0 in
      let i = ref k in
      while !i < iters do c := !c + check (make d); i := !i + n done;
      !c
    in
    let ds = List.init (n - 1) (fun k -> Domain.spawn (part (k + 1))) in
    let mine = part 0 () in
    let total = List.fold_left (fun a dm -> a + Domain.join dm) mine ds in
    Printf.printf "%d trees of depth %d check: %d\n" iters d total) depths;
  Printf.printf "long lived tree of depth %d check: %d\n" max_depth (check long_lived)
