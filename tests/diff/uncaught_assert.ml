(* Uncaught Assert_failure: the location is part of the message. *)
let check x =
  assert (x >= 0);
  x * 2

let () =
  Printf.printf "%d\n" (check 5);
  Printf.printf "%d\n" (check (-1))
