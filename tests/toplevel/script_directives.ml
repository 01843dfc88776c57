(* Directives that change how the toplevel evaluates and prints. *)
let f x = x + 1;;
#trace f;;
let () = ignore (f 3);;
#untrace f;;
let () = ignore (f 4);;
let rec walk n = if n = 0 then 0 else 1 + walk (n - 1);;
#trace walk;;
let () = ignore (walk 2);;
#untrace_all;;
#warnings "+a";;
let unused_warning () = let x = 3 in ();;
#warnings "-a";;
let () = print_endline "directives done"
