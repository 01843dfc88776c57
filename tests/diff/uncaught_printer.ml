(* Printexc.register_printer changes the uncaught exception message. *)
exception Secret of int
exception Unprinted of string

let () =
  Printexc.register_printer (function
    | Secret n -> Some (Printf.sprintf "Secret number %d (custom printer)" n)
    | _ -> None);
  Printexc.register_printer (function
    | Unprinted _ -> None
    | Failure s -> Some ("Failure via printer: " ^ s)
    | _ -> None);
  print_endline (Printexc.to_string (Secret 1));
  print_endline (Printexc.to_string (Unprinted "u"));
  print_endline (Printexc.to_string (Failure "f"));
  print_endline (Printexc.to_string Not_found);
  raise (Secret 99)
