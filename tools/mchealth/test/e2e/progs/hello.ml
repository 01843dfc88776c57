(* e2e: plain output; the broken runtime changes one word. *)
let () =
  print_endline "Hello, world";
  for i = 1 to 3 do Printf.printf "line %d\n" i done
