(* Effect.Unhandled caught: at top level, inside handlers that decline the
   effect, inside the effect clause of a handler (performing a second
   effect there goes to the outer handlers), after a handler has returned,
   and carrying the effect value, which can be inspected and performed
   again under a handler. *)
open Effect
open Effect.Deep

type _ Effect.t += A : int -> int Effect.t | B : string Effect.t | C : unit Effect.t

let handle_a f = try_with f () { effc = (fun (type a) (e : a Effect.t) ->
    match e with A n -> Some (fun (k : (a, _) continuation) -> continue k (n + 1)) | _ -> None) }
let handle_b f = try_with f () { effc = (fun (type a) (e : a Effect.t) ->
    match e with B -> Some (fun (k : (a, _) continuation) -> continue k "b!") | _ -> None) }

let describe (type a) (e : a Effect.t) = match e with
  | A n -> Printf.sprintf "A %d" n | B -> "B" | C -> "C" | _ -> "?"

let report name f =
  match f () with
  | s -> Printf.printf "%s: returned %s\n" name s
  | exception Unhandled e -> Printf.printf "%s: Unhandled (%s)\n" name (describe e)

let () =
  report "top" (fun () -> string_of_int (perform (A 1)));
  report "handled" (fun () -> handle_a (fun () -> string_of_int (perform (A 1))));
  report "declined" (fun () -> handle_a (fun () -> perform B));
  report "declined twice" (fun () -> handle_b (fun () -> handle_a (fun () -> perform C; "x")));
  report "outer handles" (fun () -> handle_b (fun () -> handle_a (fun () -> perform B)));
  (* Caught inside the computation: the fiber goes on and can perform
     handled effects afterwards. *)
  report "caught inside" (fun () ->
      handle_a (fun () ->
          let s = try perform B with Unhandled e -> "recovered from " ^ describe e in
          s ^ ", then " ^ string_of_int (perform (A 10))));
  (* Inside an effect clause, the handler itself is no longer installed:
     performing its own effect there is unhandled unless an outer handler
     takes it. *)
  report "in effect clause" (fun () ->
      try_with (fun () -> string_of_int (perform (A 5))) ()
        { effc = (fun (type a) (e : a Effect.t) -> match e with
              | A n -> Some (fun (k : (a, _) continuation) ->
                  let inner = try perform (A 100) with Unhandled _ -> -1 in
                  continue k (n + inner))
              | _ -> None) });
  report "in effect clause, outer handler" (fun () ->
      handle_a (fun () ->
          try_with (fun () -> string_of_int (perform (A 5))) ()
            { effc = (fun (type a) (e : a Effect.t) -> match e with
                  | A n -> Some (fun (k : (a, _) continuation) ->
                      continue k (n + perform (A 100)))
                  | _ -> None) }));
  (* In the value and exception clauses of match_with. *)
  report "in retc" (fun () ->
      match_with (fun () -> 1) ()
        { retc = (fun v -> string_of_int (v + perform (A 0)));
          exnc = raise;
          effc = (fun (type a) (e : a Effect.t) -> match e with
              | A _ -> Some (fun (k : (a, _) continuation) -> continue k 0) | _ -> None) });
  report "in exnc" (fun () ->
      match_with (fun () -> raise Exit) ()
        { retc = (fun () -> "no");
          exnc = (fun _ -> perform B);
          effc = (fun (type a) (e : a Effect.t) -> match e with
              | B -> Some (fun (k : (a, _) continuation) -> continue k "from handler") | _ -> None) });
  (* The effect carried by Unhandled is a first-class value: perform it
     again, this time under a handler. *)
  let saved = ref None in
  (try ignore (perform (A 41)) with Unhandled e ->
     saved := Some (fun () -> match e with A _ -> (perform e : int) | _ -> 0));
  (match !saved with
   | Some f -> Printf.printf "replayed: %d\n" (handle_a f)
   | None -> print_endline "nothing saved");
  (* The printer registered by the Effect module. *)
  (try perform (A 7) |> ignore with e -> print_endline (Printexc.to_string e));
  (try perform C with e -> print_endline (Printexc.to_string e));
  (* Many unhandled effects in a loop. *)
  let n = ref 0 in
  for i = 1 to 10_000 do
    try ignore (handle_b (fun () -> perform (A i))) with Unhandled (A j) when j = i -> incr n
  done;
  Printf.printf "loop: %d\n" !n
