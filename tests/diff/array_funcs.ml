(* The Array module on int, string and boxed arrays. *)
let pa a = print_endline ("[|" ^ String.concat "; " (Array.to_list (Array.map string_of_int a)) ^ "|]")
let exn name f =
  match f () with
  | _ -> Printf.printf "%s: no exception\n" name
  | exception Invalid_argument m -> Printf.printf "%s: Invalid_argument %S\n" name m
  | exception Not_found -> Printf.printf "%s: Not_found\n" name

let () =
  let a = Array.init 10 (fun i -> i * i) in
  pa a;
  pa (Array.make 3 7);
  pa (Array.append a [| 100; 200 |]);
  pa (Array.concat [ [|1|]; [||]; [|2; 3|] ]);
  pa (Array.sub a 2 3);
  pa (Array.copy a);
  let b = Array.copy a in
  Array.fill b 1 3 0;
  pa b;
  Array.blit a 0 b 5 5;
  pa b;
  let c = Array.init 10 Fun.id in
  Array.blit c 0 c 2 7;
  pa c;
  let c = Array.init 10 Fun.id in
  Array.blit c 3 c 0 7;
  pa c;
  pa (Array.of_list [5; 4; 3]);
  Printf.printf "to_list length %d\n" (List.length (Array.to_list a));
  pa (Array.map (fun x -> x + 1) a);
  pa (Array.mapi (fun i x -> i - x) a);
  Printf.printf "fold_left %d fold_right %d\n" (Array.fold_left ( + ) 0 a) (Array.fold_right (fun x acc -> x - acc) a 0);
  let m, acc = Array.fold_left_map (fun acc x -> (acc + x, acc)) 0 [| 1; 2; 3 |] in
  Printf.printf "fold_left_map %d " m; pa acc;
  Array.iteri (fun i x -> if i < 3 then Printf.printf "iteri %d %d\n" i x) a;
  Array.iter2 (fun x y -> Printf.printf "(%d,%s) " x y) [| 1; 2 |] [| "a"; "b" |];
  print_newline ();
  pa (Array.map2 ( * ) [| 1; 2; 3 |] [| 4; 5; 6 |]);
  Printf.printf "for_all %b exists %b mem %b memq %b\n" (Array.for_all (fun x -> x >= 0) a)
    (Array.exists (fun x -> x = 49) a) (Array.mem 81 a) (Array.memq 81 a);
  Printf.printf "for_all2 %b exists2 %b\n" (Array.for_all2 ( < ) [| 1; 2 |] [| 2; 3 |]) (Array.exists2 ( = ) [| 1; 2 |] [| 3; 2 |]);
  Printf.printf "find_opt %s\n" (match Array.find_opt (fun x -> x > 10) a with Some x -> string_of_int x | None -> "None");
  Printf.printf "find_index %s\n" (match Array.find_index (fun x -> x > 10) a with Some x -> string_of_int x | None -> "None");
  Printf.printf "find_map %s\n" (match Array.find_map (fun x -> if x > 50 then Some (x * 2) else None) a with Some x -> string_of_int x | None -> "None");
  Printf.printf "find_mapi %s\n" (match Array.find_mapi (fun i x -> if x > 50 then Some (i + x) else None) a with Some x -> string_of_int x | None -> "None");
  let x, y = Array.split [| (1, 'a'); (2, 'b') |] in
  pa x; Array.iter print_char y; print_newline ();
  Printf.printf "combine %d\n" (Array.length (Array.combine [| 1; 2 |] [| 3; 4 |]));
  let s = [| 5; 3; 9; 1; 5; 7; 2; 8; 0; 6 |] in
  let s1 = Array.copy s in Array.sort compare s1; pa s1;
  let s2 = Array.copy s in Array.stable_sort (fun x y -> compare y x) s2; pa s2;
  let s3 = Array.copy s in Array.fast_sort compare s3; pa s3;
  pa (Array.of_list (List.filter_map (fun x -> if x mod 2 = 0 then Some (x / 2) else None) (Array.to_list s)));
  let sh = Array.init 20 Fun.id in
  Array.shuffle ~rand:(let st = Random.State.make [| 7 |] in Random.State.int st) sh;
  pa sh;
  Printf.printf "to_seq sum %d\n" (Seq.fold_left ( + ) 0 (Array.to_seq a));
  pa (Array.of_seq (Seq.take 4 (Array.to_seqi a |> Seq.map (fun (i, x) -> i + x))));
  exn "get -1" (fun () -> a.(-1));
  exn "get 10" (fun () -> a.(10));
  exn "set 10" (fun () -> a.(10) <- 0);
  exn "make -1" (fun () -> Array.make (-1) 0);
  exn "sub" (fun () -> Array.sub a 8 3);
  exn "blit" (fun () -> Array.blit a 0 b 8 3);
  exn "fill" (fun () -> Array.fill a (-1) 2 0);
  exn "init -1" (fun () -> Array.init (-1) Fun.id);
  exn "map2" (fun () -> Array.map2 ( + ) [| 1 |] [| 1; 2 |]);
  exn "combine" (fun () -> Array.combine [| 1 |] [||]);
  exn "make huge" (fun () -> Array.make max_int 0);
  (* Matrices. *)
  let m = Array.make_matrix 3 4 0 in
  for i = 0 to 2 do for j = 0 to 3 do m.(i).(j) <- i * 10 + j done done;
  Array.iter pa m;
  let mt = Array.init_matrix 2 3 (fun i j -> i + j) in
  Array.iter pa mt;
  (* Arrays of strings and of arrays. *)
  let strs = Array.init 5 (fun i -> String.make i 'x') in
  Array.iter (Printf.printf "%S ") strs; print_newline ();
  let nested = Array.make 3 [||] in
  nested.(1) <- [| 1; 2 |];
  Printf.printf "nested %d %d %d\n" (Array.length nested.(0)) (Array.length nested.(1)) nested.(1).(1);
  Printf.printf "empty %d\n" (Array.length [||]);
  (* Many writes and reads. *)
  let big = Array.make 100_000 0 in
  for k = 1 to 20 do for i = 0 to Array.length big - 1 do big.(i) <- big.(i) + i * k done done;
  Printf.printf "sum %d\n" (Array.fold_left ( + ) 0 big)
