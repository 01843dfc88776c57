(* Effect.Deep.match_with and try_with: the value clause (retc) changing
   the result type, the exception clause (exnc) handling or re-raising,
   the order of clause calls, what `continue` returns to an effect clause
   (the result of retc for the rest of the computation), post-processing
   after continue, a handler whose effc declines everything, and clauses
   that themselves install handlers or perform to outer ones. *)
open Effect
open Effect.Deep

type _ Effect.t += Num : int -> int Effect.t | Str : string Effect.t

let events = ref []
let ev s = events := s :: !events
let show_events label = Printf.printf "%s: %s\n" label (String.concat ", " (List.rev !events)); events := []

let handler : (int, string) handler =
  { retc = (fun v -> ev (Printf.sprintf "retc %d" v); Printf.sprintf "<%d>" v);
    exnc = (fun e -> ev ("exnc " ^ Printexc.to_string e);
             match e with Not_found -> "recovered" | e -> raise e);
    effc = (fun (type a) (e : a Effect.t) -> match e with
        | Num n -> Some (fun (k : (a, _) continuation) ->
            ev (Printf.sprintf "effc Num %d" n);
            let rest = continue k (n * 2) in
            ev (Printf.sprintf "after continue got %s" rest);
            "[" ^ rest ^ "]")
        | _ -> None) }

let () =
  print_endline (match_with (fun x -> x + 1) 41 handler); show_events "plain";
  print_endline (match_with (fun () -> perform (Num 1) + perform (Num 10)) () handler); show_events "two effects";
  print_endline (match_with (fun () -> raise Not_found) () handler); show_events "exnc handles";
  (match match_with (fun () -> perform (Num 3) + failwith "bad") () handler with
   | s -> print_endline s
   | exception Failure m -> print_endline ("escaped: " ^ m));
  show_events "exnc re-raises";
  (* Declining every effect: the handler is transparent. *)
  let transparent f = match_with f () { retc = (fun v -> ev "t-retc"; v); exnc = raise; effc = (fun _ -> None) } in
  print_endline (match_with (fun () -> transparent (fun () -> perform (Num 5))) () handler);
  show_events "transparent";
  (* try_with: the value passes through unchanged. *)
  let r = try_with (fun s -> s ^ perform Str) "a"
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Str -> Some (fun (k : (a, _) continuation) -> ev "effc Str"; continue k "b" ^ "!")
            | _ -> None) } in
  ev r; show_events "try_with";
  (* The effect clause performs an effect: it goes to the outer handler,
     since the clause runs outside the inner handler. *)
  let r = match_with (fun () ->
      try_with (fun () -> perform Str) ()
        { effc = (fun (type a) (e : a Effect.t) -> match e with
              | Str -> Some (fun (k : (a, _) continuation) ->
                  let n = perform (Num 7) in continue k (string_of_int n))
              | _ -> None) } |> int_of_string) () handler in
  print_endline r; show_events "clause performs outward";
  (* retc performs an effect, handled by an outer handler. *)
  let r = match_with (fun () ->
      match_with (fun () -> 4) ()
        { retc = (fun v -> v + perform (Num v)); exnc = raise; effc = (fun _ -> None) }) () handler in
  print_endline r; show_events "retc performs outward";
  (* exnc performs an effect. *)
  let r = match_with (fun () ->
      match_with (fun () -> raise Exit) ()
        { retc = (fun v -> v); exnc = (fun _ -> perform (Num 100)); effc = (fun _ -> None) }) () handler in
  print_endline r; show_events "exnc performs outward";
  (* The handler record reused for many computations, and a computation
     that is not a closure literal. *)
  let total = ref 0 in
  for i = 1 to 1000 do
    total := !total + String.length (match_with (fun x -> perform (Num x)) i handler)
  done;
  events := [];
  Printf.printf "reused handler: %d\n" !total;
  (* The continuation's answer type is the handler's result type: a
     handler that returns lists built around continue. *)
  let r = match_with (fun () -> perform (Num 1) + perform (Num 2) + perform (Num 3)) ()
      { retc = (fun v -> [v]); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Num n -> Some (fun (k : (a, _) continuation) -> n :: continue k n)
            | _ -> None) } in
  Printf.printf "list answer: %s\n" (String.concat " " (List.map string_of_int r))
