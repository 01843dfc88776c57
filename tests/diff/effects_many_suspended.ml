(* timeout: 120 *)
(* 100_000 fibers suspended at once, each holding its own data (an int,
   a string, a young list) in its stack; collections while they are all
   suspended; resumed in reverse, then in a strided order, each
   performing again and being resumed a second time; checksums. *)
open Effect
open Effect.Deep

type _ Effect.t += Park : int -> int Effect.t

type st = Parked of int * (int, st) continuation | Finished of int

let n = 100_000

let body i () =
  let s = string_of_int i in
  let l = List.init (i mod 5) (fun j -> j * i) in
  let a = perform (Park i) in
  let b = perform (Park (a + String.length s)) in
  a + b + List.fold_left ( + ) 0 l + int_of_string s

let start i =
  match_with (body i) ()
    { retc = (fun v -> Finished v); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Park v -> Some (fun (k : (a, _) continuation) -> Parked (v, k))
          | _ -> None) }

let () =
  let fibers = Array.init n start in
  let parked = Array.fold_left (fun acc s -> match s with Parked _ -> acc + 1 | Finished _ -> acc) 0 fibers in
  Printf.printf "suspended at once: %d\n" parked;
  Gc.full_major ();
  Gc.compact ();
  (* Resume in reverse order. *)
  let sum1 = ref 0 in
  for i = n - 1 downto 0 do
    match fibers.(i) with
    | Parked (v, k) -> sum1 := !sum1 + v; fibers.(i) <- continue k (v * 2)
    | Finished _ -> ()
  done;
  Printf.printf "first resume: sum of parked values %d\n" !sum1;
  let parked = Array.fold_left (fun acc s -> match s with Parked _ -> acc + 1 | Finished _ -> acc) 0 fibers in
  Printf.printf "suspended again: %d\n" parked;
  Gc.full_major ();
  (* Resume with a stride of 7919 (coprime with n): every fiber once. *)
  let sum2 = ref 0 and total = ref 0 and idx = ref 0 in
  for _ = 1 to n do
    (match fibers.(!idx) with
     | Parked (v, k) -> sum2 := !sum2 + v; fibers.(!idx) <- continue k 1
     | Finished _ -> ());
    idx := (!idx + 7919) mod n
  done;
  Array.iter (function Finished v -> total := !total + v | Parked _ -> ()) fibers;
  Printf.printf "second resume: sum %d, total of results %d\n" !sum2 !total;
  (* A second wave, dropped without being resumed. *)
  let wave = Array.init n start in
  Printf.printf "second wave suspended: %d\n" (Array.length wave);
  Gc.full_major ()
