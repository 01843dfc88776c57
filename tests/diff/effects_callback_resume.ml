(* Continuations captured outside a callback from the runtime (a
   finaliser run by Gc.full_major) and resumed inside it: the resumed
   computation keeps its own handler (a deep handler travels with the
   continuation), performs more effects that this handler takes, can be
   suspended again inside the callback and resumed after it; an effect the
   continuation's handler declines is Unhandled at the callback boundary.
   The callback is triggered both from the main stack and from a fiber. *)
open Effect
open Effect.Deep

type _ Effect.t += Step : int -> int Effect.t | Outer : int Effect.t

type st = Paused of int * (int, st) continuation | Finished of string

let start f =
  match_with f ()
    { retc = (fun s -> Finished s); exnc = (fun e -> Finished ("exn " ^ Printexc.to_string e));
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Step n -> Some (fun (k : (a, _) continuation) -> Paused (n, k))
          | _ -> None) }

let log = ref []
let say s = log := s :: !log

let[@inline never] finaliser_on_garbage f =
  let v = Array.make 2 0 in Gc.finalise (fun _ -> f ()) v

let with_outer f = try_with f () { effc = (fun (type a) (e : a Effect.t) -> match e with
    | Outer -> Some (fun (k : (a, _) continuation) -> continue k 100) | _ -> None) }

let () =
  let computation () =
    let a = perform (Step 1) in
    let b = perform (Step (a + 1)) in
    let c = perform (Step (b + 1)) in
    Printf.sprintf "a=%d b=%d c=%d" a b c in
  let st = ref (start computation) in
  (* First resume inside the callback, which resumes until the fiber is
     suspended for the second time, and leaves it suspended. *)
  finaliser_on_garbage (fun () ->
      match !st with
      | Paused (n, k) ->
        say (Printf.sprintf "callback resumes at %d" n);
        (match continue k (n * 10) with
         | Paused (m, k2) -> say (Printf.sprintf "suspended again at %d inside the callback" m); st := Paused (m, k2)
         | Finished s -> say ("finished in callback: " ^ s); st := Finished s)
      | Finished _ -> say "nothing to resume");
  Gc.full_major ();
  let rec finish () = match !st with
    | Paused (n, k) -> say (Printf.sprintf "main resumes at %d" n); st := continue k (n * 10); finish ()
    | Finished s -> say ("finished: " ^ s) in
  finish ();
  Printf.printf "1: %s\n" (String.concat " | " (List.rev !log)); log := [];
  (* A continuation whose computation performs an effect that its handler
     declines, resumed in a callback triggered inside a fiber that would
     handle it: Unhandled, since the callback hides that handler. *)
  let st = ref (start (fun () -> let x = perform (Step 0) in string_of_int (x + perform Outer))) in
  with_outer (fun () ->
      finaliser_on_garbage (fun () ->
          match !st with
          | Paused (_, k) -> (match continue k 5 with
              | Finished s -> say ("in callback: " ^ s)
              | Paused _ -> say "paused?"
              | exception Unhandled _ -> say "Unhandled Outer in callback")
          | Finished _ -> ());
      Gc.full_major ();
      say ("outer handler still works: " ^ string_of_int (perform Outer)));
  Printf.printf "2: %s\n" (String.concat " | " (List.rev !log)); log := [];
  (* The same continuation resumed outside any callback, under the handler:
     Outer is found. *)
  let st = start (fun () -> let x = perform (Step 0) in string_of_int (x + perform Outer)) in
  (match st with
   | Paused (_, k) -> (match with_outer (fun () -> continue k 5) with
       | Finished s -> Printf.printf "3: outside callback: %s\n" s
       | Paused _ -> print_endline "3: paused?")
   | Finished _ -> ())
