(* Digest: MD5 (Digest, Digest.MD5) and BLAKE2 (BLAKE128/256/512) of
   strings, substrings, bytes, files and channels; hex conversions. *)
let () =
  let inputs = [ ""; "a"; "abc"; "message digest"; String.make 1000 'x'; String.init 256 Char.chr ] in
  List.iter (fun s ->
    Printf.printf "len %4d md5 %s\n" (String.length s) (Digest.to_hex (Digest.string s));
    Printf.printf "         b128 %s\n" (Digest.BLAKE128.to_hex (Digest.BLAKE128.string s));
    Printf.printf "         b256 %s\n" (Digest.BLAKE256.to_hex (Digest.BLAKE256.string s));
    Printf.printf "         b512 %s\n" (Digest.BLAKE512.to_hex (Digest.BLAKE512.string s)))
    inputs;
  Printf.printf "MD5 module agrees %b\n" (Digest.MD5.string "abc" = Digest.string "abc");
  Printf.printf "substring %s\n" (Digest.to_hex (Digest.substring "xxabcxx" 2 3));
  Printf.printf "bytes %s\n" (Digest.to_hex (Digest.bytes (Bytes.of_string "abc")));
  Printf.printf "subbytes %s\n" (Digest.to_hex (Digest.subbytes (Bytes.of_string "-abc-") 1 3));
  let d = Digest.string "hello" in
  Printf.printf "of_hex round trip %b\n" (Digest.of_hex (Digest.to_hex d) = d);
  Printf.printf "from_hex upper %b\n" (Digest.from_hex (String.uppercase_ascii (Digest.to_hex d)) = d);
  (try ignore (Digest.from_hex "xyz") with Invalid_argument m -> Printf.printf "from_hex bad: %s\n" m);
  (try ignore (Digest.of_hex (String.make 32 'g')) with Invalid_argument m -> Printf.printf "of_hex bad: %s\n" m);
  Printf.printf "equal %b compare %d length %d\n" (Digest.equal d d) (Digest.compare d (Digest.string "world")) (String.length d);
  (* Files and channels. *)
  let file = "digest_hashes.tmp" in
  Out_channel.with_open_bin file (fun oc -> for i = 0 to 99_999 do output_char oc (Char.chr (i land 255)) done);
  Printf.printf "file md5 %s\n" (Digest.to_hex (Digest.file file));
  Printf.printf "file b256 %s\n" (Digest.BLAKE256.to_hex (Digest.BLAKE256.file file));
  In_channel.with_open_bin file (fun ic ->
    seek_in ic 100;
    Printf.printf "channel 1000 bytes %s\n" (Digest.to_hex (Digest.channel ic 1000));
    Printf.printf "channel rest %s\n" (Digest.to_hex (Digest.channel ic (-1)));
    Printf.printf "pos at end %d\n" (pos_in ic));
  In_channel.with_open_bin file (fun ic ->
    Printf.printf "b512 channel %s\n" (Digest.BLAKE512.to_hex (Digest.BLAKE512.channel ic 5000)));
  Out_channel.with_open_bin file (fun oc -> Digest.output oc d);
  In_channel.with_open_bin file (fun ic -> Printf.printf "output/input %b\n" (Digest.input ic = d));
  Sys.remove file;
  (try ignore (Digest.file "no_such_file") with Sys_error m -> Printf.printf "missing: %s\n" m);
  (* Many digests chained. *)
  let h = ref "" in
  for i = 1 to 20_000 do h := Digest.string (!h ^ string_of_int i) done;
  Printf.printf "chain %s\n" (Digest.to_hex !h)
