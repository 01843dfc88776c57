(* Channels on regular files: write, read, seek, pos, length, binary
   integers, input_line without a final newline, closed channels, and the
   Sys_error messages of failing operations. *)

let show_exn f =
  try f () with
  | Sys_error m -> Printf.printf "Sys_error %S\n" m
  | End_of_file -> print_endline "End_of_file"
  | Invalid_argument m -> Printf.printf "Invalid_argument %S\n" m
  | Failure m -> Printf.printf "Failure %S\n" m

let () =
  let oc = open_out_bin "data.bin" in
  output_string oc "hello\nworld\nno newline";
  Printf.printf "pos_out=%d\n" (pos_out oc);
  output_binary_int oc 0x01020304;
  output_binary_int oc (-2);
  output_byte oc 300;
  output_char oc 'Z';
  Printf.printf "pos_out=%d len=%d\n" (pos_out oc) (out_channel_length oc);
  flush oc;
  Printf.printf "after flush len=%d\n" (out_channel_length oc);
  seek_out oc 0;
  output_string oc "J";
  Printf.printf "pos_out after seek=%d\n" (pos_out oc);
  close_out oc;
  close_out oc;
  show_exn (fun () -> output_string oc "x");
  show_exn (fun () -> output_string oc "");
  show_exn (fun () -> flush oc);
  Printf.printf "pos_out closed=%d\n" (pos_out oc);
  show_exn (fun () -> seek_out oc 0);
  show_exn (fun () -> ignore (out_channel_length oc));
  let ic = open_in_bin "data.bin" in
  Printf.printf "in_channel_length=%d\n" (in_channel_length ic);
  let l1 = input_line ic in
  let l2 = input_line ic in
  Printf.printf "%S %S pos=%d\n" l1 l2 (pos_in ic);
  let buf = Bytes.create 10 in
  really_input ic buf 0 10;
  Printf.printf "%S\n" (Bytes.to_string buf);
  let a = input_binary_int ic in
  let b = input_binary_int ic in
  let c = input_byte ic in
  let d = input_char ic in
  Printf.printf "%x %d %d %c pos=%d\n" a b c d (pos_in ic);
  show_exn (fun () -> ignore (input_char ic));
  show_exn (fun () -> ignore (input_line ic));
  Printf.printf "input at eof=%d\n" (input ic buf 0 5);
  seek_in ic 6;
  Printf.printf "after seek: %S\n" (input_line ic);
  seek_in ic 12;
  Printf.printf "line without newline: %S\n" (input_line ic);
  seek_in ic 1000;
  Printf.printf "pos after far seek=%d\n" (pos_in ic);
  show_exn (fun () -> ignore (input_char ic));
  show_exn (fun () -> seek_in ic (-1));
  show_exn (fun () -> ignore (input ic buf 3 8));
  close_in ic;
  close_in_noerr ic;
  show_exn (fun () -> ignore (input_char ic));
  show_exn (fun () -> ignore (input_line ic));
  Printf.printf "input 0 on closed=%d\n" (input ic buf 0 0);
  show_exn (fun () -> ignore (input ic buf 0 1));
  show_exn (fun () -> ignore (in_channel_length ic));
  Printf.printf "pos_in closed=%d\n" (pos_in ic);
  (* A file that does not end with a newline, read line by line. *)
  let oc = open_out "lines.txt" in
  for i = 1 to 5 do Printf.fprintf oc "line %d%s" i (if i < 5 then "\n" else "") done;
  close_out oc;
  let ic = open_in "lines.txt" in
  (try while true do print_endline ("> " ^ input_line ic) done
   with End_of_file -> print_endline "eof");
  close_in ic;
  (* Long lines cross the 64 KiB buffer. *)
  let oc = open_out "long.txt" in
  let big = String.init 200_000 (fun i -> Char.chr (97 + i mod 26)) in
  output_string oc big; output_char oc '\n';
  output_string oc (String.sub big 0 70_000);
  close_out oc;
  let ic = open_in "long.txt" in
  let x = input_line ic in
  let y = input_line ic in
  Printf.printf "long lines: %d %b %d %b\n" (String.length x) (x = big)
    (String.length y) (y = String.sub big 0 70_000);
  seek_in ic 199_990;
  Printf.printf "pos=%d %S\n" (pos_in ic) (really_input_string ic 12);
  close_in ic;
  let ic = open_in_bin "long.txt" in
  let all = In_channel.input_all ic in
  Printf.printf "input_all: %d\n" (String.length all);
  close_in ic;
  (* Append mode and open_out_gen. *)
  let oc = open_out_gen [Open_wronly; Open_append] 0o644 "lines.txt" in
  output_string oc "\nappended";
  close_out oc;
  let ic = open_in "lines.txt" in
  Printf.printf "length=%d\n" (in_channel_length ic);
  seek_in ic (in_channel_length ic - 8);
  Printf.printf "%S\n" (input_line ic);
  close_in ic;
  show_exn (fun () -> ignore (open_out_gen [Open_wronly; Open_creat; Open_excl] 0o644 "lines.txt"));
  show_exn (fun () -> ignore (open_in "no/such/file"));
  show_exn (fun () -> ignore (open_in "."));
  show_exn (fun () -> let ic = open_in "." in ignore (input_line ic));
  show_exn (fun () -> ignore (open_out "no_dir/x"));
  show_exn (fun () -> ignore (open_in "bad\000name"));
  show_exn (fun () -> ignore (input stdin buf 5 10));
  (* 64-bit positions *)
  let ic = open_in_bin "long.txt" in
  LargeFile.seek_in ic 5L;
  Printf.printf "%Ld %Ld\n" (LargeFile.pos_in ic) (LargeFile.in_channel_length ic);
  close_in ic;
  Printf.printf "binary=%b buffered=%b\n" (In_channel.is_binary_mode stdin)
    (Out_channel.is_buffered stdout);
  Out_channel.set_buffered stdout false;
  Printf.printf "buffered=%b\n" (Out_channel.is_buffered stdout);
  Out_channel.set_buffered stdout true;
  List.iter Sys.remove ["data.bin"; "lines.txt"; "long.txt"];
  print_endline "done"
