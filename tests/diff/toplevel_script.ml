(* flags: -linkall -I +compiler-libs ocamlcommon.cma ocamlbytecomp.cma ocamltoplevel.cma *)
(* timeout: 120 *)
(* Toplevel scripts, run as `ocaml script.ml args` runs them
   (Toploop.run_script): Sys.argv as the script sees it, definitions,
   printing, #use of a sibling file, #load of str.cma and unix.cma (whose
   C stubs the runtime provides), a script with a type error and one with
   an uncaught exception (run_script returns false and reports on the
   formatter), a script given as a string, and a final script that calls
   exit with a code, which ends the whole program. *)

let write name text =
  let oc = open_out name in
  output_string oc text;
  close_out oc

let main_script = {|
let () = Printf.printf "argv: %s\n" (String.concat " | " (Array.to_list Sys.argv))
let rec fact n = if n <= 1 then 1 else n * fact (n - 1)
let () = Printf.printf "fact 20 = %d\n" (fact 20)
type shape = Circle of float | Square of float
let area = function Circle r -> 3.0 *. r *. r | Square s -> s *. s
let () = List.iter (fun s -> Printf.printf "area %.2f\n" (area s)) [Circle 1.0; Square 2.5];;
#use "helper.ml";;
let () = Printf.printf "helper says %s\n" (Helper_like.greet "script");;
#directory "+str";;
#load "str.cma";;
let () = Printf.printf "str: %s\n" (String.concat "," (Str.split (Str.regexp "[ ;]+") "a; b  c;d"));;
#directory "+unix";;
#load "unix.cma";;
let () =
  let r, w = Unix.pipe () in
  ignore (Unix.write_substring w "via unix" 0 8);
  let b = Bytes.create 8 in
  ignore (Unix.read r b 0 8);
  Unix.close r; Unix.close w;
  Printf.printf "unix: %s\n" (Bytes.to_string b)
let () = Printf.printf "file exists: %b\n" (Sys.file_exists "helper.ml")
let () = print_endline "end of main script"
|}

let helper = {|
module Helper_like = struct
  let greet who = "hello, " ^ who
end
|}

let bad_type = {|
let () = print_endline "before the error"
let x : int = "not an int"
let () = print_endline "never printed"
|}

let raising = {|
let () = print_endline "about to raise"
exception Script_error of string
let () = raise (Script_error "from the script")
let () = print_endline "never printed"
|}

let exiting = {|
let () = at_exit (fun () -> print_endline "script at_exit")
let () = print_endline "exiting with 3"
let () = exit 3
|}

let () =
  write "main_script.ml" main_script;
  write "helper.ml" helper;
  write "bad_type.ml" bad_type;
  write "raising.ml" raising;
  write "exiting.ml" exiting;
  Toploop.initialize_toplevel_env ();
  let ppf = Format.std_formatter in
  let run name input args =
    Printf.printf "== %s\n%!" name;
    let ok = Toploop.run_script ppf input args in
    Format.pp_print_flush ppf ();
    Printf.printf "== %s returned %b\n%!" name ok in
  run "main" (Toploop.File "main_script.ml") [| "main_script.ml"; "one"; "two words"; "" |];
  run "bad type" (Toploop.File "bad_type.ml") [| "bad_type.ml" |];
  run "raising" (Toploop.File "raising.ml") [| "raising.ml" |];
  run "string" (Toploop.String "let () = Printf.printf \"from a string: %d\\n\" (6 * 7)\n") [| "s" |];
  run "missing" (Toploop.File "no_such_script.ml") [| "no_such_script.ml" |];
  List.iter Sys.remove ["main_script.ml"; "helper.ml"; "bad_type.ml"; "raising.ml"];
  at_exit (fun () -> Sys.remove "exiting.ml");
  run "exiting" (Toploop.File "exiting.ml") [| "exiting.ml" |];
  print_endline "not reached"
