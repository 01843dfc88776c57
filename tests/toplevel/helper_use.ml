module Helper_value = struct let v = 40 end
let helper_fn x = x * 1
let () = print_endline "helper_use loaded"
