(* The Buffer module, including growth and binary appends. *)
let () =
  let b = Buffer.create 1 in
  Buffer.add_char b 'a';
  Buffer.add_string b "bcd";
  Buffer.add_substring b "xxefgxx" 2 3;
  Buffer.add_bytes b (Bytes.of_string "hij");
  Buffer.add_subbytes b (Bytes.of_string "_klm_") 1 3;
  Printf.printf "contents %S length %d\n" (Buffer.contents b) (Buffer.length b);
  Printf.printf "nth 3 = %c, sub = %S\n" (Buffer.nth b 3) (Buffer.sub b 2 4);
  Buffer.truncate b 5;
  Printf.printf "truncated %S\n" (Buffer.contents b);
  let b2 = Buffer.create 10 in
  Buffer.add_buffer b2 b;
  Buffer.add_buffer b2 b;
  Printf.printf "add_buffer %S\n" (Buffer.contents b2);
  Buffer.clear b2;
  Printf.printf "clear -> length %d\n" (Buffer.length b2);
  Buffer.add_string b2 "again";
  Buffer.reset b2;
  Printf.printf "reset -> %S\n" (Buffer.contents b2);
  Buffer.add_utf_8_uchar b2 (Uchar.of_int 0x41);
  Buffer.add_utf_8_uchar b2 (Uchar.of_int 0xE9);
  Buffer.add_utf_8_uchar b2 (Uchar.of_int 0x20AC);
  Buffer.add_utf_8_uchar b2 (Uchar.of_int 0x1F600);
  Printf.printf "utf8 %S\n" (Buffer.contents b2);
  Buffer.clear b2;
  Buffer.add_utf_16le_uchar b2 (Uchar.of_int 0x1F600);
  Buffer.add_utf_16be_uchar b2 (Uchar.of_int 0xE9);
  Printf.printf "utf16 %S\n" (Buffer.contents b2);
  Buffer.clear b2;
  Buffer.add_int8 b2 (-1);
  Buffer.add_uint8 b2 200;
  Buffer.add_int16_le b2 0x1234;
  Buffer.add_int16_be b2 0x1234;
  Buffer.add_int32_le b2 0x01020304l;
  Buffer.add_int32_be b2 0x01020304l;
  Buffer.add_int64_le b2 0x0102030405060708L;
  Buffer.add_int64_be b2 (-2L);
  Printf.printf "binary %S\n" (Buffer.contents b2);
  let b3 = Buffer.create 16 in
  Buffer.add_substitute b3 (function "name" -> "world" | "n" -> "42" | s -> "<" ^ s ^ ">")
    "hello $name, n=$n, ${other} and $$ and \\$x";
  Printf.printf "substitute %S\n" (Buffer.contents b3);
  Printf.printf "to_bytes %S\n" (Bytes.to_string (Buffer.to_bytes b3));
  Printf.printf "to_seq %d\n" (Seq.length (Buffer.to_seq b3));
  let b4 = Buffer.of_seq (String.to_seq "from seq") in
  Buffer.add_seq b4 (List.to_seq ['!'; '?']);
  Printf.printf "of_seq %S\n" (Buffer.contents b4);
  (try ignore (Buffer.nth b4 100) with Invalid_argument m -> Printf.printf "nth: %s\n" m);
  (try ignore (Buffer.sub b4 5 100) with Invalid_argument m -> Printf.printf "sub: %s\n" m);
  (try Buffer.truncate b4 100 with Invalid_argument m -> Printf.printf "truncate: %s\n" m);
  (try Buffer.add_substring b4 "abc" 2 5 with Invalid_argument m -> Printf.printf "add_substring: %s\n" m);
  (* Growth: many appends. *)
  let big = Buffer.create 16 in
  for i = 1 to 200_000 do
    Buffer.add_string big (string_of_int i);
    if i mod 3 = 0 then Buffer.add_char big ','
  done;
  Printf.printf "big length %d digest %s\n" (Buffer.length big) (Digest.to_hex (Digest.string (Buffer.contents big)));
  (* Buffer.add_channel from a file. *)
  let f = "buffer_funcs.tmp" in
  Out_channel.with_open_bin f (fun oc -> output_string oc "0123456789abcdef");
  let bc = Buffer.create 4 in
  In_channel.with_open_bin f (fun ic ->
    Buffer.add_channel bc ic 10;
    (try Buffer.add_channel bc ic 10 with End_of_file -> print_endline "add_channel: End_of_file"));
  Printf.printf "add_channel %S\n" (Buffer.contents bc);
  let ob = Buffer.create 4 in
  Buffer.add_string ob "to channel\n";
  Buffer.output_buffer stdout ob;
  Sys.remove f
