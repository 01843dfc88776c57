(* flags: -g *)
(* Printexc backtrace API: record_backtrace, print_backtrace,
   get_backtrace, raw backtraces and slots, get_callstack,
   raise_with_backtrace. *)
exception Boom of int

let[@inline never] thrower n = if n > 0 then raise (Boom n) else n
let[@inline never] wrapper n = thrower n + 1
let[@inline never] catcher n =
  try wrapper n with Boom k -> Printexc.print_backtrace stdout; k * 100

let show_slots bt =
  match Printexc.backtrace_slots bt with
  | None -> print_endline "no slots"
  | Some slots ->
    Array.iteri (fun i s ->
      let loc = match Printexc.Slot.location s with
        | Some l -> Printf.sprintf "%s:%d:%d-%d" l.filename l.line_number l.start_char l.end_char
        | None -> "no location" in
      Printf.printf "slot %d: raise=%b inline=%b name=%s %s\n" i (Printexc.Slot.is_raise s) (Printexc.Slot.is_inline s)
        (Option.value ~default:"?" (Printexc.Slot.name s)) loc;
      print_endline (Option.value ~default:"(none)" (Printexc.Slot.format i s)))
      slots

let () =
  Printf.printf "recording initially: %b\n" (Printexc.backtrace_status ());
  Printexc.record_backtrace true;
  Printf.printf "recording now: %b\n" (Printexc.backtrace_status ());
  Printf.printf "catcher -> %d\n" (catcher 3);
  (try ignore (wrapper 5) with Boom _ ->
     let s = Printexc.get_backtrace () in
     print_string "get_backtrace:\n"; print_string s;
     let raw = Printexc.get_raw_backtrace () in
     Printf.printf "raw length %d\n" (Printexc.raw_backtrace_length raw);
     print_string (Printexc.raw_backtrace_to_string raw);
     show_slots raw;
     (match Printexc.get_raw_backtrace_slot raw 0 |> Printexc.convert_raw_backtrace_slot |> Printexc.Slot.location with
      | Some l -> Printf.printf "first slot line %d\n" l.line_number
      | None -> print_endline "first slot: none");
     (match Printexc.get_raw_backtrace_next_slot (Printexc.get_raw_backtrace_slot raw 0) with
      | None -> print_endline "no next slot" | Some _ -> print_endline "has next slot"));
  (* raise_with_backtrace keeps the original trace. *)
  let saved = try ignore (wrapper 7); None with Boom _ -> Some (Printexc.get_raw_backtrace ()) in
  (try Printexc.raise_with_backtrace (Boom 8) (Option.get saved)
   with Boom n -> Printf.printf "re-raised Boom %d with saved trace:\n" n; Printexc.print_backtrace stdout);
  (* Callstack. *)
  let[@inline never] leaf () = Printexc.get_callstack 3 in
  let cs = leaf () in
  Printf.printf "callstack length %d\n" (Printexc.raw_backtrace_length cs);
  print_string (Printexc.raw_backtrace_to_string cs);
  (* Re-raise inside a handler produces "Re-raised at". *)
  (try (try ignore (wrapper 9) with e -> raise e) with Boom _ -> Printexc.print_backtrace stdout);
  (* An exception raised with raise_notrace has an empty trace. *)
  (try raise_notrace (Boom 0) with Boom _ -> Printf.printf "notrace: %S\n" (Printexc.get_backtrace ()));
  (* Turning recording off. *)
  Printexc.record_backtrace false;
  (try ignore (wrapper 1) with Boom _ -> Printf.printf "after disabling: %S\n" (Printexc.get_backtrace ()));
  Printexc.record_backtrace true;
  (* An uncaught exception with recording on prints the trace. *)
  Printexc.set_uncaught_exception_handler (fun e bt ->
    Printf.eprintf "custom handler: %s\n" (Printexc.to_string e);
    Printexc.print_raw_backtrace stderr bt;
    exit 5);
  ignore (wrapper 42)
