(* Continuation_already_resumed: a continuation is one-shot.  Second
   continue, discontinue after continue, continue after discontinue, a
   continuation resumed from inside its own computation, a continuation
   that finished, Shallow continuations, get_callstack on a used
   continuation; the first resume's effects are unaffected. *)
open Effect
open Effect.Deep
module S = Effect.Shallow

type _ Effect.t += E : int Effect.t

let saved : (int, string) continuation option ref = ref None

let attempt name f =
  match f () with
  | s -> Printf.printf "%s: %s\n" name s
  | exception Continuation_already_resumed -> Printf.printf "%s: Continuation_already_resumed\n" name
  | exception e -> Printf.printf "%s: other exception %s\n" name (Printexc.to_string e)

let with_k (body : (int, string) continuation -> string) =
  match_with (fun () -> "computation returned " ^ string_of_int (perform E)) ()
    { retc = (fun s -> s); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | E -> Some (fun (k : (a, _) continuation) -> body k)
          | _ -> None) }

let () =
  attempt "continue twice" (fun () -> with_k (fun k ->
      let first = continue k 1 in
      first ^ " / " ^ continue k 2));
  attempt "continue then discontinue" (fun () -> with_k (fun k ->
      ignore (continue k 1); discontinue k Exit));
  attempt "discontinue then continue" (fun () -> with_k (fun k ->
      (try ignore (discontinue k Not_found) with Not_found -> print_endline "  (Not_found came back)");
      continue k 3));
  attempt "discontinue twice" (fun () -> with_k (fun k ->
      (try ignore (discontinue k Not_found) with Not_found -> ());
      discontinue k Not_found));
  (* Keep the continuation, let the handler return, resume later, twice. *)
  attempt "escape and resume" (fun () -> with_k (fun k -> saved := Some k; "handler returned"));
  (match !saved with
   | Some k ->
     attempt "  first resume" (fun () -> continue k 10);
     attempt "  second resume" (fun () -> continue k 11);
     attempt "  get_callstack after use" (fun () ->
         Printf.sprintf "%d frames" (Printexc.raw_backtrace_length (get_callstack k 10)))
   | None -> ());
  (* The second resume happens inside the computation resumed by the first. *)
  let k_ref = ref None in
  attempt "resume from inside" (fun () ->
      match_with (fun () ->
          let v = perform E in
          (match !k_ref with
           | Some k -> (try ignore (continue k 99) with Continuation_already_resumed ->
               print_endline "  inner resume refused")
           | None -> ());
          string_of_int v) ()
        { retc = (fun s -> s); exnc = raise;
          effc = (fun (type a) (e : a Effect.t) -> match e with
              | E -> Some (fun (k : (a, _) continuation) -> k_ref := Some (Obj.magic k); continue k 5)
              | _ -> None) });
  (* Shallow continuations, including the one from Shallow.fiber. *)
  let k = S.fiber (fun () -> perform E + 1) in
  let h = { S.retc = string_of_int; exnc = raise;
            effc = (fun (type a) (e : a Effect.t) -> match e with
                | E -> Some (fun (k2 : (a, _) S.continuation) ->
                    "suspended; " ^ S.continue_with k2 41 { S.retc = string_of_int; exnc = raise; effc = (fun _ -> None) })
                | _ -> None) } in
  attempt "shallow first" (fun () -> S.continue_with k () h);
  attempt "shallow second" (fun () -> S.continue_with k () h);
  attempt "shallow discontinue after use" (fun () -> S.discontinue_with k Exit h);
  let k = S.fiber (fun () -> 0) in
  attempt "shallow discontinue" (fun () -> S.discontinue_with k Exit
      { S.retc = string_of_int; exnc = (fun e -> "exnc " ^ Printexc.to_string e); effc = (fun _ -> None) });
  attempt "shallow continue after discontinue" (fun () -> S.continue_with k () h);
  (* Exceptions other than Continuation_already_resumed are unchanged. *)
  attempt "many" (fun () ->
      let n = ref 0 in
      for _ = 1 to 1000 do
        ignore (with_k (fun k -> ignore (continue k 0);
                         try continue k 0 with Continuation_already_resumed -> incr n; ""))
      done;
      string_of_int !n)
