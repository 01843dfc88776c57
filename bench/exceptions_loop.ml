(* Exceptions: raise and catch in tight loops, through several frames,
   with arguments, and with Fun.protect. *)
exception Found of int
exception Skip

let find_first p a = try Array.iteri (fun i x -> if p x then raise (Found i)) a; -1 with Found i -> i
let rec deep n = if n = 0 then raise Skip else 1 + deep (n - 1)

let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 6_000_000 in
  let a = Array.init 100 (fun i -> i * 3) in
  let s = ref 0 in
  for i = 1 to n do
    (try if i land 1 = 0 then raise Skip else s := !s + 1 with Skip -> s := !s + 2);
    if i mod 10 = 0 then s := !s + find_first (fun x -> x > i mod 300) a;
    if i mod 100 = 0 then (try ignore (deep 20) with Skip -> incr s);
    if i mod 1000 = 0 then s := !s + Fun.protect ~finally:(fun () -> incr s) (fun () -> i land 3)
  done;
  let r = ref 0 in
  for i = 1 to n / 10 do
    match int_of_string_opt (if i mod 5 = 0 then "x" else "12") with Some v -> r := !r + v | None -> (try failwith "bad" with Failure _ -> decr r)
  done;
  Printf.printf "%d %d\n" !s !r
