(* Scanf.scanf reading from standard input (tests/diff/scanf_stdin.stdin). *)
let () =
  let n = Scanf.scanf " %d" Fun.id in
  Printf.printf "reading %d records\n" n;
  let total = ref 0. in
  for _ = 1 to n do
    Scanf.scanf " %s %d %f" (fun name age score ->
      Printf.printf "%-8s %3d %6.2f\n" name age score;
      total := !total +. score)
  done;
  Printf.printf "total %.2f\n" !total;
  let line = Scanf.scanf " %[^\n]" Fun.id in
  Printf.printf "line: %S\n" line;
  let words = ref [] in
  (try while true do Scanf.scanf " %s" (fun w -> if w = "" then raise End_of_file; words := w :: !words) done
   with End_of_file -> ());
  Printf.printf "remaining words: %s\n" (String.concat "," (List.rev !words));
  Printf.printf "at end: %b\n" (Scanf.Scanning.end_of_input Scanf.Scanning.stdin)
