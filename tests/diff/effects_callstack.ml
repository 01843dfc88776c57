(* flags: -g *)
(* Call stacks through fibers: Printexc.get_callstack inside a fiber (the
   frames of the fiber and of the code that installed the handler),
   inside nested fibers, inside an effect clause, after a resume from
   elsewhere; Effect.Deep.get_callstack and Effect.Shallow.get_callstack
   on suspended continuations (only the suspended fibers' frames), with
   various limits; raw backtrace slots. *)
open Effect
open Effect.Deep
module S = Effect.Shallow

type _ Effect.t += Pause : unit Effect.t | Here : unit Effect.t

let print_cs label cs =
  Printf.printf "-- %s (%d frames)\n%s" label (Printexc.raw_backtrace_length cs)
    (Printexc.raw_backtrace_to_string cs)

let[@inline never] leaf label = print_cs label (Printexc.get_callstack 20); ()
let[@inline never] middle label = leaf label; ()
let[@inline never] top label = middle label; ()

let[@inline never] run_handled f =
  match_with f ()
    { retc = (fun () -> ());
      exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Here -> Some (fun (k : (a, _) continuation) ->
              print_cs "in effect clause" (Printexc.get_callstack 20);
              continue k ())
          | _ -> None) }

let[@inline never] rec descend n f = if n = 0 then (f (); 0) else 1 + descend (n - 1) f

let saved : (unit, unit) continuation option ref = ref None

let[@inline never] capture f =
  match_with f ()
    { retc = (fun () -> ());
      exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Pause -> Some (fun (k : (a, _) continuation) -> saved := Some k)
          | _ -> None) }

let[@inline never] suspended_here () = perform Pause; leaf "resumed from elsewhere"
let[@inline never] outer_frame () = suspended_here (); ()

let () =
  top "main";
  run_handled (fun () -> top "in fiber");
  run_handled (fun () -> run_handled (fun () -> run_handled (fun () -> top "three fibers deep")));
  run_handled (fun () -> ignore (descend 3 (fun () -> perform Here)));
  run_handled (fun () -> ignore (descend 2 (fun () -> print_cs "limit 3" (Printexc.get_callstack 3))));
  (* A suspended continuation. *)
  capture (fun () -> ignore (descend 2 outer_frame));
  (match !saved with
   | Some k ->
     print_cs "Deep.get_callstack 10" (get_callstack k 10);
     print_cs "Deep.get_callstack 2" (get_callstack k 2);
     print_cs "Deep.get_callstack 0" (get_callstack k 0);
     (* Still resumable after get_callstack. *)
     let[@inline never] resumer () = continue k () in
     resumer ()
   | None -> ());
  (* A continuation spanning two fibers (effect forwarded by an inner
     handler to the outer one). *)
  saved := None;
  capture (fun () -> run_handled (fun () -> ignore (descend 1 (fun () -> perform Pause))));
  (match !saved with
   | Some k -> print_cs "two fibers" (get_callstack k 20); continue k ()
   | None -> ());
  (* Shallow. *)
  let k = S.fiber (fun () -> ignore (descend 2 (fun () -> perform Pause))) in
  print_cs "fresh shallow fiber" (S.get_callstack k 10);
  S.continue_with k ()
    { S.retc = (fun () -> ()); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Pause -> Some (fun (k : (a, _) S.continuation) ->
              print_cs "suspended shallow fiber" (S.get_callstack k 10);
              S.continue_with k () { S.retc = (fun () -> ()); exnc = raise; effc = (fun _ -> None) })
          | _ -> None) };
  (* Slots of a fiber call stack. *)
  run_handled (fun () ->
      let cs = Printexc.get_callstack 5 in
      match Printexc.backtrace_slots cs with
      | None -> print_endline "no slots"
      | Some slots ->
        Array.iter (fun s -> match Printexc.Slot.location s with
            | Some l -> Printf.printf "slot %s:%d inline=%b\n" l.Printexc.filename l.Printexc.line_number
                          (Printexc.Slot.is_inline s)
            | None -> print_endline "slot without location") slots)
