(* e2e: exits 1 while the entry expects 0. *)
let () = exit 1
