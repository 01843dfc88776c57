(* libs: str *)
(* Str splitting: split, bounded_split, split_delim, bounded_split_delim,
   full_split and bounded_full_split, with delimiters at the edges,
   consecutive delimiters, empty input, empty-matching delimiters, and a
   small CSV-like job; also string_before/after, first_chars/last_chars. *)

let show s = "\"" ^ String.escaped s ^ "\""
let list l = "[" ^ String.concat "; " (List.map show l) ^ "]"
let full l = "[" ^ String.concat "; " (List.map (function
    | Str.Text t -> "T " ^ show t | Str.Delim d -> "D " ^ show d) l) ^ "]"

let try_ name f =
  match f () with
  | s -> Printf.printf "%-24s %s\n" name s
  | exception Invalid_argument m -> Printf.printf "%-24s Invalid_argument %s\n" name m

let () =
  let comma = Str.regexp " *, *" in
  let inputs = ["a, b,c ,d"; ",a,,b,"; ""; ","; "  ,  "; "single"] in
  List.iter (fun s ->
      try_ ("split " ^ show s) (fun () -> list (Str.split comma s));
      try_ ("split_delim " ^ show s) (fun () -> list (Str.split_delim comma s));
      try_ ("full_split " ^ show s) (fun () -> full (Str.full_split comma s)))
    inputs;
  let s = "one two  three   four five" in
  let ws = Str.regexp "[ \t]+" in
  List.iter (fun n ->
      try_ (Printf.sprintf "bounded_split %d" n) (fun () -> list (Str.bounded_split ws s n));
      try_ (Printf.sprintf "bounded_split_delim %d" n) (fun () -> list (Str.bounded_split_delim ws (" " ^ s) n));
      try_ (Printf.sprintf "bounded_full_split %d" n) (fun () -> full (Str.bounded_full_split ws s n)))
    [0; 1; 2; 3; 10];
  try_ "bounded_split -1" (fun () -> list (Str.bounded_split ws s (-1)));
  try_ "split on empty match" (fun () -> list (Str.split (Str.regexp "") "abc"));
  try_ "split on x*" (fun () -> list (Str.split (Str.regexp "x*") "axbxxc"));
  try_ "full_split on x*" (fun () -> full (Str.full_split (Str.regexp "x*") "axbxxc"));
  try_ "split lines" (fun () -> list (Str.split (Str.regexp "\n") "l1\nl2\n\nl4\n"));
  try_ "split_delim lines" (fun () -> list (Str.split_delim (Str.regexp "\n") "l1\nl2\n\nl4\n"));
  try_ "full_split tokens" (fun () -> full (Str.full_split (Str.regexp "[-+*/()]") "(1+22)*3-x/y"));
  try_ "split anchored ^" (fun () -> list (Str.split (Str.regexp "^#") "#a\n#b\nc#d"));
  (* a CSV-ish job *)
  let rows = "name;qty;price\napple;3;0.5\npear;;1.25\n;7;\n" in
  let lines = Str.split (Str.regexp "\n") rows in
  List.iter (fun l ->
      let f = Str.split_delim (Str.regexp ";") l in
      Printf.printf "row %d fields: %s\n" (List.length f) (list f)) lines;
  (* prefix/suffix helpers *)
  let t = "prefix:body:suffix" in
  ignore (Str.search_forward (Str.regexp ":") t 0);
  try_ "string_before" (fun () -> show (Str.string_before t (Str.match_beginning ())));
  try_ "string_after" (fun () -> show (Str.string_after t (Str.match_end ())));
  try_ "first_chars 3" (fun () -> show (Str.first_chars t 3));
  try_ "last_chars 6" (fun () -> show (Str.last_chars t 6));
  try_ "first_chars too many" (fun () -> show (Str.first_chars t 100));
  try_ "last_chars -1" (fun () -> show (Str.last_chars t (-1)));
  try_ "string_after beyond" (fun () -> show (Str.string_after t 100))
