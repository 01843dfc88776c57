(* Benchmark: fiber creation and completion.  match_with over a trivial
   computation (returns at once, no effect), N times: each iteration
   allocates a fiber, runs the computation on it, calls the value clause
   and frees the fiber. *)
open Effect.Deep

let n = 25_000_000

let handler = { retc = (fun v -> v + 1); exnc = raise; effc = (fun _ -> None) }

let () =
  let acc = ref 0 in
  for i = 1 to n do acc := !acc + match_with (fun x -> x land 3) i handler done;
  Printf.printf "fibers: %d, checksum %d\n" n !acc
