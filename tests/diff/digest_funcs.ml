(* Digest: MD5 and BLAKE2b of strings, bytes, substrings and channels. *)
let mk n = String.init n (fun i -> Char.chr ((i * 31 + 7) land 255))

let () =
  List.iter (fun n ->
    let s = mk n in
    Printf.printf "%4d %s %s\n" n (Digest.to_hex (Digest.string s))
      (Digest.BLAKE512.to_hex (Digest.BLAKE512.string s)))
    [0; 1; 2; 55; 56; 57; 63; 64; 65; 119; 120; 127; 128; 129; 4095; 4096; 4097; 10000];
  let s = mk 1000 in
  print_endline (Digest.to_hex (Digest.substring s 10 500));
  print_endline (Digest.to_hex (Digest.bytes (Bytes.of_string s)));
  print_endline (Digest.to_hex (Digest.subbytes (Bytes.of_string s) 999 1));
  print_endline (Digest.BLAKE128.to_hex (Digest.BLAKE128.substring s 3 300));
  print_endline (Digest.BLAKE256.to_hex (Digest.BLAKE256.bytes (Bytes.of_string s)));
  print_endline (Digest.MD5.to_hex (Digest.MD5.string "abc"));
  Printf.printf "%b %b\n" (Digest.equal (Digest.string "x") (Digest.string "x"))
    (Digest.compare (Digest.string "x") (Digest.string "y") < 0);
  print_endline (Digest.to_hex (Digest.from_hex "0123456789abcdef0123456789ABCDEF"));
  (try ignore (Digest.substring s 990 20) with Invalid_argument m -> print_endline m);
  (* Channels *)
  let file = "digest_test.bin" in
  let oc = open_out_bin file in
  output_string oc (mk 20000);
  close_out oc;
  print_endline (Digest.to_hex (Digest.file file));
  print_endline (Digest.BLAKE512.to_hex (Digest.BLAKE512.file file));
  let ic = open_in_bin file in
  print_endline (Digest.to_hex (Digest.channel ic 5000));
  print_endline (Digest.to_hex (Digest.channel ic 0));
  print_endline (Digest.to_hex (Digest.channel ic (-1)));
  close_in ic;
  let ic = open_in_bin file in
  seek_in ic 19990;
  (try ignore (Digest.channel ic 11) with End_of_file -> print_endline "End_of_file");
  Printf.printf "pos after short read: %d\n" (pos_in ic);
  close_in ic;
  let ic = open_in_bin file in
  print_endline (Digest.BLAKE256.to_hex (Digest.BLAKE256.channel ic 12345));
  print_endline (Digest.BLAKE256.to_hex (Digest.BLAKE256.channel ic (-1)));
  close_in ic;
  Sys.remove file
