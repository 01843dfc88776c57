(* Without -g, backtraces cannot be printed; the message says so. *)
(* env: OCAMLRUNPARAM=b *)
exception E

let f () = raise E

let () =
  Printexc.record_backtrace true;
  (try f () with E -> Printexc.print_backtrace stdout);
  Printf.printf "get_backtrace: %S\n" (Printexc.get_backtrace ());
  Printf.printf "slots: %b\n" (Printexc.backtrace_slots (Printexc.get_raw_backtrace ()) = None);
  f ()
