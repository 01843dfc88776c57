(* Uncaught custom exceptions with arguments of several types: the
   runtime's default printer formats them. *)
exception Bad of string * int * float * char * int list * (int * string)

let () =
  print_endline "raising";
  raise (Bad ("text with \"quotes\"", -42, 2.5, 'c', [1; 2], (3, "x")))
