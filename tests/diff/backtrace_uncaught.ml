(* flags: -g *)
(* env: OCAMLRUNPARAM=b *)
(* An uncaught exception with OCAMLRUNPARAM=b prints a backtrace whose
   locations come from the debug information. *)
exception Deep of int

let rec descend n = if n = 0 then raise (Deep 0) else 1 + descend (n - 1)

let middle () =
  try descend 3 with Not_found -> 0

let outer () =
  let v = middle () in
  print_int v

let () =
  print_endline "going down";
  outer ()
