(* Effects performed inside exception handlers (the `with` part of try,
   match ... with exception, Fun.protect's finally) and exceptions raised
   and handled inside effect clauses; a continuation captured while an
   exception handler is running, resumed later, then raising again so
   that the enclosing trap frames must still be right. *)
open Effect
open Effect.Deep

type _ Effect.t += Log : string -> unit Effect.t | Ask : int Effect.t

let logged f =
  let buf = ref [] in
  let r = try_with f ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Log s -> Some (fun (k : (a, _) continuation) -> buf := s :: !buf; continue k ())
            | Ask -> Some (fun (k : (a, _) continuation) ->
                (* An exception raised and caught inside the effect clause. *)
                let v = try if List.length !buf > 2 then raise Exit else 10 with Exit -> 20 in
                continue k v)
            | _ -> None) } in
  Printf.printf "%s  [log: %s]\n" r (String.concat "; " (List.rev !buf))

exception Boom of int

let () =
  logged (fun () ->
      try perform (Log "in body"); raise (Boom 1)
      with Boom n -> perform (Log (Printf.sprintf "in handler for Boom %d" n)); "try-with");
  logged (fun () ->
      match (perform (Log "a"); raise (Boom 2)) with
      | () -> "no"
      | exception Boom n -> perform (Log "b"); Printf.sprintf "match-exception %d, ask=%d" n (perform Ask));
  logged (fun () ->
      let r = try
          Fun.protect ~finally:(fun () -> perform (Log "finally performing"))
            (fun () -> perform (Log "protected body"); raise (Boom 3))
        with Boom n -> Printf.sprintf "after finally, Boom %d" n in
      r);
  (* Nested try blocks, effects at each level, exceptions re-raised
     through them. *)
  logged (fun () ->
      try
        try
          try perform (Log "level 3"); raise (Boom 3)
          with Boom n -> perform (Log "handler 3"); raise (Boom (n + 1))
        with Boom n -> perform (Log "handler 2"); ignore (perform Ask); raise (Boom (n + 1))
      with Boom n -> perform (Log "handler 1"); Printf.sprintf "nested, Boom %d, ask=%d" n (perform Ask));
  (* An exception handler suspended mid-way: the effect clause keeps the
     continuation, returns, and the continuation is resumed afterwards;
     then the handler code raises, and the try around it (inside the
     fiber) catches. *)
  let saved : (int, string) continuation option ref = ref None in
  let r = match_with (fun () ->
      try
        (try raise (Boom 7)
         with Boom n -> let v = perform Ask in raise (Boom (n + v)))
      with Boom m -> Printf.sprintf "outer try in fiber caught Boom %d" m) ()
      { retc = (fun s -> s); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Ask -> Some (fun (k : (a, _) continuation) -> saved := Some k; "suspended in handler")
            | _ -> None) } in
  print_endline r;
  (match !saved with
   | Some k ->
     (* Resume inside some unrelated try blocks of the main program. *)
     (try
        (try print_endline ("resumed: " ^ continue k 100)
         with Not_found -> print_endline "wrong trap")
      with _ -> print_endline "wrong trap 2")
   | None -> ());
  (* Exceptions raised in an effect clause and caught by a try around the
     handler, while another try inside the computation is pending. *)
  let r = try
      try_with (fun () -> try perform Ask with Boom _ -> -1) ()
        { effc = (fun (type a) (e : a Effect.t) -> match e with
              | Ask -> Some (fun (_ : (a, _) continuation) -> raise (Boom 9))
              | _ -> None) }
    with Boom n -> 1000 + n in
  Printf.printf "clause raise skips the computation's try: %d\n" r;
  (* Many alternations. *)
  let count = ref 0 in
  logged (fun () ->
      for i = 1 to 20_000 do
        try if i mod 2 = 0 then raise (Boom i) else count := !count + perform Ask
        with Boom _ -> count := !count + perform Ask
      done;
      string_of_int !count)
