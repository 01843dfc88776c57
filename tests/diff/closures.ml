(* Closures and partial application: under- and over-application, captured
   environments, functions returning functions, Fun combinators. *)
let add3 a b c = a + b + c
let make_counter () = let n = ref 0 in fun () -> incr n; !n
let compose f g x = f (g x)
let twice f x = f (f x)
let curry f a b = f (a, b)
let uncurry f (a, b) = f a b
let returns_fun x = if x > 0 then (fun y -> x + y) else (fun y -> x * y)
let over a = fun b -> fun c d -> a * 1000 + b * 100 + c * 10 + d

let () =
  let f1 = add3 1 in
  let f2 = f1 2 in
  Printf.printf "partial: %d %d %d\n" (f2 3) (f1 10 20) (add3 1 1 1);
  let c1 = make_counter () and c2 = make_counter () in
  ignore (c1 ()); ignore (c1 ());
  Printf.printf "counters: %d %d\n" (c1 ()) (c2 ());
  Printf.printf "compose: %d\n" (compose (fun x -> x * 2) (fun x -> x + 3) 4);
  Printf.printf "twice twice: %d\n" (twice twice (fun x -> x + 1) 0);
  Printf.printf "curry/uncurry: %d %d\n" (curry (fun (a, b) -> a - b) 10 3) (uncurry ( - ) (10, 3));
  Printf.printf "returns_fun: %d %d\n" (returns_fun 5 10) (returns_fun (-5) 10);
  (* Over-application: the result of a call is applied to more args. *)
  Printf.printf "over: %d %d %d\n" (over 1 2 3 4) ((over 1) 2 3 4) (((over 1 2) 3) 4);
  let g = over 9 in
  let h = g 8 in
  let k = h 7 in
  Printf.printf "staged: %d\n" (k 6);
  (* Closures in data structures. *)
  let fs = List.init 10 (fun i -> fun x -> x * i) in
  Printf.printf "list of closures: %s\n" (String.concat " " (List.map (fun f -> string_of_int (f 3)) fs));
  let arr = Array.init 5 (fun i -> let s = String.make i 'z' in fun () -> s) in
  Array.iter (fun f -> print_string (f () ^ "|")) arr; print_newline ();
  (* Mutual recursion through closures. *)
  let rec even n = n = 0 || odd (n - 1) and odd n = n <> 0 && even (n - 1) in
  Printf.printf "even 1000 %b odd 1001 %b\n" (even 1000) (odd 1001);
  (* Closures capturing many variables. *)
  let a = 1 and b = 2 and c = 3 and d = 4 and e = 5 and f = 6 and g = 7 and h = 8 in
  let big () = a + b * c - d + e * f - g + h in
  Printf.printf "big env: %d\n" (big ());
  (* Fun module. *)
  Printf.printf "Fun: %d %d %d %b\n" (Fun.id 5) (Fun.const 7 99) (Fun.flip ( - ) 1 10) (Fun.negate (fun x -> x > 0) 5);
  (* Labels and optional arguments. *)
  let lbl ~x ?(y = 10) ?z () = x + y + (match z with Some z -> z | None -> 0) in
  Printf.printf "labels: %d %d %d %d\n" (lbl ~x:1 ()) (lbl ~x:1 ~y:2 ()) (lbl ~z:100 ~x:1 ()) (lbl ?z:(Some 5) ~x:0 ~y:0 ());
  let partial_lbl = lbl ~y:5 in
  Printf.printf "partial labels: %d\n" (partial_lbl ~x:5 ());
  let h1 = List.map (fun f -> f ~x:3) [ (fun ~x -> x); (fun ~x -> x * x) ] in
  Printf.printf "label list: %s\n" (String.concat "," (List.map string_of_int h1));
  (* Currying a function of many arguments at every split point. *)
  let f6 a b c d e f = a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f in
  let r1 = f6 1 2 3 4 5 6 in
  let r2 = (f6 1) 2 3 4 5 6 in
  let r3 = (f6 1 2) 3 4 5 6 in
  let r4 = (f6 1 2 3) 4 5 6 in
  let r5 = ((((f6 1) 2) 3) 4) 5 6 in
  let r6 = (((((f6 1) 2) 3) 4) 5) 6 in
  Printf.printf "splits: %d %d %d %d %d %d\n" r1 r2 r3 r4 r5 r6;
  (* Many closures allocated in a loop. *)
  let acc = ref 0 in
  for i = 1 to 300_000 do
    let f = (fun x -> fun y -> x + y + i) in
    acc := !acc + (f 1) 2
  done;
  Printf.printf "loop closures: %d\n" !acc;
  (* Recursive closure defined locally, capturing. *)
  let base = 3 in
  let rec pow n = if n = 0 then 1 else base * pow (n - 1) in
  Printf.printf "pow: %d\n" (pow 20);
  (* Higher-order with polymorphism. *)
  let apply_all fs x = List.map (fun f -> f x) fs in
  Printf.printf "%s\n" (String.concat " " (apply_all [ String.uppercase_ascii; String.lowercase_ascii; (fun s -> s ^ s) ] "MiXed"))
