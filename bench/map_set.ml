(* Map and Set: insertions, lookups, unions and folds over balanced
   trees with int and string keys. *)
module IM = Map.Make (Int)
module SS = Set.Make (String)

let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 200_000 in
  let m = ref IM.empty in
  for i = 0 to n - 1 do m := IM.add ((i * 7919) mod (2 * n)) i !m done;
  let hits = ref 0 in
  for i = 0 to 2 * n - 1 do if IM.mem i !m then incr hits done;
  let m2 = IM.filter (fun k _ -> k mod 3 = 0) !m in
  let u = IM.union (fun _ a b -> Some (a + b)) !m m2 in
  let sum = IM.fold (fun _ v acc -> (acc + v) land 0xFFFFFFF) u 0 in
  let s = ref SS.empty in
  for i = 0 to n / 2 do s := SS.add (string_of_int (i * 31 mod n)) !s done;
  let s2 = SS.filter (fun x -> String.length x mod 2 = 0) !s in
  let d = SS.diff !s s2 in
  Printf.printf "hits %d union %d sum %d set %d diff %d\n" !hits (IM.cardinal u) sum (SS.cardinal !s) (SS.cardinal d)
