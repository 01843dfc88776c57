let x : int = "not an int";;
undefined_value;;
let y = 1 / 0;;
raise (Failure "boom");;
let ok = "still alive";;
#show_val ok;;
#quit;;
