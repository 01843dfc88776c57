(* String and bytes primitives: creation limits, indexed and multi-byte
   access with bounds checks, comparisons, blit and fill. *)
let p fmt = Printf.printf fmt
let exn name f =
  match f () with
  | _ -> p "%s: ok\n" name
  | exception Invalid_argument m -> p "%s: Invalid_argument %S\n" name m

let () =
  exn "Bytes.create -1" (fun () -> Bytes.create (-1));
  exn "Bytes.create max_int" (fun () -> Bytes.create max_int);
  exn "Bytes.make -3" (fun () -> Bytes.make (-3) 'x');
  exn "String.make -3" (fun () -> String.make (-3) 'x');
  let b = Bytes.create 0 in
  p "empty %d\n" (Bytes.length b);
  for n = 0 to 17 do
    let s = String.make n 'q' in
    p "%d:%d " n (String.length s)
  done;
  print_newline ()

let () =
  let s = "\x01\x02\x03\x04\x05\x06\x07\x08\x09\xfa\xfb\xfc" in
  for i = 0 to String.length s - 2 do
    p "get16 %d = %x / %d\n" i (String.get_uint16_le s i) (String.get_int16_be s i)
  done;
  for i = 0 to String.length s - 4 do
    p "get32 %d = %lx %lx\n" i (String.get_int32_le s i) (String.get_int32_be s i)
  done;
  for i = 0 to String.length s - 8 do
    p "get64 %d = %Lx %Lx\n" i (String.get_int64_le s i) (String.get_int64_be s i)
  done;
  exn "get16 oob" (fun () -> String.get_uint16_le s 11);
  exn "get16 neg" (fun () -> String.get_uint16_le s (-1));
  exn "get32 oob" (fun () -> String.get_int32_le s 9);
  exn "get64 oob" (fun () -> String.get_int64_le s 5);
  exn "get oob" (fun () -> String.get s 12);
  exn "get neg" (fun () -> String.get s (-1));
  exn "unsafe-looking get" (fun () -> s.[100]);
  let b = Bytes.make 12 '.' in
  Bytes.set_uint16_le b 0 0x1234;
  Bytes.set_int16_be b 2 (-2);
  Bytes.set_int32_le b 4 0xdeadbeefl;
  p "%S\n" (Bytes.to_string b);
  Bytes.set_int64_be b 4 0x0102030405060708L;
  p "%S\n" (Bytes.to_string b);
  Bytes.set_int64_le b 4 (-1L);
  p "%S\n" (Bytes.to_string b);
  exn "set16 oob" (fun () -> Bytes.set_uint16_le b 11 0);
  exn "set32 oob" (fun () -> Bytes.set_int32_be b 9 0l);
  exn "set64 oob" (fun () -> Bytes.set_int64_le b 5 0L);
  exn "set oob" (fun () -> Bytes.set b 12 'x');
  exn "set neg" (fun () -> Bytes.set b (-1) 'x')

let () =
  let words = [""; "a"; "ab"; "abc"; "abd"; "b"; "\xff"; "a\000"; "a\000b"; "ABC"] in
  List.iter (fun x ->
      List.iter (fun y ->
          p "%S %S: cmp=%d eq=%b ne=%b lt=%b le=%b gt=%b ge=%b poly=%d\n" x y
            (String.compare x y) (String.equal x y) (x <> y) (x < y) (x <= y) (x > y) (x >= y)
            (compare x y))
        words)
    words;
  let b1 = Bytes.of_string "hello" and b2 = Bytes.of_string "help!" in
  p "bytes cmp %d %b %b\n" (Bytes.compare b1 b2) (Bytes.equal b1 b1) (b1 < b2)

let () =
  let b = Bytes.of_string "0123456789" in
  Bytes.blit b 0 b 3 5;
  p "blit overlap right %S\n" (Bytes.to_string b);
  Bytes.blit b 4 b 1 6;
  p "blit overlap left %S\n" (Bytes.to_string b);
  Bytes.blit_string "abc" 1 b 8 2;
  p "blit_string %S\n" (Bytes.to_string b);
  Bytes.fill b 0 3 '#';
  p "fill %S\n" (Bytes.to_string b);
  exn "blit bad" (fun () -> Bytes.blit b 0 b 8 5);
  exn "fill bad" (fun () -> Bytes.fill b 9 2 'x');
  let s = Bytes.to_string b and s2 = Bytes.unsafe_to_string (Bytes.copy b) in
  p "%b %b %d\n" (s = s2) (s == s2) (String.length (String.concat "," [s; s2]));
  let big = Bytes.make 100_000 'z' in
  Bytes.fill big 50_000 10 'y';
  p "big %d %c %c %d\n" (Bytes.length big) (Bytes.get big 50_005) (Bytes.get big 60_000)
    (Hashtbl.hash (Bytes.to_string big))
