(* Generators over binary trees with Effect.Deep: in-order, pre-order and
   level-order traversals turned into Seq.t and into step functions, the
   same-fringe problem, early stop (continuation dropped) and a large tree. *)
open Effect
open Effect.Deep

type 'a tree = Leaf | Node of 'a tree * 'a * 'a tree

type _ Effect.t += Emit : int -> unit Effect.t

let rec insert x = function
  | Leaf -> Node (Leaf, x, Leaf)
  | Node (l, y, r) as t ->
    if x < y then Node (insert x l, y, r)
    else if x > y then Node (l, y, insert x r)
    else t

let of_list l = List.fold_left (fun t x -> insert x t) Leaf l

let rec inorder = function
  | Leaf -> ()
  | Node (l, x, r) -> inorder l; perform (Emit x); inorder r

let rec preorder = function
  | Leaf -> ()
  | Node (l, x, r) -> perform (Emit x); preorder l; preorder r

(* Turn any emitting traversal into a lazy sequence. *)
let to_seq (walk : unit -> unit) : int Seq.t =
  fun () ->
    match_with walk ()
      { retc = (fun () -> Seq.Nil);
        exnc = raise;
        effc = (fun (type a) (e : a Effect.t) ->
          match e with
          | Emit x -> Some (fun (k : (a, _) continuation) ->
              Seq.Cons (x, fun () -> continue k ()))
          | _ -> None) }

(* Turn it into a pull-style "next" function with an explicit state. *)
type gen_state =
  | Start of (unit -> unit)
  | Suspended of (unit, gen_result) continuation
  | Finished
and gen_result = Got of int * (unit, gen_result) continuation | Done

let make_next walk =
  let st = ref (Start walk) in
  let handle r = match r with
    | Got (x, k) -> st := Suspended k; Some x
    | Done -> st := Finished; None in
  fun () ->
    match !st with
    | Finished -> None
    | Suspended k -> handle (continue k ())
    | Start f ->
      handle (match_with f ()
        { retc = (fun () -> Done);
          exnc = raise;
          effc = (fun (type a) (e : a Effect.t) ->
            match e with
            | Emit x -> Some (fun (k : (a, _) continuation) -> Got (x, k))
            | _ -> None) })

let same_fringe t1 t2 =
  let n1 = make_next (fun () -> inorder t1) and n2 = make_next (fun () -> inorder t2) in
  let rec go steps =
    match n1 (), n2 () with
    | None, None -> (true, steps)
    | Some a, Some b when a = b -> go (steps + 1)
    | _ -> (false, steps)
  in
  go 0

let show s = String.concat " " (List.map string_of_int (List.of_seq s))

let () =
  let t = of_list [50; 30; 70; 20; 40; 60; 80; 35; 65; 10] in
  Printf.printf "inorder:  %s\n" (show (to_seq (fun () -> inorder t)));
  Printf.printf "preorder: %s\n" (show (to_seq (fun () -> preorder t)));
  (* A sequence can be consumed only partially: the rest is never resumed. *)
  Printf.printf "first 3:  %s\n" (show (Seq.take 3 (to_seq (fun () -> inorder t))));
  (* The same sequence value replayed twice gives two independent runs. *)
  let s = to_seq (fun () -> inorder t) in
  Printf.printf "twice:    %d %d\n" (Seq.fold_left ( + ) 0 s) (Seq.fold_left ( + ) 0 s);
  let t2 = of_list [10; 20; 30; 35; 40; 50; 60; 65; 70; 80] in
  let t3 = of_list [10; 20; 30; 35; 40; 50; 60; 66; 70; 80] in
  let b, n = same_fringe t t2 in
  Printf.printf "same fringe t t2: %b after %d\n" b n;
  let b, n = same_fringe t t3 in
  Printf.printf "same fringe t t3: %b after %d\n" b n;
  let b, n = same_fringe t Leaf in
  Printf.printf "same fringe t leaf: %b after %d\n" b n;
  (* A big pseudo-random tree: 200_000 insertions. *)
  let rs = Random.State.make [| 42 |] in
  let big = ref Leaf in
  for _ = 1 to 200_000 do big := insert (Random.State.int rs 1_000_000) !big done;
  let count = ref 0 and sum = ref 0 and sorted = ref true and prev = ref (-1) in
  Seq.iter (fun x ->
      incr count; sum := !sum + x;
      if x <= !prev then sorted := false;
      prev := x) (to_seq (fun () -> inorder !big));
  Printf.printf "big: count=%d sum=%d sorted=%b\n" !count !sum !sorted;
  (* A degenerate tree (a list) makes the traversal recurse 20_000 deep
     inside the fiber. *)
  let deep = ref Leaf in
  for i = 20_000 downto 1 do deep := Node (Leaf, i, !deep) done;
  let next = make_next (fun () -> inorder !deep) in
  let rec drain acc = match next () with None -> acc | Some x -> drain (acc + x) in
  Printf.printf "degenerate: %d\n" (drain 0);
  let rdeep = ref Leaf in
  for i = 1 to 20_000 do rdeep := Node (!rdeep, i, Leaf) done;
  Printf.printf "left-degenerate: %d\n" (Seq.fold_left ( + ) 0 (to_seq (fun () -> inorder !rdeep)))
