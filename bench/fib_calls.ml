(* Function calls: naive recursive Fibonacci and Ackermann. *)
let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)
let rec ack m n = if m = 0 then n + 1 else if n = 0 then ack (m - 1) 1 else ack (m - 1) (ack m (n - 1))

let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 39 in
  Printf.printf "fib %d = %d, ack 2 %d = %d, ack 3 7 = %d\n" n (fib n) n (ack 2 n) (ack 3 7)
