(* Int64: arithmetic with 64-bit wrap-around, conversions, unsigned ops. *)
open Int64
let p name v = Printf.printf "%-26s %Ld (0x%Lx)\n" name v v

let () =
  p "max_int" max_int;
  p "min_int" min_int;
  p "max_int + 1" (add max_int 1L);
  p "mul big" (mul 0x1234_5678_9ABCL 0xFEDC_BA98L);
  p "div -7 2" (div (-7L) 2L);
  p "rem -7 2" (rem (-7L) 2L);
  p "div min_int -1" (div min_int (-1L));
  p "rem min_int -1" (rem min_int (-1L));
  p "neg min_int" (neg min_int);
  p "shift_left 1 63" (shift_left 1L 63);
  p "shift_right min 60" (shift_right min_int 60);
  p "shift_right_logical -1 60" (shift_right_logical (-1L) 60);
  p "lognot 5" (lognot 5L);
  p "of_int max_int" (of_int Stdlib.max_int);
  p "of_int min_int" (of_int Stdlib.min_int);
  p "of_float 1e18" (of_float 1e18);
  p "of_float -1e18" (of_float (-1e18));
  p "of_int32 min" (of_int32 Int32.min_int);
  p "of_nativeint" (of_nativeint (-5n));
  p "of_string max" (of_string "9223372036854775807");
  p "of_string -min" (of_string "-9223372036854775808");
  p "of_string hex" (of_string "0xFFFFFFFFFFFFFFFF");
  p "of_string 0u" (of_string "0u18446744073709551615");
  p "of_string bin" (of_string "0b1010101");
  (try p "of_string overflow" (of_string "9223372036854775808") with Failure m -> print_endline ("fails: " ^ m));
  (try p "of_string garbage" (of_string "12z") with Failure m -> print_endline ("fails: " ^ m));
  (try ignore (rem 1L (Sys.opaque_identity 0L)) with Division_by_zero -> print_endline "rem by zero");
  Printf.printf "to_int max = %d\n" (to_int max_int);
  Printf.printf "to_int32 = %ld\n" (to_int32 0x1_2345_6789L);
  Printf.printf "to_float = %.17g\n" (to_float max_int);
  Printf.printf "unsigned_compare = %d\n" (unsigned_compare (-1L) 1L);
  Printf.printf "unsigned_div = %Lu\n" (unsigned_div (-1L) 10L);
  Printf.printf "unsigned_rem = %Lu\n" (unsigned_rem (-1L) 10L);
  Printf.printf "unsigned_to_int = %s\n"
    (match unsigned_to_int (-1L) with Some n -> string_of_int n | None -> "None");
  Printf.printf "unsigned_to_int 5 = %s\n"
    (match unsigned_to_int 5L with Some n -> string_of_int n | None -> "None");
  Printf.printf "bits_of_float -0. = %Lx\n" (bits_of_float (-0.));
  Printf.printf "float_of_bits = %h\n" (float_of_bits 0x7FF0000000000001L);
  Printf.printf "%Lu %LX %Lo %20Ld|%-20Ld|%020Ld\n" (-1L) 0xDEADBEEFL 64L min_int 1L (-1L);
  Printf.printf "to_string = %s %s\n" (to_string min_int) (to_string 0L);
  (* xorshift64 over many steps. *)
  let x = ref 88172645463325252L in
  for _ = 1 to 100_000 do
    x := logxor !x (shift_left !x 13);
    x := logxor !x (shift_right_logical !x 7);
    x := logxor !x (shift_left !x 17)
  done;
  p "xorshift" !x;
  let fact = ref 1L in
  for i = 1 to 25 do fact := mul !fact (of_int i); Printf.printf "%d! = %Ld\n" i !fact done;
  Printf.printf "Hashtbl.hash: %d %d\n" (Hashtbl.hash 42L) (Hashtbl.hash min_int);
  Printf.printf "compare: %d %b\n" (compare min_int max_int) (equal 3L 3L);
  let arr = [| 5L; -3L; max_int; min_int; 0L |] in
  Array.sort compare arr;
  Array.iter (Printf.printf "%Ld ") arr;
  print_newline ()
