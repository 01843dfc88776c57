(* flags: -g *)
(* env: OCAMLRUNPARAM=b *)
(* The interpreter runs Effect.Deep.continue, match_with and the effect
   clause of try_with/match_with as specialised instructions, falling back
   to the bytecode whenever it would do anything else.  This program goes
   through every fallback: partial and over-application, continuations
   already resumed, effc returning None (reperform) or raising, values and
   exceptions through nested handlers, and a backtrace through them. *)
open Effect
open Effect.Deep

type _ Effect.t += Get : int Effect.t | Ask : string -> int Effect.t
type _ Effect.t += Fn : (int -> int) Effect.t

let get_handler (v : int) =
  { effc = (fun (type a) (e : a Effect.t) -> match e with
        | Get -> Some (fun (k : (a, _) continuation) -> continue k v)
        | _ -> None) }

let () =
  (* partial application of continue: the continuation is resumed later *)
  let r = try_with (fun () -> perform Get + perform Get) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Get -> Some (fun (k : (a, _) continuation) ->
                let resume = continue k in
                resume 20)
            | _ -> None) } in
  Printf.printf "partial continue: %d\n" r;
  (* continue through List.map (continue k as a closure) *)
  let r = try_with (fun () -> perform Get * 3) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Get -> Some (fun (k : (a, _) continuation) ->
                List.hd (List.map (continue k) [7]))
            | _ -> None) } in
  Printf.printf "continue via List.map: %d\n" r;
  (* over-application: the fiber's result is a function, applied at once *)
  let f = match_with (fun () -> let n = perform Get in fun x -> x + n) ()
      { retc = (fun g -> g); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Get -> Some (fun (k : (a, _) continuation) -> continue k 100)
            | _ -> None) } in
  Printf.printf "function result: %d\n" (f 5);
  let r = (match_with (fun () -> let n = perform Get in fun x y -> x * y + n) ()
             { retc = (fun g -> g); exnc = raise;
               effc = (fun (type a) (e : a Effect.t) -> match e with
                   | Get -> Some (fun (k : (a, _) continuation) -> continue k 1)
                   | _ -> None) }) 6 7 in
  Printf.printf "over-applied match_with: %d\n" r;
  let r = try_with (fun () -> (perform Fn) 41) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Fn -> Some (fun (k : (a, _) continuation) -> continue k (fun x -> x + 1))
            | _ -> None) } in
  Printf.printf "continue with a function: %d\n" r;
  (* partial application of match_with and try_with *)
  let mw = match_with (fun x -> x * 2 + perform Get) 10 in
  let h = { retc = (fun v -> v + 1); exnc = raise;
            effc = (fun (type a) (e : a Effect.t) -> match e with
                | Get -> Some (fun (k : (a, _) continuation) -> continue k 3)
                | _ -> None) } in
  Printf.printf "partial match_with: %d %d\n" (mw h) (mw h);
  let tw = try_with (fun () -> perform Get) in
  Printf.printf "partial try_with: %d\n" (tw () (get_handler 9));
  (* continue twice: the second raises *)
  let saved = ref None in
  let r = try_with (fun () -> perform Get) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Get -> Some (fun (k : (a, _) continuation) ->
                saved := Some (Obj.magic k : (int, int) continuation); continue k 1)
            | _ -> None) } in
  Printf.printf "first: %d\n" r;
  (match !saved with
   | Some k -> (try ignore (continue k 2) with
       | Continuation_already_resumed -> print_endline "already resumed")
   | None -> ());
  (* None from the inner effc: forwarded to the outer handler, 3 deep *)
  let r = try_with (fun () ->
      try_with (fun () ->
          try_with (fun () -> perform (Ask "x") + perform Get) ()
            { effc = (fun (type a) (e : a Effect.t) -> match e with
                  | Get -> Some (fun (k : (a, _) continuation) -> continue k 1000)
                  | _ -> None) }) ()
        { effc = (fun _ -> None) }) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Ask s -> Some (fun (k : (a, _) continuation) -> continue k (String.length s + 1))
            | _ -> None) } in
  Printf.printf "forwarded: %d\n" r;
  (* effc raising, and the effect clause raising after continue *)
  (match try_with (fun () -> perform Get) ()
           { effc = (fun (type a) (e : a Effect.t) -> match e with
                 | Get -> failwith "effc raised"
                 | _ -> None) } with
   | _ -> ()
   | exception Failure s -> Printf.printf "caught: %s\n" s);
  (match match_with (fun () -> perform Get + 1) ()
           { retc = (fun v -> if v > 5 then raise Exit else v); exnc = raise;
             effc = (fun (type a) (e : a Effect.t) -> match e with
                 | Get -> Some (fun (k : (a, _) continuation) -> continue k 10)
                 | _ -> None) } with
   | v -> Printf.printf "no exit %d\n" v
   | exception Exit -> print_endline "retc raised Exit");
  (* exceptions from the fiber go to exnc *)
  let r = match_with (fun () -> if perform Get > 0 then raise Not_found else 0) ()
      { retc = (fun v -> v); exnc = (function Not_found -> -1 | e -> raise e);
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Get -> Some (fun (k : (a, _) continuation) -> continue k 1)
            | _ -> None) } in
  Printf.printf "exnc: %d\n" r;
  (* discontinue goes through the generic path *)
  let r = match_with (fun () -> try perform Get with Exit -> 77) ()
      { retc = (fun v -> v); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Get -> Some (fun (k : (a, _) continuation) -> discontinue k Exit)
            | _ -> None) } in
  Printf.printf "discontinue: %d\n" r;
  (* many round trips mixed with allocation, then a minor and major GC *)
  let acc = ref 0 in
  let r = try_with (fun () ->
      for i = 1 to 100_000 do
        acc := !acc + perform Get + List.length [i; i];
        if i mod 25_000 = 0 then (Gc.minor (); Gc.full_major ())
      done; !acc) () (get_handler 3) in
  Printf.printf "round trips: %d\n" r;
  let n = ref 0 in
  for i = 1 to 100_000 do
    n := !n + match_with (fun x -> x land 7) i
        { retc = (fun v -> v + 1); exnc = raise; effc = (fun _ -> None) }
  done;
  Printf.printf "fibers: %d\n" !n;
  (* a backtrace through the specialised frames *)
  let[@inline never] rec deep n = if n = 0 then (ignore (perform Get); failwith "deep") else 1 + deep (n - 1) in
  (try ignore (try_with deep 3 (get_handler 0))
   with Failure _ as e ->
     let bt = Printexc.get_raw_backtrace () in
     Printf.printf "backtrace of %s: %d slots\n" (Printexc.to_string e)
       (Printexc.raw_backtrace_length bt);
     Printexc.print_raw_backtrace stdout bt);
  (* unhandled effect from inside nested specialised handlers *)
  (try ignore (try_with (fun () -> perform (Ask "zz")) () (get_handler 0))
   with Unhandled _ -> print_endline "unhandled Ask")
