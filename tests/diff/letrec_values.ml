(* let rec of values: cyclic lists, recursive records and closures,
   mutually recursive definitions mixing functions and data. *)
type node = { value : int; mutable next : node }
type t = { name : string; self : t; f : int -> int }

let rec ones = 1 :: ones
let rec abab = 'a' :: 'b' :: abab
let rec n1 = { value = 1; next = n2 } and n2 = { value = 2; next = n1 }
let rec r = { name = "r"; self = r; f = (fun x -> if x = 0 then 0 else r.f (x - 1) + 1) }
let rec fact = fun n -> if n <= 1 then 1 else n * fact (n - 1)
and table = [| (fun () -> fact 5); (fun () -> fact 6) |]
let rec lz = lazy (1 + Lazy.force lz2) and lz2 = lazy 41

let rec take n l = if n = 0 then [] else match l with [] -> [] | x :: r -> x :: take (n - 1) r

let () =
  Printf.printf "ones: %s\n" (String.concat "" (List.map string_of_int (take 10 ones)));
  Printf.printf "abab: %s\n" (String.of_seq (List.to_seq (take 7 abab)));
  Printf.printf "cycle shares: %b\n" (List.tl (List.tl abab) == abab);
  Printf.printf "nodes: %d %d %d\n" n1.value n1.next.value n1.next.next.value;
  Printf.printf "n1.next.next == n1: %b\n" (n1.next.next == n1);
  Printf.printf "record self: %s %b f 5 = %d\n" r.self.name (r.self == r) (r.f 5);
  Printf.printf "fact table: %d %d\n" (table.(0) ()) (table.(1) ());
  Printf.printf "lazy: %d\n" (Lazy.force lz);
  (* Local let rec of values. *)
  let rec xs = 0 :: ys and ys = 1 :: xs in
  Printf.printf "local cycle: %s\n" (String.concat "" (List.map string_of_int (take 6 xs)));
  let rec arr = [| (fun () -> Array.length arr) |] in
  Printf.printf "array referencing itself: %d\n" (arr.(0) ());
  let rec pair = (1, fun () -> fst pair + 1) in
  Printf.printf "pair: %d\n" ((snd pair) ());
  let rec v = `Cons (1, v) in
  (match v with `Cons (x, `Cons (y, _)) -> Printf.printf "polyvariant cycle: %d %d\n" x y);
  (* let rec inside a loop, creating fresh cycles each time. *)
  let total = ref 0 in
  for i = 1 to 10_000 do
    let rec a = i :: b and b = (i + 1) :: a in
    total := !total + List.hd a + List.hd (List.tl (List.tl b))
  done;
  Printf.printf "loop total: %d\n" !total;
  (* Functions defined with let rec and used as values. *)
  let rec even = function 0 -> true | n -> odd (n - 1) and odd = function 0 -> false | n -> even (n - 1) in
  let fs = [ even; odd ] in
  Printf.printf "%s\n" (String.concat " " (List.map (fun f -> string_of_bool (f 10)) fs))
