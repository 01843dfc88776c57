(* Allocation-heavy work in several domains at once: trees, lists,
   hash tables, strings, arrays, buffers, maps.  Each domain computes a
   checksum that is compared with a sequential run. *)

module IM = Map.Make (Int)
type tree = Leaf | Node of tree * int * tree

let rec make d v = if d = 0 then Leaf else Node (make (d - 1) (2 * v), v, make (d - 1) (2 * v + 1))
let rec sum = function Leaf -> 0 | Node (l, v, r) -> sum l + v + sum r

let work seed =
  let acc = ref 0 in
  (* Trees *)
  for i = 1 to 8 do acc := !acc + sum (make 12 (seed + i)) mod 1_000_003 done;
  (* Lists *)
  let l = List.init 20_000 (fun i -> i * seed) in
  acc := !acc + List.fold_left ( + ) 0 (List.rev_map (fun x -> x mod 97) (List.filter (fun x -> x land 1 = 0) l));
  (* Hash tables with string keys *)
  let h = Hashtbl.create 16 in
  for i = 0 to 20_000 do Hashtbl.replace h (string_of_int (i * seed)) i done;
  for i = 0 to 10_000 do Hashtbl.remove h (string_of_int (2 * i * seed)) done;
  acc := !acc + Hashtbl.length h + Hashtbl.fold (fun _ v a -> (a + v) mod 1_000_003) h 0;
  (* Strings and buffers *)
  let b = Buffer.create 16 in
  for i = 1 to 5_000 do Buffer.add_string b (string_of_int (i * seed)); Buffer.add_char b ',' done;
  let parts = String.split_on_char ',' (Buffer.contents b) in
  acc := !acc + List.length parts + String.length (String.concat "" (List.map String.uppercase_ascii parts));
  (* Arrays of floats and big arrays going to the major heap *)
  let a = Array.init 100_000 (fun i -> float_of_int (i + seed)) in
  acc := !acc + int_of_float (Array.fold_left ( +. ) 0. a) mod 1_000_003;
  (* Maps *)
  let m = ref IM.empty in
  for i = 1 to 10_000 do m := IM.add ((i * 7919 + seed) mod 20_011) i !m done;
  acc := !acc + IM.cardinal !m + IM.fold (fun k v a -> (a + k * v) mod 1_000_003) !m 0;
  !acc

let () =
  let seeds = [1; 2; 3; 4] in
  let expected = List.map work seeds in
  let ds = List.map (fun s -> Domain.spawn (fun () -> work s)) seeds in
  let got = List.map Domain.join ds in
  List.iter2 (fun e g -> Printf.printf "checksum %d, matches sequential: %b\n" g (e = g)) expected got;
  (* Domains exchanging freshly allocated data through a shared mutable
     array: each writes young values that the others read. *)
  let cells = Array.make 8 [] in
  let m = Mutex.create () in
  let ds = List.init 4 (fun d -> Domain.spawn (fun () ->
    for i = 1 to 2_000 do
      let v = List.init 5 (fun k -> string_of_int (d * 100_000 + i * 10 + k)) in
      Mutex.protect m (fun () -> cells.((i + d) mod 8) <- v);
      if i mod 100 = 0 then ignore (Mutex.protect m (fun () -> Array.map List.length cells))
    done)) in
  List.iter Domain.join ds;
  Printf.printf "shared cells hold 5-element lists: %b\n"
    (Array.for_all (fun l -> List.length l = 5 && List.for_all (fun s -> int_of_string s >= 0) l) cells)
