(* libs: unix *)
(* Channels over descriptors, reads and writes of bytes and bigarrays. *)

let () =
  let fd = Unix.openfile "chan" [Unix.O_CREAT; Unix.O_RDWR; Unix.O_TRUNC] 0o600 in
  let oc = Unix.out_channel_of_descr fd in
  output_string oc "first line\nsecond line\n";
  flush oc;
  Printf.printf "descr_of_out_channel is fd: %b\n" (Unix.descr_of_out_channel oc = fd);
  Printf.printf "pos after flush: %d\n" (Unix.lseek fd 0 Unix.SEEK_CUR);
  ignore (Unix.lseek fd 0 Unix.SEEK_SET);
  let ic = Unix.in_channel_of_descr fd in
  Printf.printf "read back: %s\n" (input_line ic);
  Printf.printf "descr_of_in_channel is fd: %b\n" (Unix.descr_of_in_channel ic = fd);
  close_in ic;
  (try ignore (Unix.descr_of_in_channel ic) with Sys_error m -> Printf.printf "closed: %s\n" m);
  (try ignore (Unix.fstat fd) with Unix.Unix_error (e, f, _) -> Printf.printf "fd closed too: %s %s\n" (Unix.error_message e) f);
  (* a directory is not a stream *)
  Unix.mkdir "dir" 0o700;
  let dfd = Unix.openfile "dir" [Unix.O_RDONLY] 0 in
  (try ignore (Unix.in_channel_of_descr dfd) with Unix.Unix_error (e, f, _) ->
     Printf.printf "%s: %s\n" f (Unix.error_message e));
  Unix.close dfd;
  Unix.rmdir "dir";
  (try ignore (Unix.out_channel_of_descr (Obj.magic 999)) with Unix.Unix_error (e, f, _) ->
     Printf.printf "%s: %s\n" f (Unix.error_message e));
  (* large writes and reads through the 64k chunks *)
  let fd = Unix.openfile "big" [Unix.O_CREAT; Unix.O_RDWR; Unix.O_TRUNC] 0o600 in
  let big = Bytes.init 200000 (fun i -> Char.chr (i mod 251)) in
  Printf.printf "write 200000: %d\n" (Unix.write fd big 0 200000);
  Printf.printf "single_write 100000: %d\n" (Unix.single_write fd big 0 100000);
  Printf.printf "size: %d\n" (Unix.fstat fd).Unix.st_size;
  ignore (Unix.lseek fd 0 Unix.SEEK_SET);
  let back = Bytes.create 200000 in
  let n = Unix.read fd back 0 200000 in
  Printf.printf "one read gets %d, prefix equal %b\n" n (Bytes.sub back 0 n = Bytes.sub big 0 n);
  let rec fill off = if off < 200000 then fill (off + Unix.read fd back off (200000 - off)) in
  fill n;
  Printf.printf "all equal: %b\n" (back = big);
  (* bigarray variants *)
  let ba = Bigarray.Array1.create Bigarray.char Bigarray.c_layout 150000 in
  ignore (Unix.lseek fd 0 Unix.SEEK_SET);
  let n = Unix.read_bigarray fd ba 0 150000 in
  Printf.printf "read_bigarray: %d, byte 70000 ok: %b\n" n (ba.{70000} = Char.chr (70000 mod 251));
  ba.{0} <- 'Z';
  ignore (Unix.lseek fd 0 Unix.SEEK_END);
  Printf.printf "write_bigarray: %d\n" (Unix.write_bigarray fd ba 0 150000);
  Printf.printf "single_write_bigarray: %d\n" (Unix.single_write_bigarray fd ba 10 20);
  Printf.printf "size now: %d\n" (Unix.fstat fd).Unix.st_size;
  (try ignore (Unix.read_bigarray fd ba 100 150000) with Invalid_argument m -> Printf.printf "bounds: %s\n" m);
  (try ignore (Unix.write_bigarray (Obj.magic 999) ba 0 1) with Unix.Unix_error (e, f, _) ->
     Printf.printf "%s: %s\n" f (Unix.error_message e));
  (try ignore (Unix.read_bigarray (Obj.magic 999) ba 0 1) with Unix.Unix_error (e, f, _) ->
     Printf.printf "%s: %s\n" f (Unix.error_message e));
  Unix.close fd;
  (* pipes through channels, with O_APPEND and O_EXCL *)
  let r, w = Unix.pipe () in
  let oc = Unix.out_channel_of_descr w and ic = Unix.in_channel_of_descr r in
  Printf.fprintf oc "%d %s\n" 42 "via pipe";
  close_out oc;
  Printf.printf "pipe: %s\n" (input_line ic);
  (try ignore (input_line ic) with End_of_file -> print_endline "pipe eof");
  close_in ic;
  let fd = Unix.openfile "chan" [Unix.O_WRONLY; Unix.O_APPEND] 0 in
  ignore (Unix.write_substring fd "appended\n" 0 9);
  Unix.close fd;
  let ic = open_in "chan" in
  let rec lines acc = match input_line ic with l -> lines (l :: acc) | exception End_of_file -> List.rev acc in
  Printf.printf "lines: %s\n" (String.concat " | " (lines []));
  close_in ic;
  Unix.unlink "chan"; Unix.unlink "big"
