(* Option, Result and Either. *)
let so = function Some x -> "Some " ^ string_of_int x | None -> "None"
let sr = function Ok x -> "Ok " ^ string_of_int x | Error e -> "Error " ^ e

let () =
  print_endline (so (Option.some 3));
  print_endline (so Option.none);
  Printf.printf "value %d get %d\n" (Option.value ~default:0 None) (Option.get (Some 9));
  (try ignore (Option.get None) with Invalid_argument m -> print_endline ("get None: " ^ m));
  print_endline (so (Option.bind (Some 4) (fun x -> if x > 3 then Some (x * 2) else None)));
  print_endline (so (Option.join (Some (Some 5))));
  print_endline (so (Option.map succ (Some 1)));
  Printf.printf "fold %d %d\n" (Option.fold ~none:0 ~some:succ (Some 1)) (Option.fold ~none:0 ~some:succ None);
  Option.iter (Printf.printf "iter %d\n") (Some 7);
  Printf.printf "is_none %b is_some %b equal %b compare %d\n" (Option.is_none None) (Option.is_some (Some 1))
    (Option.equal ( = ) (Some 1) (Some 1)) (Option.compare compare None (Some 1));
  Printf.printf "to_result %s to_list %d to_seq %d\n" (sr (Option.to_result ~none:"none" None)) (List.length (Option.to_list (Some 1)))
    (Seq.length (Option.to_seq (Some 1)));
  print_endline (sr (Result.ok 1));
  print_endline (sr (Result.error "e"));
  print_endline (sr (Result.bind (Ok 2) (fun x -> if x > 1 then Ok (x * 10) else Error "small")));
  print_endline (sr (Result.bind (Ok 0) (fun x -> if x > 1 then Ok (x * 10) else Error "small")));
  print_endline (sr (Result.map succ (Ok 1)));
  print_endline (sr (Result.map_error String.uppercase_ascii (Error "low")));
  print_endline (sr (Result.join (Ok (Ok 3))));
  Printf.printf "value %d fold %s\n" (Result.value ~default:0 (Error "x")) (Result.fold ~ok:string_of_int ~error:Fun.id (Error "folded"));
  (try ignore (Result.get_ok (Error "e")) with Invalid_argument m -> print_endline ("get_ok: " ^ m));
  (try ignore (Result.get_error (Ok 1)) with Invalid_argument m -> print_endline ("get_error: " ^ m));
  Printf.printf "is_ok %b is_error %b equal %b compare %d\n" (Result.is_ok (Ok 1)) (Result.is_error (Ok 1))
    (Result.equal ~ok:( = ) ~error:( = ) (Ok 1) (Ok 1)) (Result.compare ~ok:compare ~error:compare (Ok 1) (Error "a"));
  print_endline (so (Result.to_option (Ok 5)));
  Printf.printf "to_list %d to_seq %d\n" (List.length (Result.to_list (Error "x"))) (Seq.length (Result.to_seq (Ok 1)));
  Result.iter (Printf.printf "Result.iter %d\n") (Ok 8);
  Result.iter_error (Printf.printf "Result.iter_error %s\n") (Error "err");
  let e1 : (int, string) Either.t = Either.left 1 and e2 : (int, string) Either.t = Either.right "r" in
  Printf.printf "is_left %b is_right %b\n" (Either.is_left e1) (Either.is_right e2);
  Printf.printf "find_left %s find_right %s\n" (so (Either.find_left e1)) (Option.value ~default:"-" (Either.find_right e1));
  Printf.printf "fold %s %s\n" (Either.fold ~left:string_of_int ~right:Fun.id e1) (Either.fold ~left:string_of_int ~right:Fun.id e2);
  Printf.printf "map %s\n" (Either.fold ~left:string_of_int ~right:Fun.id (Either.map ~left:(fun x -> x * 100) ~right:String.uppercase_ascii e2));
  Printf.printf "map_left %s\n" (Either.fold ~left:string_of_int ~right:Fun.id (Either.map_left succ e1));
  Printf.printf "equal %b compare %d\n" (Either.equal ~left:( = ) ~right:( = ) e1 e1) (Either.compare ~left:compare ~right:compare e1 e2);
  let parts = List.partition_map (fun x -> if x mod 2 = 0 then Either.Left x else Either.Right (string_of_int x)) [1; 2; 3; 4] in
  Printf.printf "partition_map %d %s\n" (List.length (fst parts)) (String.concat "," (snd parts));
  (* Chaining with let-operators. *)
  let ( let* ) = Result.bind in
  let parse s = match int_of_string_opt s with Some n -> Ok n | None -> Error ("bad " ^ s) in
  let sum a b c = let* x = parse a in let* y = parse b in let* z = parse c in Ok (x + y + z) in
  print_endline (sr (sum "1" "2" "3"));
  print_endline (sr (sum "1" "two" "3"));
  let ( let+ ) o f = Option.map f o and ( and+ ) a b = match a, b with Some a, Some b -> Some (a, b) | _ -> None in
  print_endline (so (let+ a = Some 1 and+ b = Some 2 in a + b))
