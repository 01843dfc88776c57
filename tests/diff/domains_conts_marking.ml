(* Suspended continuations in the major heap while another domain marks:
   each of two domains keeps a pool of suspended fibers with deep stacks
   (recursion inside the fiber, so stacks grow), resumes them in a
   pseudo-random order and replaces the finished ones, while allocating
   enough to keep major cycles running.  A marker scanning a continuation's
   stacks must never overlap with the domain that resumes (and grows or
   frees) them; the sums check that no stack slot was lost or corrupted.
   Under ThreadSanitizer (scripts/tsan-check.sh) an overlap is a report. *)

open Effect
open Effect.Deep

type _ Effect.t += Step : int -> int Effect.t

(* A fiber: recurses to `depth` (values live on its stack), performs at
   the bottom `rounds` times, and returns a checksum of its stack data. *)
let fiber depth rounds () =
  let rec go n acc =
    if n = 0 then begin
      let s = ref 0 in
      for r = 1 to rounds do s := !s + perform (Step r) done;
      !s + List.length acc
    end else
      let cell = [n; n * 2] in
      let r = go (n - 1) (cell :: acc) in
      r + List.hd cell
  in
  go depth []

type slot = Idle | Suspended of (int, slot) continuation | Done

(* Both pools hang from the global data, so that whichever domain darkens
   the globals also marks the other domain's continuations. *)
let pools = Array.make 2 [||]

let run_pool idx seed =
  let pool = Array.make 512 Idle in
  pools.(idx) <- pool;
  let st = ref seed in
  let rand n = st := (!st * 1103515245 + 12345) land 0x3FFFFFFF; !st mod n in
  let total = ref 0 and garbage = ref [] in
  let handle f =
    match_with f ()
      { retc = (fun v -> total := !total + v; Done);
        exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
          | Step r -> Some (fun (k : (a, slot) continuation) ->
              total := !total + r; Suspended k)
          | _ -> None) }
  in
  for _ = 1 to 20_000 do
    let i = rand (Array.length pool) in
    (match pool.(i) with
     | Idle | Done -> pool.(i) <- handle (fiber (50 + rand 400) (1 + rand 4))
     | Suspended k -> pool.(i) <- continue k (rand 7));
    (* Allocation that survives a while, then dies: major cycles. *)
    garbage := Array.make (50 + rand 200) (rand 10) :: !garbage;
    if List.length !garbage > 300 then garbage := []
  done;
  Array.iter (function Suspended k -> (try ignore (discontinue k Exit) with Exit -> ()) | _ -> ()) pool;
  !total

let () =
  let d = Domain.spawn (fun () -> run_pool 1 7) in
  let a = run_pool 0 11 in
  let b = Domain.join d in
  Printf.printf "pool sums: %d %d\n" a b
