(* Build and drop a few million small objects; the survivors are checked. *)
let () =
  let keep = ref [] in
  let total = ref 0 in
  for round = 1 to 20 do
    let l = List.init 100_000 (fun i -> (i, round)) in
    let l2 = List.rev_map (fun (a, b) -> a * b) l in
    total := !total + List.fold_left ( + ) 0 l2;
    if round mod 5 = 0 then keep := l2 :: !keep
  done;
  Printf.printf "total %d kept %d lists\n" !total (List.length !keep);
  Printf.printf "kept sums %s\n" (String.concat " " (List.map (fun l -> string_of_int (List.fold_left ( + ) 0 l)) !keep));
  (* Strings of varying sizes. *)
  let strs = Array.make 1000 "" in
  for i = 0 to 999_999 do
    let s = String.make (i mod 37) (Char.chr (97 + i mod 26)) in
    strs.(i mod 1000) <- s
  done;
  Printf.printf "strings %d\n" (Array.fold_left (fun acc s -> acc + String.length s) 0 strs);
  (* Closures and records. *)
  let acc = ref 0 in
  for i = 1 to 1_000_000 do
    let r = { contents = i } in
    let f = fun () -> r.contents * 2 in
    acc := (!acc + f ()) land 0xFFFFFFF
  done;
  Printf.printf "closures %d\n" !acc;
  (* Floats boxed in lists. *)
  let fl = List.init 500_000 float in
  let sum = List.fold_left ( +. ) 0. (List.map (fun x -> x *. 0.5) fl) in
  Printf.printf "floats %.1f\n" sum;
  Gc.full_major ();
  Printf.printf "after full_major: %d\n" (List.length (List.hd !keep))
