let () = failwith "plugin init failed"
