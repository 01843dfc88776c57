(* Uncaught Match_failure from an incomplete match. *)
[@@@warning "-8"]
type t = A | B | C

let f = function A -> "a" | B -> "b"

let () =
  print_endline (f A);
  print_endline (f B);
  print_endline (f C)
