(* Effect handlers: deep and shallow handlers, continue/discontinue,
   generators, state, unhandled effects. *)
open Effect
open Effect.Deep

type _ Effect.t += Ask : int Effect.t | Tell : string -> unit Effect.t | Yield : int -> unit Effect.t

let with_ask (v : int) f =
  try_with f () { effc = (fun (type a) (e : a Effect.t) -> match e with
    | Ask -> Some (fun (k : (a, _) continuation) -> continue k v)
    | _ -> None) }

let collect_tells f =
  let log = ref [] in
  let r = match_with f () { retc = (fun x -> x); exnc = raise;
    effc = (fun (type a) (e : a Effect.t) -> match e with
      | Tell s -> Some (fun (k : (a, _) continuation) -> log := s :: !log; continue k ())
      | _ -> None) } in
  (r, List.rev !log)

let generate (f : unit -> unit) : int Seq.t =
  fun () ->
    match_with f () { retc = (fun () -> Seq.Nil); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
        | Yield n -> Some (fun (k : (a, _) continuation) -> Seq.Cons (n, fun () -> continue k ()))
        | _ -> None) }

let () =
  Printf.printf "ask: %d\n" (with_ask 21 (fun () -> perform Ask * 2));
  let r, log = collect_tells (fun () -> perform (Tell "a"); perform (Tell "b"); with_ask 5 (fun () -> perform (Tell "c"); perform Ask)) in
  Printf.printf "tells: %d [%s]\n" r (String.concat ";" log);
  let g = generate (fun () -> for i = 1 to 5 do perform (Yield (i * i)) done) in
  Printf.printf "generator: %s\n" (String.concat " " (List.of_seq (Seq.map string_of_int g)));
  (* Discontinue raises inside the computation. *)
  let r = try_with (fun () -> try perform Ask with Exit -> -1) ()
    { effc = (fun (type a) (e : a Effect.t) -> match e with
      | Ask -> Some (fun (k : (a, _) continuation) -> discontinue k Exit)
      | _ -> None) } in
  Printf.printf "discontinue: %d\n" r;
  (* Unhandled effect. *)
  (try ignore (perform Ask) with Unhandled e -> Printf.printf "unhandled: %b\n" (match e with Ask -> true | _ -> false));
  (* Continuation used twice. *)
  (try
     try_with (fun () -> perform Ask) ()
       { effc = (fun (type a) (e : a Effect.t) -> match e with
         | Ask -> Some (fun (k : (a, _) continuation) -> ignore (continue k 1); continue k 2)
         | _ -> None) } |> ignore
   with Continuation_already_resumed -> print_endline "Continuation_already_resumed");
  (* State via effects, many performs. *)
  let module St = struct type _ Effect.t += Get : int Effect.t | Put : int -> unit Effect.t end in
  let run_state (init : int) f =
    let state = ref init in
    let r = try_with f () { effc = (fun (type a) (e : a Effect.t) -> match e with
      | St.Get -> Some (fun (k : (a, _) continuation) -> continue k !state)
      | St.Put v -> Some (fun (k : (a, _) continuation) -> state := v; continue k ())
      | _ -> None) } in
    (r, !state) in
  let r, final = run_state 0 (fun () -> for i = 1 to 100_000 do perform (St.Put (perform St.Get + i)) done; "done") in
  Printf.printf "state: %s %d\n" r final;
  (* Shallow handlers. *)
  let module Sh = Effect.Shallow in
  let rec loop : type r. (unit, r) Sh.continuation -> int -> int = fun k acc ->
    Sh.continue_with k () { retc = (fun _ -> acc); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
        | Yield n -> Some (fun (k' : (a, _) Sh.continuation) -> loop k' (acc + n))
        | _ -> None) } in
  let k = Sh.fiber (fun () -> for i = 1 to 10 do perform (Yield i) done) in
  Printf.printf "shallow sum: %d\n" (loop k 0);
  (* Exceptions escaping through handlers. *)
  (try with_ask 1 (fun () -> ignore (perform Ask); failwith "inside handler") with Failure m -> Printf.printf "escaped: %s\n" m);
  (* Deep recursion inside a fiber. *)
  let rec depth n = if n = 0 then perform Ask else 1 + depth (n - 1) in
  Printf.printf "deep in fiber: %d\n" (with_ask 7 (fun () -> depth 100_000))
