(* Array primitives: make (flat float arrays), get/set with bounds checks,
   sub/append/concat (including the float-array empty-atom quirk), blit and
   fill with overlaps, large arrays in the major heap, and size errors. *)
let p fmt = Printf.printf fmt
let exn name f =
  match f () with
  | _ -> p "%s: ok\n" name
  | exception Invalid_argument m -> p "%s: Invalid_argument %S\n" name m
  | exception Out_of_memory -> p "%s: Out_of_memory\n" name

let tag x = Obj.tag (Obj.repr x)
let pi a = p "[%s]\n" (String.concat ";" (Array.to_list (Array.map string_of_int a)))
let pf a = p "[%s]\n" (String.concat ";" (Array.to_list (Array.map (Printf.sprintf "%g") a)))

let () =
  let a = Array.make 5 1.5 in
  p "float make tag=%d len=%d size=%d\n" (tag a) (Array.length a) (Obj.size (Obj.repr a));
  let b = Array.make 5 "s" in
  p "string make tag=%d\n" (tag b);
  let lit = [| 1.0; 2.0; 3.0 |] in
  p "literal tag=%d\n" (tag lit);
  let poly x y = [| x; y |] in
  p "poly literal tag=%d %d\n" (tag (poly 1.0 2.0)) (tag (poly 'a' 'b'));
  p "empty tags %d %d %d %d\n" (tag [||]) (tag (Array.make 0 1.0)) (tag (Array.sub [|1.0|] 0 0))
    (tag (Array.sub [|1|] 0 0));
  p "append empties %d %d %d\n" (tag (Array.append [||] [||]))
    (tag (Array.append [|1.0|] [||] |> fun a -> Array.sub a 0 0))
    (tag (Array.concat [[||]; [|2.0|]]));
  p "compare quirk %d %b\n" (compare [||] (Array.sub [|1.0|] 0 0)) ([||] = Array.sub [|1.0|] 0 0);
  p "create_float %d %d\n" (Array.length (Array.create_float 3)) (tag (Array.create_float 3));
  exn "make -1" (fun () -> Array.make (-1) 0);
  exn "make -1 float" (fun () -> Array.make (-1) 0.0);
  exn "make max_int" (fun () -> Array.make max_int 'c');
  exn "create_float -1" (fun () -> Array.create_float (-1));
  exn "Float.Array.create -1" (fun () -> Float.Array.create (-1));
  exn "Float.Array.make -1" (fun () -> Float.Array.make (-1) 0.0);
  exn "init -1" (fun () -> Array.init (-1) Fun.id)

let () =
  let a = Array.init 10 (fun i -> i * i) in
  exn "get 10" (fun () -> a.(10));
  exn "get -1" (fun () -> a.(-1));
  exn "set 10" (fun () -> a.(10) <- 0);
  let f = Array.init 4 float_of_int in
  exn "fget 4" (fun () -> f.(4));
  exn "fset -1" (fun () -> f.(-1) <- 0.0);
  exn "Float.Array.get" (fun () -> Float.Array.get (Float.Array.make 2 1.0) 2);
  let g : 'a. 'a array -> int -> 'a = fun a i -> a.(i) in
  p "generic get %d %g %s\n" (g a 3) (g f 3) (g [| "x"; "y" |] 1);
  exn "generic get oob" (fun () -> g f 9);
  let s : 'a. 'a array -> int -> 'a -> unit = fun a i v -> a.(i) <- v in
  s f 0 9.5; s a 0 (-4);
  pf f; pi a;
  pi (Array.sub a 2 5);
  pi (Array.append a [| 100; 200 |]);
  pi (Array.concat [ [| 1 |]; [||]; [| 2; 3 |]; a ]);
  pf (Array.concat [ [||]; f; [| 0.5 |] ]);
  exn "sub bad" (fun () -> Array.sub a 8 3);
  exn "blit bad" (fun () -> Array.blit a 0 a 5 6);
  exn "fill bad" (fun () -> Array.fill a 9 2 0);
  Array.blit a 0 a 2 6; pi a;
  Array.blit a 3 a 1 6; pi a;
  Array.blit f 0 f 1 3; pf f;
  Array.fill a 1 3 7; pi a;
  Array.fill f 0 2 (-1.25); pf f;
  let fa = Float.Array.init 6 float_of_int in
  Float.Array.blit fa 1 fa 0 5;
  Float.Array.fill fa 4 2 8.0;
  p "%s\n" (String.concat "," (List.map string_of_float (Float.Array.to_list fa)));
  let fs = Float.Array.sub fa 1 3 and fe = Float.Array.append fa fa in
  p "%d %d %g\n" (Float.Array.length fs) (Float.Array.length fe) (Float.Array.get fe 7)

(* Large arrays live in the major heap: exercise the write barrier. *)
let () =
  let n = 100_000 in
  let big = Array.make n [] in
  for i = 0 to n - 1 do if i mod 7 = 0 then big.(i) <- [ i; i + 1 ] done;
  Gc.minor ();
  let young = Array.init 300 (fun i -> [ i ]) in
  Array.blit young 0 big 10 300;
  Array.fill big 500 1000 [ 42 ];
  Gc.full_major ();
  let sum = Array.fold_left (fun acc l -> acc + List.fold_left ( + ) 0 l) 0 big in
  p "big sum %d\n" sum;
  let r = ref 0 in
  let big2 = Array.make 50_000 (ref 1) in
  Gc.full_major ();
  big2.(0) := 5;
  Array.iter (fun c -> r := !r + !c) big2;
  p "shared ref %d\n" !r;
  let cat = Array.concat [ big; young; big ] in
  Gc.compact ();
  p "concat %d %d\n" (Array.length cat) (List.hd cat.(100_010));
  let sub = Array.sub big 0 40_000 in
  Gc.minor ();
  p "sub %d %d\n" (Array.length sub) (List.length sub.(7));
  let fbig = Array.make 70_000 0.5 in
  Array.fill fbig 10 20 2.0;
  p "fbig %g %d\n" (Array.fold_left ( +. ) 0. fbig) (tag fbig);
  let lst = List.init 40 (fun i -> Array.make i i) in
  p "concat list %d\n" (Array.length (Array.concat lst));
  let m = Array.make_matrix 3 4 0.0 in
  m.(1).(2) <- 3.0;
  p "matrix %g %d\n" m.(1).(2) (tag m.(0))
