(* args: first second --third 4 *)
(* The Sys module: files and directories in a temporary directory,
   environment, commands, configuration constants. *)
let () =
  Printf.printf "argc %d\n" (Array.length Sys.argv);
  Array.iteri (fun i a -> if i > 0 then Printf.printf "argv.(%d) = %S\n" i a) Sys.argv;
  Printf.printf "argv0 basename %s\n" (Filename.basename Sys.argv.(0));
  Printf.printf "word_size %d int_size %d big_endian %b\n" Sys.word_size Sys.int_size Sys.big_endian;
  Printf.printf "max_string_length %d max_array_length %d max_floatarray_length %d\n" Sys.max_string_length Sys.max_array_length Sys.max_floatarray_length;
  Printf.printf "os_type %s unix %b win32 %b cygwin %b\n" Sys.os_type Sys.unix Sys.win32 Sys.cygwin;
  Printf.printf "backend %s\n" (match Sys.backend_type with Sys.Native -> "native" | Sys.Bytecode -> "bytecode" | Sys.Other s -> s);
  Printf.printf "ocaml_version %s\n" Sys.ocaml_version;
  Printf.printf "interactive %b\n" !Sys.interactive;
  Printf.printf "cwd basename %s\n" (Filename.basename (Sys.getcwd ()));
  (* Environment. *)
  Printf.printf "getenv MCRUN_DIFF = %s\n" (Sys.getenv "MCRUN_DIFF");
  Printf.printf "getenv_opt missing = %s\n" (match Sys.getenv_opt "MCRUN_SURELY_UNSET_VARIABLE" with None -> "None" | Some s -> s);
  (try ignore (Sys.getenv "MCRUN_SURELY_UNSET_VARIABLE") with Not_found -> print_endline "getenv missing: Not_found");
  (* Directories. *)
  let d = "sys_funcs_dir" in
  Sys.mkdir d 0o755;
  Printf.printf "is_directory %b file_exists %b\n" (Sys.is_directory d) (Sys.file_exists d);
  List.iter (fun n -> Out_channel.with_open_bin (Filename.concat d n) (fun oc -> output_string oc n)) ["c.txt"; "a.txt"; "b.dat"];
  Sys.mkdir (Filename.concat d "sub") 0o700;
  let entries = Sys.readdir d in
  Array.sort compare entries;
  Printf.printf "readdir: %s\n" (String.concat " " (Array.to_list entries));
  Printf.printf "is_regular_file %b %b\n" (Sys.is_regular_file (Filename.concat d "a.txt")) (Sys.is_regular_file (Filename.concat d "sub"));
  Sys.rename (Filename.concat d "a.txt") (Filename.concat d "z.txt");
  Printf.printf "after rename: %b %b\n" (Sys.file_exists (Filename.concat d "a.txt")) (Sys.file_exists (Filename.concat d "z.txt"));
  (try Sys.remove (Filename.concat d "missing") with Sys_error m -> Printf.printf "remove missing: %s\n" m);
  (try Sys.rmdir d with Sys_error m -> Printf.printf "rmdir non-empty: %s\n" m);
  (try Sys.mkdir d 0o755 with Sys_error m -> Printf.printf "mkdir existing: %s\n" m);
  (try ignore (Sys.readdir "no_such_dir") with Sys_error m -> Printf.printf "readdir missing: %s\n" m);
  (try ignore (Sys.is_directory "no_such_dir") with Sys_error m -> Printf.printf "is_directory missing: %s\n" m);
  Sys.chdir d;
  Printf.printf "cwd after chdir %s\n" (Filename.basename (Sys.getcwd ()));
  Printf.printf "relative exists %b\n" (Sys.file_exists "b.dat");
  Sys.chdir Filename.parent_dir_name;
  Array.iter (fun n -> let p = Filename.concat d n in if Sys.is_directory p then Sys.rmdir p else Sys.remove p) (Sys.readdir d);
  Sys.rmdir d;
  Printf.printf "cleaned %b\n" (not (Sys.file_exists d));
  (try Sys.chdir "no_such_dir" with Sys_error m -> Printf.printf "chdir: %s\n" m);
  (* Commands: flush first so output interleaves deterministically. *)
  flush stdout;
  let rc = Sys.command "echo from a shell command" in
  Printf.printf "command rc %d\n" rc;
  Printf.printf "exit 3 rc %d\n" (Sys.command "exit 3");
  Printf.printf "false rc %d\n" (Sys.command "false");
  (* Misc. *)
  Printf.printf "opaque_identity %d\n" (Sys.opaque_identity 42);
  Printf.printf "sigint %d sigterm %d sigsegv %d\n" Sys.sigint Sys.sigterm Sys.sigsegv;
  Printf.printf "Sys.Break is %s\n" (Printexc.to_string Sys.Break);
  Printf.printf "runtime_warnings %b\n" (Sys.runtime_warnings_enabled ());
  Printf.printf "executable_name is not empty: %b\n" (Sys.executable_name <> "");
  Printf.printf "time is non-negative: %b\n" (Sys.time () >= 0.)
