(* Benchmark: generators.  A balanced binary tree of 2^20 - 1 nodes is
   turned into a Seq.t by an effect-based in-order traversal and consumed
   several times; a large integer range the same way. *)
open Effect
open Effect.Deep

type tree = Leaf | Node of tree * int * tree
type _ Effect.t += Yield : int -> unit Effect.t

let rec build lo hi = if lo > hi then Leaf else
    let mid = (lo + hi) / 2 in Node (build lo (mid - 1), mid, build (mid + 1) hi)

let rec walk = function Leaf -> () | Node (l, x, r) -> walk l; perform (Yield x); walk r

let to_seq (f : unit -> unit) : int Seq.t = fun () ->
  match_with f ()
    { retc = (fun () -> Seq.Nil); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Yield x -> Some (fun (k : (a, _) continuation) -> Seq.Cons (x, fun () -> continue k ()))
          | _ -> None) }

let () =
  let t = build 1 (1 lsl 20 - 1) in
  let total = ref 0 in
  for _ = 1 to 4 do total := !total + Seq.fold_left ( + ) 0 (to_seq (fun () -> walk t)) done;
  let range = to_seq (fun () -> for i = 1 to 3_000_000 do perform (Yield i) done) in
  let evens = Seq.filter (fun x -> x land 1 = 0) range in
  total := !total + Seq.fold_left ( + ) 0 evens;
  Printf.printf "generated checksum %d\n" !total
