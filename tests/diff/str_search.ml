(* libs: str *)
(* Str searching: string_match, search_forward/backward from various
   positions, string_partial_match, matched_string/group, group_beginning
   and group_end (including unmatched optional groups), match_beginning,
   quote, regexp_case_fold, regexp_string(_case_fold), character classes,
   anchors and alternation. *)

let try_ name f =
  match f () with
  | s -> Printf.printf "%-28s %s\n" name s
  | exception Not_found -> Printf.printf "%-28s Not_found\n" name
  | exception Invalid_argument m -> Printf.printf "%-28s Invalid_argument %s\n" name m
  | exception Failure m -> Printf.printf "%-28s Failure %s\n" name m

let text = "The year 1999 ended; 2000 began. Then 2024-02-29 was a leap day."

let () =
  let year = Str.regexp "[0-9][0-9][0-9][0-9]" in
  try_ "forward 0" (fun () -> let p = Str.search_forward year text 0 in
                     Printf.sprintf "%d %S" p (Str.matched_string text));
  try_ "forward 10" (fun () -> let p = Str.search_forward year text 10 in
                      Printf.sprintf "%d %S" p (Str.matched_string text));
  try_ "forward past last" (fun () -> string_of_int (Str.search_forward year text 50));
  try_ "forward at length" (fun () -> string_of_int (Str.search_forward (Str.regexp "$") text (String.length text)));
  try_ "forward beyond length" (fun () -> string_of_int (Str.search_forward year text 1000));
  try_ "backward end" (fun () -> let p = Str.search_backward year text (String.length text) in
                        Printf.sprintf "%d %S" p (Str.matched_string text));
  try_ "backward 20" (fun () -> let p = Str.search_backward year text 20 in
                       Printf.sprintf "%d %S end %d" p (Str.matched_string text) (Str.match_end ()));
  try_ "backward 3" (fun () -> string_of_int (Str.search_backward year text 3));
  try_ "backward -1" (fun () -> string_of_int (Str.search_backward year text (-1)));
  (* all matches *)
  let rec all r s pos acc =
    if pos > String.length s then List.rev acc else
    match Str.search_forward r s pos with
    | p -> let e = Str.match_end () in all r s (if e = p then e + 1 else e) ((p, Str.matched_string s) :: acc)
    | exception Not_found -> List.rev acc in
  let show l = String.concat " " (List.map (fun (p, m) -> Printf.sprintf "%d:%s" p m) l) in
  try_ "all years" (fun () -> show (all year text 0 []));
  try_ "all words cap" (fun () -> show (all (Str.regexp "\\b[A-Z][a-z]*\\b") text 0 []));
  try_ "all empty matches" (fun () -> show (all (Str.regexp "x*") "axxb" 0 []));
  (* groups *)
  let date = Str.regexp "\\([0-9]+\\)-\\([0-9]+\\)-\\([0-9]+\\)\\( was\\)?\\( not\\)?" in
  try_ "groups" (fun () ->
      ignore (Str.search_forward date text 0);
      Printf.sprintf "y=%s m=%s d=%s g4=%S begin %d end %d, g1 at %d-%d"
        (Str.matched_group 1 text) (Str.matched_group 2 text) (Str.matched_group 3 text)
        (Str.matched_group 4 text) (Str.match_beginning ()) (Str.match_end ())
        (Str.group_beginning 1) (Str.group_end 1));
  try_ "unmatched group 5" (fun () -> Str.matched_group 5 text);
  try_ "group_beginning 5" (fun () -> string_of_int (Str.group_beginning 5));
  try_ "group 9 out of range" (fun () -> Str.matched_group 9 text);
  try_ "group 0" (fun () -> Str.matched_group 0 text);
  (* string_match and partial match *)
  try_ "string_match at 4" (fun () -> string_of_bool (Str.string_match (Str.regexp "year") text 4));
  try_ "string_match at 5" (fun () -> string_of_bool (Str.string_match (Str.regexp "year") text 5));
  try_ "string_match anchors" (fun () -> string_of_bool (Str.string_match (Str.regexp "^The.*day\\.$") text 0));
  try_ "partial: prefix" (fun () -> string_of_bool (Str.string_partial_match (Str.regexp "abcdef") "xabc" 1));
  try_ "partial: mismatch" (fun () -> string_of_bool (Str.string_partial_match (Str.regexp "abcdef") "xabd" 1));
  try_ "partial: full" (fun () -> string_of_bool (Str.string_partial_match (Str.regexp "ab") "ab" 0));
  (* quote and regexp_string *)
  let special = "1+1=2? [yes] (a.b)*c^$\\" in
  try_ "quote" (fun () -> Str.quote special);
  try_ "quoted matches itself" (fun () ->
      string_of_bool (Str.string_match (Str.regexp (Str.quote special)) special 0
                      && Str.match_end () = String.length special));
  try_ "regexp_string" (fun () ->
      string_of_int (Str.search_forward (Str.regexp_string "(a.b)") special 0));
  (* case folding *)
  let cf = Str.regexp_case_fold "hello w[aeiou]rld" in
  List.iter (fun s ->
      try_ ("case_fold " ^ s) (fun () -> string_of_bool (Str.string_match cf s 0)))
    ["HELLO WORLD"; "hello wArld"; "HeLLo wyrld"; "hello world!"];
  try_ "regexp_string_case_fold" (fun () ->
      string_of_int (Str.search_forward (Str.regexp_string_case_fold "LEAP") text 0));
  try_ "case sensitive fails" (fun () -> string_of_int (Str.search_forward (Str.regexp "LEAP") text 0));
  (* alternation, repetition, classes *)
  let r = Str.regexp "\\(cat\\|dog\\)s?\\|bird" in
  try_ "alternation" (fun () -> show (all r "cats and a dog, one bird, dogs" 0 []));
  try_ "negated class" (fun () -> show (all (Str.regexp "[^a-z ]+") "abc DEF gh1 2;x" 0 []));
  try_ "class with ]" (fun () -> show (all (Str.regexp "[]a]+") "b]a]c" 0 []));
  try_ "plus and question" (fun () -> show (all (Str.regexp "colou?r+") "color colour colourrr colr" 0 []));
  try_ "backtracking star" (fun () ->
      if Str.string_match (Str.regexp "\\(a*\\)\\(a*\\)b") "aaab" 0
      then Printf.sprintf "%S %S" (Str.matched_group 1 "aaab") (Str.matched_group 2 "aaab") else "no");
  try_ "backreference" (fun () -> show (all (Str.regexp "\\([a-z]\\)\\1") "aabbcdde" 0 []));
  try_ "word boundary" (fun () -> show (all (Str.regexp "\\bon\\b") "on one upon on." 0 []));
  try_ "newline anchors" (fun () -> show (all (Str.regexp "^[a-z]+$") "abc\nDEF\nghi\n" 0 []));
  try_ "bad regexp" (fun () -> ignore (Str.regexp "\\(unclosed"); "compiled");
  try_ "bad regexp 2" (fun () -> ignore (Str.regexp "[a-"); "compiled");
  try_ "star at start" (fun () -> show (all (Str.regexp "*a") "*a a" 0 []))
