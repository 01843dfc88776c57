(* Functions with many arguments, applied fully, partially and through
   closures; also C-style primitives with many arguments via Printf. *)
let f10 a b c d e f g h i j = a + 2*b + 3*c + 4*d + 5*e + 6*f + 7*g + 8*h + 9*i + 10*j
let f15 a b c d e f g h i j k l m n o =
  Printf.sprintf "%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d" a b c d e f g h i j k l m n o
let rec f_rec12 n a b c d e f g h i j k = if n = 0 then a+b+c+d+e+f+g+h+i+j+k else f_rec12 (n-1) b c d e f g h i j k a
let floats a b c d e f g h = a *. 1. +. b *. 2. +. c *. 3. +. d *. 4. +. e *. 5. +. f *. 6. +. g *. 7. +. h *. 8.
let mixed (a : int) (b : string) (c : float) (d : char) (e : int list) (f : bool) (g : int option) (h : int * int) =
  Printf.sprintf "%d|%s|%g|%c|%d|%b|%s|%d" a b c d (List.length e) f (match g with Some x -> string_of_int x | None -> "-") (fst h + snd h)

let () =
  Printf.printf "f10 %d\n" (f10 1 2 3 4 5 6 7 8 9 10);
  let p3 = f10 1 1 1 in
  let p7 = p3 2 2 2 2 in
  Printf.printf "partial f10 %d %d\n" (p7 3 3 3) (p3 0 0 0 0 0 0 0);
  print_endline (f15 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
  let g = f15 0 0 0 0 0 in
  let g2 = g 1 1 1 1 1 in
  print_endline (g2 2 2 2 2 2);
  Printf.printf "f_rec12 %d\n" (f_rec12 1000 1 2 3 4 5 6 7 8 9 10 11);
  Printf.printf "floats %g\n" (floats 1. 2. 3. 4. 5. 6. 7. 8.);
  print_endline (mixed 1 "two" 3.5 'c' [1; 2] true (Some 7) (8, 9));
  let m = mixed 42 "s" in
  print_endline (m 0.5 'x' [] false None (1, 1));
  (* Passing many-argument functions to higher-order functions. *)
  let fs = List.map (fun k -> f10 k k k k k k k k k) [1; 2; 3] in
  Printf.printf "%s\n" (String.concat " " (List.map (fun f -> string_of_int (f 1)) fs));
  (* Tuples and records with many fields. *)
  let t = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12) in
  let (a, _, _, _, _, _, _, _, _, _, _, l) = t in
  Printf.printf "tuple %d %d\n" a l;
  (* Sum over many applications in a loop. *)
  let s = ref 0 in
  for i = 1 to 100_000 do s := !s + f10 i 1 i 1 i 1 i 1 i 1 done;
  Printf.printf "loop %d\n" !s;
  (* Printf with many arguments. *)
  Printf.printf "%d %s %c %f %b %d %s %c %f %b %d %s\n" 1 "a" 'b' 1.5 true 2 "c" 'd' 2.5 false 3 "e"
