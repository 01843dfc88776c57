(* Uncaught Sys_error from opening a missing file. *)
let () =
  print_endline "opening";
  let ic = open_in "this_file_does_not_exist.txt" in
  close_in ic
