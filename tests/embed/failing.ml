(* Raises while initialising: caml_startup reports it as stock does,
   caml_startup_exn returns it. *)
let () = print_endline "starting"; if Array.length Sys.argv > 0 then raise (Invalid_argument "init failed")
