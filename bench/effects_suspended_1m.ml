(* Memory per suspended fiber: 1_000_000 fibers each perform once and are
   kept suspended (their continuations in an array) until all exist; then
   they are all resumed and finish.  Compare peak RSS. *)
open Effect
open Effect.Deep

type _ Effect.t += Park : unit Effect.t

let n = 1_000_000

let () =
  let conts : (unit, unit) continuation option array = Array.make n None in
  for i = 0 to n - 1 do
    match_with (fun () -> perform Park) ()
      { retc = (fun () -> ()); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Park -> Some (fun (k : (a, _) continuation) -> conts.(i) <- Some k)
            | _ -> None) }
  done;
  let live = Array.fold_left (fun acc c -> if c = None then acc else acc + 1) 0 conts in
  Array.iteri (fun i c -> match c with Some k -> conts.(i) <- None; continue k () | None -> ()) conts;
  Printf.printf "suspended at once: %d\n" live
