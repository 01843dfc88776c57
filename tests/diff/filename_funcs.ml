(* Filename: pure path manipulation, and temp files (names not printed). *)
let () =
  let paths = [ "/usr/lib/ocaml/stdlib.cma"; "relative/path/file.tar.gz"; "file"; ".hidden"; "dir/"; "/"; ""; "a/b/../c"; "./x.ml"; "//double//slash" ] in
  List.iter (fun p ->
    Printf.printf "%-28S base=%S dir=%S ext=%S noext=%S rel=%b impl=%b\n" p (Filename.basename p) (Filename.dirname p)
      (Filename.extension p) (Filename.remove_extension p) (Filename.is_relative p) (Filename.is_implicit p)) paths;
  Printf.printf "concat %S %S %S\n" (Filename.concat "a" "b") (Filename.concat "a/" "b") (Filename.concat "" "b");
  Printf.printf "check_suffix %b %b\n" (Filename.check_suffix "x.ml" ".ml") (Filename.check_suffix "x.ml" ".mli");
  Printf.printf "chop_suffix %S\n" (Filename.chop_suffix "x.ml" ".ml");
  Printf.printf "chop_suffix_opt %s\n" (match Filename.chop_suffix_opt ~suffix:".c" "x.ml" with None -> "None" | Some s -> s);
  Printf.printf "chop_extension %S\n" (Filename.chop_extension "a.b.c");
  (try ignore (Filename.chop_extension "noext") with Invalid_argument m -> Printf.printf "chop_extension: %s\n" m);
  Printf.printf "current %S parent %S sep %S null %S\n" Filename.current_dir_name Filename.parent_dir_name Filename.dir_sep Filename.null;
  List.iter (fun s -> Printf.printf "quote %s\n" (Filename.quote s)) [ "simple"; "with space"; "it's"; "" ];
  Printf.printf "quote_command %s\n" (Filename.quote_command "cmd" ~stdout:"out file" ["a b"; "c"]);
  let t = Filename.temp_file "mcrun" ".tmp" in
  Printf.printf "temp_file exists %b suffix %b prefix %b\n" (Sys.file_exists t) (Filename.check_suffix t ".tmp")
    (String.starts_with ~prefix:"mcrun" (Filename.basename t));
  let t2, oc = Filename.open_temp_file "mcrun" ".out" in
  output_string oc "data"; close_out oc;
  Printf.printf "open_temp_file distinct %b size %d\n" (t <> t2) (In_channel.with_open_bin t2 In_channel.length |> Int64.to_int);
  Sys.remove t; Sys.remove t2;
  Printf.printf "temp dir is cwd: %b\n" (Filename.get_temp_dir_name () = Sys.getcwd ())
