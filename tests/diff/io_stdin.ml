(* Reading stdin (a file or pipe given by the runner): lines, characters,
   binary reads, the last line without a newline, and positions. *)

let () =
  let first = input_line stdin in
  Printf.printf "first=%S\n" first;
  let c = input_char stdin in
  Printf.printf "char=%C\n" c;
  let buf = Bytes.create 5 in
  really_input stdin buf 0 5;
  Printf.printf "really=%S\n" (Bytes.to_string buf);
  let n = ref 0 and total = ref 0 in
  (try
     while true do
       let l = input_line stdin in
       incr n;
       total := !total + String.length l;
       if !n <= 3 || String.length l = 0 then Printf.printf "line %d: %S\n" !n l
     done
   with End_of_file -> ());
  Printf.printf "lines=%d chars=%d\n" !n !total;
  (match input_line stdin with
   | _ -> print_endline "unexpected"
   | exception End_of_file -> print_endline "End_of_file again");
  Printf.printf "input at eof=%d\n" (input stdin buf 0 5);
  (match In_channel.input_line stdin with None -> print_endline "None" | Some _ -> print_endline "Some");
  Printf.printf "isatty stdin=%b\n" (Out_channel.isatty stdout)
