(* Escaping and unescaping of strings and chars, %S and Scanf %S. *)
let () =
  let all = String.init 256 Char.chr in
  let e = String.escaped all in
  print_endline e;
  Printf.printf "%S\n" all;
  let back = Scanf.unescaped e in
  Printf.printf "unescaped round trip %b\n" (back = all);
  let s2 = Scanf.sscanf (Printf.sprintf "%S" all) "%S" (fun x -> x) in
  Printf.printf "%%S round trip %b\n" (s2 = all);
  List.iter (fun s ->
    match Scanf.unescaped s with
    | r -> Printf.printf "unescaped %S = %S\n" s r
    | exception Scanf.Scan_failure m -> Printf.printf "unescaped %S fails: %s\n" s m
    | exception Failure m -> Printf.printf "unescaped %S failure: %s\n" s m)
    [ "a\\nb"; "\\065\\066"; "\\x41\\x42"; "\\o101"; "\\u{1F600}"; "tab\\t"; "\\\\"; "\\\""; "bad\\q"; "\\" ];
  String.iter (fun c -> print_string (Char.escaped c); print_char ' ') "a'\"\\\n\t\r\b\x00\x7f\xff";
  print_newline ();
  Printf.printf "%s\n" (String.escaped "unicode: \xc3\xa9");
  Printf.printf "%S\n" "unicode: \xc3\xa9";
  Printf.printf "%s %s\n" (Bytes.to_string (Bytes.escaped (Bytes.of_string "x\ny"))) (String.escaped "")
