(* env: OCAMLRUNPARAM=l=100000 *)
(* A Stack_overflow inside a fiber that nobody catches: it crosses the
   handler (whose exnc re-raises) and the program dies with stock's
   message and exit code; at_exit functions run. *)
open Effect
open Effect.Deep

type _ Effect.t += Go : unit Effect.t

let rec down n = if n = 0 then 0 else 1 + down (n - 1)

let () =
  at_exit (fun () -> print_endline "at_exit after the overflow");
  let r = try_with (fun () -> perform Go; down 1_000) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Go -> Some (fun (k : (a, _) continuation) -> continue k ()) | _ -> None) } in
  Printf.printf "shallow recursion: %d\n" r;
  let r = try_with (fun () -> perform Go; down 10_000_000) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Go -> Some (fun (k : (a, _) continuation) -> continue k ()) | _ -> None) } in
  Printf.printf "not reached: %d\n" r
