(* e2e: the broken runtime hangs on this one (a timeout). *)
(* timeout: 3 *)
let () = print_endline "quick on stock"
