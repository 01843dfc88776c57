(* Map.Make and Set.Make over ints and strings. *)
module IM = Map.Make (Int)
module SM = Map.Make (String)
module IS = Set.Make (Int)
module SS = Set.Make (String)

let pm m = print_endline (String.concat " " (List.map (fun (k, v) -> Printf.sprintf "%d:%s" k v) (IM.bindings m)))
let ps s = print_endline ("{" ^ String.concat "," (List.map string_of_int (IS.elements s)) ^ "}")

let () =
  let m = List.fold_left (fun m (k, v) -> IM.add k v m) IM.empty
      [ (5, "five"); (1, "one"); (9, "nine"); (3, "three"); (7, "seven"); (1, "uno") ] in
  pm m;
  Printf.printf "cardinal %d find 3 %s mem 4 %b\n" (IM.cardinal m) (IM.find 3 m) (IM.mem 4 m);
  Printf.printf "find_opt 4 %s\n" (Option.value ~default:"none" (IM.find_opt 4 m));
  (try ignore (IM.find 4 m) with Not_found -> print_endline "find 4: Not_found");
  pm (IM.remove 5 m);
  pm (IM.update 3 (function Some v -> Some (v ^ "!") | None -> None) m);
  pm (IM.update 4 (function None -> Some "four" | s -> s) m);
  pm (IM.filter (fun k _ -> k > 4) m);
  pm (IM.map String.uppercase_ascii m);
  pm (IM.mapi (fun k v -> string_of_int k ^ v) m);
  pm (IM.filter_map (fun k v -> if k mod 3 = 0 then Some (v ^ v) else None) m);
  let m2 = IM.of_list [ (3, "drei"); (4, "vier"); (10, "zehn") ] in
  pm (IM.union (fun _ a b -> Some (a ^ "/" ^ b)) m m2);
  pm (IM.merge (fun _ a b -> match a, b with Some a, None -> Some a | None, Some b -> Some b | _ -> None) m m2);
  Printf.printf "fold %s\n" (IM.fold (fun k _ acc -> acc ^ string_of_int k) m "");
  let k, v = IM.min_binding m in Printf.printf "min %d %s\n" k v;
  let k, v = IM.max_binding m in Printf.printf "max %d %s\n" k v;
  let lo, mid, hi = IM.split 5 m in
  pm lo; print_endline (Option.value ~default:"-" mid); pm hi;
  Printf.printf "find_first %d\n" (fst (IM.find_first (fun k -> k >= 4) m));
  Printf.printf "find_last %d\n" (fst (IM.find_last (fun k -> k <= 4) m));
  Printf.printf "exists %b for_all %b\n" (IM.exists (fun _ v -> v = "nine") m) (IM.for_all (fun k _ -> k > 0) m);
  let a, b = IM.partition (fun k _ -> k < 5) m in pm a; pm b;
  Printf.printf "equal %b compare %d\n" (IM.equal String.equal m m) (IM.compare String.compare m m2);
  IM.iter (fun k v -> Printf.printf "(%d %s)" k v) m; print_newline ();
  Printf.printf "to_seq_from %s\n" (String.concat "," (List.of_seq (Seq.map (fun (k, _) -> string_of_int k) (IM.to_seq_from 4 m))));
  Printf.printf "to_rev_seq %s\n" (String.concat "," (List.of_seq (Seq.map snd (IM.to_rev_seq m))));
  Printf.printf "choose %d\n" (fst (IM.choose m));
  Printf.printf "add_to_list %d\n" (List.length (IM.find 1 (IM.add_to_list 1 "x" (IM.singleton 1 ["y"]))));
  let sm = SM.of_seq (List.to_seq [ ("banana", 3); ("apple", 1); ("cherry", 2) ]) in
  SM.iter (fun k v -> Printf.printf "%s=%d " k v) sm; print_newline ();
  (* Sets. *)
  let s1 = IS.of_list [5; 3; 8; 1; 9; 3] and s2 = IS.of_list [2; 3; 5; 7] in
  ps s1; ps s2;
  ps (IS.union s1 s2); ps (IS.inter s1 s2); ps (IS.diff s1 s2);
  Printf.printf "subset %b %b disjoint %b\n" (IS.subset (IS.of_list [3; 5]) s1) (IS.subset s2 s1) (IS.disjoint s1 (IS.of_list [100]));
  Printf.printf "min %d max %d cardinal %d mem %b\n" (IS.min_elt s1) (IS.max_elt s1) (IS.cardinal s1) (IS.mem 8 s1);
  ps (IS.add 4 s1); ps (IS.remove 3 s1); ps (IS.filter (fun x -> x > 4) s1); ps (IS.map (fun x -> x * 10) s1);
  let a, b = IS.partition (fun x -> x mod 2 = 0) s1 in ps a; ps b;
  let lo, present, hi = IS.split 5 s1 in ps lo; Printf.printf "%b\n" present; ps hi;
  Printf.printf "find_first %d find_opt %s\n" (IS.find_first (fun x -> x > 4) s1)
    (match IS.find_opt 6 s1 with Some x -> string_of_int x | None -> "None");
  Printf.printf "compare %d equal %b\n" (IS.compare s1 s2) (IS.equal s1 (IS.of_list [1; 3; 5; 8; 9]));
  Printf.printf "fold %d\n" (IS.fold ( + ) s1 0);
  let ss = SS.of_list [ "zeta"; "alpha"; "mu"; "alpha" ] in
  print_endline (String.concat " " (SS.elements ss));
  (* A large map: insert and delete many keys. *)
  let big = ref IM.empty in
  for i = 0 to 199_999 do big := IM.add ((i * 7919) mod 200_003) i !big done;
  for i = 0 to 99_999 do big := IM.remove ((i * 7919) mod 200_003) !big done;
  Printf.printf "big map cardinal %d min %d max %d\n" (IM.cardinal !big) (fst (IM.min_binding !big)) (fst (IM.max_binding !big));
  let bs = IS.of_seq (Seq.map (fun i -> i * i mod 10007) (Seq.take 100_000 (Seq.ints 0))) in
  Printf.printf "big set cardinal %d\n" (IS.cardinal bs)
