(* Effects performed while a lazy value is being forced: the forcing
   suspends with the fiber; forcing the same lazy value again while it is
   suspended raises Lazy.Undefined (at the second force, not the first);
   the suspended forcing completes when resumed; a lazy whose forcing is
   discontinued can be forced again (the exception is memorised as for
   any raising lazy). *)
open Effect
open Effect.Deep

type _ Effect.t += Need : string -> int Effect.t

let provider (tbl : (string * int) list) f =
  try_with f () { effc = (fun (type a) (e : a Effect.t) -> match e with
      | Need s -> Some (fun (k : (a, _) continuation) -> continue k (List.assoc s tbl))
      | _ -> None) }

type st = Parked of (int, st) continuation | Value of int

let () =
  let l = lazy (perform (Need "x") * 2) in
  Printf.printf "forced under a handler: %d\n" (provider ["x", 21] (fun () -> Lazy.force l));
  Printf.printf "forced again (memoised, no handler needed): %d\n" (Lazy.force l);
  (* Suspend in the middle of forcing. *)
  let l2 = lazy (let a = perform (Need "a") in a + 1) in
  let st = match_with (fun () -> Lazy.force l2) ()
      { retc = (fun v -> Value v); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Need _ -> Some (fun (k : (a, _) continuation) -> Parked k)
            | _ -> None) } in
  (match Lazy.force l2 with
   | v -> Printf.printf "no Undefined? %d\n" v
   | exception Lazy.Undefined -> print_endline "second force while suspended: Lazy.Undefined");
  Printf.printf "is_val while suspended: %b\n" (Lazy.is_val l2);
  (match st with
   | Parked k -> (match continue k 99 with Value v -> Printf.printf "resumed forcing: %d\n" v | Parked _ -> ())
   | Value _ -> ());
  Printf.printf "after: is_val %b, value %d\n" (Lazy.is_val l2) (Lazy.force l2);
  (* Discontinued forcing. *)
  let l3 = lazy (perform (Need "b") + 1) in
  (match try_with (fun () -> Lazy.force l3) ()
           { effc = (fun (type a) (e : a Effect.t) -> match e with
                 | Need _ -> Some (fun (k : (a, _) continuation) -> discontinue k Not_found)
                 | _ -> None) } with
   | v -> Printf.printf "l3 = %d\n" v
   | exception Not_found -> print_endline "l3 forcing discontinued: Not_found");
  (match Lazy.force l3 with
   | v -> Printf.printf "l3 forced again: %d\n" v
   | exception Not_found -> print_endline "l3 forced again: Not_found (memorised)"
   | exception Lazy.Undefined -> print_endline "l3 forced again: Undefined");
  (* Unhandled inside a lazy, then forced again under a handler. *)
  let l4 = lazy (perform (Need "c")) in
  (match Lazy.force l4 with
   | v -> Printf.printf "l4 = %d\n" v
   | exception Unhandled _ -> print_endline "l4: Unhandled");
  (match provider ["c", 5] (fun () -> Lazy.force l4) with
   | v -> Printf.printf "l4 under handler: %d\n" v
   | exception Unhandled _ -> print_endline "l4 under handler: Unhandled (memorised)");
  (* Many lazies forced inside fibers. *)
  let ls = Array.init 10_000 (fun i -> lazy (perform (Need "x") + i)) in
  let s = provider ["x", 1] (fun () -> Array.fold_left (fun acc l -> acc + Lazy.force l) 0 ls) in
  Printf.printf "many: %d\n" s
