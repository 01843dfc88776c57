(* libs: unix *)
(* env: MCRUN_UNIX_A=alpha MCRUN_UNIX_B=b=c *)
(* Environment, users and groups. *)

let () =
  let env = Array.to_list (Unix.environment ()) in
  let mine = List.filter (fun s -> String.length s > 10 && String.sub s 0 10 = "MCRUN_UNIX") env in
  Printf.printf "environment: %s\n" (String.concat " " (List.sort compare mine));
  Printf.printf "unsafe has them too: %b\n"
    (List.for_all (fun s -> Array.mem s (Unix.unsafe_environment ())) mine);
  Printf.printf "getenv A: %s\n" (Unix.getenv "MCRUN_UNIX_A");
  Printf.printf "unsafe_getenv B: %s\n" (Unix.unsafe_getenv "MCRUN_UNIX_B");
  (try ignore (Unix.getenv "MCRUN_UNIX_NONE") with Not_found -> print_endline "getenv missing: Not_found");
  Unix.putenv "MCRUN_UNIX_C" "set by putenv";
  Printf.printf "after putenv: %s / %s\n" (Unix.getenv "MCRUN_UNIX_C") (Sys.getenv "MCRUN_UNIX_C");
  Printf.printf "in environment: %b\n" (Array.mem "MCRUN_UNIX_C=set by putenv" (Unix.environment ()));
  Unix.putenv "MCRUN_UNIX_C" "";
  Printf.printf "emptied: %S\n" (Unix.getenv "MCRUN_UNIX_C");
  Unix.putenv "MCRUN_UNIX_D=x" "y";
  Printf.printf "name with '=': %S\n" (Unix.getenv "MCRUN_UNIX_D");
  (* the child sees the changed environment *)
  let ic = Unix.open_process_in "echo \"$MCRUN_UNIX_A-$MCRUN_UNIX_C\"" in
  Printf.printf "child sees: %s\n" (input_line ic);
  ignore (Unix.close_process_in ic);
  let ic, oc, ec = Unix.open_process_args_full "/bin/sh" [| "sh"; "-c"; "echo \"[$ONLY]\" \"[$MCRUN_UNIX_A]\"" |] [| "ONLY=this" |] in
  Printf.printf "explicit env: %s\n" (input_line ic);
  ignore (Unix.close_process_full (ic, oc, ec));
  (* users and groups: relations only *)
  let uid = Unix.getuid () and gid = Unix.getgid () in
  Printf.printf "uid=euid: %b gid=egid: %b\n" (uid = Unix.geteuid ()) (gid = Unix.getegid ());
  (match Unix.getpwuid uid with
   | pw ->
       Printf.printf "getpwuid: uid matches %b, gid is ours %b\n" (pw.Unix.pw_uid = uid) (pw.Unix.pw_gid = gid);
       let again = Unix.getpwnam pw.Unix.pw_name in
       Printf.printf "getpwnam round trip: %b\n" (again = pw);
       Printf.printf "fields: dir nonempty %b, shell nonempty %b\n" (pw.Unix.pw_dir <> "") (pw.Unix.pw_shell <> "")
   | exception Not_found -> print_endline "getpwuid: Not_found");
  (match Unix.getgrgid gid with
   | gr ->
       Printf.printf "getgrgid: gid matches %b\n" (gr.Unix.gr_gid = gid);
       Printf.printf "getgrnam round trip: %b\n" (Unix.getgrnam gr.Unix.gr_name = gr)
   | exception Not_found -> print_endline "getgrgid: Not_found");
  (try ignore (Unix.getpwuid 987654) with Not_found -> print_endline "getpwuid unknown: Not_found");
  (try ignore (Unix.getgrgid 987654) with Not_found -> print_endline "getgrgid unknown: Not_found");
  let groups = Unix.getgroups () in
  Printf.printf "getgroups sorted is stable: %b\n" (Array.length groups >= 0);
  (match Unix.getlogin () with
   | _ -> print_endline "getlogin: answered"
   | exception Unix.Unix_error (_, f, _) -> Printf.printf "getlogin: error in %s\n" f);
  (* setuid to ourselves is allowed *)
  Unix.setuid uid;
  Unix.setgid gid;
  print_endline "setuid/setgid to self: ok";
  (* nice 0 does not change the priority *)
  let p = Unix.nice 0 in
  Printf.printf "nice 0 twice equal: %b\n" (Unix.nice 0 = p);
  (* umask *)
  let old = Unix.umask 0o077 in
  Printf.printf "umask round trip: %o\n" (Unix.umask old)
