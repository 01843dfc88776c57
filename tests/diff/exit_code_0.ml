(* exit 0 from deep inside a computation, inside handlers. *)
let rec go n = if n = 0 then (print_endline "exiting from depth"; exit 0) else 1 + go (n - 1)

let () =
  at_exit (fun () -> print_endline "at_exit ran");
  (try ignore (go 1000) with _ -> print_endline "exit is not an exception that handlers see")
  ; print_endline "not reached"
