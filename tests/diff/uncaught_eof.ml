(* Uncaught End_of_file from reading an empty standard input. *)
let () =
  print_endline "reading";
  let l = read_line () in
  print_endline l
