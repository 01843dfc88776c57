(* args: one two --three *)
let () = Array.iteri (fun i a -> Printf.printf "argv.(%d) = %s\n" i a) Sys.argv
let () = Printf.printf "interactive %b\n" !Sys.interactive
let () = exit 3
