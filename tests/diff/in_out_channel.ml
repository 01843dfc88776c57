(* The In_channel and Out_channel modules. *)
let file = "in_out_channel.tmp"

let () =
  Out_channel.with_open_text file (fun oc ->
    Out_channel.output_string oc "alpha\nbeta\n";
    Out_channel.output_char oc 'g';
    Out_channel.output_bytes oc (Bytes.of_string "amma\n");
    Out_channel.output_substring oc "xxdeltaxx" 2 5;
    Out_channel.output_byte oc 10;
    Printf.printf "pos %Ld length %Ld\n" (Out_channel.pos oc) (Out_channel.length oc));
  let all = In_channel.with_open_text file In_channel.input_all in
  Printf.printf "input_all %S\n" all;
  let lines = In_channel.with_open_text file In_channel.input_lines in
  Printf.printf "input_lines [%s]\n" (String.concat "; " lines);
  let n = In_channel.with_open_text file (In_channel.fold_lines (fun acc l -> acc + String.length l) 0) in
  Printf.printf "fold_lines %d\n" n;
  In_channel.with_open_bin file (fun ic ->
    Printf.printf "length %Ld\n" (In_channel.length ic);
    Printf.printf "input_char %s\n" (match In_channel.input_char ic with Some c -> String.make 1 c | None -> "EOF");
    Printf.printf "input_byte %s\n" (match In_channel.input_byte ic with Some b -> string_of_int b | None -> "EOF");
    Printf.printf "input_line %s\n" (Option.value ~default:"EOF" (In_channel.input_line ic));
    In_channel.seek ic 6L;
    Printf.printf "pos after seek %Ld\n" (In_channel.pos ic);
    Printf.printf "really_input_string %s\n" (match In_channel.really_input_string ic 4 with Some s -> s | None -> "None");
    let buf = Bytes.make 8 '_' in
    let k = In_channel.input ic buf 0 8 in
    Printf.printf "input %d %S\n" k (Bytes.to_string buf);
    Printf.printf "really_input %s\n" (match In_channel.really_input ic (Bytes.create 100) 0 100 with Some () -> "Some" | None -> "None");
    In_channel.seek ic 0L;
    let big = Bytes.create 100 in
    Printf.printf "really_input past end: %s\n" (match In_channel.really_input ic big 0 100 with Some () -> "ok" | None -> "None");
    Printf.printf "is_binary_mode %b\n" (In_channel.is_binary_mode ic);
    In_channel.seek ic 0L;
    Printf.printf "input_bigarray-free: %b\n" (In_channel.input_line ic = Some "alpha"));
  Out_channel.with_open_gen [Open_append; Open_wronly] 0o644 file (fun oc -> Out_channel.output_string oc "appended\n");
  Printf.printf "after append %d lines\n" (List.length (In_channel.with_open_text file In_channel.input_lines));
  (* with_open closes even on exceptions. *)
  let saved = ref None in
  (try In_channel.with_open_text file (fun ic -> saved := Some ic; raise Exit) with Exit -> ());
  (match !saved with
   | Some ic -> (try ignore (In_channel.input_line ic); print_endline "read after close?!" with Sys_error m -> print_endline ("closed: " ^ m))
   | None -> ());
  Out_channel.output_string Out_channel.stdout "to Out_channel.stdout\n";
  Out_channel.flush Out_channel.stdout;
  Out_channel.output_string Out_channel.stderr "to Out_channel.stderr\n";
  Printf.printf "isatty file: %b\n" (In_channel.with_open_text file In_channel.isatty);
  In_channel.with_open_text file (fun ic -> In_channel.set_binary_mode ic true; Printf.printf "binary now %b\n" (In_channel.is_binary_mode ic));
  Out_channel.with_open_bin file (fun oc ->
    Out_channel.seek oc 100L;
    Out_channel.output_string oc "end");
  Printf.printf "sparse length %Ld\n" (In_channel.with_open_bin file In_channel.length);
  Printf.printf "first byte %d\n" (In_channel.with_open_bin file (fun ic -> Option.get (In_channel.input_byte ic)));
  Sys.remove file
