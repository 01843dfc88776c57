(* Handlers that never resume: the continuation is dropped.  Its fiber
   (and the values only its stack refers to) become garbage: finalisers
   of such values run at the next full major GC, weak pointers to them
   are cleared, Fun.protect's ~finally does not run, and 300_000
   dropped fibers, some with grown stacks, do not exhaust anything. *)
open Effect
open Effect.Deep

type _ Effect.t += Abort : unit Effect.t | Hold : unit Effect.t

let abort_handler f =
  try_with f () { effc = (fun (type a) (e : a Effect.t) -> match e with
      | Abort -> Some (fun (_ : (a, _) continuation) -> "aborted")
      | _ -> None) }

let finalised = ref 0

let[@inline never] make_tracked tag =
  let v = Bytes.make 16 tag in
  Gc.finalise (fun _ -> incr finalised) v;
  v

let weak = Weak.create 4

let () =
  (* 1. A value only live in the dropped fiber's stack. *)
  let r = abort_handler (fun () ->
      let v = make_tracked 'a' in
      let w = Bytes.make 8 'w' in
      Weak.set weak 0 (Some w);
      perform Abort;
      Bytes.to_string v ^ Bytes.to_string w) in
  Gc.full_major ();
  Printf.printf "1: %s, finalised=%d, weak cleared=%b\n" r !finalised (not (Weak.check weak 0));
  (* 2. Fun.protect around the perform: finally never runs. *)
  let r = abort_handler (fun () ->
      Fun.protect ~finally:(fun () -> print_endline "finally ran (unexpected)")
        (fun () -> perform Abort; "no")) in
  Gc.full_major ();
  Printf.printf "2: %s\n" r;
  (* 3. Nested fibers all dropped by an outer handler. *)
  finalised := 0;
  let r = abort_handler (fun () ->
      let a = make_tracked 'x' in
      let inner = try_with (fun () ->
          let b = make_tracked 'y' in
          let w = Bytes.make 8 'w' in
          Weak.set weak 1 (Some w);
          perform Abort; Bytes.to_string b ^ Bytes.to_string w) ()
          { effc = (fun (type a) (e : a Effect.t) -> match e with
                | Hold -> Some (fun (k : (a, _) continuation) -> continue k ()) | _ -> None) } in
      Bytes.to_string a ^ inner) in
  Gc.full_major ();
  Printf.printf "3: %s, finalised=%d, weak cleared=%b\n" r !finalised (not (Weak.check weak 1));
  (* 4. A continuation kept for a while in a data structure, then dropped. *)
  finalised := 0;
  let kept = ref [] in
  for i = 1 to 100 do
    try_with (fun () -> let v = make_tracked (Char.chr (48 + i mod 10)) in perform Hold; ignore (Bytes.length v)) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Hold -> Some (fun (k : (a, _) continuation) -> kept := Obj.repr k :: !kept)
            | _ -> None) }
  done;
  Gc.full_major ();
  Printf.printf "4: while kept: %d continuations, finalised=%d\n" (List.length !kept) !finalised;
  kept := [];
  Gc.full_major ();
  Printf.printf "4: after drop: finalised=%d\n" !finalised;
  (* 5. 300_000 dropped fibers; every 300th has a deep stack. *)
  let rec deep n = if n = 0 then (perform Abort; 0) else 1 + deep (n - 1) in
  let count = ref 0 in
  for i = 1 to 300_000 do
    let r = abort_handler (fun () -> if i mod 300 = 0 then string_of_int (deep 5_000) else (perform Abort; "x")) in
    if r = "aborted" then incr count
  done;
  Gc.full_major ();
  Printf.printf "5: %d aborted\n" !count;
  (* 6. The handler's frame is fine afterwards: a normal effect round trip. *)
  let r = try_with (fun () -> perform Hold; "resumed normally") ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Hold -> Some (fun (k : (a, _) continuation) -> continue k ()) | _ -> None) } in
  Printf.printf "6: %s\n" r;
  (* 7. Shallow fibers created and never started, and shallow fibers
     suspended once, all dropped. *)
  let module S = Effect.Shallow in
  let n = ref 0 in
  for i = 1 to 100_000 do
    let k = S.fiber (fun () -> perform Abort; i) in
    if i mod 2 = 0 then
      S.continue_with k ()
        { S.retc = (fun _ -> ()); exnc = raise;
          effc = (fun (type a) (e : a Effect.t) -> match e with
              | Abort -> Some (fun (_ : (a, _) S.continuation) -> incr n)
              | _ -> None) }
  done;
  Gc.full_major ();
  Printf.printf "7: %d shallow fibers suspended and dropped, 50000 never started\n" !n
