(* flags: -linkall -I +compiler-libs ocamlcommon.cma ocamlbytecomp.cma ocamltoplevel.cma *)
(* timeout: 120 *)
(* A program with the toplevel linked in (as `ocaml` is built) evaluates
   phrases one by one, as the interactive loop does: definitions and the
   printing of their types and values, type errors and exceptions that it
   recovers from, #use of a file written here, #load of str.cma (whose C
   stubs mcrun builds in), #trace, printers, a stack overflow.  Exercises
   Meta.reify_bytecode, realloc_global, get_global_data, the traced-call
   primitive and the toplevel's view of the executable's sections. *)

let phrases = {|
let x = 1 + 2;;
type color = Red | Green | Rgb of int * int * int;;
let c = [Red; Rgb (1, 2, 3); Green];;
type person = { name : string; mutable age : int; tags : string list };;
let p = { name = "Ada"; age = 36; tags = ["math"; "code"] };;
p.age <- 37; p;;
(1, "two", 3.0, '4', [|5; 6|], Some [7], None);;
"esc\"aped\n\t\\ and \200 bytes";;
[nan; infinity; -0.; 1e100; 0.1; 1.5e-7];;
(1l, 2L, 3n, max_int, min_int);;
`Poly (`A 1, `B);;
let id x = x;;
let r = ref [];;
lazy (1 + 1);;
List.init 120 (fun i -> i * i);;
#print_length 4;;
List.init 120 (fun i -> i);;
#print_length 100;;
let rec cyc = 1 :: 2 :: cyc;;
module M = struct type t = int let v = 3 let f (x : t) = x end;;
module type S = sig type t val v : t end;;
module F (X : S) = struct let w = X.v end;;
module N = F (M);;
type _ t = I : int -> int t | B : bool -> bool t;;
let eval : type a. a t -> a = function I n -> n | B b -> b;;
eval (I 3), eval (B true);;
exception My_exn of string * int;;
raise (My_exn ("y", 2));;
1 / 0;;
let f = function 0 -> "zero";;
f 1;;
let rec loop n = 1 + loop (n + 1);;
loop 0;;
print_endline "alive after a stack overflow";;
let o = object val mutable v = 1 method get = v method incr = v <- v + 1 end;;
o#incr; o#get;;
let x : int = "wrong";;
undefined_name + 1;;
print_endline "recovered";;
let printer ppf (c : color) = Format.fprintf ppf "<%s>" (match c with Red -> "red" | Green -> "green" | Rgb _ -> "rgb");;
#install_printer printer;;
c;;
#remove_printer printer;;
let g x = x * 2;;
#trace g;;
g 21;;
#untrace g;;
#use "helper_phrases.ml";;
helper_value * 2;;
#use "no_such_file.ml";;
#directory "+str";;
#load "str.cma";;
Str.split (Str.regexp "[ ,]+") "one, two three";;
Str.global_replace (Str.regexp "\\([a-z]+\\)=\\([0-9]+\\)") "\\2:\\1" "a=1 bb=22";;
#show color;;
let many = Array.init 2000 (fun i -> string_of_int i);;
Array.length many;;
|}

let ppf = Format.std_formatter

let () =
  let oc = open_out "helper_phrases.ml" in
  output_string oc "let helper_value = 21\nlet () = print_endline \"helper loaded\"\n";
  close_out oc;
  Toploop.initialize_toplevel_env ();
  let lb = Lexing.from_string phrases in
  Location.init lb "//toplevel//";
  Location.input_name := "//toplevel//";
  Location.input_lexbuf := Some lb;
  let rec loop () =
    match !Toploop.parse_toplevel_phrase lb with
    | phr ->
        Format.fprintf ppf "# @?";
        (try ignore (Toploop.execute_phrase true ppf phr)
         with x -> Location.report_exception ppf x);
        loop ()
    | exception End_of_file -> ()
  in
  loop ();
  Format.pp_print_flush ppf ()
