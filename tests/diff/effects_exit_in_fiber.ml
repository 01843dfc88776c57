(* `exit` called inside a fiber three handlers deep, while other
   continuations are suspended: at_exit functions run (and can still use
   handlers of their own), buffered output is flushed, the exit code is
   the one given, and the suspended fibers are simply abandoned. *)
open Effect
open Effect.Deep

type _ Effect.t += Ping : int -> int Effect.t

let handle f = try_with f () { effc = (fun (type a) (e : a Effect.t) -> match e with
    | Ping n -> Some (fun (k : (a, _) continuation) -> continue k (n + 1)) | _ -> None) }

let parked = ref []

let () =
  at_exit (fun () -> Printf.printf "at_exit: ping %d, %d parked\n" (handle (fun () -> perform (Ping 41))) (List.length !parked));
  for i = 1 to 1000 do
    try_with (fun () -> ignore (perform (Ping i))) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Ping _ -> Some (fun (k : (a, _) continuation) -> parked := Obj.repr k :: !parked)
            | _ -> None) }
  done;
  handle (fun () ->
      print_string "level 1 ";
      handle (fun () ->
          print_string "level 2 ";
          handle (fun () ->
              Printf.printf "level 3 ping=%d (unflushed)" (perform (Ping 1));
              Fun.protect ~finally:(fun () -> print_endline "never: exit skips finally")
                (fun () -> exit 7))))
