(* e2e: reads its standard input (echo_stdin.stdin) and an argument. *)
(* args: --upper *)
let () =
  let upper = Array.length Sys.argv > 1 && Sys.argv.(1) = "--upper" in
  try
    while true do
      let l = input_line stdin in
      print_endline (if upper then String.uppercase_ascii l else l)
    done
  with End_of_file -> ()
