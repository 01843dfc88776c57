(* Polymorphic comparison: total order of compare vs (=)/(<) on NaN,
   mixed immediates and blocks, variants, records, strings, float arrays,
   boxed integers, lazy (Forward) values, objects, exceptions raised for
   functional and abstract values, and very deep structures. *)
let p fmt = Printf.printf fmt
let exn name f =
  match f () with
  | r -> p "%s: %s\n" name r
  | exception Invalid_argument m -> p "%s: Invalid_argument %S\n" name m
  | exception Out_of_memory -> p "%s: Out_of_memory\n" name
  | exception Stack_overflow -> p "%s: Stack_overflow\n" name

let all x y =
  Printf.sprintf "cmp=%d eq=%b ne=%b lt=%b le=%b gt=%b ge=%b" (compare x y) (x = y) (x <> y)
    (x < y) (x <= y) (x > y) (x >= y)

type t = A | B of int | C of string * float | D | E of t list
type r = { x : int; y : float; z : string }

let () =
  let floats = [ nan; -.nan; 0.0; -0.0; 1.0; -1.0; infinity; neg_infinity; 1e-310 ] in
  List.iter (fun a -> List.iter (fun b -> p "%h %h: %s\n" a b (all a b)) floats) floats;
  let nan' = nan in
  p "same nan: %s\n" (all nan' nan');
  p "min/max: %h %h %h %h\n" (min nan 1.0) (max nan 1.0) (min 1.0 nan) (max 1.0 nan);
  let fa = [| 1.0; nan |] in
  p "float array self: %s\n" (all fa fa);
  p "float arrays: %s\n" (all [| 1.0; 2.0 |] [| 1.0; 3.0 |]);
  p "float array len: %s\n" (all [| 1.0; 2.0; 0.0 |] [| 5.0 |]);
  p "nan in list: %s\n" (all [ 1.0; nan ] [ 1.0; nan ]);
  p "nan in tuple first: %s\n" (all (nan, 1) (nan, 2));
  p "nan record: %s\n" (all { x = 1; y = nan; z = "a" } { x = 1; y = nan; z = "b" })

let () =
  let vals = [ A; D; B 0; B (-5); B 5; C ("a", 1.0); C ("a", nan); C ("b", 0.0); E []; E [ A ]; E [ B 1; D ] ] in
  List.iteri (fun i a -> List.iteri (fun j b -> p "%d %d: %s\n" i j (all a b)) vals) vals;
  p "ints: %d %d %d\n" (compare max_int min_int) (compare min_int max_int) (compare 0 (-0));
  p "chars: %d %b\n" (compare 'a' 'b') ('z' > 'a');
  p "options: %d %d %d\n" (compare None (Some 0)) (compare (Some 1) (Some 0)) (compare (Some []) None);
  p "lists: %d %d %d\n" (compare [ 1; 2 ] [ 1; 2; 3 ]) (compare [ 3 ] [ 1; 2 ]) (compare [] [ 0 ]);
  p "strings: %d %d %d\n" (compare "abc" "abd") (compare "ab" "abc") (compare "" "");
  p "tuples: %d %d\n" (compare (1, "b") (1, "a")) (compare (0, "z") (1, "a"));
  p "records: %d\n" (compare { x = 1; y = 2.0; z = "q" } { x = 1; y = 2.0; z = "p" });
  p "int32: %d %d %b\n" (compare 5l (-5l)) (compare 0x7fffffffl 0x80000000l) (3l = 3l);
  p "int64: %d %d %b\n" (compare 5L (-5L)) (compare Int64.max_int Int64.min_int) (3L < 4L);
  p "nativeint: %d %b\n" (compare 5n (-5n)) (7n >= 7n);
  p "mixed boxed: %d\n" (compare (Obj.repr 1l) (Obj.repr 1L));
  p "variants: %d %d\n" (compare `A `B) (compare (`A 1) (`A 2));
  p "bytes: %d\n" (compare (Bytes.of_string "x") (Bytes.of_string "y"));
  p "unit/bool: %d %d\n" (compare () ()) (compare true false);
  p "arrays: %d %d\n" (compare [| 1; 2 |] [| 1; 2; 3 |]) (compare [| "b" |] [| "a" |])

let () =
  let l1 = lazy (1 + 1) and l2 = lazy 2 in
  ignore (Lazy.force l1);
  p "lazy forced vs value: %d %b\n" (compare (Obj.repr l1) (Obj.repr 2)) (Obj.repr l1 = Obj.repr 2);
  p "lazy forced both: %d\n" (compare (Obj.repr l1) (Obj.repr l2));
  let o1 = object method m = 1 end and o2 = object method m = 1 end in
  p "objects: %d %d %b %b\n" (compare o1 o2) (compare o2 o1) (o1 = o1) (o1 = o2);
  exn "functions" (fun () -> string_of_bool (compare (fun x -> x) (fun x -> x + 1) = 0));
  exn "same function =" (fun () -> let f x = x + 1 in string_of_bool (f = f));
  exn "same function compare" (fun () -> let f x = x + 1 in string_of_int (compare f f));
  exn "function in list" (fun () -> string_of_bool ([ 1, succ ] = [ 1, pred ]));
  exn "decided before function" (fun () -> string_of_bool ([ 0, succ ] = [ 1, pred ]));
  exn "abstract" (fun () ->
      let a = Obj.new_block Obj.abstract_tag 1 and b = Obj.new_block Obj.abstract_tag 1 in
      string_of_int (compare a b));
  let m = Mutex.create () in
  exn "mutex" (fun () -> string_of_bool (m = Mutex.create ()));
  exn "int vs function" (fun () -> string_of_int (compare (Obj.repr 3) (Obj.repr succ)));
  let rec even n = n = 0 || odd (n - 1) and odd n = n <> 0 && even (n - 1) in
  exn "infix" (fun () -> string_of_bool (Obj.repr even = Obj.repr odd));
  ignore (even 3)

let rec left_deep n (acc : Obj.t) = if n = 0 then acc else left_deep (n - 1) (Obj.repr (acc, n))

let () =
  let mk n tail = let rec go i acc = if i = 0 then acc else go (i - 1) (i :: acc) in go n [ tail ] in
  let a = mk 1_000_000 0 and b = mk 1_000_000 1 in
  p "long lists: %d %b\n" (compare a b) (a = a);
  let d1 = left_deep 300_000 (Obj.repr (0, 0)) and d2 = left_deep 300_000 (Obj.repr (0, 1)) in
  exn "deep left" (fun () -> string_of_int (compare d1 d2));
  exn "deep left eq" (fun () -> string_of_bool (d1 = d1));
  let e1 = left_deep 600_000 (Obj.repr (0, 0)) and e2 = left_deep 600_000 (Obj.repr (0, 1)) in
  exn "too deep" (fun () -> string_of_int (compare e1 e2));
  let s = List.sort compare [ 3.0; nan; -1.0; infinity; nan; 0.0; -0.0 ] in
  p "sorted: %s\n" (String.concat " " (List.map (Printf.sprintf "%h") s));
  let h = Hashtbl.create 8 in
  List.iter (fun k -> Hashtbl.replace h k (String.length k)) [ "a"; "bb"; "a"; "ccc" ];
  p "hashtbl find %d %d\n" (Hashtbl.find h "bb") (Hashtbl.length h)
