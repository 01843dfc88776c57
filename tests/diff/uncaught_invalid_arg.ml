(* Uncaught Invalid_argument from the standard library. *)
let () =
  print_endline "start";
  let s = "abc" in
  print_endline (String.sub s 1 5)
