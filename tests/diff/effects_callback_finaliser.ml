(* Effects performed inside callbacks from the runtime (finalisers run by
   Gc.full_major): the callback cannot see the handlers of the code that
   triggered it, so an effect is Unhandled there even when a handler is
   installed around the Gc call; a handler installed inside the callback
   works; a fiber started inside a callback can be resumed after it; an
   Unhandled escaping from a finaliser reaches the caller of Gc.full_major. *)
open Effect
open Effect.Deep

type _ Effect.t += Tick : int -> int Effect.t | Gen : int -> unit Effect.t

let handle_tick f = try_with f () { effc = (fun (type a) (e : a Effect.t) ->
    match e with Tick n -> Some (fun (k : (a, _) continuation) -> continue k (n * 10)) | _ -> None) }

let log = ref []
let say s = log := s :: !log
let flush_log label =
  Printf.printf "%s: %s\n" label (String.concat " | " (List.rev !log));
  log := []

(* Attach a finaliser to a fresh block that becomes garbage at once. *)
let[@inline never] with_garbage f =
  let v = Array.make 3 0 in
  Gc.finalise (fun _ -> f ()) v

type gen = Yielded of int * (unit, gen) continuation | Over

let () =
  (* 1. Unhandled inside a finaliser although a handler is installed
     around the Gc.full_major that runs it. *)
  with_garbage (fun () ->
      match perform (Tick 1) with
      | n -> say (Printf.sprintf "tick gave %d" n)
      | exception Unhandled (Tick n) -> say (Printf.sprintf "Unhandled Tick %d in finaliser" n));
  let r = handle_tick (fun () ->
      let before = perform (Tick 2) in
      Gc.full_major ();
      before + perform (Tick 3)) in
  say (Printf.sprintf "outer computation %d" r);
  flush_log "1";
  (* 2. A handler installed inside the finaliser handles it. *)
  with_garbage (fun () -> say (Printf.sprintf "inner handler gave %d" (handle_tick (fun () -> perform (Tick 4)))));
  handle_tick (fun () -> Gc.full_major ());
  flush_log "2";
  (* 3. Finaliser run outside any handler. *)
  with_garbage (fun () ->
      try ignore (perform (Tick 5)) with Unhandled _ -> say "Unhandled outside handlers");
  Gc.full_major ();
  flush_log "3";
  (* 4. A generator started in a finaliser, resumed after the callback has
     returned. *)
  let saved = ref Over in
  with_garbage (fun () ->
      saved := match_with (fun () -> for i = 1 to 3 do perform (Gen i) done) ()
          { retc = (fun () -> Over); exnc = raise;
            effc = (fun (type a) (e : a Effect.t) -> match e with
                | Gen i -> Some (fun (k : (a, gen) continuation) -> say (Printf.sprintf "gen %d yielded" i); Yielded (i, k))
                | _ -> None) });
  Gc.full_major ();
  let rec drain = function
    | Over -> say "generator over"
    | Yielded (i, k) -> say (Printf.sprintf "got %d" i); drain (continue k ()) in
  drain !saved;
  flush_log "4";
  (* 5. The Unhandled exception escapes the finaliser and reaches the code
     that called Gc.full_major, inside a fiber; that fiber carries on. *)
  with_garbage (fun () -> say "finaliser performing"; ignore (perform (Tick 6)); say "not reached");
  let r = handle_tick (fun () ->
      let a = perform (Tick 7) in
      (try Gc.full_major () with Unhandled (Tick n) -> say (Printf.sprintf "caught Unhandled Tick %d from Gc.full_major" n));
      a + perform (Tick 8)) in
  say (Printf.sprintf "result %d" r);
  flush_log "5";
  (* 6. Gc.finalise_last and a finaliser that itself triggers a collection
     whose finaliser performs. *)
  let v = ref (Some (Bytes.create 10)) in
  (match !v with
   | Some b -> Gc.finalise_last (fun () ->
       (try ignore (perform (Tick 9)) with Unhandled _ -> say "finalise_last: Unhandled");
       with_garbage (fun () -> try ignore (perform (Tick 10)) with Unhandled _ -> say "nested finaliser: Unhandled");
       Gc.full_major ()) b
   | None -> ());
  v := None;
  handle_tick (fun () -> Gc.full_major (); Gc.full_major ());
  flush_log "6"
