(* Deep tail calls: self, mutual, through closures and with many
   arguments must run in constant stack. *)
let rec loop n acc = if n = 0 then acc else loop (n - 1) (acc + n)
let rec ping n = if n = 0 then "ping" else pong (n - 1)
and pong n = if n = 0 then "pong" else ping (n - 1)
let rec many n a b c d e f g = if n = 0 then a + b + c + d + e + f + g else many (n - 1) b c d e f g (a + 1)
let rec cps n k = if n = 0 then k 0 else cps (n - 1) (fun r -> k (r + 1))
let apply f x = f x
let rec via_apply n = if n = 0 then "done" else apply via_apply (n - 1)
let rec count_list l acc = match l with [] -> acc | _ :: r -> count_list r (acc + 1)
let rec a1 n = if n <= 0 then 1 else b1 (n - 1) 1 2
and b1 n x y = if n <= 0 then x + y else c1 (n - 1) x y 3
and c1 n x y z = if n <= 0 then x + y + z else a1 (n - 1)

let () =
  Printf.printf "loop %d\n" (loop 10_000_000 0);
  Printf.printf "ping %s %s\n" (ping 1_000_001) (ping 1_000_000);
  Printf.printf "many %d\n" (many 3_000_000 1 2 3 4 5 6 7);
  Printf.printf "cps %d\n" (cps 1_000_000 (fun x -> x));
  Printf.printf "via_apply %s\n" (via_apply 5_000_000);
  Printf.printf "count %d\n" (count_list (List.init 2_000_000 Fun.id) 0);
  Printf.printf "a1 %d %d %d\n" (a1 3_000_000) (a1 3_000_001) (a1 3_000_002);
  (* Tail call in a try block is NOT a tail call, but a tail call out of a
     handler is. *)
  let rec handler_loop n = if n = 0 then 0 else begin (try if n < 0 then raise Exit with Exit -> ()); handler_loop (n - 1) end in
  Printf.printf "handler_loop %d\n" (handler_loop 1_000_000);
  let rec after_handler n = match (if n mod 2 = 0 then raise Not_found else n) with
    | exception Not_found -> if n = 0 then "end" else after_handler (n - 1)
    | _ -> if n = 0 then "end" else after_handler (n - 1) in
  Printf.printf "after_handler %s\n" (after_handler 1_000_000);
  (* while loops. *)
  let i = ref 0 and s = ref 0 in
  while !i < 5_000_000 do s := !s + (!i lxor 0x5555); incr i done;
  Printf.printf "while %d\n" !s
