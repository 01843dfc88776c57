(* Raises from a function the host calls later, with a backtrace. *)
exception Plugin_error of int
let () = Registry.register "raise" (fun x -> if x > 5 then raise (Plugin_error x) else x)
