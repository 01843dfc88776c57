(* flags: -g *)
(* env: OCAMLRUNPARAM=b *)
(* An exception caught and re-raised, then escaping: "Re-raised at". *)
exception E of string

let f () = raise (E "inner")

let g () =
  try f () with
  | E s as e -> prerr_endline ("handler saw " ^ s); raise e

let h () =
  try g () with Not_found -> ()

let () = h ()
