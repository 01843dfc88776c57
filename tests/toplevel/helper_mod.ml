let greet who = "hello from " ^ who
