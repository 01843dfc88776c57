(* Bigarray: every kind, both layouts, views, blit/fill, errors, compare,
   hash, marshalling and the bigstring accessors. *)
open Bigarray

external get16 : (char, int8_unsigned_elt, c_layout) Array1.t -> int -> int = "%caml_bigstring_get16"
external get32 : (char, int8_unsigned_elt, c_layout) Array1.t -> int -> int32 = "%caml_bigstring_get32"
external get64 : (char, int8_unsigned_elt, c_layout) Array1.t -> int -> int64 = "%caml_bigstring_get64"
external set16 : (char, int8_unsigned_elt, c_layout) Array1.t -> int -> int -> unit = "%caml_bigstring_set16"
external set32 : (char, int8_unsigned_elt, c_layout) Array1.t -> int -> int32 -> unit = "%caml_bigstring_set32"
external set64 : (char, int8_unsigned_elt, c_layout) Array1.t -> int -> int64 -> unit = "%caml_bigstring_set64"

let hex s = String.concat "" (List.map (fun c -> Printf.sprintf "%02x" (Char.code c)) (List.of_seq (String.to_seq s)))
let try_ f = try f () with Invalid_argument m -> Printf.printf "Invalid_argument %S\n" m
                         | Out_of_memory -> print_endline "Out_of_memory"
                         | Failure m -> Printf.printf "Failure %S\n" m

let iter1 (type l) f (a : (_, _, l) Array1.t) =
  let base = match Array1.layout a with C_layout -> 0 | Fortran_layout -> 1 in
  for i = base to base + Array1.dim a - 1 do f (Array1.get a i) done
let show_f a = iter1 (Printf.printf "%h ") a; print_newline ()
let show_i a = iter1 (Printf.printf "%d ") a; print_newline ()

let () =
  (* integer kinds: truncation on store *)
  let vals = [| 0; 1; -1; 127; 128; 255; 256; 32767; 32768; 65535; 65536; -129; max_int; min_int |] in
  let n = Array.length vals in
  let ints k name =
    let a = Array1.create k c_layout n in
    Array.iteri (fun i v -> a.{i} <- v) vals;
    Printf.printf "%s: " name; show_i a;
    Printf.printf "  hash %d, marshal %s\n" (Hashtbl.hash a) (hex (Marshal.to_string a []))
  in
  ints int8_signed "int8_signed"; ints int8_unsigned "int8_unsigned";
  ints int16_signed "int16_signed"; ints int16_unsigned "int16_unsigned"; ints int "int";
  let a = Array1.of_array int32 c_layout [| 0l; -1l; Int32.max_int; Int32.min_int |] in
  iter1 (Printf.printf "%ld ") a; print_newline ();
  Printf.printf "  hash %d, marshal %s\n" (Hashtbl.hash a) (hex (Marshal.to_string a []));
  let a = Array1.of_array int64 fortran_layout [| 0L; -1L; Int64.max_int; Int64.min_int |] in
  iter1 (Printf.printf "%Ld ") a; print_newline ();
  Printf.printf "  hash %d, marshal %s\n" (Hashtbl.hash a) (hex (Marshal.to_string a []));
  let a = Array1.of_array nativeint c_layout [| 0n; -1n; Nativeint.max_int; 5n |] in
  iter1 (Printf.printf "%nd ") a; print_newline ();
  Printf.printf "  hash %d, marshal %s\n" (Hashtbl.hash a) (hex (Marshal.to_string a []));
  (* small ints marshal as 32-bit *)
  let a = Array1.of_array int c_layout [| 1; -2; 0x3fffffff; -0x40000000 |] in
  Printf.printf "small int marshal %s\n" (hex (Marshal.to_string a []));
  let a = Array1.of_array nativeint c_layout [| 1n; -2n; 0x7fffffffn; -0x80000000n |] in
  Printf.printf "small nativeint marshal %s\n" (hex (Marshal.to_string a []));
  (* float kinds *)
  let fl = [| 0.0; -0.0; 1.0 /. 3.0; 1e40; -1e-40; 65519.0; 65520.0; 1e-8; infinity; nan; 3.14159 |] in
  let floats k name =
    let a = Array1.create k c_layout (Array.length fl) in
    Array.iteri (fun i v -> a.{i} <- v) fl;
    Printf.printf "%s: " name; show_f a;
    Printf.printf "  hash %d, marshal %s\n" (Hashtbl.hash a) (hex (Marshal.to_string a []))
  in
  floats float16 "float16"; floats float32 "float32"; floats float64 "float64";
  let c = Array1.create complex32 c_layout 2 in
  c.{0} <- { Complex.re = 1.5; im = -0.1 }; c.{1} <- Complex.i;
  iter1 (fun z -> Printf.printf "(%h,%h) " z.Complex.re z.Complex.im) c; print_newline ();
  Printf.printf "  hash %d, marshal %s\n" (Hashtbl.hash c) (hex (Marshal.to_string c []));
  let c = Array2.create complex64 fortran_layout 2 2 in
  Array2.fill c { Complex.re = 2.0; im = 1e-300 };
  c.{2, 1} <- Complex.one;
  Printf.printf "(%h,%h) (%h,%h)\n" c.{1,1}.re c.{1,1}.im c.{2,1}.re c.{2,1}.im;
  Printf.printf "  hash %d, marshal %s\n" (Hashtbl.hash c) (hex (Marshal.to_string c []));
  let s = Array1.init char c_layout 10 (fun i -> Char.chr (65 + i)) in
  iter1 print_char s; print_newline ();
  (* kinds and layouts *)
  let g = Genarray.create float32 fortran_layout [| 2; 3; 4 |] in
  Printf.printf "dims %s num_dims %d layout fortran %b kind float32 %b size %d\n"
    (String.concat "x" (Array.to_list (Array.map string_of_int (Genarray.dims g))))
    (Genarray.num_dims g) (Genarray.layout g = fortran_layout) (Genarray.kind g = float32)
    (Genarray.size_in_bytes g);
  Genarray.fill g 0.5;
  Genarray.set g [| 2; 3; 4 |] 7.0;
  Printf.printf "%g %g\n" (Genarray.get g [| 2; 3; 4 |]) (Genarray.get g [| 1; 1; 1 |]);
  let gc = Genarray.change_layout g c_layout in
  Printf.printf "c dims %s, gc[3][2][1]=%g\n"
    (String.concat "x" (Array.to_list (Array.map string_of_int (Genarray.dims gc))))
    (Genarray.get gc [| 3; 2; 1 |]);
  Printf.printf "same layout is physically equal: %b\n" (Genarray.change_layout g fortran_layout == g);
  (* Array2/3, sub, slice, blit, reshape *)
  let m = Array2.init int c_layout 4 5 (fun i j -> 10 * i + j) in
  let r = Array2.slice_left m 2 in
  show_i r;
  let sub = Array2.sub_left m 1 2 in
  Printf.printf "sub %dx%d first %d last %d\n" (Array2.dim1 sub) (Array2.dim2 sub) sub.{0,0} sub.{1,4};
  sub.{0,0} <- -1;
  Printf.printf "shared: %d\n" m.{1,0};
  let f = Array2.init int fortran_layout 4 5 (fun i j -> 10 * i + j) in
  let col = Array2.slice_right f 3 in
  show_i col;
  let fs = Array2.sub_right f 2 3 in
  Printf.printf "fsub %dx%d first %d last %d\n" (Array2.dim1 fs) (Array2.dim2 fs) fs.{1,1} fs.{4,3};
  let t = Array3.init int16_signed c_layout 2 3 4 (fun i j k -> 100 * i + 10 * j + k) in
  Printf.printf "t %d %d %d, t.{1,2,3}=%d\n" (Array3.dim1 t) (Array3.dim2 t) (Array3.dim3 t) t.{1,2,3};
  let flat = reshape_1 (genarray_of_array3 t) 24 in
  show_i flat;
  let sl = Array3.slice_left_2 t 1 in
  Printf.printf "slice_left_2 %dx%d %d\n" (Array2.dim1 sl) (Array2.dim2 sl) sl.{2,3};
  let sl1 = Array3.slice_left_1 t 0 2 in
  show_i sl1;
  let z = Array0.create int c_layout in
  Array0.set z 42;
  Printf.printf "array0 %d dims %d\n" (Array0.get z) (Genarray.num_dims (genarray_of_array0 z));
  let e = Genarray.slice_left (genarray_of_array3 t) [| 1; 2; 3 |] in
  Printf.printf "full slice num_dims %d value %d\n" (Genarray.num_dims e) (Genarray.get e [||]);
  let dst = Array1.create int16_signed c_layout 24 in
  Array1.blit flat dst;
  Printf.printf "blit %d %d\n" dst.{0} dst.{23};
  let big = Array1.create float64 c_layout 100000 in
  Array1.fill big 1.25;
  let big2 = Array1.create float64 c_layout 100000 in
  Array1.blit big big2;
  Printf.printf "big %g %g\n" big2.{0} big2.{99999};
  (* compare *)
  let a1 = Array1.of_array int c_layout [| 1; 2; 3 |] and a2 = Array1.of_array int c_layout [| 1; 2; 4 |] in
  Printf.printf "compare %d %d %d %b\n" (compare a1 a2) (compare a2 a1) (compare a1 a1) (a1 = Array1.of_array int c_layout [| 1; 2; 3 |]);
  let b1 = Array1.of_array int c_layout [| 1; 2 |] in
  Printf.printf "compare dims %d\n" (compare a1 b1);
  let n1 = Array1.of_array float64 c_layout [| nan |] and n2 = Array1.of_array float64 c_layout [| 0.0 |] in
  Printf.printf "nan compare %d %d %b %b\n" (compare n1 n2) (compare n2 n1) (n1 = n1) (n1 < n2);
  (* marshal round trip *)
  let back : (int, int_elt, c_layout) Array2.t = Marshal.from_string (Marshal.to_string m []) 0 in
  Printf.printf "roundtrip %d %d %b\n" back.{3,4} back.{1,0} (back = m);
  let back16 : (float, float16_elt, c_layout) Array1.t =
    Marshal.from_string (Marshal.to_string (Array1.of_array float16 c_layout [| 1.0; 2.5; -0.125 |]) []) 0 in
  show_f back16;
  (* bigstring accessors *)
  let bs = Array1.create char c_layout 16 in
  Array1.fill bs '\000';
  set16 bs 0 0xABCD; set32 bs 2 0x12345678l; set64 bs 6 0x0102030405060708L; set16 bs 14 (-1);
  Printf.printf "%x %lx %Lx %x %x\n" (get16 bs 0) (get32 bs 2) (get64 bs 6) (get16 bs 14) (get16 bs 1);
  try_ (fun () -> ignore (get16 bs 15));
  try_ (fun () -> ignore (get32 bs 13));
  try_ (fun () -> ignore (get64 bs (-1)));
  try_ (fun () -> set64 bs 9 0L);
  (* errors *)
  try_ (fun () -> ignore (Array1.create int c_layout (-1)));
  try_ (fun () -> ignore (Genarray.create int c_layout (Array.make 17 1)));
  try_ (fun () -> ignore (Genarray.create int c_layout [| max_int; max_int |]));
  try_ (fun () -> ignore (m.{4, 0}));
  try_ (fun () -> ignore (f.{0, 1}));
  try_ (fun () -> m.{0, -1} <- 0);
  try_ (fun () -> ignore (Genarray.get (genarray_of_array2 m) [| 1 |]));
  try_ (fun () -> Genarray.set (genarray_of_array2 m) [| 1; 2; 3 |] 0);
  try_ (fun () -> ignore (Genarray.nth_dim (genarray_of_array2 m) 2));
  try_ (fun () -> ignore (Array2.sub_left m 3 2));
  try_ (fun () -> ignore (Array2.sub_right f 0 1));
  try_ (fun () -> ignore (Genarray.slice_left (genarray_of_array2 m) [| 1; 1; 1 |]));
  try_ (fun () -> ignore (Array2.slice_left m 4));
  try_ (fun () -> Array1.blit a1 b1);
  try_ (fun () -> ignore (reshape_2 (genarray_of_array2 m) 3 7));
  try_ (fun () -> ignore (reshape (genarray_of_array2 m) [| -4; -5 |]));
  try_ (fun () -> ignore (Array1.get a1 3));
  try_ (fun () -> ignore (Array1.sub a1 2 2));
  print_endline "done";
  (* marshalling: long dimensions, malformed input, empty arrays *)
  let a = Array1.init char c_layout 70000 (fun i -> Char.chr (i land 255)) in
  let s = Marshal.to_string a [] in
  Printf.printf "len %d digest %s\n" (String.length s) (Digest.to_hex (Digest.string s));
  let b : (char, int8_unsigned_elt, c_layout) Array1.t = Marshal.from_string s 0 in
  Printf.printf "%d %C %b\n" (Array1.dim b) b.{69999} (a = b);
  let small = Marshal.to_string (Array1.of_array int32 c_layout [| 7l |]) [] in
  let bad_kind = Bytes.of_string small in
  (* flags word: 4 bytes after the num_dims word *)
  let i = String.length small - 4 - 2 - 1 in
  Printf.printf "byte at %d: %d\n" i (Char.code small.[i]);
  Bytes.set bad_kind i '\030';
  (try ignore (Marshal.from_bytes bad_kind 0 : (int32, int32_elt, c_layout) Array1.t); print_endline "no error"
   with Failure m -> print_endline m);
  let bad_dims = Bytes.of_string small in
  Bytes.set bad_dims (i - 4) '\017';
  (try ignore (Marshal.from_bytes bad_dims 0 : (int32, int32_elt, c_layout) Array1.t); print_endline "no error"
   with Failure m -> print_endline m);
  let g = Genarray.create int16_unsigned fortran_layout [| 0; 3 |] in
  let s = Marshal.to_string g [] in
  let h : (int, int16_unsigned_elt, fortran_layout) Genarray.t = Marshal.from_string s 0 in
  Printf.printf "empty %d %d %b\n" (Genarray.nth_dim h 0) (Genarray.nth_dim h 1) (g = h)
