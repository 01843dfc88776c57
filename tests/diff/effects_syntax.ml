(* The effect syntax of OCaml 5.3: `match e with effect P, k -> ...`
   alongside value and exception cases; continuations from it used with
   Effect.Deep.continue/discontinue; nested matches, or-patterns and
   guards on effect patterns, effects not matched by any case forwarded
   to enclosing matches; a generator and a state handler written with it. *)
open Effect
open Effect.Deep

type _ Effect.t +=
  | Get : int Effect.t
  | Set : int -> unit Effect.t
  | Emit : string -> unit Effect.t
  | Choose : bool Effect.t

let run_state (init : int) f =
  let s = ref init in
  let r = match f () with
    | v -> v
    | effect Get, k -> continue k !s
    | effect (Set v), k -> s := v; continue k () in
  (r, !s)

let collect f =
  let acc = ref [] in
  (match f () with
   | () -> ()
   | effect (Emit s), k -> acc := s :: !acc; continue k ());
  List.rev !acc

(* All results of a nondeterministic computation: needs multi-shot in
   general, so instead pick both branches by re-running with a script. *)
let run_script (script : bool list) f =
  let script = ref script in
  match f () with
  | v -> Some v
  | effect Choose, k ->
    (match !script with
     | b :: rest -> script := rest; continue k b
     | [] -> discontinue k Exit)
  | exception Exit -> None

let () =
  let r, s = run_state 10 (fun () -> let x = perform Get in perform (Set (x * 3)); perform Get + 1) in
  Printf.printf "state: result %d, final %d\n" r s;
  let l = collect (fun () -> List.iter (fun w -> perform (Emit (String.uppercase_ascii w))) ["a"; "bc"; "def"]) in
  Printf.printf "collect: %s\n" (String.concat "," l);
  (* Value, exception and effect cases together. *)
  let classify f =
    match f () with
    | 0 -> "zero"
    | n when n < 0 -> "negative"
    | n -> "positive " ^ string_of_int n
    | exception Not_found -> "not found"
    | exception Failure m -> "failure " ^ m
    | effect (Set n), k when n > 100 -> discontinue k (Failure "too big") |> fun s -> "discontinued: " ^ s
    | effect (Set _), k -> continue k ()
    | effect (Get | Choose), _ -> "get or choose: dropped" in
  print_endline (classify (fun () -> 0));
  print_endline (classify (fun () -> -5));
  print_endline (classify (fun () -> perform (Set 3); 7));
  print_endline (classify (fun () -> raise Not_found));
  print_endline (classify (fun () -> perform (Set 1000); 1));
  print_endline (classify (fun () -> perform Get));
  print_endline (classify (fun () -> if perform Choose then 1 else 2));
  (* Unmatched effects go to the enclosing match. *)
  let (r, s) = run_state 1 (fun () ->
      collect (fun () ->
          perform (Emit (string_of_int (perform Get)));
          perform (Set 42);
          perform (Emit "x"))) in
  Printf.printf "nested: [%s] state %d\n" (String.concat ";" r) s;
  (* Scripted choices. *)
  let prog () = let a = perform Choose in let b = perform Choose in
    (if a then 2 else 0) + (if b then 1 else 0) in
  List.iter (fun sc ->
      Printf.printf "script %s -> %s\n"
        (String.concat "" (List.map (fun b -> if b then "T" else "F") sc))
        (match run_script sc prog with Some v -> string_of_int v | None -> "none"))
    [ [true; true]; [true; false]; [false; true]; [false] ];
  (* Unhandled: no case matches and no enclosing handler. *)
  (match run_state 0 (fun () -> perform (Emit "lost"); 0) with
   | _ -> print_endline "no"
   | exception Unhandled (Emit s) -> Printf.printf "unhandled Emit %s\n" s);
  (* The continuation can escape the match. *)
  let saved : (unit, unit) continuation option ref = ref None in
  (match (perform (Emit "first"); perform (Emit "second")) with
   | () -> print_endline "done"
   | effect (Emit s), k -> print_endline ("escaped at " ^ s); saved := Some k);
  (match !saved with
   | Some k -> (match continue k () with
       | () -> print_endline "continued to the end"
       | effect (Emit s), _ -> print_endline ("not here: " ^ s))
   | None -> ());
  (* Many iterations. *)
  let r, s = run_state 0 (fun () -> for i = 1 to 100_000 do perform (Set (perform Get + i)) done; perform Get) in
  Printf.printf "loop: %d %d\n" r s
