(* Records, variants, inline records, extensible variants and pattern
   matching. *)
type point = { x : int; y : int }
type mpoint = { mutable mx : float; mutable my : float; name : string }
type shape =
  | Circle of point * int
  | Rect of { corner : point; w : int; h : int }
  | Poly of point list
  | Empty
type 'a tree = Leaf | Node of 'a tree * 'a * 'a tree
type ext = ..
type ext += Foo of int | Bar of string
type ext += Baz

let area = function
  | Circle (_, r) -> 3 * r * r
  | Rect { w; h; _ } -> w * h
  | Poly [] | Empty -> 0
  | Poly (p :: _ as l) -> p.x * List.length l

let rec insert x = function
  | Leaf -> Node (Leaf, x, Leaf)
  | Node (l, v, r) as n -> if x < v then Node (insert x l, v, r) else if x > v then Node (l, v, insert x r) else n

let rec to_list = function Leaf -> [] | Node (l, v, r) -> to_list l @ [v] @ to_list r
let rec height = function Leaf -> 0 | Node (l, _, r) -> 1 + max (height l) (height r)

let describe = function
  | Foo n when n > 10 -> Printf.sprintf "big Foo %d" n
  | Foo n -> Printf.sprintf "Foo %d" n
  | Bar s -> "Bar " ^ s
  | Baz -> "Baz"
  | _ -> "unknown"

type ext += Qux

let () =
  let p = { x = 3; y = 4 } in
  let q = { p with y = 10 } in
  Printf.printf "p=(%d,%d) q=(%d,%d)\n" p.x p.y q.x q.y;
  let m = { mx = 1.5; my = 2.5; name = "m" } in
  m.mx <- m.mx *. 2.;
  m.my <- m.mx +. m.my;
  Printf.printf "%s: %g %g\n" m.name m.mx m.my;
  Printf.printf "record float tag %d size %d\n" (Obj.tag (Obj.repr m)) (Obj.size (Obj.repr m));
  let fr = { mx = 1.; my = 2.; name = "n" } in
  ignore fr;
  let shapes = [ Circle (p, 2); Rect { corner = q; w = 3; h = 5 }; Poly [p; q; p]; Poly []; Empty ] in
  List.iter (fun s -> Printf.printf "area %d\n" (area s)) shapes;
  (match List.nth shapes 1 with
   | Rect r -> Printf.printf "inline record corner (%d,%d)\n" r.corner.x r.corner.y
   | _ -> ());
  let t = List.fold_left (fun t x -> insert x t) Leaf [50; 30; 70; 20; 40; 60; 80; 30; 65] in
  Printf.printf "tree %s height %d\n" (String.concat " " (List.map string_of_int (to_list t))) (height t);
  List.iter (fun e -> print_endline (describe e)) [ Foo 1; Foo 20; Bar "b"; Baz; Qux ];
  (* Or-patterns, guards, nested patterns, as-patterns, ranges. *)
  let classify = function
    | 'a' .. 'z' -> "lower" | 'A' .. 'Z' -> "upper" | '0' .. '9' -> "digit" | ' ' | '\t' -> "space" | _ -> "other" in
  String.iter (fun c -> Printf.printf "%c:%s " c (classify c)) "aZ5 _"; print_newline ();
  let f = function
    | [] -> "empty" | [ _ ] -> "one" | [ x; y ] when x = y -> "pair-eq" | _ :: _ :: (_ :: _ as rest) -> Printf.sprintf "many(+%d)" (List.length rest)
    | _ -> "two" in
  List.iter (fun l -> print_string (f l ^ " ")) [ []; [1]; [2; 2]; [1; 2]; [1; 2; 3; 4] ]; print_newline ();
  let g = function
    | (0, _) | (_, 0) -> "zero" | (a, b) when a = b -> "same" | (a, b) -> if a < b then "lt" else "gt" in
  List.iter (fun p -> print_string (g p ^ " ")) [ (0, 1); (2, 0); (3, 3); (1, 2); (5, 1) ]; print_newline ();
  (* Match on strings compiles to a binary search / hash. *)
  let kw = function
    | "let" -> 1 | "in" -> 2 | "match" -> 3 | "with" -> 4 | "function" -> 5 | "fun" -> 6 | "if" -> 7
    | "then" -> 8 | "else" -> 9 | "type" -> 10 | "" -> 11 | _ -> 0 in
  List.iter (fun s -> Printf.printf "%d " (kw s)) [ "let"; "fun"; "function"; "else"; ""; "xyz"; "matc" ]; print_newline ();
  (* Large match on integers (jump table). *)
  let j n = match n with
    | 0 -> "a" | 1 -> "b" | 2 -> "c" | 3 -> "d" | 4 -> "e" | 5 -> "f" | 6 -> "g" | 7 -> "h" | 100 -> "hundred"
    | -1 -> "minus" | _ -> "?" in
  List.iter (fun n -> print_string (j n)) [ 0; 3; 7; 8; 100; -1; 5 ]; print_newline ();
  (* Constructors' runtime representation. *)
  Printf.printf "Empty is int %b, Circle tag %d, Rect tag %d, Poly tag %d\n" (Obj.is_int (Obj.repr Empty))
    (Obj.tag (Obj.repr (Circle (p, 1)))) (Obj.tag (Obj.repr (List.nth shapes 1))) (Obj.tag (Obj.repr (Poly [])));
  Printf.printf "extension constructor name %s\n" (Obj.Extension_constructor.name (Obj.Extension_constructor.of_val (Foo 1)));
  Printf.printf "unboxed record field access loop: %d\n"
    (let acc = ref { x = 0; y = 0 } in
     for i = 1 to 100_000 do acc := { x = !acc.x + i; y = !acc.y - 1 } done;
     !acc.x + !acc.y)
