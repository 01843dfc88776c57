(* libs: str *)
(* Str replacement: global_replace and replace_first with \\N templates
   and \\\\ escapes, global_substitute and substitute_first with
   functions, replace_matched after a search, and templates naming
   unmatched or missing groups. *)

let try_ name f =
  match f () with
  | s -> Printf.printf "%-26s %S\n" name s
  | exception Not_found -> Printf.printf "%-26s Not_found\n" name
  | exception Invalid_argument m -> Printf.printf "%-26s Invalid_argument %s\n" name m
  | exception Failure m -> Printf.printf "%-26s Failure %s\n" name m

let () =
  let kv = Str.regexp "\\([a-z]+\\)=\\([0-9]+\\)" in
  let s = "a=1, bb=22, ccc=333; x=" in
  try_ "global swap" (fun () -> Str.global_replace kv "\\2=\\1" s);
  try_ "first swap" (fun () -> Str.replace_first kv "\\2=\\1" s);
  try_ "whole match \\0" (fun () -> Str.global_replace kv "<\\0>" s);
  try_ "backslash escape" (fun () -> Str.global_replace kv "\\1\\\\\\2" s);
  try_ "no match" (fun () -> Str.global_replace (Str.regexp "zzz") "y" s);
  try_ "empty regexp" (fun () -> Str.global_replace (Str.regexp "") "-" "abc");
  try_ "star may be empty" (fun () -> Str.global_replace (Str.regexp "b*") "X" "abbcb");
  try_ "anchored" (fun () -> Str.global_replace (Str.regexp "^") "> " "one\ntwo\nthree");
  try_ "end anchored" (fun () -> Str.global_replace (Str.regexp " *$") ";" "a  \nb\nc   ");
  try_ "missing group" (fun () -> Str.global_replace kv "\\3" s);
  try_ "unmatched opt group" (fun () ->
      Str.global_replace (Str.regexp "\\(a\\)\\|\\(b\\)") "[\\1|\\2]" "ab");
  try_ "trailing backslash" (fun () -> Str.global_replace kv "x\\" s);
  try_ "collapse spaces" (fun () -> Str.global_replace (Str.regexp "[ \t]+") " " "a  b\t\tc   d");
  try_ "case fold replace" (fun () ->
      Str.global_replace (Str.regexp_case_fold "ocaml") "OCaml" "ocaml Ocaml OCAML oCaMl");
  (* substitution functions *)
  let num = Str.regexp "[0-9]+" in
  try_ "global_substitute" (fun () ->
      Str.global_substitute num (fun t -> string_of_int (2 * int_of_string (Str.matched_string t))) "1 22 333 x");
  try_ "substitute_first" (fun () ->
      Str.substitute_first num (fun t -> "<" ^ Str.matched_string t ^ ">") "ab 12 cd 34");
  try_ "substitute with groups" (fun () ->
      Str.global_substitute kv (fun t ->
          Printf.sprintf "%s:%d" (String.uppercase_ascii (Str.matched_group 1 t))
            (String.length (Str.matched_group 2 t))) s);
  try_ "substitute positions" (fun () ->
      Str.global_substitute (Str.regexp "o") (fun _ -> string_of_int (Str.match_beginning ())) "foo bor");
  (* replace_matched after a search *)
  let text = "name: Ada Lovelace, born 1815" in
  let r = Str.regexp "\\([A-Z][a-z]+\\) \\([A-Z][a-z]+\\)" in
  try_ "replace_matched" (fun () ->
      ignore (Str.search_forward r text 0);
      Str.replace_matched "\\2, \\1" text);
  try_ "replace_matched literal" (fun () ->
      ignore (Str.search_forward (Str.regexp "[0-9]+") text 0);
      Str.replace_matched "year \\0!" text);
  (* a template applied to a long string with many matches *)
  let long = String.concat "," (List.init 200 (fun i -> Printf.sprintf "k%d=%d" i (i * i))) in
  let r = Str.global_replace (Str.regexp "k\\([0-9]+\\)=\\([0-9]+\\)") "\\2/\\1" long in
  Printf.printf "long: %d chars, digest %s\n" (String.length r) (Digest.to_hex (Digest.string r));
  (* html escaping via chained replaces *)
  let esc s = List.fold_left (fun s (re, t) -> Str.global_replace (Str.regexp re) t s) s
      ["&", "&amp;"; "<", "&lt;"; ">", "&gt;"; "\"", "&quot;"] in
  try_ "escape" (fun () -> esc "<a href=\"x\">Tom & Jerry</a>")
