(* string_of_float, float_of_string and Printf float conversions. *)
let values =
  [ 0.; -0.; 1.; -1.; 0.5; 0.1; 1.5; 100.; 1e15; 1e16; 1e17; 123456789.123;
    1e-5; 1.23e-10; 3.14159265358979; 2.718281828459045; 1e100; 1e-100;
    max_float; min_float; 4.9e-324; infinity; neg_infinity; nan; -.nan;
    1e21; 1e22; 0.3; 2. /. 3.; 5e-324; 1.7976931348623157e308; 9007199254740993. ]

let () =
  List.iter (fun f -> Printf.printf "string_of_float: %s\n" (string_of_float f)) values;
  List.iter (fun f -> Printf.printf "Float.to_string: %s\n" (Float.to_string f)) values;
  List.iter (fun f ->
    Printf.printf "[%f] [%e] [%g] [%F] [%h] [%H] [%E] [%G]\n" f f f f f f f f) values;
  List.iter (fun f ->
    Printf.printf "[%.0f] [%.3f] [%10.2f] [%-10.2f|] [%+.2e] [% .4g] [%010.3f] [%#g] [%.20g] [%.0e]\n"
      f f f f f f f f f f) values;
  List.iter (fun f -> Printf.printf "[%*.*f] [%.*g]\n" 12 3 f 5 f) [1.; -2.5; 1e10];
  Printf.printf "%#.3x %#F %.3h %#.0f\n" 255 1.0 1.0 3.;
  let parse s =
    match float_of_string s with
    | f -> Printf.printf "float_of_string %S = %h (%s)\n" s f (string_of_float f)
    | exception Failure m -> Printf.printf "float_of_string %S fails: %s\n" s m
  in
  List.iter parse
    [ "0"; "1"; "-1"; "1.5"; "1e10"; "1E-5"; ".5"; "5."; "-.5e3"; "1_000.000_1";
      "0x1p-3"; "0X1.8P1"; "0x.8"; "-0x10"; "0x1p1024"; "nan"; "NaN"; "-nan"; "inf";
      "infinity"; "-inf"; "-Infinity"; "1e400"; "1e-400"; "2.2250738585072011e-308";
      "0.1"; "123456789012345678901234567890"; ""; " 1"; "1 "; "1.5x"; "e5"; "--1";
      "0x"; "1e"; "_1"; "1__2" ];
  List.iter (fun s ->
    Printf.printf "float_of_string_opt %S = %s\n" s
      (match float_of_string_opt s with Some f -> string_of_float f | None -> "None"))
    [ "3.25"; "x"; "" ];
  (* Round trips of many floats through %.17g and %h. *)
  let x = ref 0.123456789 and bad = ref 0 in
  for i = 1 to 20000 do
    x := !x *. 1.000123 +. float i *. 1e-7;
    let f = if i mod 3 = 0 then 1. /. !x else !x *. float (i * i) in
    if float_of_string (Printf.sprintf "%.17g" f) <> f then incr bad;
    if float_of_string (Printf.sprintf "%h" f) <> f then incr bad;
    if float_of_string (string_of_float f) <> f && Float.abs (f -. float_of_string (string_of_float f)) > Float.abs f *. 1e-11 then incr bad
  done;
  Printf.printf "round trip failures: %d\n" !bad;
  Printf.printf "%s\n" (Printf.sprintf "%.15g|%.16g|%.17g" 0.1 0.1 0.1)
