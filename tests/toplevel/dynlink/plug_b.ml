let () = Registry.register "square" (fun x -> x * x)
