(* Uncaught out-of-bounds array access. *)
let () =
  let a = Array.make 3 0 in
  for i = 0 to 3 do
    a.(i) <- i;
    Printf.printf "set %d\n" i
  done
