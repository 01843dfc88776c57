(* Stack and Queue. *)
let () =
  let s = Stack.create () in
  for i = 1 to 5 do Stack.push i s done;
  Printf.printf "length %d top %d\n" (Stack.length s) (Stack.top s);
  Printf.printf "pop %d pop %d\n" (Stack.pop s) (Stack.pop s);
  Stack.iter (Printf.printf "%d ") s; print_newline ();
  Printf.printf "fold %d\n" (Stack.fold ( + ) 0 s);
  let c = Stack.copy s in
  Stack.clear s;
  Printf.printf "is_empty %b copy length %d\n" (Stack.is_empty s) (Stack.length c);
  (try ignore (Stack.pop s) with Stack.Empty -> print_endline "pop: Empty");
  (try ignore (Stack.top s) with Stack.Empty -> print_endline "top: Empty");
  Printf.printf "pop_opt %s top_opt %s\n" (match Stack.pop_opt s with None -> "None" | Some x -> string_of_int x)
    (match Stack.top_opt c with None -> "None" | Some x -> string_of_int x);
  Printf.printf "drop: ";
  Stack.drop c; Stack.iter (Printf.printf "%d ") c; print_newline ();
  let s2 = Stack.of_seq (List.to_seq ["a"; "b"; "c"]) in
  print_endline (String.concat "" (List.of_seq (Stack.to_seq s2)));
  let q = Queue.create () in
  for i = 1 to 5 do Queue.add i q done;
  Queue.push 6 q;
  Printf.printf "length %d peek %d\n" (Queue.length q) (Queue.peek q);
  Printf.printf "take %d pop %d\n" (Queue.take q) (Queue.pop q);
  Queue.iter (Printf.printf "%d ") q; print_newline ();
  Printf.printf "fold %d\n" (Queue.fold ( + ) 0 q);
  let q2 = Queue.create () in
  Queue.add 100 q2;
  Queue.transfer q q2;
  Printf.printf "after transfer: q %d q2 %d\n" (Queue.length q) (Queue.length q2);
  Queue.iter (Printf.printf "%d ") q2; print_newline ();
  (try ignore (Queue.take q) with Queue.Empty -> print_endline "take: Empty");
  (try ignore (Queue.peek q) with Queue.Empty -> print_endline "peek: Empty");
  Printf.printf "take_opt %s peek_opt %s\n" (match Queue.take_opt q with None -> "None" | Some x -> string_of_int x)
    (match Queue.peek_opt q2 with None -> "None" | Some x -> string_of_int x);
  let q3 = Queue.copy q2 in
  Queue.clear q2;
  Printf.printf "copy %d cleared %d is_empty %b\n" (Queue.length q3) (Queue.length q2) (Queue.is_empty q2);
  Queue.drop q3;
  Printf.printf "to_seq %s\n" (String.concat "," (List.of_seq (Seq.map string_of_int (Queue.to_seq q3))));
  Queue.add_seq q3 (List.to_seq [7; 8]);
  Printf.printf "add_seq %d\n" (Queue.length q3);
  (* Breadth-first traversal of an implicit tree with a queue. *)
  let bq = Queue.create () in
  Queue.add 1 bq;
  let visited = ref 0 and sum = ref 0 in
  while not (Queue.is_empty bq) do
    let n = Queue.take bq in
    incr visited; sum := !sum + n;
    if n < 500_000 then (Queue.add (2 * n) bq; Queue.add (2 * n + 1) bq)
  done;
  Printf.printf "bfs visited %d sum %d\n" !visited !sum;
  (* Depth-first with a stack. *)
  let st = Stack.create () in
  Stack.push 1 st;
  let cnt = ref 0 in
  while not (Stack.is_empty st) do
    let n = Stack.pop st in
    incr cnt;
    if n < 100_000 then (Stack.push (3 * n) st; Stack.push (3 * n + 1) st)
  done;
  Printf.printf "dfs visited %d\n" !cnt
