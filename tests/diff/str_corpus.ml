(* libs: str *)
(* args: 20240611 3000 *)
(* timeout: 120 *)
(* Randomised regular-expression corpus for the str library.

   Usage: str_corpus.byte SEED COUNT

   Builds COUNT random regular expressions in Str's syntax (literals and
   escapes, ., [..] classes with ranges and negation, ^ $ \b, \( \) groups,
   \| alternation, * + ? repetitions, \1..\9 back references), each with a
   few subject strings over a small alphabet so that matches are frequent,
   and prints what every Str operation says about them: string_match,
   string_partial_match, search_forward/backward with all groups, replace,
   substitute, the split family.  Half of the expressions are compiled
   case-insensitively, a few through regexp_string and quote.  The output
   depends on the seed only, so two runtimes must print the same bytes.
   tests/str-corpus.sh runs it with fresh seeds on stock and mcrun. *)

let seed = try int_of_string Sys.argv.(1) with _ -> 1
let count = try int_of_string Sys.argv.(2) with _ -> 1000
let rng = Random.State.make [| seed |]
let int n = Random.State.int rng n
let chance k n = int n < k
let pick a = a.(int (Array.length a))

(* Subject alphabet: letters of both cases, a Latin-1 letter, digits,
   separators, a newline, and bytes that are special in regexps. *)
let alphabet = "aabbcAB__0 1\n.-*\xe9\xc9x\000"

let random_subject () =
  let n = int 14 in
  String.init n (fun _ -> alphabet.[int (String.length alphabet)])

(* A character for a class or literal; some of them need care. *)
let class_chars = "abcAB0_ -.]^*\xe9x"

let random_class () =
  let b = Buffer.create 8 in
  Buffer.add_char b '[';
  if chance 1 3 then Buffer.add_char b '^';
  if chance 1 6 then Buffer.add_char b ']';
  for _ = 0 to int 3 do
    let c = class_chars.[int (String.length class_chars)] in
    if chance 1 3 then begin
      let lo, hi = pick [| ('a', 'c'); ('A', 'Z'); ('0', '9'); ('a', 'z'); ('\xc0', '\xff'); (' ', '/') |] in
      Buffer.add_char b lo; Buffer.add_char b '-'; Buffer.add_char b hi
    end else if c <> ']' then Buffer.add_char b c
  done;
  if chance 1 8 then Buffer.add_char b '-';
  Buffer.add_char b ']';
  Buffer.contents b

(* A random regexp of nesting depth at most `depth`; `groups` counts the
   groups opened so far, so that back references mostly name real ones. *)
let rec random_re depth groups =
  if depth <= 0 || chance 2 5 then random_atom depth groups
  else match int 6 with
    | 0 | 1 ->
        let n = 1 + int 3 in
        String.concat "" (List.init n (fun _ -> random_re (depth - 1) groups))
    | 2 -> random_re (depth - 1) groups ^ "\\|" ^ random_re (depth - 1) groups
    | 3 ->
        incr groups;
        "\\(" ^ random_re (depth - 1) groups ^ "\\)"
    | 4 -> random_re (depth - 1) groups ^ pick [| "*"; "+"; "?" |]
    | _ ->
        incr groups;
        "\\(" ^ random_re (depth - 1) groups ^ "\\)" ^ pick [| "*"; "+"; "?"; "" |]

and random_atom depth groups =
  let base =
    match int 14 with
    | 0 | 1 | 2 | 3 -> String.make 1 "abcAB_0 x\xe9".[int 10]
    | 4 -> "."
    | 5 | 6 -> random_class ()
    | 7 -> pick [| "^"; "$"; "\\b" |]
    | 8 -> pick [| "\\."; "\\*"; "\\["; "\\\\"; "\\$"; "\\^"; "\\+"; "\\?"; "\\n"; "-" |]
    | 9 when !groups > 0 -> "\\" ^ string_of_int (1 + int (min 9 !groups))
    | 9 -> "\\" ^ string_of_int (1 + int 3)
    | 10 -> pick [| "ab"; "ba"; "aa"; "AB"; "a b"; "\n"; "a\000b" |]
    | _ -> if depth > 0 then random_re (depth - 1) groups else "a"
  in
  if chance 1 3 then base ^ pick [| "*"; "+"; "?"; "**"; "*?"; "+*" |] else base

(* A few deliberately odd sources: unbalanced groups and classes, stray
   repetition characters, a trailing backslash. *)
let odd_sources = [|
  "\\(a"; "a\\)"; "[abc"; "[]"; "[]a]"; "[^]]"; "*a"; "a\\"; "+"; "?a";
  "\\(\\)"; "\\(\\)*"; "\\(a*\\)*b"; "\\(a*\\)+"; "\\(\\(a\\)\\|b\\)*\\2";
  "\\b"; "^$"; "$^"; "\\(^a\\|b$\\)+"; "[a-]"; "[z-a]"; "\\|"; "a\\|"; "\\|a";
  "\\([ab]*\\)\\1"; "\\(a\\|ab\\)\\(c\\|bcd\\)\\(d*\\)"; "x*\\(\\)\\1*";
  "\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(a\\)\\)\\)\\)\\)\\)\\)\\)\\)\\)\\)";
  "\\(.\\)\\(.\\)\\(.\\)\\(.\\)\\(.\\)\\(.\\)\\(.\\)\\(.\\)\\(.\\)\\(.\\)\\(.\\)\\(.\\)";
|]

let show s = "\"" ^ String.escaped s ^ "\""

let show_exn = function
  | Not_found -> "Not_found"
  | Failure m -> "Failure " ^ show m
  | Invalid_argument m -> "Invalid_argument " ^ show m
  | e -> Printexc.to_string e

let attempt f = try f () with e -> show_exn e

(* Every group of the last successful match: "b-e" or "_". *)
let groups_of s =
  let b = Buffer.create 32 in
  (try
     for i = 0 to 20 do
       (match Str.group_beginning i, Str.group_end i with
        | bg, en -> Buffer.add_string b (Printf.sprintf " %d:%d-%d=%s" i bg en (show (String.sub s bg (en - bg))))
        | exception Not_found -> Buffer.add_string b (Printf.sprintf " %d:_" i))
     done
   with Invalid_argument _ -> ());
  Buffer.contents b

let list l = "[" ^ String.concat "; " (List.map show l) ^ "]"

let full l =
  "[" ^ String.concat "; "
          (List.map (function Str.Text t -> "T" ^ show t | Str.Delim d -> "D" ^ show d) l) ^ "]"

let templates = [| "<\\0>"; "\\1"; "[\\2|\\1]"; "\\\\"; "x\\y"; "\\9"; "" ; "\\" |]

let exercise re s =
  let len = String.length s in
  let p = int (len + 2) in
  Printf.printf "  s=%s p=%d\n" (show s) p;
  Printf.printf "   match0 %s\n"
    (attempt (fun () -> if Str.string_match re s 0 then "yes" ^ groups_of s else "no"));
  Printf.printf "   match@p %s\n"
    (attempt (fun () -> if Str.string_match re s p then "yes" ^ groups_of s else "no"));
  Printf.printf "   partial %s\n"
    (attempt (fun () -> if Str.string_partial_match re s (min p len) then "yes" ^ groups_of s else "no"));
  Printf.printf "   fwd %s\n"
    (attempt (fun () -> let i = Str.search_forward re s p in string_of_int i ^ groups_of s));
  Printf.printf "   bwd %s\n"
    (attempt (fun () -> let i = Str.search_backward re s (min p len) in string_of_int i ^ groups_of s));
  Printf.printf "   bwd-end %s\n"
    (attempt (fun () -> let i = Str.search_backward re s len in string_of_int i ^ groups_of s));
  let t = pick templates in
  Printf.printf "   replace %s %s\n" (show t) (attempt (fun () -> show (Str.global_replace re t s)));
  Printf.printf "   first %s\n" (attempt (fun () -> show (Str.replace_first re t s)));
  Printf.printf "   subst %s\n"
    (attempt (fun () ->
         show (Str.global_substitute re (fun txt ->
             "{" ^ Str.matched_string txt ^ "@" ^ string_of_int (Str.match_beginning ()) ^ "}") s)));
  Printf.printf "   split %s\n" (attempt (fun () -> list (Str.split re s)));
  Printf.printf "   bsplit %s\n" (attempt (fun () -> list (Str.bounded_split re s 2)));
  Printf.printf "   delim %s\n" (attempt (fun () -> list (Str.split_delim re s)));
  Printf.printf "   full %s\n" (attempt (fun () -> full (Str.full_split re s)))

let () =
  for n = 1 to count do
    let src, re_opt =
      let src =
        if chance 1 12 then pick odd_sources
        else if chance 1 20 then random_subject ()
        else random_re (1 + int 4) (ref 0)
      in
      let how = int 10 in
      let compile () =
        match how with
        | 0 -> Str.regexp_string src
        | 1 -> Str.regexp_string_case_fold src
        | 2 -> Str.regexp (Str.quote src)
        | 3 | 4 | 5 | 6 -> Str.regexp_case_fold src
        | _ -> Str.regexp src
      in
      (Printf.sprintf "%d/%d" how 10 ^ " " ^ show src,
       try Ok (compile ()) with e -> Error (show_exn e))
    in
    Printf.printf "#%d re %s\n" n src;
    match re_opt with
    | Error e -> Printf.printf "  compile: %s\n" e
    | Ok re ->
        for _ = 1 to 1 + int 3 do exercise re (random_subject ()) done
  done;
  (* Long subjects with expressions that backtrack a lot but in linear
     time: deep choice-point stacks, many group updates. *)
  let long_res = [| "\\(a\\|b\\)*c"; "\\([ab]\\)+\\1$"; "\\(a*b\\)*"; "\\(.\\)*x";
                    "\\(\\(a\\|b\\)c\\|[^c]\\)*\\b"; "\\(a\\|bc\\)*b"; "[ab]*\\(b\\|$\\)" |] in
  for n = 1 to 40 do
    let len = 50 + int 400 in
    let s = String.init len (fun _ -> "aab".[int 3]) ^ pick [| ""; "c"; "x"; " a"; "b" |] in
    let src = pick long_res in
    let re = if chance 1 2 then Str.regexp src else Str.regexp_case_fold src in
    Printf.printf "#long%d re %s len %d\n" n (show src) (String.length s);
    Printf.printf "   match0 %s\n"
      (attempt (fun () -> if Str.string_match re s 0 then "yes" ^ groups_of s else "no"));
    Printf.printf "   fwd %s\n"
      (attempt (fun () -> let i = Str.search_forward re s (int 10) in string_of_int i ^ groups_of s));
    Printf.printf "   split %d\n" (List.length (Str.split re s))
  done;
  print_endline "done"
