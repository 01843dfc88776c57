(* Mutex error behaviour as on stock: Sys_error for unlocking an unlocked
   mutex, relocking by the owner, unlocking from a domain that does not
   hold it; try_lock; Mutex.protect releasing on exceptions. *)

let report what f =
  match f () with
  | () -> Printf.printf "%s: ok\n" what
  | exception Sys_error m -> Printf.printf "%s: Sys_error %S\n" what m
  | exception e -> Printf.printf "%s: %s\n" what (Printexc.to_string e)

let () =
  let m = Mutex.create () in
  report "unlock unlocked" (fun () -> Mutex.unlock m);
  report "lock" (fun () -> Mutex.lock m);
  report "relock by owner" (fun () -> Mutex.lock m);
  Printf.printf "try_lock while held by self: %b\n" (Mutex.try_lock m);
  (* Another domain cannot unlock it, and cannot take it. *)
  let r = Domain.join (Domain.spawn (fun () ->
    let a = (try Mutex.unlock m; "unlocked" with Sys_error s -> "Sys_error " ^ s) in
    let b = Mutex.try_lock m in
    Printf.sprintf "%s; try_lock %b" a b)) in
  Printf.printf "from another domain: %s\n" r;
  report "unlock by owner" (fun () -> Mutex.unlock m);
  report "unlock twice" (fun () -> Mutex.unlock m);
  (* Taken in another domain, which then finishes without unlocking. *)
  Domain.join (Domain.spawn (fun () -> Mutex.lock m));
  Printf.printf "try_lock of mutex held by a finished domain: %b\n" (Mutex.try_lock m);
  report "unlock of mutex held by a finished domain" (fun () -> Mutex.unlock m);
  (* Mutex.protect releases on exceptions and reports them. *)
  let m = Mutex.create () in
  (match Mutex.protect m (fun () -> failwith "inside protect") with
   | () -> ()
   | exception Failure s -> Printf.printf "protect re-raised: %s\n" s);
  Printf.printf "released after exception: %b\n" (Mutex.try_lock m);
  Mutex.unlock m;
  (* protect across domains: a shared counter with exceptions every 7th. *)
  let count = ref 0 and raised = Atomic.make 0 in
  List.iter Domain.join (List.init 4 (fun _ -> Domain.spawn (fun () ->
    for i = 1 to 700 do
      try Mutex.protect m (fun () -> incr count; if i mod 7 = 0 then raise Exit)
      with Exit -> Atomic.incr raised
    done)));
  Printf.printf "protected count %d, exceptions %d, free at end %b\n" !count (Atomic.get raised) (Mutex.try_lock m);
  Mutex.unlock m;
  (* Condition.wait with a mutex not held. *)
  let c = Condition.create () in
  let m2 = Mutex.create () in
  Condition.signal c; Condition.broadcast c;
  print_endline "signal/broadcast with no waiters: ok";
  ignore m2;
  (* Unlock of a mutex created in another domain. *)
  let m3 = Domain.join (Domain.spawn (fun () -> let m = Mutex.create () in Mutex.lock m; m)) in
  report "unlock of other domain's locked mutex" (fun () -> Mutex.unlock m3);
  (* Errors inside a domain propagate through join. *)
  (match Domain.join (Domain.spawn (fun () -> let m = Mutex.create () in Mutex.unlock m)) with
   | () -> print_endline "no error?"
   | exception Sys_error s -> Printf.printf "join re-raised Sys_error %S\n" s)
