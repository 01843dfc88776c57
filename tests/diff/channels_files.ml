(* Channels on files: writing, reading back, seek, pos, length,
   input_line, really_input, binary ints, append mode, errors. *)
let file = "channels_files.tmp"

let () =
  let oc = open_out file in
  output_string oc "line one\nline two\n";
  Printf.fprintf oc "line %s\n" "three";
  output_char oc 'X';
  output_byte oc 0x41;
  output_bytes oc (Bytes.of_string "\n");
  output_binary_int oc 0x12345678;
  output_binary_int oc (-2);
  output_substring oc "0123456789" 3 4;
  Printf.printf "pos_out %d\n" (pos_out oc);
  flush oc;
  Printf.printf "out_channel_length %d\n" (out_channel_length oc);
  close_out oc;
  close_out oc;
  let ic = open_in_bin file in
  Printf.printf "in_channel_length %d\n" (in_channel_length ic);
  Printf.printf "input_line %S\n" (input_line ic);
  Printf.printf "pos_in %d\n" (pos_in ic);
  Printf.printf "input_line %S\n" (input_line ic);
  Printf.printf "input_line %S\n" (input_line ic);
  Printf.printf "input_char %C input_byte %d\n" (input_char ic) (input_byte ic);
  ignore (input_char ic);
  Printf.printf "input_binary_int %x %d\n" (input_binary_int ic) (input_binary_int ic);
  let b = Bytes.create 4 in
  really_input ic b 0 4;
  Printf.printf "really_input %S\n" (Bytes.to_string b);
  (try ignore (input_char ic) with End_of_file -> print_endline "End_of_file at end");
  seek_in ic 5;
  Printf.printf "after seek 5: %S pos %d\n" (input_line ic) (pos_in ic);
  seek_in ic 0;
  let buf = Bytes.make 100 '.' in
  let n = input ic buf 0 100 in
  Printf.printf "input read %d bytes\n" n;
  (try really_input ic buf 0 10 with End_of_file -> print_endline "really_input: End_of_file");
  seek_in ic 0;
  Printf.printf "really_input_string %S\n" (really_input_string ic 8);
  close_in ic;
  close_in ic;
  (try ignore (input_line ic) with Sys_error m -> Printf.printf "read closed: %s\n" m);
  (* Append mode. *)
  let oc = open_out_gen [Open_wronly; Open_append; Open_creat] 0o644 file in
  output_string oc "appended\n";
  close_out oc;
  let ic = open_in file in
  let len = in_channel_length ic in
  seek_in ic (len - 9);
  Printf.printf "tail: %S\n" (input_line ic);
  close_in ic;
  (* Truncate and overwrite with seek_out. *)
  let oc = open_out_gen [Open_wronly; Open_trunc; Open_creat] 0o644 file in
  output_string oc "aaaaaaaaaa";
  seek_out oc 3;
  output_string oc "BBB";
  Printf.printf "pos_out after seek %d\n" (pos_out oc);
  close_out oc;
  let ic = open_in file in
  Printf.printf "overwritten: %S\n" (input_line ic);
  close_in ic;
  (* Exclusive creation fails on an existing file. *)
  (try ignore (open_out_gen [Open_wronly; Open_creat; Open_excl] 0o644 file) with Sys_error m -> Printf.printf "excl: %s\n" m);
  (* Errors on missing files and directories. *)
  (try ignore (open_in "no_such_file.txt") with Sys_error m -> Printf.printf "open_in: %s\n" m);
  (try ignore (open_out "no_such_dir/file.txt") with Sys_error m -> Printf.printf "open_out: %s\n" m);
  (try ignore (open_in_bin ".") with Sys_error m -> Printf.printf "open dir: %s\n" m);
  (try let ic = open_in "." in ignore (input_line ic) with Sys_error m -> Printf.printf "read dir: %s\n" m);
  (* Writing to a closed channel. *)
  let oc = open_out file in
  close_out oc;
  (try output_string oc "x"; flush oc with Sys_error m -> Printf.printf "write closed: %s\n" m);
  (* Big file written in chunks, read back line by line. *)
  let oc = open_out_bin file in
  for i = 1 to 20_000 do Printf.fprintf oc "%d %s\n" i (String.make (i mod 50) 'x') done;
  close_out oc;
  let ic = open_in_bin file in
  let lines = ref 0 and bytes = ref 0 in
  (try while true do let l = input_line ic in incr lines; bytes := !bytes + String.length l done with End_of_file -> ());
  close_in ic;
  Printf.printf "big: %d lines %d bytes, file %d bytes\n" !lines !bytes (let ic = open_in_bin file in let n = in_channel_length ic in close_in ic; n);
  (* set_binary_mode and unbuffered output. *)
  let oc = open_out file in
  set_binary_mode_out oc true;
  Out_channel.set_buffered oc false;
  Printf.printf "buffered %b\n" (Out_channel.is_buffered oc);
  output_string oc "unbuffered";
  let ic = open_in file in
  Printf.printf "visible before close: %S\n" (input_line ic);
  close_in ic;
  close_out oc;
  Sys.remove file;
  Printf.printf "removed: %b\n" (not (Sys.file_exists file))
