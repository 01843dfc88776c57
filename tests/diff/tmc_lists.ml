(* Tail-modulo-cons functions on long lists and trees. *)
let[@tail_mod_cons] rec map f = function [] -> [] | x :: r -> f x :: map f r
let[@tail_mod_cons] rec filter p = function [] -> [] | x :: r -> if p x then x :: filter p r else filter p r
let[@tail_mod_cons] rec append a b = match a with [] -> b | x :: r -> x :: append r b
let[@tail_mod_cons] rec init_from i n = if i >= n then [] else i :: init_from (i + 1) n
let[@tail_mod_cons] rec concat_map f = function [] -> [] | x :: r -> append (f x) (concat_map f r)

type 'a tree = Leaf | Node of 'a tree * 'a * 'a tree
let[@tail_mod_cons] rec tree_map f = function Leaf -> Leaf | Node (l, v, r) -> Node (tree_map f l, f v, (tree_map [@tailcall]) f r)
let rec right_spine n = if n = 0 then Leaf else Node (Leaf, n, right_spine (n - 1))
let rec tsum acc = function Leaf -> acc | Node (l, v, r) -> tsum (tsum (acc + v) l) r

let[@tail_mod_cons] rec merge a b = match a, b with
  | [], l | l, [] -> l
  | x :: ra, y :: rb -> if x <= y then x :: merge ra b else y :: merge a rb

let () =
  let n = 2_000_000 in
  let l = init_from 0 n in
  let m = map (fun x -> x * 3) l in
  let f = filter (fun x -> x mod 2 = 0) m in
  let a = append f f in
  Printf.printf "lengths %d %d %d %d\n" (List.length l) (List.length m) (List.length f) (List.length a);
  Printf.printf "sums %d %d\n" (List.fold_left ( + ) 0 m) (List.fold_left ( + ) 0 a);
  let c = concat_map (fun x -> [x; -x]) (init_from 0 100_000) in
  Printf.printf "concat_map %d %d\n" (List.length c) (List.nth c 99_999);
  let t = right_spine 50_000 in
  Printf.printf "tree %d -> %d\n" (tsum 0 t) (tsum 0 (tree_map (fun x -> x * 2) t));
  let evens = init_from 0 500_000 |> map (fun x -> 2 * x) and odds = init_from 0 500_000 |> map (fun x -> 2 * x + 1) in
  let merged = merge evens odds in
  Printf.printf "merge %d sorted %b\n" (List.length merged) (List.for_all2 ( = ) merged (init_from 0 1_000_000))
