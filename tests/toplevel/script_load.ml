(* #load of the distribution's libraries, whose C stubs mcrun builds in. *)
#directory "+str";;
#load "str.cma";;
let () = print_endline (Str.global_replace (Str.regexp "a+") "<&>" "caaat bat");;
let () = List.iter print_endline (Str.split (Str.regexp "[ ,]+") "one, two three");;
#directory "+unix";;
#load "unix.cma";;
let () = Printf.printf "getpid>0 %b\n" (Unix.getpid () > 0);;
let () =
  let st = Unix.stat "script_load.ml" in
  Printf.printf "regular file %b\n" (st.Unix.st_kind = Unix.S_REG);;
#load "nothere.cma";;
let () = print_endline "end"
