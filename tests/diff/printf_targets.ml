(* Printf to buffers, channels and strings; ksprintf, formats as values. *)
let () =
  let b = Buffer.create 16 in
  Printf.bprintf b "x=%d " 1;
  Printf.bprintf b "y=%s " "two";
  Printf.bprintf b "z=%.2f" 3.14159;
  print_endline (Buffer.contents b);
  let s = Printf.sprintf "%s/%s" "a" "b" in
  print_endline s;
  let k = Printf.ksprintf (fun s -> String.length s) "%d%d%d" 100 200 300 in
  Printf.printf "ksprintf length %d\n" k;
  Printf.kbprintf (fun b -> print_endline ("kbprintf: " ^ Buffer.contents b)) (Buffer.create 4) "%s-%d" "k" 9;
  Printf.kfprintf (fun oc -> output_string oc "<end>\n") stdout "kfprintf %d " 5;
  Printf.ifprintf stdout "not printed %d\n" 1;
  Printf.ikfprintf (fun _ -> print_endline "ikfprintf continuation") stdout "%d" 1;
  Printf.fprintf stdout "fprintf stdout %d\n" 7;
  Printf.eprintf "eprintf %s\n%!" "to stderr";
  Printf.fprintf stderr "fprintf stderr %c\n" 'z';
  let fmt = format_of_string "<%d|%s>" in
  print_endline (Printf.sprintf fmt 1 "one");
  let fmt2 = "<%d|%s>" ^^ " and %b" in
  print_endline (Printf.sprintf fmt2 2 "two" true);
  print_endline (string_of_format fmt2);
  let fmt3 = Scanf.format_from_string "%d:%d" "%d:%d" in
  print_endline (Printf.sprintf fmt3 3 4);
  (* Partial application of printf-like functions. *)
  let pr = Printf.sprintf "%d + %d = %d" in
  let pr1 = pr 1 in
  let pr2 = pr1 2 in
  print_endline (pr2 3);
  List.iter (Printf.printf "item %d\n") [1; 2; 3];
  (* Printing to a file channel and reading it back. *)
  let file = "printf_targets.tmp" in
  let oc = open_out file in
  for i = 1 to 5 do Printf.fprintf oc "line %d: %s\n" i (String.make i '*') done;
  close_out oc;
  let ic = open_in file in
  let n = in_channel_length ic in
  let content = really_input_string ic n in
  close_in ic;
  Sys.remove file;
  Printf.printf "file has %d bytes:\n%s" n content;
  (* Large output through sprintf. *)
  let big = Printf.sprintf "%s%s" (String.make 100000 'a') (String.make 100000 'b') in
  Printf.printf "big: %d %c %c\n" (String.length big) big.[0] big.[199999];
  Printf.printf "%s\n" (Printf.sprintf "%10000d" 7 |> String.length |> string_of_int)
