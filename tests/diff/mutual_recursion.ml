(* Mutual recursion: top-level function groups, a recursive-descent
   parser, recursive modules and mutually recursive types. *)
type expr = Num of int | Add of expr * expr | Mul of expr * expr | Neg of expr
and stmt = Print of expr | Seq of stmt list

let rec parse_expr s i = let (t, i) = parse_term s i in parse_expr_rest s i t
and parse_expr_rest s i acc =
  if i < String.length s && s.[i] = '+' then let (t, i) = parse_term s (i + 1) in parse_expr_rest s i (Add (acc, t)) else (acc, i)
and parse_term s i = let (f, i) = parse_factor s i in parse_term_rest s i f
and parse_term_rest s i acc =
  if i < String.length s && s.[i] = '*' then let (f, i) = parse_factor s (i + 1) in parse_term_rest s i (Mul (acc, f)) else (acc, i)
and parse_factor s i =
  if s.[i] = '(' then let (e, i) = parse_expr s (i + 1) in (e, i + 1)
  else if s.[i] = '-' then let (f, i) = parse_factor s (i + 1) in (Neg f, i)
  else parse_number s i 0
and parse_number s i acc =
  if i < String.length s && s.[i] >= '0' && s.[i] <= '9' then parse_number s (i + 1) (acc * 10 + Char.code s.[i] - 48) else (Num acc, i)

let rec eval = function Num n -> n | Add (a, b) -> eval a + eval b | Mul (a, b) -> eval a * eval b | Neg a -> - (eval a)
and exec = function Print e -> [eval e] | Seq l -> List.concat_map exec l

let rec is_even n = if n = 0 then true else is_odd (n - 1)
and is_odd n = if n = 0 then false else is_even (n - 1)

let rec hofstadter_f n = if n = 0 then 1 else n - hofstadter_m (hofstadter_f (n - 1))
and hofstadter_m n = if n = 0 then 0 else n - hofstadter_f (hofstadter_m (n - 1))

module rec Tree : sig type t = Node of string * Forest.t val size : t -> int end = struct
  type t = Node of string * Forest.t
  let size (Node (_, f)) = 1 + Forest.size f
end
and Forest : sig type t = Tree.t list val size : t -> int end = struct
  type t = Tree.t list
  let size f = List.fold_left (fun acc t -> acc + Tree.size t) 0 f
end

let () =
  List.iter (fun s -> let (e, _) = parse_expr s 0 in Printf.printf "%s = %d\n" s (eval e))
    [ "1+2*3"; "(1+2)*3"; "-4*(2+-3)"; "2*2*2*2*2*2*2*2*2*2"; "((((7))))" ];
  Printf.printf "exec %s\n" (String.concat "," (List.map string_of_int (exec (Seq [ Print (Num 1); Seq [ Print (Add (Num 2, Num 3)) ]; Print (Neg (Num 4)) ]))));
  Printf.printf "even 100001 %b odd 100001 %b\n" (is_even 100_001) (is_odd 100_001);
  Printf.printf "hofstadter F: %s\n" (String.concat " " (List.init 20 (fun i -> string_of_int (hofstadter_f i))));
  Printf.printf "hofstadter M: %s\n" (String.concat " " (List.init 20 (fun i -> string_of_int (hofstadter_m i))));
  let t = Tree.Node ("root", [ Tree.Node ("a", []); Tree.Node ("b", [ Tree.Node ("c", []) ]) ]) in
  Printf.printf "tree size %d\n" (Tree.size t);
  let big = String.concat "+" (List.init 20_000 (fun i -> Printf.sprintf "%d*%d" (i mod 10) (i mod 7))) in
  let (e, _) = parse_expr big 0 in
  Printf.printf "big expression = %d\n" (eval e)
