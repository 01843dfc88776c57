(* Effects forwarded (reperformed) through five nested handlers: each level
   handles its own effect and forwards the others; an effect handled by the
   outermost crosses four handlers and the continuation spans five fibers.
   Also: the continuation of a forwarded effect kept and resumed later,
   a forwarded effect discontinued, Shallow handlers in the chain, and
   many round trips through the chain. *)
open Effect
open Effect.Deep
module S = Effect.Shallow

type _ Effect.t += L : int -> string Effect.t

let trace = Buffer.create 256
let note s = Buffer.add_string trace s; Buffer.add_char trace ' '
let dump label = Printf.printf "%s: %s\n" label (Buffer.contents trace); Buffer.clear trace

(* Level [lvl] handles exactly L lvl. *)
let level lvl f =
  match_with f ()
    { retc = (fun v -> note (Printf.sprintf "ret%d" lvl); v);
      exnc = (fun e -> note (Printf.sprintf "exn%d" lvl); raise e);
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | L n when n = lvl -> Some (fun (k : (a, _) continuation) ->
              note (Printf.sprintf "h%d" lvl);
              continue k (Printf.sprintf "from%d" lvl))
          | _ -> None) }

let five f = level 1 (fun () -> level 2 (fun () -> level 3 (fun () -> level 4 (fun () -> level 5 f))))

let () =
  let r = five (fun () -> String.concat "," (List.map (fun n -> perform (L n)) [5; 1; 3; 2; 4])) in
  dump r;
  (* Unknown level: forwarded by all five, Unhandled at the top. *)
  (match five (fun () -> perform (L 6)) with
   | s -> print_endline s
   | exception Unhandled _ -> dump "level 6 unhandled");
  (* The outermost handler keeps the 5-fiber continuation and returns; it
     is resumed later, from outside every handler. *)
  let saved = ref None in
  let r = match_with (fun () ->
      level 2 (fun () -> level 3 (fun () -> level 4 (fun () -> level 5 (fun () ->
          let x = perform (L 1) in
          x ^ "+" ^ perform (L 3))))))
      ()
      { retc = (fun v -> "finished " ^ v); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | L 1 -> Some (fun (k : (a, _) continuation) -> saved := Some (fun (v : string) -> continue k v); "parked")
            | _ -> None) } in
  dump r;
  (match !saved with Some resume -> dump (resume "late") | None -> ());
  (* A forwarded effect discontinued by the outermost handler: the
     exception unwinds five fibers, each exnc seeing it. *)
  let r = match_with (fun () -> five (fun () -> perform (L 0))) ()
      { retc = (fun v -> v);
        exnc = (fun e -> "outer exnc: " ^ Printexc.to_string e);
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | L 0 -> Some (fun (k : (a, _) continuation) -> discontinue k Exit)
            | _ -> None) } in
  dump r;
  (* A shallow handler in the middle of the chain forwards too. *)
  let shallow_mid f =
    let rec go : type x. (x, string) S.continuation -> x -> string = fun k v ->
      S.continue_with k v
        { S.retc = (fun v -> note "sret"; v); exnc = raise;
          effc = (fun (type a) (e : a Effect.t) -> match e with
              | L 9 -> Some (fun (k : (a, _) S.continuation) -> note "sh9"; go k "from-shallow")
              | _ -> None) } in
    go (S.fiber f) () in
  let r = level 1 (fun () -> level 2 (fun () -> shallow_mid (fun () -> level 4 (fun () ->
      String.concat "," [perform (L 1); perform (L 9); perform (L 4); perform (L 2)])))) in
  dump r;
  (* Many forwarded round trips. *)
  let n = ref 0 in
  ignore (five (fun () -> for i = 1 to 20_000 do n := !n + String.length (perform (L (1 + i mod 5))) done; ""));
  Buffer.clear trace;
  Printf.printf "round trips: %d\n" !n
