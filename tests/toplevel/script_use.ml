(* #use and #mod_use of files next to the script. *)
#use "helper_use.ml";;
let () = Printf.printf "helper says %d\n" (Helper_value.v + helper_fn 2);;
#mod_use "helper_mod.ml";;
let () = print_endline (Helper_mod.greet "mod_use");;
#use "does_not_exist.ml";;
let () = print_endline "after a missing #use"
