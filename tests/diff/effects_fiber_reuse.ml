(* Fiber stacks are recycled after a fiber ends: a fiber that grew very
   large, followed by many small ones, fibers ending by return, by
   exception, by discontinue and by being dropped, interleaved with fresh
   fibers that check that nothing of a previous occupant is visible
   (uninitialised locals would show up as wrong sums); nested handlers
   started and finished in LIFO and non-LIFO order. *)
open Effect
open Effect.Deep

type _ Effect.t += Y : int -> int Effect.t

type st = Done of int | Raised of string | Suspended of int * (int -> st)

let handle f = match_with f ()
    { retc = (fun v -> Done v); exnc = (fun e -> Raised (Printexc.to_string e));
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Y n -> Some (fun (k : (a, _) continuation) -> Suspended (n, fun (v : int) -> continue k v))
          | _ -> None) }

let rec drive = function
  | Done v -> v
  | Raised s -> String.length s
  | Suspended (n, resume) -> drive (resume (n + 1))

let rec deep n = if n = 0 then perform (Y 0) else n + deep (n - 1)

(* A fiber with many live locals: their sum depends only on [seed]. *)
let locals seed () =
  let a = seed and b = seed * 2 and c = seed * 3 in
  let l = [a; b; c] in
  let v = perform (Y a) in
  let d = Array.make 3 v in
  a + b + c + List.fold_left ( + ) 0 l + Array.fold_left ( + ) 0 d

let () =
  Printf.printf "big fiber: %d\n" (drive (handle (fun () -> deep 300_000)));
  let ok = ref 0 in
  for seed = 1 to 10_000 do
    let expected = 12 * seed + 3 * (seed + 1) in
    let got = drive (handle (locals seed)) in
    if got = expected then incr ok
    else Printf.printf "seed %d: expected %d got %d\n" seed expected got
  done;
  Printf.printf "small fibers after a big one: %d ok\n" !ok;
  (* Endings of every kind, interleaved. *)
  let endings = Array.make 4 0 in
  for i = 1 to 20_000 do
    match i mod 4 with
    | 0 -> endings.(0) <- endings.(0) + drive (handle (fun () -> perform (Y i) - i))
    | 1 -> endings.(1) <- endings.(1) + drive (handle (fun () -> ignore (perform (Y i)); failwith "x"))
    | 2 -> (match handle (fun () -> perform (Y i)) with
        | Suspended (_, _) -> endings.(2) <- endings.(2) + 1 (* dropped *)
        | _ -> ())
    | _ ->
      let r = try_with (fun () -> try perform (Y i) with Exit -> -1) ()
          { effc = (fun (type a) (e : a Effect.t) -> match e with
                | Y _ -> Some (fun (k : (a, _) continuation) -> discontinue k Exit) | _ -> None) } in
      endings.(3) <- endings.(3) + r
  done;
  Printf.printf "endings: return=%d exception=%d dropped=%d discontinued=%d\n"
    endings.(0) endings.(1) endings.(2) endings.(3);
  (* Non-LIFO: start 100 fibers, finish them in a shuffled order, start
     fresh ones in between. *)
  let rs = Random.State.make [| 3 |] in
  let live = Array.init 100 (fun i -> handle (locals i)) in
  let order = Array.init 100 (fun i -> i) in
  for i = 99 downto 1 do
    let j = Random.State.int rs (i + 1) in
    let t = order.(i) in order.(i) <- order.(j); order.(j) <- t
  done;
  let total = ref 0 and fresh = ref 0 in
  Array.iter (fun i ->
      total := !total + drive live.(i);
      fresh := !fresh + drive (handle (locals 1000))) order;
  Printf.printf "non-LIFO: total %d, fresh %d\n" !total !fresh;
  Printf.printf "big fiber again: %d\n" (drive (handle (fun () -> deep 300_000)))
