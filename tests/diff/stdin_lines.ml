(* Reading standard input line by line (tests/diff/stdin_lines.stdin),
   then with In_channel. *)
let () =
  let first = read_line () in
  Printf.printf "first: %S\n" first;
  let second = input_line stdin in
  Printf.printf "second: %S\n" second;
  let c = input_char stdin in
  Printf.printf "char: %C\n" c;
  let buf = Bytes.create 5 in
  really_input stdin buf 0 5;
  Printf.printf "really_input: %S\n" (Bytes.to_string buf);
  let rest_of_line = input_line stdin in
  Printf.printf "rest: %S\n" rest_of_line;
  let rest = In_channel.input_all stdin in
  Printf.printf "remaining %d bytes, %d lines\n" (String.length rest) (List.length (String.split_on_char '\n' rest) - 1);
  let digest = Digest.to_hex (Digest.string rest) in
  Printf.printf "digest %s\n" digest;
  (match In_channel.input_line stdin with None -> print_endline "input_line at EOF: None" | Some _ -> print_endline "?");
  (try ignore (input_line stdin) with End_of_file -> print_endline "End_of_file")
