(* Integer parsing, formatting and boxed-integer arithmetic. *)
let try_int s =
  match int_of_string s with
  | n -> Printf.printf "int_of_string %S = %d\n" s n
  | exception Failure m -> Printf.printf "int_of_string %S: Failure %S\n" s m

let try_conv name f show s =
  match f s with
  | n -> Printf.printf "%s %S = %s\n" name s (show n)
  | exception Failure m -> Printf.printf "%s %S: Failure %S\n" name s m

let inputs = [
  "0"; "123"; "-123"; "+7"; "1_000_000"; "1__"; "0x1F"; "0XfF"; "0o17"; "0O17"; "0b101";
  "0B1_1"; "0u42"; "-0x10"; "00012"; "4611686018427387903"; "-4611686018427387904";
  "4611686018427387904"; "-4611686018427387905"; "0x7fffffffffffffff"; "0x8000000000000000";
  "-0x7fffffffffffffff"; "0x3fffffffffffffff"; "0x4000000000000000"; "0u9223372036854775807";
  "0u9223372036854775808"; "2147483647"; "-2147483648"; "2147483648"; "-2147483649";
  "0xffffffff"; "0x100000000"; "-0xffffffff"; "0b11111111111111111111111111111111";
  "9223372036854775807"; "-9223372036854775808"; "9223372036854775808";
  "-9223372036854775809"; "0xffffffffffffffff"; "0u18446744073709551615";
  "0u18446744073709551616"; "0x10000000000000000"; "-0xffffffffffffffff";
  "99999999999999999999"; ""; "-"; "+"; "_1"; "0x"; "0x_1"; "0b2"; "0o8"; "12a"; "1 "; " 1";
  "1\000"; "--1"; "0xg"; "1.0"; "-0"; "0b"; "0u"; "0x1_"; "0o_7" ]

let () =
  List.iter try_int inputs;
  List.iter (try_conv "Int32.of_string" Int32.of_string Int32.to_string) inputs;
  List.iter (try_conv "Int64.of_string" Int64.of_string Int64.to_string) inputs;
  List.iter (try_conv "Nativeint.of_string" Nativeint.of_string Nativeint.to_string) inputs;
  List.iter (fun s -> Printf.printf "opt %S: %s\n" s
    (match int_of_string_opt s with Some n -> string_of_int n | None -> "None"))
    ["12"; "x"; "0x7fffffffffffffff"]

let ints = [0; 1; -1; 42; -42; 255; 1000000; max_int; min_int; 0x12345678; -987654321]
let () =
  List.iter (fun n ->
    Printf.printf "%d|%i|%u|%x|%X|%o|%#x|%#X|%#o|%+d|% d|%5d|%-5d|%05d|%.3d|%#d|%#u|%#i|%8x|%-8X|%08o\n"
      n n n n n n n n n n n n n n n n n n n n n) ints;
  let i32 = [0l; 1l; -1l; 42l; Int32.max_int; Int32.min_int; 0x7fff0000l; -559038737l] in
  List.iter (fun n ->
    Printf.printf "%ld|%li|%lu|%lx|%lX|%lo|%#lx|%+ld|% ld|%8ld|%-8lu|%08lx|%#ld|%.4ld\n"
      n n n n n n n n n n n n n n;
    Printf.printf "  to_int=%d to_float=%h bits=%h neg=%ld abs=%ld succ=%ld pred=%ld lnot=%ld bswap=%ld\n"
      (Int32.to_int n) (Int32.to_float n) (Int32.float_of_bits n) (Int32.neg n) (Int32.abs n)
      (Int32.succ n) (Int32.pred n) (Int32.lognot n) (let b = Bytes.create 4 in Bytes.set_int32_le b 0 n; Bytes.get_int32_be b 0);
    List.iter (fun m ->
      let d = try Int32.to_string (Int32.div n m) with Division_by_zero -> "DBZ" in
      let r = try Int32.to_string (Int32.rem n m) with Division_by_zero -> "DBZ" in
      let ud = try Int32.to_string (Int32.unsigned_div n m) with Division_by_zero -> "DBZ" in
      let ur = try Int32.to_string (Int32.unsigned_rem n m) with Division_by_zero -> "DBZ" in
      Printf.printf "  %ld op %ld: + %ld - %ld * %ld / %s mod %s udiv %s urem %s land %ld lor %ld lxor %ld cmp %d ucmp %d\n"
        n m (Int32.add n m) (Int32.sub n m) (Int32.mul n m) d r ud ur (Int32.logand n m)
        (Int32.logor n m) (Int32.logxor n m) (Int32.compare n m) (Int32.unsigned_compare n m))
      [0l; 1l; -1l; 7l; Int32.min_int];
    List.iter (fun s ->
      Printf.printf "  shift %d: %ld %ld %ld\n" s (Int32.shift_left n s) (Int32.shift_right n s)
        (Int32.shift_right_logical n s)) [0; 1; 5; 31; 32; 33; 63; 64; -1])
    i32;
  let i64 = [0L; 1L; -1L; 42L; Int64.max_int; Int64.min_int; 0x123456789abcdefL; -81985529216486895L] in
  List.iter (fun n ->
    Printf.printf "%Ld|%Li|%Lu|%Lx|%LX|%Lo|%#Lx|%+Ld|% Ld|%22Ld|%-22Lu|%020Lx|%#Ld|%#Lu|%.4Ld\n"
      n n n n n n n n n n n n n n n;
    Printf.printf "  to_int=%d to_float=%h bits=%h i32=%ld nat=%nd neg=%Ld bswap=%Ld unsigned_to_int=%s\n"
      (Int64.to_int n) (Int64.to_float n) (Int64.float_of_bits n) (Int64.to_int32 n)
      (Int64.to_nativeint n) (Int64.neg n) (let b = Bytes.create 8 in Bytes.set_int64_le b 0 n; Bytes.get_int64_be b 0)
      (match Int64.unsigned_to_int n with Some i -> string_of_int i | None -> "None");
    List.iter (fun m ->
      let d = try Int64.to_string (Int64.div n m) with Division_by_zero -> "DBZ" in
      let r = try Int64.to_string (Int64.rem n m) with Division_by_zero -> "DBZ" in
      let ud = try Int64.to_string (Int64.unsigned_div n m) with Division_by_zero -> "DBZ" in
      let ur = try Int64.to_string (Int64.unsigned_rem n m) with Division_by_zero -> "DBZ" in
      Printf.printf "  %Ld op %Ld: + %Ld - %Ld * %Ld / %s mod %s udiv %s urem %s land %Ld lor %Ld cmp %d ucmp %d\n"
        n m (Int64.add n m) (Int64.sub n m) (Int64.mul n m) d r ud ur (Int64.logand n m)
        (Int64.logor n m) (Int64.compare n m) (Int64.unsigned_compare n m))
      [0L; 1L; -1L; 7L; Int64.min_int];
    List.iter (fun s ->
      Printf.printf "  shift %d: %Ld %Ld %Ld\n" s (Int64.shift_left n s) (Int64.shift_right n s)
        (Int64.shift_right_logical n s)) [0; 1; 5; 31; 32; 63; 64; 65; -1])
    i64;
  let nat = [0n; 1n; -1n; Nativeint.max_int; Nativeint.min_int; 0x7fffffffn; -0x80000000n; 0x80000000n] in
  List.iter (fun n ->
    Printf.printf "%nd|%ni|%nu|%nx|%nX|%no|%#nx|%+nd|% nd|%22nd|%020nx|%#nd\n" n n n n n n n n n n n n;
    Printf.printf "  to_int=%d to_float=%h i32=%ld i64=%Ld of_i32=%nd\n" (Nativeint.to_int n)
      (Nativeint.to_float n) (Nativeint.to_int32 n) (Int64.of_nativeint n)
      (Nativeint.of_int32 (Nativeint.to_int32 n));
    List.iter (fun m ->
      let d = try Nativeint.to_string (Nativeint.div n m) with Division_by_zero -> "DBZ" in
      let r = try Nativeint.to_string (Nativeint.rem n m) with Division_by_zero -> "DBZ" in
      Printf.printf "  %nd op %nd: + %nd - %nd * %nd / %s mod %s land %nd lor %nd cmp %d ucmp %d\n"
        n m (Nativeint.add n m) (Nativeint.sub n m) (Nativeint.mul n m) d r (Nativeint.logand n m)
        (Nativeint.logor n m) (Nativeint.compare n m) (Nativeint.unsigned_compare n m))
      [0n; 1n; -1n; 7n; Nativeint.min_int];
    List.iter (fun s ->
      Printf.printf "  shift %d: %nd %nd %nd\n" s (Nativeint.shift_left n s)
        (Nativeint.shift_right n s) (Nativeint.shift_right_logical n s)) [0; 1; 63; 64; 65])
    nat;
  List.iter (fun f ->
    Printf.printf "of_float %h: %ld %Ld %nd %d\n" f (Int32.of_float f) (Int64.of_float f)
      (Nativeint.of_float f) (int_of_float f))
    [0.5; -0.5; 3e9; -3e9; 1e19; nan; infinity; -2147483648.5; 2147483647.9; 9.2e18];
  List.iter (fun f -> Printf.printf "bits %h: %lx %Lx\n" f (Int32.bits_of_float f) (Int64.bits_of_float f))
    [0.0; -0.0; 1.0; 0.1; 1e40; 1e-50; nan; infinity; 3.4028235e38; 1.4e-45];
  Printf.printf "%d %d %d\n" (compare 3 5) (Int.compare max_int min_int) (compare (-1) (-1));
  Printf.printf "%Lx %lx %nx\n" (Int64.of_string "-0x1") (Int32.of_string "0x80000000")
    (Nativeint.of_string "0x8000000000000000");
  Printf.printf "%s %s %s\n" (Int32.to_string Int32.min_int) (Int64.to_string Int64.min_int)
    (Nativeint.to_string Nativeint.min_int);
  (* bswap primitives via Bytes *)
  let b = Bytes.create 8 in
  Bytes.set_int16_be b 0 0x1234; Bytes.set_int32_be b 2 0x89abcdefl;
  Printf.printf "%x %x %lx %x\n" (Bytes.get_uint16_le b 0) (Bytes.get_int16_le b 0) (Bytes.get_int32_le b 2) (Bytes.get_uint16_be b 2);
  Bytes.set_int64_be b 0 0x0123456789abcdefL;
  Printf.printf "%Lx\n" (Bytes.get_int64_le b 0);
  print_endline (Printf.sprintf "%*d|%-*d|%.*d" 6 42 6 42 4 42)
