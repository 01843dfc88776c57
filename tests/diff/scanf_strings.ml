(* Scanf on strings: conversions, widths, character sets, errors. *)
let try_scan name f =
  match f () with
  | s -> Printf.printf "%s: %s\n" name s
  | exception Scanf.Scan_failure m -> Printf.printf "%s: Scan_failure %s\n" name m
  | exception Failure m -> Printf.printf "%s: Failure %s\n" name m
  | exception End_of_file -> Printf.printf "%s: End_of_file\n" name
  | exception Invalid_argument m -> Printf.printf "%s: Invalid_argument %s\n" name m

let () =
  let open Scanf in
  try_scan "ints" (fun () -> sscanf "12 -34 +56" "%d %d %d" (Printf.sprintf "%d,%d,%d"));
  try_scan "bases" (fun () -> sscanf "ff 0x1F 777 0b101 11" "%x %i %o %i %u" (Printf.sprintf "%d %d %d %d %d"));
  try_scan "floats" (fun () -> sscanf "3.14 -2e3 1_000.5 .5" "%f %e %f %f" (Printf.sprintf "%g %g %g %g"));
  try_scan "special floats" (fun () -> sscanf "0x1p4 nan inf" "%f %f %f" (Printf.sprintf "%g %g %g"));
  try_scan "F" (fun () -> sscanf "1.5e2" "%F" string_of_float);
  try_scan "strings" (fun () -> sscanf "hello world  again" "%s %s %s" (Printf.sprintf "[%s][%s][%s]"));
  try_scan "width" (fun () -> sscanf "abcdefgh" "%3s%2s%s" (Printf.sprintf "[%s][%s][%s]"));
  try_scan "int width" (fun () -> sscanf "123456" "%2d%3d%d" (Printf.sprintf "%d %d %d"));
  try_scan "chars" (fun () -> sscanf "a b" "%c %c" (Printf.sprintf "%c%c"));
  try_scan "char no skip" (fun () -> sscanf " x" "%c%c" (Printf.sprintf "[%c][%c]"));
  try_scan "quoted" (fun () -> sscanf "\"a \\\"quoted\\\" string\\n\" 'c' '\\t'" "%S %C %C" (Printf.sprintf "%S %C %C"));
  try_scan "set" (fun () -> sscanf "abc123def" "%[a-z]%[0-9]%s" (Printf.sprintf "[%s][%s][%s]"));
  try_scan "neg set" (fun () -> sscanf "key=value;rest" "%[^=]=%[^;];%s" (Printf.sprintf "[%s][%s][%s]"));
  try_scan "bool" (fun () -> sscanf "true false" "%b %B" (Printf.sprintf "%b %b"));
  try_scan "literal" (fun () -> sscanf "x=1, y=2" "x=%d, y=%d" (Printf.sprintf "%d+%d"));
  try_scan "skip" (fun () -> sscanf "1 2 3" "%_d %d %_d" string_of_int);
  try_scan "count n" (fun () -> sscanf "abc def" "%s %n" (Printf.sprintf "%s at %d"));
  try_scan "count l N" (fun () -> sscanf "a\nb\nc" "%s@\n%s@\n%s%N" (fun a b c n -> Printf.sprintf "%s%s%s tokens %d" a b c n));
  try_scan "@ delim" (fun () -> sscanf "name:John Smith;age:42" "name:%s@;age:%d" (Printf.sprintf "%s is %d"));
  try_scan "int32/64" (fun () -> sscanf "2147483647 -9223372036854775808 12" "%ld %Ld %nd" (Printf.sprintf "%ld %Ld %nd"));
  try_scan "r" (fun () -> sscanf "(1,2)" "%r" (fun ib -> bscanf ib "(%d,%d)" (fun a b -> a + b)) string_of_int);
  try_scan "format string" (fun () -> sscanf "\"%d-%s\" 5 x" "%{%d-%s%} %d %s" (fun _ n s -> Printf.sprintf "%d %s" n s));
  try_scan "eof" (fun () -> sscanf "" "%d" string_of_int);
  try_scan "bad int" (fun () -> sscanf "abc" "%d" string_of_int);
  try_scan "bad literal" (fun () -> sscanf "x=1" "y=%d" string_of_int);
  try_scan "bad float" (fun () -> sscanf "1.2.3x" "%f%s" (Printf.sprintf "%g %s"));
  try_scan "overflow" (fun () -> sscanf "99999999999999999999" "%d" string_of_int);
  try_scan "bad bool" (fun () -> sscanf "maybe" "%b" string_of_bool);
  try_scan "space matches many" (fun () -> sscanf "1 \t\n  2" "%d %d" (Printf.sprintf "%d %d"));
  try_scan "newline in format" (fun () -> sscanf "1\n2" "%d\n%d" (Printf.sprintf "%d %d"));
  try_scan "sscanf_opt" (fun () -> match sscanf_opt "zz" "%d" Fun.id with None -> "None" | Some n -> string_of_int n);
  try_scan "ksscanf" (fun () -> ksscanf "bad" (fun _ e -> "handler: " ^ Printexc.to_string e) "%d" string_of_int);
  (* Scanning.from_string with several successive bscanf calls. *)
  let ib = Scanning.from_string "10 20 30 40 end" in
  let rec loop acc = match bscanf ib " %d" Fun.id with n -> loop (acc + n) | exception Scan_failure _ -> acc in
  let total = loop 0 in
  Printf.printf "total %d rest %s eof %b\n" total (bscanf ib " %s" Fun.id) (Scanning.end_of_input ib);
  let ib = Scanning.from_function (let i = ref 0 in fun () -> incr i; if !i > 5 then raise End_of_file else Char.chr (48 + !i)) in
  Printf.printf "from_function %d\n" (bscanf ib "%d" Fun.id);
  (* Parse many numbers. *)
  let text = String.concat " " (List.init 10_000 string_of_int) in
  let ib = Scanning.from_string text in
  let sum = ref 0 in
  (try while true do sum := !sum + bscanf ib " %d" Fun.id done with End_of_file | Scan_failure _ -> ());
  Printf.printf "sum %d\n" !sum
