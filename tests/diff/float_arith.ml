(* Float arithmetic and the Float module; values printed with %h (exact)
   and %.17g. *)
let p name f = Printf.printf "%-24s %.17g  %h\n" name f f

let () =
  p "0.1 +. 0.2" (0.1 +. 0.2);
  p "1. /. 3." (1. /. 3.);
  p "2. ** 0.5" (2. ** 0.5);
  p "sqrt 2" (sqrt 2.);
  p "exp 1" (exp 1.);
  p "log 10" (log 10.);
  p "log10 1000" (log10 1000.);
  p "log2 1024" (Float.log2 1024.);
  p "expm1 1e-10" (expm1 1e-10);
  p "log1p 1e-10" (log1p 1e-10);
  p "sin 1" (sin 1.);
  p "cos 1" (cos 1.);
  p "tan 1" (tan 1.);
  p "asin 0.5" (asin 0.5);
  p "acos 0.5" (acos 0.5);
  p "atan 1" (atan 1.);
  p "atan2 1 -1" (atan2 1. (-1.));
  p "sinh 1" (sinh 1.);
  p "cosh 1" (cosh 1.);
  p "tanh 1" (tanh 1.);
  p "hypot 3 4" (hypot 3. 4.);
  p "floor -2.5" (floor (-2.5));
  p "ceil -2.5" (ceil (-2.5));
  p "Float.round 2.5" (Float.round 2.5);
  p "Float.round -2.5" (Float.round (-2.5));
  p "Float.trunc -2.7" (Float.trunc (-2.7));
  p "mod_float 7.5 2" (mod_float 7.5 2.);
  p "mod_float -7.5 2" (mod_float (-7.5) 2.);
  p "Float.rem 7.5 -2" (Float.rem 7.5 (-2.));
  p "Float.fma 2 3 4" (Float.fma 2. 3. 4.);
  p "copysign 3 -0" (copysign 3. (-0.));
  p "Float.abs -0" (Float.abs (-0.));
  p "ldexp 1 -1074" (ldexp 1. (-1074));
  p "ldexp 1 1023" (ldexp 1. 1023);
  p "max_float" max_float;
  p "min_float" min_float;
  p "epsilon_float" epsilon_float;
  p "Float.pred 1" (Float.pred 1.);
  p "Float.succ 1" (Float.succ 1.);
  p "Float.cbrt 27" (Float.cbrt 27.);
  p "Float.erf 0.5" (Float.erf 0.5);
  p "1e308 *. 10" (1e308 *. 10.);
  p "-1 /. 0" (-1. /. 0.);
  p "0 *. -1" (0. *. (-1.));
  let fr, ex = frexp 1000. in
  Printf.printf "frexp 1000 = %g, %d\n" fr ex;
  let fp, ip = modf (-3.75) in
  Printf.printf "modf -3.75 = %g, %g\n" fp ip;
  let cls f = match classify_float f with
    | FP_normal -> "normal" | FP_subnormal -> "subnormal" | FP_zero -> "zero"
    | FP_infinite -> "infinite" | FP_nan -> "nan" in
  List.iter (fun f -> Printf.printf "classify %h = %s\n" f (cls f))
    [1.; 1e-310; 0.; -0.; infinity; neg_infinity; nan];
  Printf.printf "int_of_float 1e10 = %d\n" (int_of_float 1e10);
  Printf.printf "int_of_float -3.9 = %d\n" (int_of_float (-3.9));
  Printf.printf "float_of_int min_int = %.17g\n" (float_of_int min_int);
  Printf.printf "truncate 2.9 = %d\n" (truncate 2.9);
  Printf.printf "Float.is_integer 3.0 = %b, 3.5 = %b\n" (Float.is_integer 3.) (Float.is_integer 3.5);
  Printf.printf "Float.is_finite inf = %b, is_nan nan = %b\n" (Float.is_finite infinity) (Float.is_nan nan);
  Printf.printf "Float.sign_bit -0 = %b\n" (Float.sign_bit (-0.));
  Printf.printf "Float.min 1 nan = %g, Float.max nan 1 = %g\n" (Float.min 1. nan) (Float.max nan 1.);
  Printf.printf "Float.min_num 1 nan = %g, Float.max_num nan 1 = %g\n" (Float.min_num 1. nan) (Float.max_num nan 1.);
  Printf.printf "Float.min -0 0 = %g\n" (Float.min (-0.) 0.);
  Printf.printf "Float.equal nan nan = %b, nan = nan: %b\n" (Float.equal nan nan) (nan = nan);
  Printf.printf "Float.compare nan 1 = %d, compare 1 nan = %d\n" (Float.compare nan 1.) (Float.compare 1. nan);
  Printf.printf "Float.to_int 1e3 = %d\n" (Float.to_int 1e3);
  Printf.printf "bits of 1.5 = %Lx\n" (Int64.bits_of_float 1.5);
  Printf.printf "float of bits = %g\n" (Int64.float_of_bits 0x4009_21FB_5444_2D18L);
  Printf.printf "Int32.bits_of_float 1.5 = %lx\n" (Int32.bits_of_float 1.5);
  (* A numeric loop: Leibniz series and harmonic sum. *)
  let s = ref 0. in
  for k = 0 to 1_000_000 do
    s := !s +. (if k land 1 = 0 then 1. else -1.) /. float (2 * k + 1)
  done;
  p "pi/4 approx" !s;
  let h = ref 0. in
  for k = 1 to 100_000 do h := !h +. 1. /. float k done;
  p "harmonic" !h;
  (* Float.Array-free boxed accumulation in a record. *)
  let r = { contents = 1. } in
  for _ = 1 to 50 do r.contents <- r.contents *. 1.5 -. 0.25 done;
  p "recurrence" r.contents
