(* Sys: files and directories, environment, commands, constants, and the
   exact Sys_error messages of failing calls. *)

let show_exn name f =
  try f (); Printf.printf "%s: ok\n" name with
  | Sys_error m -> Printf.printf "%s: Sys_error %S\n" name m
  | Not_found -> Printf.printf "%s: Not_found\n" name
  | Invalid_argument m -> Printf.printf "%s: Invalid_argument %S\n" name m

let () =
  Printf.printf "os_type=%s unix=%b win32=%b cygwin=%b\n" Sys.os_type Sys.unix Sys.win32 Sys.cygwin;
  Printf.printf "word_size=%d int_size=%d big_endian=%b\n" Sys.word_size Sys.int_size Sys.big_endian;
  Printf.printf "max_array_length=%d max_string_length=%d\n" Sys.max_array_length Sys.max_string_length;
  Printf.printf "backend=%s\n" (match Sys.backend_type with Sys.Native -> "native" | Sys.Bytecode -> "bytecode" | Sys.Other s -> s);
  Printf.printf "argv=%d %s\n" (Array.length Sys.argv) (Filename.basename Sys.argv.(0));
  Sys.argv.(0) <- "changed";
  Printf.printf "argv0 now %s\n" Sys.argv.(0);
  Printf.printf "exe=%s\n" (Filename.basename Sys.executable_name);
  let t = Sys.time () in
  Printf.printf "time ok=%b\n" (t >= 0.0 && t < 100.0);
  let cwd = Sys.getcwd () in
  Sys.mkdir "sub" 0o755;
  show_exn "mkdir again" (fun () -> Sys.mkdir "sub" 0o755);
  Printf.printf "exists=%b dir=%b reg=%b\n" (Sys.file_exists "sub") (Sys.is_directory "sub")
    (Sys.is_regular_file "sub");
  List.iter (fun f -> close_out (open_out (Filename.concat "sub" f))) ["b"; "a"; "c"];
  let names = Sys.readdir "sub" in
  Array.sort compare names;
  Printf.printf "readdir=[%s]\n" (String.concat ";" (Array.to_list names));
  Sys.chdir "sub";
  Printf.printf "cwd changed=%b basename=%s\n" (Sys.getcwd () <> cwd) (Filename.basename (Sys.getcwd ()));
  Sys.rename "a" "z";
  Printf.printf "a=%b z=%b\n" (Sys.file_exists "a") (Sys.file_exists "z");
  show_exn "rename missing" (fun () -> Sys.rename "nope" "z2");
  show_exn "rename bad" (fun () -> Sys.rename "z" "bad\000");
  show_exn "remove missing" (fun () -> Sys.remove "nope");
  show_exn "remove dir" (fun () -> Sys.remove "..");
  List.iter Sys.remove ["b"; "c"; "z"];
  Sys.chdir "..";
  show_exn "rmdir missing" (fun () -> Sys.rmdir "nope");
  show_exn "chdir missing" (fun () -> Sys.chdir "nope/deeper");
  show_exn "chdir nul" (fun () -> Sys.chdir "a\000b");
  show_exn "is_directory missing" (fun () -> ignore (Sys.is_directory "nope"));
  show_exn "is_regular_file missing" (fun () -> ignore (Sys.is_regular_file "nope"));
  show_exn "readdir missing" (fun () -> ignore (Sys.readdir "nope"));
  show_exn "readdir file" (fun () -> ignore (Sys.readdir Sys.argv.(0) ));
  Printf.printf "file_exists nul=%b\n" (Sys.file_exists "sub\000x");
  Sys.rmdir "sub";
  Printf.printf "exists after rmdir=%b\n" (Sys.file_exists "sub");
  show_exn "getenv missing" (fun () -> ignore (Sys.getenv "MCRUN_SURELY_UNSET"));
  show_exn "getenv nul" (fun () -> ignore (Sys.getenv "A\000B"));
  Printf.printf "getenv_opt=%s\n" (match Sys.getenv_opt "LANG" with Some s -> s | None -> "-");
  Printf.printf "command=%d %d %d\n" (Sys.command "exit 0") (Sys.command "exit 7")
    (Sys.command "kill -9 $$");
  show_exn "command nul" (fun () -> ignore (Sys.command "true\000"));
  print_string "before command ";
  flush stdout;
  ignore (Sys.command "echo from the shell");
  Printf.printf "interactive=%b\n" !Sys.interactive;
  let seed = Random.State.make_self_init () in
  ignore (Random.State.int seed 10);
  Printf.printf "signal ignore: %s\n"
    (match Sys.signal Sys.sigusr1 Sys.Signal_ignore with
     | Sys.Signal_default -> "was default" | Sys.Signal_ignore -> "was ignore"
     | Sys.Signal_handle _ -> "was handle");
  Printf.printf "signal handle: %s\n"
    (match Sys.signal Sys.sigusr1 (Sys.Signal_handle (fun _ -> ())) with
     | Sys.Signal_default -> "was default" | Sys.Signal_ignore -> "was ignore"
     | Sys.Signal_handle _ -> "was handle");
  Printf.printf "signal default: %s\n"
    (match Sys.signal Sys.sigusr1 Sys.Signal_default with
     | Sys.Signal_default -> "was default" | Sys.Signal_ignore -> "was ignore"
     | Sys.Signal_handle _ -> "was handle");
  show_exn "signal kill" (fun () -> Sys.set_signal Sys.sigkill Sys.Signal_ignore);
  show_exn "signal 0" (fun () -> Sys.set_signal 0 Sys.Signal_ignore);
  show_exn "signal -100" (fun () -> Sys.set_signal (-100) Sys.Signal_ignore);
  show_exn "signal 1000" (fun () -> Sys.set_signal 1000 Sys.Signal_ignore)
