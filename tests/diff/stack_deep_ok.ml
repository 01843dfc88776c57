(* Deep (but bounded) non-tail recursion that fits in the default stack:
   the runtime must grow its stack. *)
let rec sum_to n = if n = 0 then 0 else n + sum_to (n - 1)
let rec mk n acc = if n = 0 then acc else mk (n - 1) (n :: acc)
let rec non_tail_map f = function [] -> [] | x :: r -> let y = f x in y :: non_tail_map f r

let () =
  Printf.printf "sum_to 1_000_000 = %d\n" (sum_to 1_000_000);
  let l = mk 500_000 [] in
  let m = non_tail_map (fun x -> x * 2) l in
  Printf.printf "map length %d last %d\n" (List.length m) (List.nth m 499_999);
  Printf.printf "fold_right %d\n" (List.fold_right (fun x acc -> x + acc) l 0)
