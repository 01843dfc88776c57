(* Comparison and equality on floats, including NaN, signed zeros and
   floats nested inside structures. *)
let b x = if x then "T" else "F"

let () =
  let vals = [ ("nan", nan); ("-nan", -.nan); ("inf", infinity); ("-inf", neg_infinity); ("0", 0.); ("-0", -0.); ("1", 1.); ("-1", -1.) ] in
  List.iter (fun (n1, a) ->
    List.iter (fun (n2, b') ->
      Printf.printf "%4s %4s: = %s <> %s < %s > %s <= %s >= %s == %s compare %2d Float.compare %2d equal %s\n"
        n1 n2 (b (a = b')) (b (a <> b')) (b (a < b')) (b (a > b')) (b (a <= b')) (b (a >= b'))
        (b (a == b')) (compare a b') (Float.compare a b') (b (Float.equal a b')))
      vals)
    vals;
  (* Inside structures: polymorphic equality uses IEEE, compare does not. *)
  Printf.printf "[nan] = [nan]: %b, compare: %d\n" ([nan] = [nan]) (compare [nan] [nan]);
  Printf.printf "(1, nan) < (1, 0.): %b, compare %d\n" ((1, nan) < (1, 0.)) (compare (1, nan) (1, 0.));
  Printf.printf "[|nan|] = [|nan|]: %b, compare: %d\n" ([| nan |] = [| nan |]) (compare [| nan |] [| nan |]);
  Printf.printf "Some nan = Some nan: %b\n" (Some nan = Some nan);
  Printf.printf "[0.] = [-0.]: %b compare %d\n" ([0.] = [-0.]) (compare [0.] [-0.]);
  let r = ref nan in
  Printf.printf "r == r %b, !r = !r %b\n" (r == r) (!r = !r);
  Printf.printf "min nan 1 = %g, max nan 1 = %g, min 1 nan = %g, max 1 nan = %g\n" (min nan 1.) (max nan 1.) (min 1. nan) (max 1. nan);
  let arr = [| 3.; nan; 1.; neg_infinity; -0.; 0.; nan; infinity; 2. |] in
  Array.sort compare arr;
  print_endline (String.concat " " (Array.to_list (Array.map string_of_float arr)));
  let l = List.sort_uniq compare [ nan; 1.; nan; 0.; -0. ] in
  print_endline (String.concat " " (List.map string_of_float l));
  (* Hashtbl with NaN keys: compare-based equality. *)
  let h = Hashtbl.create 4 in
  Hashtbl.replace h nan "a";
  Hashtbl.replace h nan "b";
  Printf.printf "hashtbl nan keys: %d\n" (Hashtbl.length h);
  (* Unboxed float comparisons in a loop. *)
  let cnt = ref 0 in
  for i = -1000 to 1000 do
    let x = float i /. 7. in
    if x < 0.5 && x >= -0.5 then incr cnt;
    if x = x then incr cnt
  done;
  Printf.printf "count %d\n" !cnt;
  Printf.printf "int compare specialised: %d %d\n" (compare 1 2) (Int.compare 2 1);
  Printf.printf "string compare specialised: %d\n" (String.compare "b" "a")
