let () = Registry.register "double" (fun x -> 2 * x)
let () = print_endline "plug_a initialised"
