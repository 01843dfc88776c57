(* The Bytes module: mutation, blits, binary accessors. *)
let ps name b = Printf.printf "%s = %S\n" name (Bytes.to_string b)
let exn name f =
  match f () with
  | _ -> Printf.printf "%s: no exception\n" name
  | exception Invalid_argument m -> Printf.printf "%s: Invalid_argument %S\n" name m

let () =
  let b = Bytes.make 10 '-' in
  ps "make" b;
  Bytes.set b 0 'A';
  Bytes.set b 9 'Z';
  ps "set" b;
  Bytes.fill b 2 3 '*';
  ps "fill" b;
  Bytes.blit_string "hello" 1 b 4 4;
  ps "blit_string" b;
  (* Overlapping blits in both directions. *)
  let o = Bytes.of_string "0123456789" in
  Bytes.blit o 0 o 2 6;
  ps "blit overlap right" o;
  let o = Bytes.of_string "0123456789" in
  Bytes.blit o 3 o 1 6;
  ps "blit overlap left" o;
  ps "sub" (Bytes.sub b 2 4);
  (* The bytes that extend adds are uninitialised (the manual says so): a
     runtime that poisons fresh memory, as mcrun's debug build does, is
     right to show other bytes there, so only the copied part is printed. *)
  let e = Bytes.extend (Bytes.of_string "abc") 2 3 in
  ps "extend" (Bytes.sub e 2 3);
  Printf.printf "extend length = %d\n" (Bytes.length e);
  ps "extend shrink" (Bytes.extend (Bytes.of_string "abcdef") (-2) (-1));
  ps "cat" (Bytes.cat (Bytes.of_string "ab") (Bytes.of_string "cd"));
  ps "concat" (Bytes.concat (Bytes.of_string "/") [Bytes.of_string "x"; Bytes.of_string "y"]);
  ps "init" (Bytes.init 5 (fun i -> Char.chr (65 + i * 2)));
  ps "map" (Bytes.map Char.lowercase_ascii (Bytes.of_string "ABC"));
  ps "uppercase" (Bytes.uppercase_ascii (Bytes.of_string "mixed Case"));
  ps "copy" (Bytes.copy b);
  let c = Bytes.create 8 in
  Bytes.set_int64_le c 0 0x0102030405060708L;
  ps "set_int64_le" c;
  Bytes.set_int64_be c 0 0x0102030405060708L;
  ps "set_int64_be" c;
  Bytes.set_int32_le c 0 (-2l);
  Bytes.set_int16_be c 4 0x1234;
  Bytes.set_uint8 c 6 200;
  Bytes.set_int8 c 7 (-1);
  ps "mixed sets" c;
  Printf.printf "get_int32_le %ld get_uint16_be %d get_int16_le %d get_uint8 %d get_int8 %d\n"
    (Bytes.get_int32_le c 0) (Bytes.get_uint16_be c 4) (Bytes.get_int16_le c 4)
    (Bytes.get_uint8 c 6) (Bytes.get_int8 c 7);
  Printf.printf "get_int64_be %Ld\n" (Bytes.get_int64_be c 0);
  exn "get out" (fun () -> Bytes.get b 10);
  exn "set out" (fun () -> Bytes.set b (-1) 'x');
  exn "sub out" (fun () -> Bytes.sub b 5 6);
  exn "blit out" (fun () -> Bytes.blit b 0 b 5 6);
  exn "fill out" (fun () -> Bytes.fill b 8 3 'x');
  exn "create neg" (fun () -> Bytes.create (-1));
  exn "set_int64 out" (fun () -> Bytes.set_int64_le c 1 0L);
  exn "extend neg" (fun () -> Bytes.extend b (-20) 0);
  Printf.printf "index %d rindex %d contains %b\n" (Bytes.index b '*') (Bytes.rindex b '*') (Bytes.contains b 'Z');
  Printf.printf "equal %b compare %d\n" (Bytes.equal b (Bytes.copy b)) (Bytes.compare (Bytes.of_string "a") (Bytes.of_string "b"));
  let u = Bytes.unsafe_to_string (Bytes.of_string "frozen") in
  Printf.printf "unsafe_to_string %s\n" u;
  Printf.printf "length %d\n" (Bytes.length (Bytes.create 1000));
  Printf.printf "to_seq %d\n" (Seq.fold_left (fun a c -> a + Char.code c) 0 (Bytes.to_seq (Bytes.of_string "abc")));
  (* Fill a large buffer and checksum it. *)
  let n = 1_000_000 in
  let big = Bytes.create n in
  for i = 0 to n - 1 do Bytes.unsafe_set big i (Char.unsafe_chr ((i * 7 + i / 256) land 255)) done;
  let sum = ref 0 in
  Bytes.iter (fun ch -> sum := (!sum * 31 + Char.code ch) land 0xFFFFFF) big;
  Printf.printf "checksum %d\n" !sum;
  Printf.printf "digest %s\n" (Digest.to_hex (Digest.bytes big));
  (* set_utf_8_uchar and friends. *)
  let u8 = Bytes.create 4 in
  let n = Bytes.set_utf_8_uchar u8 0 (Uchar.of_int 0x20AC) in
  Printf.printf "utf8 euro: %d bytes %S\n" n (Bytes.sub_string u8 0 n);
  let d = Bytes.get_utf_8_uchar u8 0 in
  Printf.printf "decoded U+%04X length %d valid %b\n" (Uchar.to_int (Uchar.utf_decode_uchar d)) (Uchar.utf_decode_length d) (Uchar.utf_decode_is_valid d)
