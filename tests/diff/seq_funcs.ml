(* The Seq module: lazy sequences, laziness and ephemeral sequences. *)
let pl s = print_endline ("[" ^ String.concat "; " (List.of_seq (Seq.map string_of_int s)) ^ "]")

let () =
  pl (Seq.take 10 (Seq.ints 5));
  pl (List.to_seq [1; 2; 3] |> Seq.map (fun x -> x * x));
  pl (Seq.filter (fun x -> x mod 2 = 0) (Seq.take 20 (Seq.ints 0)));
  pl (Seq.unfold (fun n -> if n > 100 then None else Some (n, n * 2)) 1);
  pl (Seq.append (Seq.return 1) (Seq.cons 2 Seq.empty));
  pl (Seq.take 5 (Seq.repeat 7));
  pl (Seq.take 6 (Seq.iterate (fun x -> x * 3) 1));
  pl (Seq.take 7 (Seq.cycle (List.to_seq [1; 2; 3])));
  pl (Seq.init 4 (fun i -> 10 * i));
  pl (Seq.drop 3 (Seq.take 6 (Seq.ints 0)));
  pl (Seq.take_while (fun x -> x < 4) (Seq.ints 0));
  pl (Seq.take 3 (Seq.drop_while (fun x -> x < 4) (Seq.ints 0)));
  pl (Seq.flat_map (fun x -> List.to_seq [x; -x]) (List.to_seq [1; 2; 3]));
  pl (Seq.concat (List.to_seq [Seq.return 1; Seq.empty; Seq.return 2]));
  pl (Seq.filter_map (fun x -> if x > 2 then Some (x * 100) else None) (List.to_seq [1; 2; 3; 4]));
  pl (Seq.scan ( + ) 0 (List.to_seq [1; 2; 3; 4]));
  pl (Seq.map2 ( * ) (Seq.ints 1) (List.to_seq [1; 2; 3]));
  pl (Seq.zip (Seq.ints 0) (List.to_seq [10; 20]) |> Seq.map (fun (a, b) -> a + b));
  pl (Seq.interleave (List.to_seq [1; 3; 5]) (List.to_seq [2; 4]));
  pl (Seq.sorted_merge compare (List.to_seq [1; 4; 6]) (List.to_seq [2; 3; 7]));
  pl (Seq.mapi (fun i x -> i * x) (List.to_seq [5; 5; 5]));
  let a, b = Seq.partition (fun x -> x mod 2 = 0) (Seq.take 8 (Seq.ints 0)) in
  pl a; pl b;
  let a, b = Seq.unzip (List.to_seq [(1, 2); (3, 4)]) in
  pl a; pl b;
  Printf.printf "fold_left %d length %d\n" (Seq.fold_left ( + ) 0 (Seq.take 100 (Seq.ints 1))) (Seq.length (Seq.take 42 (Seq.ints 0)));
  Printf.printf "is_empty %b %b\n" (Seq.is_empty Seq.empty) (Seq.is_empty (Seq.return 1));
  Printf.printf "uncons %s\n" (match Seq.uncons (Seq.ints 9) with Some (x, _) -> string_of_int x | None -> "None");
  Printf.printf "for_all %b exists %b find %s\n" (Seq.for_all (fun x -> x < 10) (Seq.take 10 (Seq.ints 0)))
    (Seq.exists (fun x -> x = 5) (Seq.ints 0))
    (match Seq.find (fun x -> x * x > 50) (Seq.ints 0) with Some x -> string_of_int x | None -> "None");
  Printf.printf "equal %b compare %d\n" (Seq.equal ( = ) (List.to_seq [1; 2]) (List.to_seq [1; 2]))
    (Seq.compare compare (List.to_seq [1; 2]) (List.to_seq [1; 3]));
  (* Laziness: count evaluations. *)
  let count = ref 0 in
  let s = Seq.map (fun x -> incr count; x) (Seq.ints 0) in
  let t = Seq.take 5 s in
  Printf.printf "before %d\n" !count;
  ignore (List.of_seq t); ignore (List.of_seq t);
  Printf.printf "after two traversals %d\n" !count;
  count := 0;
  let m = Seq.memoize (Seq.take 5 (Seq.map (fun x -> incr count; x) (Seq.ints 0))) in
  ignore (List.of_seq m); ignore (List.of_seq m);
  Printf.printf "memoized %d\n" !count;
  let o = Seq.once (List.to_seq [1; 2]) in
  ignore (List.of_seq o);
  (try ignore (List.of_seq o) with Seq.Forced_twice -> print_endline "Forced_twice");
  let d = Seq.to_dispenser (List.to_seq [1; 2]) in
  let rec drain () = match d () with Some x -> Printf.printf "dispensed %d\n" x; drain () | None -> () in
  drain ();
  pl (Seq.of_dispenser (let r = ref 0 in fun () -> incr r; if !r > 3 then None else Some !r));
  pl (Seq.take 4 (Seq.forever (let r = ref 0 in fun () -> incr r; !r)));
  Seq.iteri (fun i x -> Printf.printf "%d:%d " i x) (List.to_seq [7; 8]); print_newline ();
  Seq.iter2 (fun a b -> Printf.printf "%d-%d " a b) (List.to_seq [1; 2; 3]) (List.to_seq [4; 5]); print_newline ();
  let t = Seq.transpose (List.to_seq [List.to_seq [1; 2; 3]; List.to_seq [4; 5]]) in
  Seq.iter (fun r -> pl r) t;
  (* A long sequence. *)
  let total = Seq.fold_left ( + ) 0 (Seq.take 1_000_000 (Seq.filter (fun x -> x land 1 = 1) (Seq.ints 0))) in
  Printf.printf "sum of first million odds %d\n" total
