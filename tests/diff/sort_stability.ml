(* Stable sorting of lists and arrays: equal keys keep their order. *)
let () =
  let st = Random.State.make [| 2024 |] in
  let n = 100_000 in
  let data = Array.init n (fun i -> (Random.State.int st 100, i)) in
  let cmp (a, _) (b, _) = compare a b in
  let check name arr =
    let ok = ref true in
    for i = 1 to Array.length arr - 1 do
      let (k1, i1) = arr.(i - 1) and (k2, i2) = arr.(i) in
      if k1 > k2 || (k1 = k2 && i1 > i2) then ok := false
    done;
    Printf.printf "%s stable: %b\n" name !ok
  in
  let a = Array.copy data in Array.stable_sort cmp a; check "Array.stable_sort" a;
  let a = Array.copy data in Array.sort cmp a;
  Printf.printf "Array.sort sorted: %b\n" (let ok = ref true in for i = 1 to n - 1 do if fst a.(i - 1) > fst a.(i) then ok := false done; !ok);
  let l = List.stable_sort cmp (Array.to_list data) in check "List.stable_sort" (Array.of_list l);
  let l = List.sort cmp (Array.to_list data) in check "List.sort" (Array.of_list l);
  let l = List.fast_sort cmp (Array.to_list data) in check "List.fast_sort" (Array.of_list l);
  (* Small arrays exercising the insertion-sort cutoff. *)
  for len = 0 to 12 do
    let d = Array.init len (fun i -> ((i * 7) mod 3, i)) in
    Array.stable_sort cmp d;
    print_string (String.concat "," (Array.to_list (Array.map (fun (k, i) -> Printf.sprintf "%d/%d" k i) d)));
    print_newline ()
  done;
  let words = ["pear"; "fig"; "apple"; "kiwi"; "plum"; "date"; "lime"; "banana"; "cherry"; "grape"] in
  print_endline (String.concat " " (List.stable_sort (fun a b -> compare (String.length a) (String.length b)) words));
  print_endline (String.concat " " (List.sort_uniq compare (words @ words)));
  (* Sorting with a comparison that raises. *)
  (try ignore (List.sort (fun a b -> if a = 3 || b = 3 then failwith "cmp" else compare a b) [5; 3; 1])
   with Failure m -> print_endline ("raised " ^ m));
  (* Sorting strings and floats polymorphically. *)
  let fl = Array.init 1000 (fun i -> float ((i * 7919) mod 1000) /. 7.) in
  Array.sort compare fl;
  Printf.printf "floats: %g %g %g\n" fl.(0) fl.(500) fl.(999);
  let ss = Array.init 1000 (fun i -> string_of_int ((i * 7919) mod 1000)) in
  Array.stable_sort compare ss;
  Printf.printf "strings: %s %s %s\n" ss.(0) ss.(500) ss.(999)
