(* flags: -g *)
(* env: OCAMLRUNPARAM=b *)
(* Backtraces of exceptions raised inside fibers: caught outside the
   handlers (Printexc.get_backtrace), re-raised by exnc, raised after a
   resume, raised in an effect clause; finally an uncaught exception from
   three fibers deep, printed by the runtime with its backtrace. *)
open Effect
open Effect.Deep

type _ Effect.t += Step : int -> int Effect.t

exception Failed_at of int

let[@inline never] check n = if n > 2 then raise (Failed_at n) else n

let[@inline never] rec work n = if n = 0 then check (perform (Step 0)) else 1 + work (n - 1)

let[@inline never] handle ?(exnc = raise) f =
  match_with f ()
    { retc = (fun v -> v); exnc;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Step n -> Some (fun (k : (a, _) continuation) -> continue k (n + 3))
          | _ -> None) }

let[@inline never] handle_reraise f =
  try handle f with Failed_at n -> raise (Failed_at (n * 10))

let report label f =
  match f () with
  | v -> Printf.printf "%s: value %d\n" label v
  | exception e -> Printf.printf "%s: %s\n%s" label (Printexc.to_string e) (Printexc.get_backtrace ())

let () =
  report "in fiber" (fun () -> handle (fun () -> work 2));
  report "exnc re-raises" (fun () -> handle ~exnc:(fun e -> raise e) (fun () -> work 1));
  report "re-raised with a new exception" (fun () -> handle_reraise (fun () -> work 1));
  report "two fibers" (fun () -> handle (fun () -> handle (fun () -> work 2)));
  report "in effect clause" (fun () ->
      match_with (fun () -> perform (Step 5)) ()
        { retc = (fun v -> v); exnc = raise;
          effc = (fun (type a) (e : a Effect.t) -> match e with
              | Step n -> Some (fun (_ : (a, _) continuation) -> check n)
              | _ -> None) });
  print_endline "now uncaught:";
  ignore (handle (fun () -> handle (fun () -> handle (fun () -> work 3))))
