(* State and reader handlers nested three deep: each layer handles its own
   effects and forwards the others, and inner layers shadow outer ones of
   the same kind (a reader inside a reader answers first).  Local
   (scoped) modification of a reader, state rollback with exceptions, and
   a write-log collected by the outermost layer. *)
open Effect
open Effect.Deep

module type STATE = sig
  type t
  val get : unit -> t
  val put : t -> unit
  val run : init:t -> (unit -> 'a) -> 'a * t
end

module State (T : sig type t end) : STATE with type t = T.t = struct
  type t = T.t
  type _ Effect.t += Get : t Effect.t | Put : t -> unit Effect.t
  let get () = perform Get
  let put v = perform (Put v)
  let run (type r) ~(init : t) (f : unit -> r) : r * t =
    let s : t ref = ref init in
    let r = try_with f ()
        { effc = (fun (type a) (e : a Effect.t) ->
              match e with
              | Get -> Some (fun (k : (a, r) continuation) -> continue k (!s : t))
              | Put v -> Some (fun (k : (a, _) continuation) -> s := v; continue k ())
              | _ -> None) } in
    (r, !s)
end

module Reader (T : sig type t end) = struct
  type _ Effect.t += Ask : T.t Effect.t
  let ask () = perform Ask
  let run (type r) (v : T.t) (f : unit -> r) : r =
    try_with f ()
      { effc = (fun (type a) (e : a Effect.t) ->
            match e with
            | Ask -> Some (fun (k : (a, r) continuation) -> continue k v)
            | _ -> None) }
  (* local f g: run g with the environment transformed by f. *)
  let local f g = run (f (ask ())) g
end

module IntState = State (struct type t = int end)
module StrState = State (struct type t = string list end)
module Env = Reader (struct type t = string end)
module Depth = Reader (struct type t = int end)

let () =
  (* Three layers: string-list state (outermost), reader, int state. *)
  let (r, counter), log =
    StrState.run ~init:[] (fun () ->
        Env.run "prod" (fun () ->
            IntState.run ~init:100 (fun () ->
                for i = 1 to 5 do
                  IntState.put (IntState.get () + i);
                  StrState.put (Printf.sprintf "%s:%d" (Env.ask ()) (IntState.get ()) :: StrState.get ())
                done;
                Env.ask () ^ "-done"))) in
  Printf.printf "three deep: %s counter=%d log=[%s]\n" r counter (String.concat ";" (List.rev log));
  (* Three readers of the same kind: the innermost answers. *)
  let s = Env.run "outer" (fun () ->
      let a = Env.ask () in
      Env.run "middle" (fun () ->
          let b = Env.ask () in
          Env.run "inner" (fun () -> String.concat "," [a; b; Env.ask ()]))) in
  Printf.printf "shadowing: %s\n" s;
  (* local: a modified environment for a sub-computation only. *)
  let s = Depth.run 0 (fun () ->
      let rec descend n =
        if n = 3 then string_of_int (Depth.ask ())
        else Depth.local (fun d -> d + 10) (fun () ->
            string_of_int (Depth.ask ()) ^ ">" ^ descend (n + 1)) in
      descend 0 ^ " back to " ^ string_of_int (Depth.ask ())) in
  Printf.printf "local: %s\n" s;
  (* Two int states nested: the inner shadows the outer; both are updated
     from inside a third handler (a reader) between them. *)
  let ((inner_r, inner_final), outer_final) =
    IntState.run ~init:1 (fun () ->
        Depth.run 7 (fun () ->
            IntState.run ~init:1000 (fun () ->
                IntState.put (IntState.get () + Depth.ask ());
                IntState.get ()))) in
  Printf.printf "nested states: inner result %d final %d, outer final %d\n"
    inner_r inner_final outer_final;
  (* An exception inside the innermost layer: the state layers it crosses
     keep the values set before the raise (no rollback with ref-based
     state); the handler outside all three sees the exception. *)
  let st = ref "" in
  (try
     ignore (StrState.run ~init:["start"] (fun () ->
         Env.run "e" (fun () ->
             IntState.run ~init:0 (fun () ->
                 IntState.put 5;
                 StrState.put ["before raise"];
                 st := String.concat "," (StrState.get ());
                 if IntState.get () = 5 then failwith "boom";
                 ()))))
   with Failure m -> Printf.printf "exception through three layers: %s (log was %s)\n" m !st);
  (* Many operations through three layers. *)
  let ((), total), steps =
    IntState.run ~init:0 (fun () ->
        Env.run "x" (fun () ->
            IntState.run ~init:0 (fun () ->
                for _ = 1 to 50_000 do
                  IntState.put (IntState.get () + String.length (Env.ask ()))
                done))) |> fun ((r, inner), outer) -> ((r, inner), outer) in
  Printf.printf "many ops: total=%d outer=%d\n" total steps;
  (* Unhandled when every layer declines. *)
  (try ignore (Env.run "a" (fun () -> IntState.run ~init:0 (fun () -> Depth.ask ())))
   with Unhandled _ -> print_endline "no Depth reader: Unhandled")
