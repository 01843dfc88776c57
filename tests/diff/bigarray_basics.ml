(* Bigarray basics: Array1/2/3 and Genarray of a few kinds, layouts,
   sub/slice/blit/fill, reshape and bounds errors. *)
open Bigarray

let () =
  let a = Array1.create float64 c_layout 10 in
  for i = 0 to 9 do a.{i} <- float i *. 1.5 done;
  Printf.printf "dim %d a.{3} %g\n" (Array1.dim a) a.{3};
  let s = Array1.sub a 2 4 in
  s.{0} <- 100.;
  Printf.printf "sub shares: a.{2} %g size_in_bytes %d\n" a.{2} (Array1.size_in_bytes s);
  let b = Array1.create float64 c_layout 4 in
  Array1.blit s b;
  Array1.fill s 0.;
  Printf.printf "blit copy b.{0} %g, a.{3} after fill %g\n" b.{0} a.{3};
  let ints = Array1.of_array int c_layout [| 5; 6; 7 |] in
  Printf.printf "of_array %d %d %d\n" ints.{0} ints.{1} ints.{2};
  let i8 = Array1.create int8_unsigned c_layout 4 in
  i8.{0} <- 255; i8.{1} <- 256; i8.{2} <- -1; i8.{3} <- 1000;
  Printf.printf "int8_unsigned wraps %d %d %d %d\n" i8.{0} i8.{1} i8.{2} i8.{3};
  let s8 = Array1.create int8_signed c_layout 2 in
  s8.{0} <- 200; s8.{1} <- -129;
  Printf.printf "int8_signed wraps %d %d\n" s8.{0} s8.{1};
  let i16 = Array1.create int16_signed c_layout 1 in
  i16.{0} <- 40000;
  Printf.printf "int16_signed %d\n" i16.{0};
  let i32 = Array1.create int32 c_layout 1 in
  i32.{0} <- 0x7fffffffl;
  Printf.printf "int32 %ld\n" i32.{0};
  let i64 = Array1.create int64 c_layout 1 in
  i64.{0} <- Int64.min_int;
  Printf.printf "int64 %Ld\n" i64.{0};
  let f32 = Array1.create float32 c_layout 1 in
  f32.{0} <- 0.1;
  Printf.printf "float32 rounds %.17g\n" f32.{0};
  let cx = Array1.create complex64 c_layout 1 in
  cx.{0} <- { Complex.re = 1.; im = -2. };
  Printf.printf "complex %g %g\n" cx.{0}.Complex.re cx.{0}.Complex.im;
  let ch = Array1.init char c_layout 5 (fun i -> Char.chr (97 + i)) in
  Printf.printf "char init %c%c%c%c%c\n" ch.{0} ch.{1} ch.{2} ch.{3} ch.{4};
  (* Fortran layout starts at 1. *)
  let f = Array1.create int fortran_layout 3 in
  f.{1} <- 10; f.{3} <- 30;
  Printf.printf "fortran %d %d\n" f.{1} f.{3};
  (try ignore f.{0} with Invalid_argument m -> Printf.printf "fortran 0: %s\n" m);
  (try ignore a.{10} with Invalid_argument m -> Printf.printf "c 10: %s\n" m);
  (* Two and three dimensions. *)
  let m = Array2.init int c_layout 3 4 (fun i j -> i * 10 + j) in
  Printf.printf "Array2 dims %d %d m.{2,3} %d\n" (Array2.dim1 m) (Array2.dim2 m) m.{2, 3};
  let row = Array2.slice_left m 1 in
  Printf.printf "slice_left row 1: %d %d %d %d\n" row.{0} row.{1} row.{2} row.{3};
  let mf = Array2.init int fortran_layout 3 4 (fun i j -> i * 10 + j) in
  let col = Array2.slice_right mf 2 in
  Printf.printf "slice_right col 2: %d %d %d\n" col.{1} col.{2} col.{3};
  let t = Array3.init float64 c_layout 2 3 4 (fun i j k -> float (i * 100 + j * 10 + k)) in
  Printf.printf "Array3 %g dims %d %d %d\n" t.{1, 2, 3} (Array3.dim1 t) (Array3.dim2 t) (Array3.dim3 t);
  let g = genarray_of_array3 t in
  Printf.printf "genarray num_dims %d dims %s\n" (Genarray.num_dims g) (String.concat "x" (Array.to_list (Array.map string_of_int (Genarray.dims g))));
  let r = reshape_1 g 24 in
  Printf.printf "reshape_1 r.{23} %g\n" r.{23};
  let r2 = reshape_2 g 4 6 in
  Printf.printf "reshape_2 r2.{3,5} %g\n" r2.{3, 5};
  (try ignore (reshape_1 g 25) with Invalid_argument m -> Printf.printf "reshape bad: %s\n" m);
  Printf.printf "kind sizes: %d %d %d %d %d\n" (kind_size_in_bytes float64) (kind_size_in_bytes int8_signed) (kind_size_in_bytes int32) (kind_size_in_bytes complex64) (kind_size_in_bytes int);
  (* Comparison and hashing. *)
  let x = Array1.of_array int c_layout [| 1; 2; 3 |] and y = Array1.of_array int c_layout [| 1; 2; 4 |] in
  Printf.printf "compare %d equal %b hash equal %b\n" (compare x y) (x = Array1.of_array int c_layout [| 1; 2; 3 |])
    (Hashtbl.hash x = Hashtbl.hash (Array1.of_array int c_layout [| 1; 2; 3 |]));
  (* A larger numeric workload. *)
  let n = 500_000 in
  let big = Array1.create float64 c_layout n in
  for i = 0 to n - 1 do big.{i} <- sin (float i) done;
  let sum = ref 0. in
  for i = 0 to n - 1 do sum := !sum +. big.{i} *. big.{i} done;
  Printf.printf "sum of squares %.9f\n" !sum;
  let c = Array1.change_layout ints fortran_layout in
  Printf.printf "change_layout first %d\n" c.{1}
