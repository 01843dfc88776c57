(* Dynarray (OCaml 5.2). *)
let pd d = print_endline ("[" ^ String.concat ";" (List.map string_of_int (Dynarray.to_list d)) ^ "]")

let () =
  let d = Dynarray.create () in
  Printf.printf "empty length %d is_empty %b\n" (Dynarray.length d) (Dynarray.is_empty d);
  for i = 1 to 10 do Dynarray.add_last d (i * i) done;
  pd d;
  Printf.printf "get 3 = %d, find_last %s\n" (Dynarray.get d 3)
    (match Dynarray.find_last d with Some x -> string_of_int x | None -> "None");
  Dynarray.set d 0 (-1);
  Printf.printf "pop_last %d\n" (Dynarray.pop_last d);
  Dynarray.remove_last d;
  pd d;
  Dynarray.append_list d [100; 200];
  Dynarray.append_array d [| 300 |];
  Dynarray.append_seq d (List.to_seq [400]);
  Dynarray.append d (Dynarray.of_list [500; 600]);
  pd d;
  Dynarray.truncate d 5;
  pd d;
  let m = Dynarray.map (fun x -> x * 2) d in
  pd m;
  let mi = Dynarray.mapi (fun i x -> i + x) d in
  pd mi;
  pd (Dynarray.filter (fun x -> x > 10) d);
  pd (Dynarray.filter_map (fun x -> if x > 10 then Some (-x) else None) d);
  Printf.printf "fold_left %d fold_right %d exists %b for_all %b mem %b\n" (Dynarray.fold_left ( + ) 0 d)
    (Dynarray.fold_right ( - ) d 0) (Dynarray.exists (fun x -> x = 16) d) (Dynarray.for_all (fun x -> x > 0) d)
    (Dynarray.mem 9 d);
  Printf.printf "find_index %s\n" (match Dynarray.find_index (fun x -> x = 9) d with Some i -> string_of_int i | None -> "None");
  let c = Dynarray.copy d in
  Dynarray.clear d;
  Printf.printf "after clear %d copy %d\n" (Dynarray.length d) (Dynarray.length c);
  (try ignore (Dynarray.get c 100) with Invalid_argument m -> print_endline ("get: " ^ m));
  (try ignore (Dynarray.pop_last d) with Not_found -> print_endline "pop_last: Not_found");
  Printf.printf "pop_last_opt %s\n" (match Dynarray.pop_last_opt d with None -> "None" | Some x -> string_of_int x);
  let a = Dynarray.to_array c in
  Printf.printf "to_array %d\n" (Array.length a);
  let big = Dynarray.make 3 0 in
  for i = 1 to 500_000 do Dynarray.add_last big i done;
  Dynarray.fit_capacity big;
  Printf.printf "big length %d last %d sum %d\n" (Dynarray.length big) (Dynarray.get_last big)
    (Dynarray.fold_left ( + ) 0 big);
  Dynarray.ensure_capacity big 1_000_000;
  Dynarray.reset big;
  Printf.printf "after reset %d\n" (Dynarray.length big);
  let init = Dynarray.init 5 (fun i -> string_of_int i) in
  Dynarray.iteri (fun i s -> Printf.printf "%d=%s " i s) init; print_newline ();
  let sorted = Dynarray.of_list [5; 2; 8; 1] in
  let arr = Dynarray.to_array sorted in
  Array.sort compare arr;
  Printf.printf "sorted %s\n" (String.concat "," (Array.to_list (Array.map string_of_int arr)));
  let fl = Dynarray.create () in
  for i = 1 to 5 do Dynarray.add_last fl (float i /. 4.) done;
  Dynarray.iter (Printf.printf "%g ") fl; print_newline ();
  Dynarray.blit ~src:c ~src_pos:0 ~dst:sorted ~dst_pos:2 ~len:2;
  pd sorted;
  Printf.printf "equal %b compare %d\n" (Dynarray.equal ( = ) c (Dynarray.copy c)) (Dynarray.compare compare c sorted)
