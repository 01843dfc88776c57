(* Char, Uchar and UTF-8/UTF-16 decoding and validation. *)
let () =
  for i = 0 to 255 do
    if i mod 17 = 0 || i < 2 || i > 250 then
      Printf.printf "%3d escaped=%-6s upper=%C lower=%C\n" i (Char.escaped (Char.chr i))
        (Char.uppercase_ascii (Char.chr i)) (Char.lowercase_ascii (Char.chr i))
  done;
  Printf.printf "compare %d equal %b\n" (Char.compare 'a' 'b') (Char.equal 'x' 'x');
  Printf.printf "Uchar: min %X max %X bom %X rep %X\n"
    (Uchar.to_int Uchar.min) (Uchar.to_int Uchar.max) (Uchar.to_int Uchar.bom) (Uchar.to_int Uchar.rep);
  Printf.printf "is_valid 0xD800 = %b, 0x10FFFF = %b, 0x110000 = %b\n"
    (Uchar.is_valid 0xD800) (Uchar.is_valid 0x10FFFF) (Uchar.is_valid 0x110000);
  (try ignore (Uchar.of_int 0xD800) with Invalid_argument m -> print_endline ("of_int: " ^ m));
  Printf.printf "succ 0xD7FF = %X, pred 0xE000 = %X\n" (Uchar.to_int (Uchar.succ (Uchar.of_int 0xD7FF)))
    (Uchar.to_int (Uchar.pred (Uchar.of_int 0xE000)));
  Printf.printf "is_char %b to_char %C\n" (Uchar.is_char (Uchar.of_int 65)) (Uchar.to_char (Uchar.of_int 66));
  Printf.printf "utf_8_byte_length %d %d %d %d\n" (Uchar.utf_8_byte_length (Uchar.of_int 0x7F))
    (Uchar.utf_8_byte_length (Uchar.of_int 0x7FF)) (Uchar.utf_8_byte_length (Uchar.of_int 0xFFFF))
    (Uchar.utf_8_byte_length (Uchar.of_int 0x10FFFF));
  let decode_all s =
    let rec go i acc =
      if i >= String.length s then List.rev acc
      else
        let d = String.get_utf_8_uchar s i in
        let item =
          if Uchar.utf_decode_is_valid d then Printf.sprintf "U+%04X" (Uchar.to_int (Uchar.utf_decode_uchar d))
          else Printf.sprintf "bad(%d)" (Uchar.utf_decode_length d) in
        go (i + Uchar.utf_decode_length d) (item :: acc)
    in
    go 0 []
  in
  List.iter (fun s ->
    Printf.printf "%S valid=%b: %s\n" s (String.is_valid_utf_8 s) (String.concat " " (decode_all s)))
    [ "plain"; "caf\xc3\xa9"; "\xe2\x82\xac5"; "\xf0\x9f\x98\x80!"; "\xff\xfe"; "\xc3"; "\xe2\x82";
      "\xed\xa0\x80"; "\xc0\x80"; "\xf4\x90\x80\x80"; "a\x80b"; "" ];
  let s16 = "\x00A\xd8\x3d\xde\x00\x00\xe9" in
  Printf.printf "utf16be valid %b\n" (String.is_valid_utf_16be s16);
  let d = String.get_utf_16be_uchar s16 2 in
  Printf.printf "utf16be at 2: U+%X len %d\n" (Uchar.to_int (Uchar.utf_decode_uchar d)) (Uchar.utf_decode_length d);
  Printf.printf "utf16le valid %b\n" (String.is_valid_utf_16le "\x3d\xd8");
  (* Encode every 997th code point and decode it back. *)
  let b = Buffer.create 16 and ok = ref 0 and total = ref 0 in
  let cp = ref 0 in
  while !cp <= 0x10FFFF do
    if Uchar.is_valid !cp then begin
      incr total;
      Buffer.clear b;
      Buffer.add_utf_8_uchar b (Uchar.of_int !cp);
      let s = Buffer.contents b in
      let d = String.get_utf_8_uchar s 0 in
      if Uchar.to_int (Uchar.utf_decode_uchar d) = !cp && Uchar.utf_decode_length d = String.length s then incr ok
    end;
    cp := !cp + 997
  done;
  Printf.printf "utf8 round trips %d/%d\n" !ok !total
