(* libs: unix *)
(* Files, directories, stat and permissions through Unix. *)

let kind = function
  | Unix.S_REG -> "reg" | Unix.S_DIR -> "dir" | Unix.S_CHR -> "chr"
  | Unix.S_BLK -> "blk" | Unix.S_LNK -> "lnk" | Unix.S_FIFO -> "fifo"
  | Unix.S_SOCK -> "sock"

let show name =
  let st = Unix.lstat name in
  Printf.printf "%s: kind=%s perm=%o size=%d nlink=%d\n" name (kind st.Unix.st_kind)
    st.Unix.st_perm st.Unix.st_size st.Unix.st_nlink

let write_all fd s = ignore (Unix.write_substring fd s 0 (String.length s))

let () =
  ignore (Unix.umask 0o022);
  Printf.printf "umask was %o\n" (Unix.umask 0o022);
  Unix.mkdir "d" 0o755;
  show "d";
  let fd = Unix.openfile "d/a" [Unix.O_CREAT; Unix.O_RDWR; Unix.O_TRUNC] 0o640 in
  write_all fd "0123456789abcdef";
  Printf.printf "lseek end=%d\n" (Unix.lseek fd 0 Unix.SEEK_END);
  Printf.printf "lseek set=%d\n" (Unix.lseek fd 4 Unix.SEEK_SET);
  let b = Bytes.create 6 in
  let n = Unix.read fd b 0 6 in
  Printf.printf "read %d: %s\n" n (Bytes.sub_string b 0 n);
  Printf.printf "lseek cur=%d\n" (Unix.lseek fd 0 Unix.SEEK_CUR);
  let st = Unix.fstat fd in
  Printf.printf "fstat size=%d perm=%o\n" st.Unix.st_size st.Unix.st_perm;
  Unix.ftruncate fd 5;
  Printf.printf "after ftruncate: %d\n" (Unix.fstat fd).Unix.st_size;
  Unix.fchmod fd 0o600;
  show "d/a";
  let big = Unix.LargeFile.fstat fd in
  Printf.printf "LargeFile size=%Ld\n" big.Unix.LargeFile.st_size;
  Printf.printf "LargeFile lseek=%Ld\n" (Unix.LargeFile.lseek fd 2L Unix.SEEK_SET);
  Unix.LargeFile.ftruncate fd 3L;
  Printf.printf "LargeFile.stat size=%Ld\n" (Unix.LargeFile.stat "d/a").Unix.LargeFile.st_size;
  Unix.close fd;
  Unix.truncate "d/a" 1;
  Unix.LargeFile.truncate "d/a" 2L;
  show "d/a";
  Unix.chmod "d/a" 0o644;
  show "d/a";
  Unix.access "d/a" [Unix.R_OK; Unix.W_OK; Unix.F_OK];
  print_endline "access ok";
  Unix.rename "d/a" "d/b";
  Printf.printf "a exists: %b, b exists: %b\n" (Sys.file_exists "d/a") (Sys.file_exists "d/b");
  Unix.link "d/b" "d/c";
  show "d/b";
  Unix.link ~follow:true "d/b" "d/c2";
  show "d/c2";
  Unix.symlink "b" "d/s";
  show "d/s";
  Printf.printf "readlink: %s\n" (Unix.readlink "d/s");
  Printf.printf "stat through link: %s\n" (kind (Unix.stat "d/s").Unix.st_kind);
  Printf.printf "has_symlink: %b\n" (Unix.has_symlink ());
  Unix.utimes "d/b" 1000000000.5 1234567890.25;
  let st = Unix.stat "d/b" in
  Printf.printf "atime=%.2f mtime=%.2f\n" st.Unix.st_atime st.Unix.st_mtime;
  Unix.mkfifo "d/p" 0o600;
  show "d/p";
  let h = Unix.opendir "d" in
  let rec all acc = match Unix.readdir h with
    | n -> all (n :: acc)
    | exception End_of_file -> List.sort compare acc in
  let names = all [] in
  Printf.printf "entries: %s\n" (String.concat " " names);
  Unix.rewinddir h;
  Printf.printf "after rewind: %d\n" (List.length (all []));
  Unix.closedir h;
  (try Unix.closedir h with Unix.Unix_error (e, f, a) ->
     Printf.printf "closedir twice: %s %s [%s]\n" (Unix.error_message e) f a);
  (try ignore (Unix.readdir h) with Unix.Unix_error (e, f, _) ->
     Printf.printf "readdir closed: %s %s\n" (Unix.error_message e) f);
  (* descriptors *)
  let fd = Unix.openfile "d/b" [Unix.O_RDONLY; Unix.O_CLOEXEC] 0 in
  let fd2 = Unix.dup fd in
  let fd3 = Unix.dup ~cloexec:true fd in
  Unix.dup2 fd fd2;
  Unix.dup2 ~cloexec:false fd fd2;
  Unix.set_close_on_exec fd2;
  Unix.clear_close_on_exec fd2;
  Unix.set_nonblock fd3;
  Unix.clear_nonblock fd3;
  let b = Bytes.create 10 in
  Printf.printf "read via dup: %d\n" (Unix.read fd3 b 0 10);
  List.iter Unix.close [fd; fd2; fd3];
  Printf.printf "isatty file: %b\n" (Unix.isatty (Unix.openfile "d/b" [Unix.O_RDONLY] 0));
  (* cleanup *)
  List.iter Unix.unlink ["d/b"; "d/c"; "d/c2"; "d/s"; "d/p"];
  Unix.rmdir "d";
  Printf.printf "d exists: %b\n" (Sys.file_exists "d");
  (* chdir / getcwd relation *)
  Unix.mkdir "sub" 0o700;
  let before = Unix.getcwd () in
  Unix.chdir "sub";
  let after = Unix.getcwd () in
  Printf.printf "cwd moved into sub: %b\n" (after = Filename.concat before "sub");
  Unix.chdir "..";
  Printf.printf "back: %b\n" (Unix.getcwd () = before);
  Unix.rmdir "sub"
