(* Nativeint: arithmetic, conversions, printing. *)
open Nativeint
let p name v = Printf.printf "%-24s %nd (0x%nx)\n" name v v

let () =
  Printf.printf "size = %d\n" size;
  p "max_int" max_int;
  p "min_int" min_int;
  p "max_int + 1" (add max_int 1n);
  p "mul" (mul 0x7FFF_FFFFn 0x7FFF_FFFFn);
  p "div" (div (-100n) 7n);
  p "rem" (rem (-100n) 7n);
  p "div min -1" (div min_int (-1n));
  p "shift_left" (shift_left 1n 62);
  p "shift_right" (shift_right min_int 3);
  p "shift_right_logical" (shift_right_logical (-1n) 3);
  p "logand/or/xor" (logxor (logor 0xF0n 0x0Fn) (logand 0xFFn 0x3Cn));
  p "of_int min" (of_int Stdlib.min_int);
  p "of_int32" (of_int32 (-7l));
  p "of_float" (of_float 12345.678);
  p "of_string" (of_string "-0x7fffffffffffffff");
  (try p "of_string bad" (of_string "0x1ffffffffffffffff") with Failure m -> print_endline ("fails: " ^ m));
  Printf.printf "to_int = %d, to_int32 = %ld, to_float = %g\n" (to_int 77n) (to_int32 0x1_0000_0005n) (to_float (-3n));
  Printf.printf "unsigned_div = %nu, unsigned_rem = %nu\n" (unsigned_div (-1n) 3n) (unsigned_rem (-1n) 3n);
  Printf.printf "compare = %d, unsigned_compare = %d\n" (compare (-1n) 1n) (unsigned_compare (-1n) 1n);
  Printf.printf "to_string = %s\n" (to_string min_int);
  Printf.printf "%nu %nX %no [%10nd] [%-10nd]\n" (-1n) 255n 8n 5n 5n;
  let s = ref 0n in
  for i = 1 to 100_000 do s := add (mul !s 31n) (of_int i) done;
  p "poly hash" !s;
  Printf.printf "Hashtbl.hash 5n = %d\n" (Hashtbl.hash 5n)
