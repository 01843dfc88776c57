(* mchealth corpus: a script run by the toplevel (ocaml script.ml). *)
let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)
let () = Printf.printf "fib 20 = %d\n" (fib 20)

module M = Map.Make (String)

let m = List.fold_left (fun m (k, v) -> M.add k v m) M.empty [ ("one", 1); ("two", 2); ("three", 3) ]
let () = M.iter (fun k v -> Printf.printf "%s -> %d\n" k v) m
let () = print_endline (String.concat "," (List.map string_of_float [ 0.1; 1e100; -0. ]))

exception Found of int

let () =
  try List.iter (fun x -> if x > 2 then raise (Found x)) [ 1; 2; 3; 4 ]
  with Found x -> Printf.printf "found %d\n" x

let () = Format.printf "@[<v 2>box:@,%a@]@." (Format.pp_print_list Format.pp_print_int) [ 1; 2; 3 ]
