(* Polymorphic variants: matching, subtyping, hash representation. *)
type color = [ `Red | `Green | `Blue ]
type shape = [ `Circle of float | `Square of float | `Named of string * color ]

let color_name : [< color ] -> string = function `Red -> "red" | `Green -> "green" | `Blue -> "blue"

let area = function
  | `Circle r -> 3.14159 *. r *. r
  | `Square s -> s *. s
  | `Named _ -> 0.

let rec eval = function
  | `Num n -> n
  | `Add (a, b) -> eval a + eval b
  | `Mul (a, b) -> eval a * eval b
  | `Neg a -> - (eval a)

let extend = function
  | `Extra -> "extra"
  | #color as c -> color_name c

let () =
  List.iter (fun c -> print_endline (color_name c)) [ `Red; `Green; `Blue ];
  List.iter (fun s -> Printf.printf "%.3f\n" (area s)) [ `Circle 1.; `Square 2.; `Named ("n", `Red) ];
  Printf.printf "eval %d\n" (eval (`Add (`Num 3, `Mul (`Num 4, `Neg (`Num 5)))));
  List.iter (fun x -> print_endline (extend x)) [ `Extra; `Green ];
  (* The runtime representation: constant tags are ints (hashes of the
     name); non-constant ones are blocks with the hash in field 0. *)
  let h v = (Obj.magic v : int) in
  Printf.printf "`Red=%d `Green=%d `Blue=%d `A=%d `a=%d `Foo_bar=%d\n" (h `Red) (h `Green) (h `Blue) (h `A) (h `a) (h `Foo_bar);
  let blk = Obj.repr (`Circle 2.) in
  Printf.printf "`Circle block tag %d size %d hash %d\n" (Obj.tag blk) (Obj.size blk) (Obj.obj (Obj.field blk 0) : int);
  let multi = Obj.repr (`Pair (1, 2)) in
  Printf.printf "`Pair size %d arg is block %b\n" (Obj.size multi) (Obj.is_block (Obj.field multi 1));
  let l = List.sort compare [ `Zed; `Alpha; `Mid; `Beta ] in
  List.iter (fun v -> print_string ((match v with `Zed -> "Zed" | `Alpha -> "Alpha" | `Mid -> "Mid" | `Beta -> "Beta") ^ " ")) l;
  print_newline ();
  Printf.printf "equality %b %b\n" (`A 1 = `A 1) (`A 1 = `A 2);
  let coerce (x : color) = (x :> [ color | `Other ]) in
  (match coerce `Blue with `Blue -> print_endline "coerced blue" | _ -> print_endline "other");
  let table = Hashtbl.create 4 in
  List.iter (fun k -> Hashtbl.replace table k (color_name k)) [ `Red; `Green; `Blue ];
  Printf.printf "table size %d, blue=%s\n" (Hashtbl.length table) (Hashtbl.find table `Blue);
  (* Matching many polymorphic variant tags. *)
  let tags = [| `T0; `T1; `T2; `T3; `T4; `T5; `T6; `T7; `T8; `T9 |] in
  let idx = function `T0 -> 0 | `T1 -> 1 | `T2 -> 2 | `T3 -> 3 | `T4 -> 4 | `T5 -> 5 | `T6 -> 6 | `T7 -> 7 | `T8 -> 8 | `T9 -> 9 in
  let s = ref 0 in
  for i = 0 to 99_999 do s := !s + idx tags.(i mod 10) done;
  Printf.printf "sum %d\n" !s
