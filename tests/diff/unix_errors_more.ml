(* libs: unix *)
(* More Unix_error cases, shown three ways: the matched constructor's
   Unix.error_message, the function name and argument, and
   Printexc.to_string (the printer the Unix library registers).  Cases
   are chosen to fail even for root: ENOENT, EBADF, EEXIST, ENOTDIR,
   EISDIR, ENOTEMPTY, EACCES (exec of a file without execute bits),
   ENOEXEC, ELOOP, ESPIPE, EPIPE, EINVAL, ECHILD, ENAMETOOLONG, ENOTSOCK,
   EPROTONOSUPPORT; and the message of an uncaught Unix_error at exit. *)

let report what f =
  match f () with
  | () -> Printf.printf "%s: ok\n%!" what
  | exception (Unix.Unix_error (e, fn, arg) as ex) ->
      let p = Printexc.to_string ex in
      if String.length arg > 40 then
        Printf.printf "%s: %s | %s | %d-byte argument\n  %s...%s\n%!" what (Unix.error_message e) fn
          (String.length arg) (String.sub p 0 40) (String.sub p (String.length p - 10) 10)
      else
        Printf.printf "%s: %s | %s | %S\n  %s\n%!" what (Unix.error_message e) fn arg p

let touch name perm =
  let fd = Unix.openfile name [Unix.O_WRONLY; Unix.O_CREAT; Unix.O_TRUNC] perm in
  ignore (Unix.write_substring fd "#!/bin/sh\necho hi\n" 0 18);
  Unix.close fd;
  Unix.chmod name perm

let () =
  Sys.set_signal Sys.sigpipe Sys.Signal_ignore;
  Unix.mkdir "d" 0o755;
  touch "d/file" 0o644;
  touch "d/noexec" 0o644;
  let fd = Unix.openfile "d/garbage" [Unix.O_WRONLY; Unix.O_CREAT] 0o755 in
  ignore (Unix.write_substring fd "\000\001\002\003garbage" 0 11);
  Unix.close fd;
  report "ENOENT openfile" (fun () -> ignore (Unix.openfile "d/missing" [Unix.O_RDONLY] 0));
  report "ENOENT stat" (fun () -> ignore (Unix.stat "d/missing/deeper"));
  report "ENOENT readlink" (fun () -> ignore (Unix.readlink "d/missing"));
  report "ENOENT chdir" (fun () -> Unix.chdir "d/missing");
  report "ENOENT link" (fun () -> Unix.link "d/missing" "d/new");
  report "EEXIST mkdir" (fun () -> Unix.mkdir "d" 0o755);
  report "EEXIST O_EXCL" (fun () -> ignore (Unix.openfile "d/file" [Unix.O_WRONLY; Unix.O_CREAT; Unix.O_EXCL] 0o644));
  report "EEXIST symlink" (fun () -> Unix.symlink "x" "d/file");
  report "EEXIST link" (fun () -> Unix.link "d/file" "d/noexec");
  report "ENOTDIR open" (fun () -> ignore (Unix.openfile "d/file/x" [Unix.O_RDONLY] 0));
  report "ENOTDIR opendir" (fun () -> ignore (Unix.opendir "d/file"));
  report "ENOTDIR rmdir" (fun () -> Unix.rmdir "d/file");
  report "EISDIR open for writing" (fun () -> ignore (Unix.openfile "d" [Unix.O_WRONLY] 0));
  report "EISDIR read dir fd" (fun () ->
      let fd = Unix.openfile "d" [Unix.O_RDONLY] 0 in
      Fun.protect ~finally:(fun () -> Unix.close fd)
        (fun () -> ignore (Unix.read fd (Bytes.create 10) 0 10)));
  report "EISDIR unlink dir" (fun () -> Unix.unlink "d");
  report "ENOTEMPTY rmdir" (fun () -> Unix.rmdir "d");
  report "EINVAL rename into itself" (fun () -> Unix.rename "d" "d/sub");
  report "EINVAL rename dir onto own child" (fun () -> Unix.rename "d" "d/file");
  Unix.mkdir "e" 0o700;
  report "ENOTDIR rename dir over file" (fun () -> Unix.rename "e" "d/file");
  report "EISDIR rename file over dir" (fun () -> Unix.rename "d/file" "e");
  Unix.rmdir "e";
  (* EACCES even for root: execve needs an execute bit *)
  flush_all ();
  let try_exec what path =
    match Unix.fork () with
    | 0 ->
        (try Unix.execv path [| path |]
         with Unix.Unix_error (e, fn, arg) ->
           Printf.printf "%s: %s | %s | %S\n%!" what (Unix.error_message e) fn arg;
           Unix._exit 0)
    | pid -> ignore (Unix.waitpid [] pid) in
  try_exec "EACCES execv non-executable" "d/noexec";
  try_exec "EACCES execv directory" "d";
  try_exec "ENOEXEC execv garbage" "d/garbage";
  try_exec "ENOENT execv" "d/none";
  report "EACCES access X_OK" (fun () -> Unix.access "d/noexec" [Unix.X_OK]);
  report "access R_OK" (fun () -> Unix.access "d/noexec" [Unix.R_OK; Unix.W_OK]);
  (* loops and names *)
  Unix.symlink "loop2" "loop1";
  Unix.symlink "loop1" "loop2";
  report "ELOOP stat" (fun () -> ignore (Unix.stat "loop1"));
  report "lstat of loop ok" (fun () -> ignore (Unix.lstat "loop1"));
  report "ENAMETOOLONG" (fun () -> ignore (Unix.stat (String.make 5000 'n')));
  report "ENOENT empty name" (fun () -> ignore (Unix.stat ""));
  (* descriptors *)
  let r, w = Unix.pipe () in
  Unix.close w;
  report "EBADF write closed" (fun () -> ignore (Unix.write_substring w "x" 0 1));
  report "EBADF close twice" (fun () -> Unix.close w);
  report "EBADF fstat" (fun () -> ignore (Unix.fstat w));
  report "EBADF dup" (fun () -> ignore (Unix.dup w));
  report "ESPIPE lseek pipe" (fun () -> ignore (Unix.lseek r 0 Unix.SEEK_SET));
  Unix.close r;
  let r, w = Unix.pipe () in
  Unix.close r;
  report "EPIPE write" (fun () -> ignore (Unix.write_substring w "x" 0 1));
  Unix.close w;
  let fd = Unix.openfile "d/file" [Unix.O_RDONLY] 0 in
  report "EBADF write on read-only" (fun () -> ignore (Unix.write_substring fd "x" 0 1));
  report "EINVAL lseek negative" (fun () -> ignore (Unix.lseek fd (-10) Unix.SEEK_SET));
  report "ENOTSOCK" (fun () -> ignore (Unix.getsockname fd));
  Unix.close fd;
  report "ECHILD waitpid" (fun () -> ignore (Unix.waitpid [] (-1)));
  report "EPROTONOSUPPORT socket protocol" (fun () -> ignore (Unix.socket Unix.PF_INET Unix.SOCK_STREAM 99));
  (* channels over a bad descriptor *)
  (match Unix.in_channel_of_descr w with
   | ic -> (match input_line ic with
       | _ -> print_endline "read from closed"
       | exception Sys_error m -> Printf.printf "channel on closed fd: Sys_error %s\n" m)
   | exception Unix.Unix_error (e, fn, _) -> Printf.printf "in_channel_of_descr: %s %s\n" (Unix.error_message e) fn);
  (* error_message for a few constructors, and EUNKNOWNERR *)
  List.iter (fun e -> Printf.printf "message: %s\n" (Unix.error_message e))
    [Unix.E2BIG; Unix.EAGAIN; Unix.EINTR; Unix.ENOSPC; Unix.ECONNREFUSED; Unix.ETIMEDOUT;
     Unix.EUNKNOWNERR 9999];
  Printf.printf "%s\n" (Printexc.to_string (Unix.Unix_error (Unix.EUNKNOWNERR 9999, "f", "")));
  (* clean up *)
  List.iter Unix.unlink ["loop1"; "loop2"; "d/file"; "d/noexec"; "d/garbage"];
  Unix.rmdir "d";
  (* an uncaught Unix_error ends the program with exit code 2 *)
  ignore (Unix.openfile "final-missing-file" [Unix.O_RDONLY] 0)
