(* Closures and higher-order functions: List/Array combinators, function
   composition, partial application and CPS. *)
let compose f g x = f (g x)
let rec iterate n f x = if n = 0 then x else iterate (n - 1) f (f x)
let rec fold_cps f l acc k = match l with [] -> k acc | x :: r -> fold_cps f r (f acc x) k

let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 70 in
  let l = List.init 100_000 Fun.id in
  let total = ref 0 in
  for round = 1 to n do
    let add k = fun x -> x + k in
    let f = compose (add round) (fun x -> x * 2) in
    let m = List.map f l in
    let s = List.fold_left ( + ) 0 (List.filter (fun x -> x mod 3 = 0) m) in
    let arr = Array.of_list m in
    let s2 = Array.fold_left (fun acc x -> acc + (x land 7)) 0 (Array.map (add 1) arr) in
    let s3 = fold_cps (fun a x -> a + x) m 0 Fun.id in
    total := !total + s + s2 + s3 + iterate 1000 (add 1) 0
  done;
  Printf.printf "total %d\n" !total
