(* Int32: arithmetic with 32-bit wrap-around, conversions, unsigned ops. *)
open Int32
let p name v = Printf.printf "%-26s %ld (0x%lx)\n" name v v

let () =
  p "max_int" max_int;
  p "min_int" min_int;
  p "max_int + 1" (add max_int 1l);
  p "min_int - 1" (sub min_int 1l);
  p "mul 65536 65536" (mul 65536l 65536l);
  p "mul 123456 654321" (mul 123456l 654321l);
  p "div -7 2" (div (-7l) 2l);
  p "rem -7 2" (rem (-7l) 2l);
  p "div min_int -1" (div min_int (-1l));
  p "rem min_int -1" (rem min_int (-1l));
  p "neg min_int" (neg min_int);
  p "abs -5" (abs (-5l));
  p "logand" (logand 0xF0F0l 0xFF00l);
  p "logor" (logor 0xF0F0l 0x0F0Fl);
  p "logxor" (logxor 0xFFFFl 0x0F0Fl);
  p "lognot 0" (lognot 0l);
  p "shift_left 1 31" (shift_left 1l 31);
  p "shift_right min 4" (shift_right min_int 4);
  p "shift_right_logical -1 4" (shift_right_logical (-1l) 4);
  p "of_int 0x1_0000_0001" (of_int 0x1_0000_0001);
  p "of_float 3.9e9" (of_float 3.9e9);
  p "of_string 0xFFFFFFFF" (of_string "0xFFFFFFFF");
  p "of_string -2147483648" (of_string "-2147483648");
  p "of_string 0u4294967295" (of_string "0u4294967295");
  (try p "of_string 2147483648" (of_string "2147483648") with Failure m -> print_endline ("fails: " ^ m));
  (try p "of_string 0x1FFFFFFFF" (of_string "0x1FFFFFFFF") with Failure m -> print_endline ("fails: " ^ m));
  (try ignore (div 1l (Sys.opaque_identity 0l)) with Division_by_zero -> print_endline "div by zero");
  Printf.printf "to_int min_int = %d\n" (to_int min_int);
  Printf.printf "to_float max_int = %g\n" (to_float max_int);
  Printf.printf "to_string -123 = %s\n" (to_string (-123l));
  Printf.printf "compare = %d %d %d\n" (compare 1l 2l) (compare min_int max_int) (compare 5l 5l);
  Printf.printf "unsigned_compare = %d\n" (unsigned_compare (-1l) 1l);
  Printf.printf "unsigned_div -1 3 = %ld\n" (unsigned_div (-1l) 3l);
  Printf.printf "unsigned_rem -1 7 = %ld\n" (unsigned_rem (-1l) 7l);
  Printf.printf "unsigned_to_int -1 = %s\n"
    (match unsigned_to_int (-1l) with Some n -> string_of_int n | None -> "None");
  Printf.printf "min/max = %ld %ld\n" (min 3l (-3l)) (max 3l (-3l));
  Printf.printf "equal = %b\n" (equal 7l 7l);
  Printf.printf "bits_of_float 1.0 = %lx, float_of_bits = %g\n" (bits_of_float 1.0) (float_of_bits 0x40490fdbl);
  Printf.printf "%lu %lX %lo %5ld|%-5ld|%05ld\n" (-1l) 3054l 8l 42l 42l 42l;
  (* A 32-bit LCG, checking wrap-around over many steps. *)
  let x = ref 12345l in
  for _ = 1 to 100_000 do x := add (mul !x 1103515245l) 12345l done;
  p "lcg" !x;
  let h = ref 0l in
  String.iter (fun c -> h := logxor (mul !h 16777619l) (of_int (Char.code c))) "hello, int32 world";
  p "fnv" !h;
  Printf.printf "Hashtbl.hash 42l = %d\n" (Hashtbl.hash 42l);
  Printf.printf "polymorphic compare: %b %b\n" (1l < 2l) (min_int < max_int)
