let () = Registry.register "bad" (fun x -> Missing_unit.f x)
