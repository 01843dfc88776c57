(* libs: unix *)
(* Unix_error codes, function names and arguments for failing calls. *)

let report what f =
  match f () with
  | () -> Printf.printf "%s: ok\n" what
  | exception Unix.Unix_error (e, fn, arg) ->
      Printf.printf "%s: %s / %s / %S\n" what (Unix.error_message e) fn arg
  | exception e -> Printf.printf "%s: %s\n" what (Printexc.to_string e)

let () =
  Sys.set_signal Sys.sigpipe Sys.Signal_ignore;
  report "stat missing" (fun () -> ignore (Unix.stat "missing"));
  report "lstat missing" (fun () -> ignore (Unix.lstat "no/such/file"));
  report "open missing" (fun () -> ignore (Unix.openfile "missing" [Unix.O_RDONLY] 0));
  report "unlink missing" (fun () -> Unix.unlink "missing");
  report "rmdir missing" (fun () -> Unix.rmdir "missing");
  report "opendir missing" (fun () -> ignore (Unix.opendir "missing"));
  report "chdir missing" (fun () -> Unix.chdir "missing");
  report "rename missing" (fun () -> Unix.rename "missing" "other");
  report "link missing" (fun () -> Unix.link "missing" "other");
  report "readlink missing" (fun () -> ignore (Unix.readlink "missing"));
  report "nul in path" (fun () -> ignore (Unix.stat "a\000b"));
  report "close bad fd" (fun () -> Unix.close (Obj.magic 1000 : Unix.file_descr));
  report "read bad fd" (fun () -> ignore (Unix.read (Obj.magic 1000) (Bytes.create 4) 0 4));
  report "write bad fd" (fun () -> ignore (Unix.write_substring (Obj.magic 1000) "x" 0 1));
  report "single_write bad fd" (fun () -> ignore (Unix.single_write_substring (Obj.magic 1000) "x" 0 1));
  report "fstat bad fd" (fun () -> ignore (Unix.fstat (Obj.magic 1000)));
  report "lseek bad fd" (fun () -> ignore (Unix.lseek (Obj.magic 1000) 0 Unix.SEEK_SET));
  report "dup bad fd" (fun () -> ignore (Unix.dup (Obj.magic 1000)));
  report "dup2 bad fd" (fun () -> Unix.dup2 (Obj.magic 1000) (Obj.magic 1001));
  report "fchmod bad fd" (fun () -> Unix.fchmod (Obj.magic 1000) 0o600);
  report "set_nonblock bad fd" (fun () -> Unix.set_nonblock (Obj.magic 1000));
  report "clear_close_on_exec bad fd" (fun () -> Unix.clear_close_on_exec (Obj.magic 1000));
  report "read bounds" (fun () -> ignore (Unix.read Unix.stdin (Bytes.create 4) 2 4));
  (* errors that hold for root too *)
  let oc = open_out "plain" in
  output_string oc "not a program\n";
  close_out oc;
  Unix.chmod "plain" 0o644;
  report "access X_OK non-executable" (fun () -> Unix.access "plain" [Unix.X_OK]);
  report "execv non-executable" (fun () -> Unix.execv "./plain" [| "plain" |]);
  report "execv missing" (fun () -> Unix.execv "./missing" [| "missing" |]);
  report "execvp missing" (fun () -> Unix.execvp "surely-not-a-command-xyz" [| "x" |]);
  report "execv nul arg" (fun () -> Unix.execv "/bin/true" [| "a\000" |]);
  report "mkdir exists" (fun () -> Unix.mkdir "." 0o755);
  report "rmdir not empty" (fun () -> Unix.mkdir "full" 0o755; close_out (open_out "full/x"); Unix.rmdir "full");
  report "unlink directory" (fun () -> Unix.unlink "full");
  report "open dir for writing" (fun () -> ignore (Unix.openfile "full" [Unix.O_WRONLY] 0));
  report "not a directory" (fun () -> ignore (Unix.stat "plain/x"));
  report "create exclusive" (fun () -> ignore (Unix.openfile "plain" [Unix.O_CREAT; Unix.O_EXCL; Unix.O_WRONLY] 0o600));
  report "lseek negative" (fun () ->
      let fd = Unix.openfile "plain" [Unix.O_RDONLY] 0 in
      Fun.protect ~finally:(fun () -> Unix.close fd) (fun () -> ignore (Unix.lseek fd (-5) Unix.SEEK_SET)));
  let r, w = Unix.pipe () in
  report "lseek pipe" (fun () -> ignore (Unix.lseek r 0 Unix.SEEK_CUR));
  Unix.close r;
  report "write closed pipe" (fun () -> ignore (Unix.write_substring w "x" 0 1));
  Unix.close w;
  report "waitpid no child" (fun () -> ignore (Unix.waitpid [] (-1)));
  report "wait no child" (fun () -> ignore (Unix.wait ()));
  report "kill no such process" (fun () -> Unix.kill 99999999 0);
  report "tcgetattr file" (fun () -> ignore (Unix.tcgetattr Unix.stdin));
  report "getpwnam unknown" (fun () -> ignore (Unix.getpwnam "no-such-user-xyz"));
  report "getgrnam unknown" (fun () -> ignore (Unix.getgrnam "no-such-group-xyz"));
  report "getpwnam nul" (fun () -> ignore (Unix.getpwnam "ro\000ot"));
  report "inet_addr_of_string bad" (fun () -> ignore (Unix.inet_addr_of_string "1.2.3"));
  report "putenv nul" (fun () -> Unix.putenv "A\000B" "x");
  report "select bad fd" (fun () -> ignore (Unix.select [Obj.magic (-1)] [] [] 0.0));
  report "socket bad fd bind" (fun () -> Unix.bind (Obj.magic 1000) (Unix.ADDR_INET (Unix.inet_addr_loopback, 0)));
  report "connect refused" (fun () ->
      let s = Unix.socket Unix.PF_UNIX Unix.SOCK_STREAM 0 in
      Fun.protect ~finally:(fun () -> Unix.close s)
        (fun () -> Unix.connect s (Unix.ADDR_UNIX "no-socket-here")));
  report "long unix path" (fun () ->
      let s = Unix.socket Unix.PF_UNIX Unix.SOCK_STREAM 0 in
      Fun.protect ~finally:(fun () -> Unix.close s)
        (fun () -> Unix.bind s (Unix.ADDR_UNIX (String.make 200 'x'))));
  (* error values *)
  List.iter (fun e -> Printf.printf "%s\n" (Unix.error_message e))
    [Unix.E2BIG; Unix.EAGAIN; Unix.EWOULDBLOCK; Unix.EOPNOTSUPP; Unix.ELOOP;
     Unix.EOVERFLOW; Unix.EUNKNOWNERR 9999];
  print_endline (Printexc.to_string (Unix.Unix_error (Unix.EPERM, "f", "arg")));
  print_endline (Printexc.to_string (Unix.Unix_error (Unix.EUNKNOWNERR 42, "g", "")));
  Unix.unlink "full/x"; Unix.rmdir "full"; Unix.unlink "plain"
