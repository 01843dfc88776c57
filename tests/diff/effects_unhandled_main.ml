(* An unhandled effect performed directly by the main program (no fiber at
   all), uncaught, with OCAMLRUNPARAM=b and -g: the error message and the
   backtrace of the Unhandled exception. *)
(* flags: -g *)
(* env: OCAMLRUNPARAM=b *)
type _ Effect.t += Ping : unit Effect.t

let[@inline never] ping () = Effect.perform Ping; print_endline "not reached"

let () =
  print_endline "start";
  ping ()
