(* Float arrays (flat representation) and Float.Array. *)
let pf a = print_endline (String.concat " " (Array.to_list (Array.map (Printf.sprintf "%g") a)))

let () =
  let a = Array.make 5 1.5 in
  pf a;
  a.(2) <- 3.25;
  pf a;
  Printf.printf "tag %d size %d\n" (Obj.tag (Obj.repr a)) (Obj.size (Obj.repr a));
  let b = Array.init 6 (fun i -> float i /. 2.) in
  pf b;
  pf (Array.append a b);
  pf (Array.sub b 1 3);
  pf (Array.map sqrt b);
  pf (Array.of_list [1.; 2.; nan; infinity]);
  Printf.printf "fold %g\n" (Array.fold_left ( +. ) 0. b);
  Array.blit b 0 a 0 3;
  pf a;
  let c = Array.copy b in
  Array.fill c 0 2 (-1.);
  pf c;
  let d = Array.concat [a; b; c] in
  Printf.printf "concat length %d\n" (Array.length d);
  Array.sort compare d;
  pf d;
  let e = Array.create_float 3 in
  for i = 0 to 2 do e.(i) <- float (i * i) done;
  pf e;
  Printf.printf "mem %b\n" (Array.mem 2.5 b);
  Printf.printf "mem nan %b\n" (Array.mem nan [| nan |]);
  Printf.printf "list %d\n" (List.length (Array.to_list d));
  (* Float.Array. *)
  let fa = Float.Array.make 4 2. in
  Float.Array.set fa 1 7.;
  Printf.printf "Float.Array: %d %g %g\n" (Float.Array.length fa) (Float.Array.get fa 1) (Float.Array.fold_left ( +. ) 0. fa);
  let fb = Float.Array.init 5 float in
  let fc = Float.Array.map (fun x -> x *. x) fb in
  Float.Array.iter (Printf.printf "%g ") fc; print_newline ();
  Printf.printf "to_list %s\n" (String.concat "," (List.map string_of_float (Float.Array.to_list (Float.Array.sub fc 1 2))));
  let fd = Float.Array.of_list [3.; 1.; 2.] in
  Float.Array.sort compare fd;
  Float.Array.iter (Printf.printf "%g ") fd; print_newline ();
  (try ignore (Float.Array.get fd 3) with Invalid_argument m -> print_endline m);
  (try a.(5) <- 0. with Invalid_argument m -> print_endline m);
  (* Arrays built generically: float or not decided at runtime. *)
  let gen x n = Array.make n x in
  let g1 = gen 1.0 3 and g2 = gen "s" 3 in
  Printf.printf "generic tags %d %d\n" (Obj.tag (Obj.repr g1)) (Obj.tag (Obj.repr g2));
  let h = Array.map (fun x -> x +. 1.) g1 in
  pf h;
  let mixed = Array.of_list [ Obj.repr 1.0; Obj.repr 2.0 ] in
  Printf.printf "of_list floats via Obj: tag %d\n" (Obj.tag (Obj.repr mixed));
  (* Float kernels. *)
  let n = 200_000 in
  let x = Array.init n (fun i -> sin (float i)) in
  let y = Array.init n (fun i -> cos (float i)) in
  let dot = ref 0. in
  for i = 0 to n - 1 do dot := !dot +. x.(i) *. y.(i) done;
  Printf.printf "dot %.10f\n" !dot;
  let m = Array.make_matrix 40 40 0. in
  for i = 0 to 39 do for j = 0 to 39 do m.(i).(j) <- 1. /. float (i + j + 1) done done;
  let s = ref 0. in
  for i = 0 to 39 do for j = 0 to 39 do for k = 0 to 39 do s := !s +. m.(i).(k) *. m.(k).(j) done done done;
  Printf.printf "hilbert^2 sum %.12f\n" !s
