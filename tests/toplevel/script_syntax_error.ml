let () = print_endline "ok so far"
let x = (1 + ;;
