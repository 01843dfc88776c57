(* Uncaught exceptions of other built-in kinds, chosen by argument. *)
(* args: div *)
let () =
  print_endline ("mode " ^ Sys.argv.(1));
  match Sys.argv.(1) with
  | "div" -> Printf.printf "%d\n" (10 / Sys.opaque_identity 0)
  | _ -> ()
