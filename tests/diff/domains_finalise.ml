(* Finalisers attached in one domain, values collected by Gc.full_major in
   another.  Only counts that are deterministic on stock are printed: every
   finaliser of a dead value has run once the owning domain (or, for a
   terminated domain, the main domain) has done a full major GC and
   reached a safepoint. *)

let count = Atomic.make 0
let sum = Atomic.make 0

let attach n base =
  for i = 1 to n do
    let r = ref (base + i) in
    Gc.finalise (fun r -> Atomic.incr count; ignore (Atomic.fetch_and_add sum !r)) r
  done

let () =
  (* 1. Attached in a domain that terminates; collected from main. *)
  Domain.join (Domain.spawn (fun () -> attach 100 0));
  Gc.full_major ();
  Printf.printf "1. attached in finished domain, main full_major: count %d sum %d\n" (Atomic.get count) (Atomic.get sum);
  (* 2. Attached in main; another domain runs full_major; main then
     reaches a safepoint. *)
  attach 100 1000;
  Domain.join (Domain.spawn (fun () -> Gc.full_major (); Gc.full_major ()));
  Gc.full_major ();
  Printf.printf "2. attached in main, collected from another: count %d sum %d\n" (Atomic.get count) (Atomic.get sum);
  (* 3. Values kept alive across domains are not finalised. *)
  let keep = Array.init 50 (fun i -> ref i) in
  let kept_fin = Atomic.make 0 in
  Array.iter (fun r -> Gc.finalise (fun _ -> Atomic.incr kept_fin) r) keep;
  Domain.join (Domain.spawn (fun () -> Gc.full_major (); Array.fold_left (fun a r -> a + !r) 0 keep)) |> ignore;
  Gc.full_major ();
  Printf.printf "3. live values not finalised: %d, still readable sum %d\n" (Atomic.get kept_fin)
    (Array.fold_left (fun a r -> a + !r) 0 keep);
  (* 4. A long-lived domain attaches finalisers, signals, and waits while
     main collects; then it collects itself. *)
  let m = Mutex.create () and c = Condition.create () in
  let stage = ref 0 in
  let wait_for n = Mutex.lock m; while !stage < n do Condition.wait c m done; Mutex.unlock m in
  let advance () = Mutex.lock m; incr stage; Condition.broadcast c; Mutex.unlock m in
  let before = Atomic.get count in
  let d = Domain.spawn (fun () ->
    attach 200 5000;
    advance ();           (* stage 1: attached *)
    wait_for 2;           (* main has collected *)
    Gc.full_major ();
    Gc.full_major ()) in
  wait_for 1;
  Gc.full_major ();
  advance ();
  Domain.join d;
  Gc.full_major ();
  Printf.printf "4. long-lived domain: %d more finalised\n" (Atomic.get count - before);
  (* 5. finalise_last, attached in several domains at once. *)
  let last = Atomic.make 0 in
  List.iter Domain.join (List.init 4 (fun _ -> Domain.spawn (fun () ->
    for _ = 1 to 50 do Gc.finalise_last (fun () -> Atomic.incr last) (ref 0) done;
    Gc.full_major ())));
  Gc.full_major ();
  Printf.printf "5. finalise_last from 4 domains: %d\n" (Atomic.get last);
  (* 6. A finaliser that allocates and resurrects into a shared structure. *)
  let saved = Mutex.create () and box = ref [] in
  Domain.join (Domain.spawn (fun () ->
    for i = 1 to 20 do
      Gc.finalise (fun s -> Mutex.protect saved (fun () -> box := (s ^ "!") :: !box)) (String.make 3 (Char.chr (64 + i)))
    done));
  Gc.full_major ();
  Gc.full_major ();
  Printf.printf "6. resurrected strings: %s\n" (String.concat " " (List.sort compare !box));
  Printf.printf "total count %d\n" (Atomic.get count)
