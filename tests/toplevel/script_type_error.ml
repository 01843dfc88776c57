(* A type error stops the script with status 2. *)
let () = print_endline "before"
let x : int = "not an int"
let () = print_endline "never"
