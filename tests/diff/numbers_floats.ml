(* Float formatting, parsing and libm primitives, printed exactly. *)
let values = [
  0.0; -0.0; 1.0; -1.0; 0.1; 0.5; 1.5; 2.5; 3.14159265358979; 1e10; 1e15; 1e16;
  1e17; 1e21; 1e22; 1e-5; 1e-7; 123456789.123456789; 5e-324; 2.2250738585072014e-308;
  1.7976931348623157e308; infinity; neg_infinity; nan; -.nan; 100.; 1e100; 0.3;
  2. /. 3.; 9007199254740993.; -123.456; 4.35; 0.000123; 65536.5 ]

let show f =
  Printf.printf "%s | %F | %h | %H | %.3h | %#.0h | %+h | % h\n"
    (string_of_float f) f f f f f f f;
  Printf.printf "  %f | %.0f | %.20f | %e | %.3E | %g | %.17g | %G | %10.4f| %-12.3e| %+g | % g\n"
    f f f f f f f f f f f f;
  Printf.printf "  %a | %a | %#g | %#.3x | %012.4f | %5.1F | %.2F | %#F | %.1e\n"
    (fun oc x -> Printf.fprintf oc "%h" x) f (fun oc x -> Printf.fprintf oc "%.0h" x) f f 42 f f f f f;
  Printf.printf "  hex: %s %s %s\n"
    (Printf.sprintf "%.20h" f) (Printf.sprintf "%12h|%-12h|" f f) (Printf.sprintf "%012h" f)

let parse s =
  match float_of_string s with
  | f -> Printf.printf "float_of_string %S = %h (%s)\n" s f (string_of_float f)
  | exception Failure m -> Printf.printf "float_of_string %S: Failure %S\n" s m

let parse_opt s =
  match Float.of_string_opt s with
  | Some f -> Printf.printf "of_string_opt %S = %h\n" s f
  | None -> Printf.printf "of_string_opt %S = None\n" s

let cls f = match classify_float f with
  | FP_normal -> "normal" | FP_subnormal -> "subnormal" | FP_zero -> "zero"
  | FP_infinite -> "infinite" | FP_nan -> "nan"

let () =
  List.iter show values;
  List.iter parse [
    "1.5"; "-2.25e3"; "1_000.5"; "_1_"; "0x1.8p3"; "0X1.8P3"; "-0x1p-2"; "+0x10"; "0x.8";
    "0x1."; "0x1_0"; "0x1p+4"; "0x1p-1074"; "0x1p-1075"; "0x3p-1076"; "0x1p99999999999";
    "-0x1p99999999999"; "0x1p-99999999999"; "0xp99999999999"; "0x1p1024";
    "0x1.fffffffffffff8p0"; "0x1.fffffffffffff7fffffp0"; "0x1.00000000000008000000000001p0";
    "0x1.8p-1074"; "0x1.7ffffffffffffffffffp-1074"; "0x0.00000000000018p-1022";
    "nan"; "-nan"; "NaN"; "nan(123)"; "inf"; "-infinity"; "Infinity"; "INF"; " 1"; "\t2.5";
    "1e500"; "1e-500"; "4.9e-324"; "0.1"; "1."; ".5"; ""; "_"; "-"; "1 "; "1.5x"; "0x";
    "0x."; "0xp3"; "0x1p"; "0x1p3x"; "0x1..2"; "0x1g"; "0x-1"; "+-1"; "1.5\000"; "e5";
    "1e"; "1e+"; "0x1p 3"; " 0x1p3"; "1_e_5"; "0b101"; "0o17"; "12345678901234567890123";
    "2.2250738585072011e-308"; "9007199254740993"; "0x1.23456789abcdefp+0";
    "0x123456789abcdef123456789p-100"; "-0"; "+.5e-3" ];
  List.iter parse_opt ["3.25"; "x"; "0x1p-3"; ""];
  List.iter (fun f ->
    let m, e = frexp f in
    let fr, ip = modf f in
    Printf.printf "%h: classify=%s frexp=(%h,%d) modf=(%h,%h) ldexp3=%h trunc=%h round=%h floor=%h ceil=%h\n"
      f (cls f) m e fr ip (ldexp f 3) (Float.trunc f) (Float.round f) (floor f) (ceil f);
    Printf.printf "  sqrt=%h cbrt=%h exp=%h exp2=%h expm1=%h log=%h log10=%h log2=%h log1p=%h\n"
      (sqrt f) (Float.cbrt f) (exp f) (Float.exp2 f) (expm1 f) (log f) (log10 f) (Float.log2 f) (log1p f);
    Printf.printf "  sin=%h cos=%h tan=%h asin=%h acos=%h atan=%h sinh=%h cosh=%h tanh=%h\n"
      (sin f) (cos f) (tan f) (asin f) (acos f) (atan f) (sinh f) (cosh f) (tanh f);
    Printf.printf "  asinh=%h acosh=%h atanh=%h erf=%h erfc=%h neg=%h abs=%h sign_bit=%b\n"
      (Float.asinh f) (Float.acosh f) (Float.atanh f) (Float.erf f) (Float.erfc f) (-. f)
      (abs_float f) (Float.sign_bit f);
    Printf.printf "  int=%d succ=%h pred=%h copysign=%h hypot=%h atan2=%h pow=%h fmod=%h fma=%h\n"
      (int_of_float f) (Float.succ f) (Float.pred f) (copysign 3.0 f) (hypot f 3.0)
      (atan2 f 2.0) (f ** 1.5) (mod_float f 0.7) (Float.fma f 3.0 0.1))
    (values @ [0.75; -0.5; 0.9; 4.5; -2.5; 1e300; ldexp 1.0 (1 lsl 40 + 3)]);
  List.iter (fun (a, b) ->
    Printf.printf "cmp %h %h: %d %b %b %b %b %b %b %d %b\n" a b (compare a b) (a = b) (a <> b)
      (a < b) (a <= b) (a > b) (a >= b) (Float.compare a b) (Float.equal a b))
    [0.0, -0.0; nan, nan; nan, 1.0; 1.0, nan; 1.0, 2.0; infinity, nan; neg_infinity, -1e308];
  Printf.printf "%d %d %d\n" (int_of_float 1e19) (int_of_float (-3.9)) (truncate 4.6e18);
  Printf.printf "%h %h\n" (float_of_int max_int) (float_of_int min_int);
  Printf.printf "%s\n" (String.concat " " (List.map string_of_float
    [1e-300 *. 1e-300; 1.0 /. 3.0; 100.0 /. 3.0; 1e23; 123456789012.; 0.1 +. 0.2]))
