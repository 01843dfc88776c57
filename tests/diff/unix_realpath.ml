(* libs: unix *)
(* realpath against getcwd, through symbolic links and dot segments. *)

let rel s =
  let cwd = Unix.realpath (Unix.getcwd ()) in
  let n = String.length cwd in
  if s = cwd then "<cwd>"
  else if String.length s > n && String.sub s 0 n = cwd then "<cwd>" ^ String.sub s n (String.length s - n)
  else s

let report path =
  match Unix.realpath path with
  | r -> Printf.printf "%-22s -> %s\n" path (rel r)
  | exception Unix.Unix_error (e, f, a) -> Printf.printf "%-22s -> %s (%s %S)\n" path (Unix.error_message e) f a

let () =
  Unix.mkdir "a" 0o755;
  Unix.mkdir "a/b" 0o755;
  close_out (open_out "a/b/file");
  Unix.symlink "a/b" "lnk";
  Unix.symlink "../b/file" "a/b/up";
  Unix.symlink "loop2" "loop1";
  Unix.symlink "loop1" "loop2";
  Unix.symlink "nowhere" "dangling";
  List.iter report
    ["."; "a"; "a/b/../b/./file"; "lnk"; "lnk/file"; "a/b/up"; "lnk/up"; "./a//b/";
     "missing"; "a/missing"; "a/b/file/x"; "loop1"; "dangling"; "/"; "/."; "a\000b"];
  List.iter Unix.unlink ["loop1"; "loop2"; "dangling"; "a/b/up"; "lnk"; "a/b/file"];
  Unix.rmdir "a/b"; Unix.rmdir "a"
