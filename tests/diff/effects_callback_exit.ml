(* Effects at program exit, where the runtime calls OCaml code itself: the
   uncaught-exception handler (Printexc.set_uncaught_exception_handler)
   and the at_exit functions run by the runtime after an uncaught
   exception.  The exception escaped from inside a fiber; performing
   there is Unhandled (caught and reported), a handler installed there
   works, and the exit code is stock's. *)
open Effect
open Effect.Deep

type _ Effect.t += Get : string Effect.t

let provide (v : string) f = try_with f () { effc = (fun (type a) (e : a Effect.t) ->
    match e with Get -> Some (fun (k : (a, _) continuation) -> continue k v) | _ -> None) }

let () =
  at_exit (fun () ->
      (try print_endline ("at_exit got " ^ perform Get)
       with Unhandled _ -> print_endline "at_exit: Unhandled");
      print_endline ("at_exit with handler: " ^ provide "fine" (fun () -> perform Get)));
  Printexc.set_uncaught_exception_handler (fun exn _bt ->
      Printf.eprintf "handler sees %s\n" (Printexc.to_string exn);
      (try ignore (perform Get) with Unhandled _ -> prerr_endline "uncaught handler: Unhandled");
      prerr_endline ("uncaught handler with handler: " ^ provide "ok" (fun () -> perform Get));
      flush stderr);
  provide "outer" (fun () ->
      print_endline ("main got " ^ perform Get);
      provide "inner" (fun () ->
          print_endline ("nested got " ^ perform Get);
          failwith "escaping from two fibers"))
  |> print_endline
