(* The List module, function by function. *)
let pl l = print_endline ("[" ^ String.concat "; " (List.map string_of_int l) ^ "]")
let exn name f =
  match f () with
  | _ -> Printf.printf "%s: no exception\n" name
  | exception Invalid_argument m -> Printf.printf "%s: Invalid_argument %S\n" name m
  | exception Failure m -> Printf.printf "%s: Failure %S\n" name m
  | exception Not_found -> Printf.printf "%s: Not_found\n" name

let () =
  let l = [3; 1; 4; 1; 5; 9; 2; 6; 5; 3; 5] in
  Printf.printf "length %d compare_lengths %d compare_length_with %d\n" (List.length l)
    (List.compare_lengths l [1]) (List.compare_length_with l 11);
  Printf.printf "hd %d nth %d\n" (List.hd l) (List.nth l 4);
  pl (List.tl l);
  pl (List.rev l);
  pl (List.append [1; 2] [3]);
  pl (List.rev_append [1; 2] [3]);
  pl (List.concat [[1]; []; [2; 3]]);
  pl (List.flatten [[4]; [5; 6]]);
  pl (List.init 5 (fun i -> i * 3));
  pl (List.map (fun x -> x * 2) l);
  pl (List.mapi (fun i x -> i * x) l);
  pl (List.rev_map succ l);
  pl (List.filter_map (fun x -> if x > 3 then Some (x * 10) else None) l);
  pl (List.concat_map (fun x -> [x; x]) [1; 2]);
  let acc, l2 = List.fold_left_map (fun a x -> (a + x, a)) 0 l in
  Printf.printf "fold_left_map %d " acc; pl l2;
  Printf.printf "fold_left %d fold_right %d\n" (List.fold_left ( - ) 0 l) (List.fold_right ( - ) l 0);
  Printf.printf "fold_left2 %d\n" (List.fold_left2 (fun a x y -> a + x * y) 0 [1; 2] [3; 4]);
  List.iteri (fun i x -> if i < 2 then Printf.printf "iteri %d %d\n" i x) l;
  List.iter2 (fun a b -> Printf.printf "%d%s " a b) [1; 2] ["a"; "b"]; print_newline ();
  pl (List.map2 ( + ) [1; 2] [10; 20]);
  pl (List.rev_map2 ( + ) [1; 2] [10; 20]);
  Printf.printf "for_all %b exists %b mem %b memq %b\n" (List.for_all (fun x -> x > 0) l)
    (List.exists (fun x -> x > 8) l) (List.mem 9 l) (List.memq 9 l);
  Printf.printf "find %d\n" (List.find (fun x -> x > 4) l);
  Printf.printf "find_index %s find_mapi %s\n"
    (match List.find_index (fun x -> x = 9) l with Some i -> string_of_int i | None -> "-")
    (match List.find_mapi (fun i x -> if x = 9 then Some (i * 100) else None) l with Some i -> string_of_int i | None -> "-");
  pl (List.filter (fun x -> x mod 2 = 1) l);
  pl (List.find_all (fun x -> x = 5) l);
  pl (List.filteri (fun i _ -> i mod 3 = 0) l);
  let a, b = List.partition (fun x -> x < 4) l in
  pl a; pl b;
  let ev, od = List.partition_map (fun x -> if x mod 2 = 0 then Left x else Right (-x)) l in
  pl ev; pl od;
  let assoc = [ (1, "one"); (2, "two"); (3, "three"); (2, "deux") ] in
  Printf.printf "assoc %s assoc_opt %s mem_assoc %b\n" (List.assoc 2 assoc)
    (Option.value ~default:"none" (List.assoc_opt 5 assoc)) (List.mem_assoc 3 assoc);
  Printf.printf "remove_assoc %d\n" (List.length (List.remove_assoc 2 assoc));
  let k, v = List.split assoc in
  pl k; print_endline (String.concat "," v);
  Printf.printf "combine %d\n" (List.length (List.combine [1; 2] ['a'; 'b']));
  pl (List.sort compare l);
  pl (List.stable_sort (fun a b -> compare b a) l);
  pl (List.sort_uniq compare l);
  pl (List.merge compare [1; 3; 5] [2; 3; 4]);
  Printf.printf "equal %b compare %d\n" (List.equal ( = ) [1; 2] [1; 2]) (List.compare compare [1; 2] [1; 3]);
  Printf.printf "is_empty %b %b\n" (List.is_empty []) (List.is_empty l);
  pl (List.of_seq (List.to_seq [7; 8]));
  pl (List.take 3 l); pl (List.drop 8 l);
  pl (List.take_while (fun x -> x < 5) l); pl (List.drop_while (fun x -> x < 5) l);
  exn "hd []" (fun () -> List.hd []);
  exn "tl []" (fun () -> List.tl []);
  exn "nth -1" (fun () -> List.nth l (-1));
  exn "nth 100" (fun () -> List.nth l 100);
  exn "find" (fun () -> List.find (fun x -> x > 100) l);
  exn "assoc" (fun () -> List.assoc 9 assoc);
  exn "map2" (fun () -> List.map2 ( + ) [1] []);
  exn "combine" (fun () -> List.combine [1] []);
  exn "init -1" (fun () -> List.init (-1) Fun.id);
  exn "iter2" (fun () -> List.iter2 (fun _ _ -> ()) [1; 2] [1]);
  Printf.printf "nth_opt %s\n" (match List.nth_opt l 100 with None -> "None" | Some x -> string_of_int x);
  (* Long lists: the TRMC map and friends must not overflow the stack. *)
  let big = List.init 1_000_000 Fun.id in
  let big2 = List.map (fun x -> x * 2) big in
  let big3 = List.filter (fun x -> x mod 3 = 0) big2 in
  let big4 = List.append big3 big3 in
  Printf.printf "big: %d %d %d %d\n" (List.length big2) (List.length big3) (List.length big4) (List.fold_left ( + ) 0 big4);
  let sorted = List.sort (fun a b -> compare (b mod 1000) (a mod 1000)) big in
  Printf.printf "sorted head %d\n" (List.hd sorted)
