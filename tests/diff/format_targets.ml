(* Format to strings, buffers and custom formatters; semantic tags. *)
open Format

let () =
  let s = asprintf "@[<hov 2>asprintf:@ %d@ %s@]" 1 "two" in
  print_endline s;
  print_endline (sprintf "sprintf %d" 5);
  let b = Buffer.create 16 in
  let ppf = formatter_of_buffer b in
  fprintf ppf "@[<v>line1@,line2@]@?";
  Printf.printf "buffer: %S\n" (Buffer.contents b);
  let r = ksprintf (fun s -> String.length s) "%s%s" "abc" "de" in
  Printf.printf "ksprintf %d\n" r;
  kasprintf print_endline "kasprintf %a" pp_print_int 9;
  (* A formatter with custom output functions counting bytes. *)
  let out = Buffer.create 16 in
  let calls = ref 0 in
  let custom = make_formatter (fun s pos len -> incr calls; Buffer.add_substring out s pos len) (fun () -> Buffer.add_string out "<flush>") in
  pp_set_margin custom 20;
  fprintf custom "@[<hov>%a@]@." (pp_print_list ~pp_sep:pp_print_space pp_print_string) (List.init 10 (fun i -> "w" ^ string_of_int i));
  Printf.printf "custom: %S\n" (Buffer.contents out);
  (* Semantic tags with mark functions. *)
  let tb = Buffer.create 16 in
  let tppf = formatter_of_buffer tb in
  pp_set_tags tppf true;
  pp_set_mark_tags tppf true;
  pp_set_formatter_stag_functions tppf
    { (pp_get_formatter_stag_functions tppf ()) with
      mark_open_stag = (function String_tag s -> "<" ^ s ^ ">" | _ -> "<?>");
      mark_close_stag = (function String_tag s -> "</" ^ s ^ ">" | _ -> "</?>") };
  fprintf tppf "@{<b>bold@} and @{<i>italic @{<u>nested@}@}@?";
  Printf.printf "tags: %s\n" (Buffer.contents tb);
  (* Printing to stderr and stdout formatters. *)
  eprintf "@[to stderr %d@]@." 1;
  fprintf err_formatter "err_formatter %s@." "ok";
  fprintf std_formatter "std_formatter %s@." "ok";
  (* Formatter geometry. *)
  let g = pp_get_geometry std_formatter () in
  Printf.printf "geometry %d %d\n" g.max_indent g.margin;
  Printf.printf "check_geometry %b\n" (check_geometry { max_indent = 10; margin = 5 });
  (* Deep nesting. *)
  let rec nest n ppf = if n = 0 then pp_print_string ppf "x" else fprintf ppf "@[(%t)@]" (nest (n - 1)) in
  printf "%t@." (nest 50);
  let big = asprintf "@[<hov>%a@]" (pp_print_list ~pp_sep:pp_print_space pp_print_int) (List.init 2000 Fun.id) in
  Printf.printf "big: %d chars, %d lines\n" (String.length big) (List.length (String.split_on_char '\n' big));
  print_string (String.sub big 0 200); print_newline ()
