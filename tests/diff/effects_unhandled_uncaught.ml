(* flags: -g *)
(* env: OCAMLRUNPARAM=b *)
(* An effect that no handler matches, never caught: the program dies with
   "Fatal error: exception Stdlib.Effect.Unhandled(...)" and exit code 2.
   It is performed inside two handlers that decline it, after output that
   must be flushed, and with an at_exit function that runs first. *)
open Effect
open Effect.Deep

type _ Effect.t += Missing : int -> string Effect.t | Other : unit Effect.t

let decline f = try_with f () { effc = (fun (type a) (e : a Effect.t) ->
    match e with Other -> Some (fun (k : (a, _) continuation) -> continue k ()) | _ -> None) }

let () =
  at_exit (fun () -> print_endline "at_exit ran");
  print_string "before (unflushed)";
  decline (fun () ->
      perform Other;
      decline (fun () ->
          print_endline "; inside two handlers";
          print_endline (perform (Missing 42))))
