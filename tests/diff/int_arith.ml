(* Integer arithmetic: the four operations, wrap-around, bit operations,
   shifts and the Int module. *)
let p name v = Printf.printf "%-28s %d\n" name v

let () =
  p "7 + 5" (7 + 5);
  p "7 - 12" (7 - 12);
  p "-7 * 6" (-7 * 6);
  p "17 / 5" (17 / 5);
  p "-17 / 5" (-17 / 5);
  p "17 / -5" (17 / -5);
  p "-17 / -5" (-17 / -5);
  p "17 mod 5" (17 mod 5);
  p "-17 mod 5" (-17 mod 5);
  p "17 mod -5" (17 mod -5);
  p "-17 mod -5" (-17 mod -5);
  p "max_int" max_int;
  p "min_int" min_int;
  p "max_int + 1" (max_int + 1);
  p "min_int - 1" (min_int - 1);
  p "max_int * 2" (max_int * 2);
  p "min_int * -1" (min_int * -1);
  p "min_int / -1" (min_int / -1);
  p "min_int mod -1" (min_int mod -1);
  p "abs min_int" (abs min_int);
  p "abs (-42)" (abs (-42));
  p "~- 5" (~- 5);
  p "succ max_int" (succ max_int);
  p "pred min_int" (pred min_int);
  p "0xFF land 0x0F" (0xFF land 0x0F);
  p "0xF0 lor 0x0F" (0xF0 lor 0x0F);
  p "0xFF lxor 0x0F" (0xFF lxor 0x0F);
  p "lnot 0" (lnot 0);
  p "lnot max_int" (lnot max_int);
  p "1 lsl 62" (1 lsl 62);
  p "1 lsl 63" (1 lsl 63);
  p "3 lsl 61" (3 lsl 61);
  p "-1 lsr 1" (-1 lsr 1);
  p "-1 lsr 62" (-1 lsr 62);
  p "-16 asr 2" (-16 asr 2);
  p "min_int asr 62" (min_int asr 62);
  p "16 asr 10" (16 asr 10);
  p "12345 * 67890" (12345 * 67890);
  p "large product" (123456789 * 987654321);
  p "overflowing product" (123456789123 * 987654321987);
  (* Shifts by a variable amount, up to the word size. *)
  for i = 0 to 62 do
    if i mod 7 = 0 then
      Printf.printf "shift %2d: %d %d %d\n" i (1 lsl i) (max_int lsr i) (min_int asr i)
  done;
  (* Division by zero raises. *)
  let zero = Sys.opaque_identity 0 in
  (try p "1 / 0" (1 / zero) with Division_by_zero -> print_endline "1 / 0 raises Division_by_zero");
  (try p "1 mod 0" (1 mod zero) with Division_by_zero -> print_endline "1 mod 0 raises Division_by_zero");
  (* Int module. *)
  p "Int.abs (-3)" (Int.abs (-3));
  p "Int.neg 3" (Int.neg 3);
  p "Int.rem (-7) 2" (Int.rem (-7) 2);
  p "Int.div (-7) 2" (Int.div (-7) 2);
  p "Int.max_int" Int.max_int;
  p "Int.min 3 (-4)" (Int.min 3 (-4));
  p "Int.max 3 (-4)" (Int.max 3 (-4));
  p "Int.compare 3 4" (Int.compare 3 4);
  p "Int.compare min max" (Int.compare min_int max_int);
  p "Int.logand" (Int.logand 12 10);
  p "Int.logor" (Int.logor 12 10);
  p "Int.logxor" (Int.logxor 12 10);
  p "Int.shift_left" (Int.shift_left 3 4);
  p "Int.shift_right" (Int.shift_right (-48) 4);
  p "Int.shift_right_logical" (Int.shift_right_logical (-48) 60);
  p "Int.of_float 3.99" (Int.of_float 3.99);
  p "Int.of_float (-3.99)" (Int.of_float (-3.99));
  Printf.printf "Int.to_float max_int = %.1f\n" (Int.to_float max_int);
  Printf.printf "Int.equal 3 3 = %b\n" (Int.equal 3 3);
  Printf.printf "Int.to_string min_int = %s\n" (Int.to_string min_int);
  p "Sys.int_size" Sys.int_size;
  (* Sum of a long series, to exercise the interpreter loop. *)
  let s = ref 0 in
  for i = 1 to 1_000_000 do s := !s + (i * i) mod 1009 - (i lxor 77) done;
  p "series" !s;
  let h = ref 0 in
  for i = 1 to 100_000 do h := (!h * 31 + i) land 0x3FFFFFFF done;
  p "hash loop" !h
