(* Fibers with deep stacks that grow: several fibers recurse to different
   depths (up to 200_000 frames), suspend at many depths on the way down
   and up, and are resumed in interleaved order, so that each stack grows
   while the others are suspended; frames hold boxed values and closures
   that must survive the moves; the stacks shrink and grow again. *)
open Effect
open Effect.Deep

type _ Effect.t += At : int -> unit Effect.t

type status = Paused of int * (unit, status) continuation | Done of float

(* Recurse to [depth], suspending every [every] frames on the way down and
   on the way up; each frame keeps a float and a closure alive. *)
let rec dive depth every acc =
  let here = float_of_int depth in
  let f = fun x -> x +. here in
  if depth mod every = 0 then perform (At depth);
  let r = if depth = 0 then acc else dive (depth - 1) every (acc +. 1.0) in
  if depth mod every = 0 then perform (At (- depth));
  f r

let start depth every =
  match_with (fun () -> dive depth every 0.0) ()
    { retc = (fun v -> Done v); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | At d -> Some (fun (k : (a, _) continuation) -> Paused (d, k))
          | _ -> None) }

let () =
  let specs = [| (200_000, 20_000); (50_000, 5_000); (120_000, 7_000); (1_000, 100); (80_000, 80_000) |] in
  let fibers = Array.map (fun (d, e) -> start d e) specs in
  let events = Array.make (Array.length specs) [] in
  let finished = ref 0 and round = ref 0 in
  while !finished < Array.length fibers do
    incr round;
    Array.iteri (fun i st ->
        match st with
        | Paused (d, k) ->
          events.(i) <- d :: events.(i);
          fibers.(i) <- continue k ();
          (match fibers.(i) with Done _ -> incr finished | Paused _ -> ())
        | Done _ -> ()) fibers;
    (* A collection while every fiber is suspended at some depth. *)
    if !round mod 3 = 0 then Gc.full_major () else Gc.minor ()
  done;
  Array.iteri (fun i st ->
      let d, _ = specs.(i) in
      Printf.printf "fiber %d (depth %d): %s, suspensions: %s\n" i d
        (match st with Done v -> Printf.sprintf "%.1f" v | Paused _ -> "paused")
        (String.concat " " (List.rev_map string_of_int events.(i)))) fibers;
  Printf.printf "rounds: %d\n" !round;
  (* Grow and shrink the same fiber repeatedly. *)
  let rec down n = if n = 0 then (perform (At 0); 0) else 1 + down (n - 1) in
  let total = ref 0 in
  let st = ref (match_with (fun () ->
      for i = 1 to 30 do total := !total + down (if i mod 2 = 0 then 100_000 else 10) done; 0.0) ()
      { retc = (fun v -> Done v); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | At d -> Some (fun (k : (a, _) continuation) -> Paused (d, k))
            | _ -> None) }) in
  let n = ref 0 in
  while (match !st with Paused (_, k) -> incr n; st := continue k (); true | Done _ -> false) do () done;
  Printf.printf "grow/shrink: %d suspensions, total depth %d\n" !n !total
