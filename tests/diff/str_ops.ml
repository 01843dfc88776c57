(* libs: str *)
(* Str by hand: search, replace and split on readable cases, the errors
   each function raises, and a small text-processing job. *)

let show s = "\"" ^ String.escaped s ^ "\""
let list l = "[" ^ String.concat "; " (List.map show l) ^ "]"

let try_ name f =
  match f () with
  | s -> Printf.printf "%s: %s\n" name s
  | exception Not_found -> Printf.printf "%s: Not_found\n" name
  | exception Invalid_argument m -> Printf.printf "%s: Invalid_argument %s\n" name m
  | exception Failure m -> Printf.printf "%s: Failure %s\n" name m

let () =
  let date = Str.regexp "\\([0-9]+\\)-\\([0-9]+\\)-\\([0-9]+\\)" in
  let text = "from 2024-06-11 to 2025-01-02, not 12-3" in
  try_ "search" (fun () ->
      let p = Str.search_forward date text 0 in
      Printf.sprintf "%d %s/%s/%s end %d" p (Str.matched_group 3 text)
        (Str.matched_group 2 text) (Str.matched_group 1 text) (Str.match_end ()));
  try_ "search again" (fun () -> string_of_int (Str.search_forward date text 16));
  try_ "search backward" (fun () -> string_of_int (Str.search_backward date text (String.length text)));
  try_ "group 4" (fun () -> Str.matched_group 4 text);
  try_ "group -1" (fun () -> string_of_int (Str.group_beginning (-1)));
  try_ "reformat" (fun () -> Str.global_replace date "\\3.\\2.\\1" text);
  try_ "first only" (fun () -> Str.replace_first date "<\\0>" text);
  try_ "bad template" (fun () -> Str.global_replace date "\\4" text);
  try_ "trailing backslash" (fun () -> Str.global_replace date "x\\" text);
  try_ "escapes kept" (fun () -> Str.global_replace (Str.regexp "o") "\\n\\\\" "foo");
  try_ "bad position" (fun () -> string_of_int (Str.search_forward date text 100));
  try_ "negative position" (fun () -> string_of_bool (Str.string_match date text (-1)));
  try_ "partial bad position" (fun () -> string_of_bool (Str.string_partial_match date text 99));
  try_ "backward bad position" (fun () -> string_of_int (Str.search_backward date text 99));
  try_ "no match then group" (fun () ->
      ignore (Str.string_match date "nothing" 0);
      Str.matched_group 0 "nothing");
  try_ "unclosed group" (fun () -> ignore (Str.regexp "\\(a"); "ok");
  try_ "unclosed class" (fun () -> ignore (Str.regexp "[a"); "ok");
  try_ "spurious close" (fun () -> ignore (Str.regexp "a\\)"); "ok");

  (* Splitting. *)
  let sep = Str.regexp "[ \t]*,[ \t]*" in
  let csv = " a , b,,c ,  " in
  Printf.printf "split %s\n" (list (Str.split sep csv));
  Printf.printf "split_delim %s\n" (list (Str.split_delim sep csv));
  Printf.printf "bounded 2 %s\n" (list (Str.bounded_split sep csv 2));
  Printf.printf "bounded_delim 3 %s\n" (list (Str.bounded_split_delim sep csv 3));
  Printf.printf "full %s\n"
    (String.concat " "
       (List.map (function Str.Text t -> "T" ^ show t | Str.Delim d -> "D" ^ show d)
          (Str.full_split (Str.regexp "[0-9]+") "ab12cd345e6")));
  Printf.printf "empty matches %s\n" (list (Str.split (Str.regexp "x*") "abc"));
  Printf.printf "words %s\n" (list (Str.split (Str.regexp "\\b") "hi, there_1 \xe9t\xe9!"));
  Printf.printf "empty text %s %s\n" (list (Str.split sep "")) (list (Str.split_delim sep ""));

  (* Case folding, Latin-1 included; anchors; partial matching. *)
  let fold = Str.regexp_case_fold "caf\xc9\\|ST[R-T]" in
  Printf.printf "fold %s\n" (Str.global_replace fold "<\\0>" "Caf\xe9 str sTs STU");
  let lines = "one\ntwo\n\nthree" in
  Printf.printf "bol %s\n" (Str.global_replace (Str.regexp "^") "> " lines |> String.escaped);
  Printf.printf "eol %s\n" (Str.global_replace (Str.regexp "$") ";" lines |> String.escaped);
  List.iter
    (fun s ->
      Printf.printf "partial %s: %b %b\n" s
        (Str.string_partial_match (Str.regexp "abc\\(de\\)+") s 0)
        (Str.string_match (Str.regexp "abc\\(de\\)+") s 0))
    [ ""; "ab"; "abcd"; "abcdede"; "abx"; "abcdex" ];

  (* Back references and nested repetition. *)
  let dup = Str.regexp "\\b\\([a-z]+\\) \\1\\b" in
  Printf.printf "dup %s\n" (Str.global_replace dup "\\1" "the the cat sat sat on the mat mat.");
  let nested = Str.regexp "\\(a\\|ab\\)\\(c\\|bcd\\)\\(d*\\)" in
  if Str.string_match nested "abcd" 0 then
    Printf.printf "nested %s|%s|%s\n" (Str.matched_group 1 "abcd") (Str.matched_group 2 "abcd")
      (Str.matched_group 3 "abcd");
  let opt = Str.regexp "\\(x\\)?y\\|\\(z\\)" in
  ignore (Str.search_forward opt "--y" 0);
  try_ "unmatched optional group" (fun () -> Str.matched_group 1 "--y");
  try_ "unmatched alternative" (fun () -> Str.matched_group 2 "--y");
  Printf.printf "quote %s\n" (Str.quote "a.b*c[d]$^\\+?");
  Printf.printf "regexp_string %b\n" (Str.string_match (Str.regexp_string "a.b*") "a.b*c" 0);

  (* A little job: count word frequencies in a text. *)
  let text =
    "It was the best of times, it was the worst of times, it was the age of \
     wisdom, it was the age of foolishness" in
  let words = Str.split (Str.regexp "[^a-zA-Z]+") (String.lowercase_ascii text) in
  let tbl = Hashtbl.create 16 in
  List.iter (fun w -> Hashtbl.replace tbl w (1 + try Hashtbl.find tbl w with Not_found -> 0)) words;
  let counts = Hashtbl.fold (fun w n acc -> (w, n) :: acc) tbl [] in
  List.iter (fun (w, n) -> Printf.printf "%s=%d " w n)
    (List.sort (fun (a, x) (b, y) -> if x <> y then compare y x else compare a b) counts);
  print_newline ();
  Printf.printf "substitute %s\n"
    (Str.global_substitute (Str.regexp "[0-9]+")
       (fun s -> string_of_int (2 * int_of_string (Str.matched_string s)))
       "1 apple, 20 pears, 300 plums")
