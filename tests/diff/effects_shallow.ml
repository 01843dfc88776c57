(* flags: -g *)
(* Effect.Shallow in detail: a different handler for every step of the
   same fiber (a protocol state machine), discontinue_with and
   discontinue_with_backtrace, fibers of various argument/result types,
   a Shallow fiber inside a Deep handler and a Deep handler inside a
   Shallow fiber, effects forwarded out of a shallow handler, and a
   shallow fiber driven 100_000 steps. *)
open Effect
module S = Effect.Shallow
module D = Effect.Deep

type _ Effect.t += Send : string -> unit Effect.t | Recv : string Effect.t | Tick : unit Effect.t

(* A protocol: the client must Send "hello", then Recv, then Send "bye".
   Each state is a different shallow handler. *)
let rec expect_hello k =
  S.continue_with k ()
    { S.retc = (fun () -> "ended before hello"); exnc = (fun e -> "error: " ^ Printexc.to_string e);
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Send "hello" -> Some (fun (k : (a, _) S.continuation) -> expect_recv k)
          | Send m -> Some (fun (k : (a, _) S.continuation) ->
              S.discontinue_with k (Failure ("unexpected " ^ m))
                { S.retc = (fun () -> "client ignored the failure"); exnc = (fun e -> "client failed: " ^ Printexc.to_string e); effc = (fun _ -> None) })
          | _ -> None) }
and expect_recv : (unit, unit) S.continuation -> string = fun k ->
  S.continue_with k ()
    { S.retc = (fun () -> "ended before recv"); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Recv -> Some (fun (k : (a, _) S.continuation) -> expect_bye k)
          | _ -> None) }
and expect_bye : (string, unit) S.continuation -> string = fun k ->
  S.continue_with k "welcome"
    { S.retc = (fun () -> "ended before bye"); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Send "bye" -> Some (fun (k : (a, _) S.continuation) ->
              S.continue_with k () { S.retc = (fun () -> "protocol complete"); exnc = raise; effc = (fun _ -> None) })
          | _ -> None) }

exception Stop

let[@inline never] make_bt () = try raise Stop with Stop -> Printexc.get_raw_backtrace ()

let () =
  Printexc.record_backtrace true;
  print_endline (expect_hello (S.fiber (fun () -> perform (Send "hello"); let w = perform Recv in print_endline ("  client got " ^ w); perform (Send "bye"))));
  print_endline (expect_hello (S.fiber (fun () -> perform (Send "hi"))));
  print_endline (expect_hello (S.fiber (fun () -> try perform (Send "hi") with Failure m -> print_endline ("  client caught " ^ m))));
  print_endline (expect_hello (S.fiber (fun () -> perform (Send "hello"))));
  (* discontinue_with_backtrace on a suspended shallow fiber. *)
  let k = S.fiber (fun () -> try perform Tick; "not stopped" with Stop ->
      "stopped, backtrace:\n" ^ Printexc.raw_backtrace_to_string (Printexc.get_raw_backtrace ())) in
  let r = S.continue_with k ()
      { S.retc = (fun s -> s); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Tick -> Some (fun (k : (a, _) S.continuation) ->
                S.discontinue_with_backtrace k Stop (make_bt ())
                  { S.retc = (fun s -> s); exnc = raise; effc = (fun _ -> None) })
            | _ -> None) } in
  print_string r;
  (* Fibers of other types. *)
  let k = S.fiber (fun (l : int list) -> perform Tick; List.length l, List.rev l) in
  let n, l = S.continue_with k [1; 2; 3]
      { S.retc = (fun x -> x); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Tick -> Some (fun (k : (a, _) S.continuation) ->
                S.continue_with k () { S.retc = (fun (n, l) -> (n * 10, 0 :: l)); exnc = raise; effc = (fun _ -> None) })
            | _ -> None) } in
  Printf.printf "typed fiber: %d [%s]\n" n (String.concat ";" (List.map string_of_int l));
  (* A Deep handler around a shallow fiber: effects the shallow handler
     declines are forwarded to it. *)
  let r = D.try_with (fun () ->
      let k = S.fiber (fun () -> perform Tick; perform Recv ^ "+" ^ perform Recv) in
      let rec drive : type x. (x, string) S.continuation -> x -> string = fun k v ->
        S.continue_with k v
          { S.retc = (fun s -> s); exnc = raise;
            effc = (fun (type a) (e : a Effect.t) -> match e with
                | Tick -> Some (fun (k : (a, _) S.continuation) -> drive k ())
                | _ -> None) } in
      drive k ()) ()
      { D.effc = (fun (type a) (e : a Effect.t) -> match e with
            | Recv -> Some (fun (k : (a, _) D.continuation) -> D.continue k "deep")
            | _ -> None) } in
  Printf.printf "deep around shallow: %s\n" r;
  (* A Deep handler inside a shallow fiber. *)
  let k = S.fiber (fun () ->
      let inner = D.try_with (fun () -> perform Recv ^ "/" ^ perform Recv) ()
          { D.effc = (fun (type a) (e : a Effect.t) -> match e with
                | Recv -> Some (fun (k : (a, _) D.continuation) -> perform Tick; D.continue k "in")
                | _ -> None) } in
      inner) in
  let ticks = ref 0 in
  let rec drive k = S.continue_with k ()
      { S.retc = (fun s -> s); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Tick -> Some (fun (k : (a, _) S.continuation) -> incr ticks; drive k)
            | _ -> None) } in
  let r = drive k in
  Printf.printf "deep inside shallow: %s after %d ticks\n" r !ticks;
  (* 100_000 steps, one handler per step. *)
  let k = S.fiber (fun () -> for _ = 1 to 100_000 do perform Tick done; "end") in
  let rec loop k n = S.continue_with k ()
      { S.retc = (fun s -> Printf.sprintf "%s after %d steps" s n); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Tick -> Some (fun (k : (a, _) S.continuation) -> loop k (n + 1))
            | _ -> None) } in
  print_endline (loop k 0)
