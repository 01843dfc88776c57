(* Properties the OCaml memory model guarantees to data-race-free programs
   and to message passing through Atomic: values published through an
   atomic flag are seen fully initialised; non-atomic writes before an
   Atomic.set are visible after the matching Atomic.get; data-race-free
   programs behave sequentially consistently (Dekker-style test through
   atomics never sees both zero). *)

type msg = { a : int; b : string; c : float array; d : int list }

let () =
  (* Message passing: payload written non-atomically, flag atomically. *)
  let ok = ref true in
  for round = 1 to 300 do
    let box = ref None and data = Array.make 8 0 in
    let flag = Atomic.make false in
    let reader = Domain.spawn (fun () ->
      while not (Atomic.get flag) do Domain.cpu_relax () done;
      match !box with
      | Some m -> m.a = round && m.b = string_of_int round && Array.length m.c = 3
                  && m.c.(2) = float_of_int round && m.d = [round; round + 1]
                  && Array.for_all (fun x -> x = round) data
      | None -> false) in
    Array.fill data 0 8 round;
    box := Some { a = round; b = string_of_int round; c = [| 0.; 1.; float_of_int round |]; d = [round; round + 1] };
    Atomic.set flag true;
    if not (Domain.join reader) then ok := false
  done;
  Printf.printf "message passing through an atomic flag: %b\n" !ok;
  (* Publication through an Atomic holding the value itself. *)
  let slot = Atomic.make None in
  let reader = Domain.spawn (fun () ->
    let rec wait () = match Atomic.get slot with None -> Domain.cpu_relax (); wait () | Some v -> v in
    let (s, arr) = wait () in
    String.length s = 1000 && Array.for_all (fun x -> x = 7) arr) in
  Atomic.set slot (Some (String.make 1000 'z', Array.make 500 7));
  Printf.printf "publication through Atomic: %b\n" (Domain.join reader);
  (* Store buffering with SC atomics: r1 = r2 = 0 is impossible. *)
  let both_zero = ref 0 in
  for _ = 1 to 300 do
    let x = Atomic.make 0 and y = Atomic.make 0 in
    let go = Atomic.make false in
    let d = Domain.spawn (fun () ->
      while not (Atomic.get go) do Domain.cpu_relax () done;
      Atomic.set y 1; Atomic.get x) in
    Atomic.set go true;
    Atomic.set x 1;
    let r1 = Atomic.get y in
    let r2 = Domain.join d in
    if r1 = 0 && r2 = 0 then incr both_zero
  done;
  Printf.printf "store buffering both zero: %d times\n" !both_zero;
  (* Racy non-atomic accesses are bounded: a reader of a racily updated
     ref sees only values that were written (never garbage). *)
  let r = ref 0 in
  let stop = Atomic.make false in
  let writer = Domain.spawn (fun () ->
    for i = 1 to 100_000 do r := i * 2 done; Atomic.set stop true) in
  let seen_bad = ref false in
  while not (Atomic.get stop) do
    let v = !r in
    if v land 1 <> 0 || v < 0 || v > 200_000 then seen_bad := true
  done;
  Domain.join writer;
  Printf.printf "racy reads only see written values: %b, final %d\n" (not !seen_bad) !r;
  (* Racy pointer publication: a reader following a racily written
     reference always finds a well-formed block. *)
  let cell = ref [| "init" |] in
  let stop = Atomic.make false in
  let writer = Domain.spawn (fun () ->
    for i = 1 to 20_000 do cell := Array.make 3 (string_of_int i) done; Atomic.set stop true) in
  let well_formed = ref true in
  while not (Atomic.get stop) do
    let a = !cell in
    if not (Array.length a = 1 && a.(0) = "init" || Array.length a = 3 && a.(0) = a.(2)) then well_formed := false
  done;
  Domain.join writer;
  Printf.printf "racily published blocks are well formed: %b\n" !well_formed;
  (* Racy float and bytes accesses are atomic per element. *)
  let fa = Array.make 4 0. and by = Bytes.make 4 'a' in
  let stop = Atomic.make false in
  let writer = Domain.spawn (fun () ->
    for i = 1 to 50_000 do
      fa.(i land 3) <- float_of_int i;
      Bytes.set by (i land 3) (if i land 1 = 0 then 'b' else 'c')
    done;
    Atomic.set stop true) in
  let sane = ref true in
  while not (Atomic.get stop) do
    let f = fa.(1) in
    if not (Float.is_integer f && f >= 0.) then sane := false;
    match Bytes.get by 1 with 'a' | 'b' | 'c' -> () | _ -> sane := false
  done;
  Domain.join writer;
  Printf.printf "racy float/byte elements never torn: %b\n" !sane
