(* libs: unix *)
(* fork, exec, pipes, waitpid and process status. *)

let status = function
  | Unix.WEXITED n -> Printf.sprintf "exited %d" n
  | Unix.WSIGNALED s -> Printf.sprintf "signaled %s" (if s = Sys.sigkill then "KILL" else if s = Sys.sigterm then "TERM" else string_of_int s)
  | Unix.WSTOPPED s -> Printf.sprintf "stopped %s" (if s = Sys.sigstop then "STOP" else string_of_int s)

let read_all fd =
  let buf = Buffer.create 64 and b = Bytes.create 16 in
  let rec go () =
    let n = Unix.read fd b 0 16 in
    if n > 0 then (Buffer.add_subbytes buf b 0 n; go ()) in
  go ();
  Buffer.contents buf

let () =
  (* child writes into a pipe, exits with a code *)
  let r, w = Unix.pipe ~cloexec:true () in
  flush stdout;
  (match Unix.fork () with
   | 0 ->
       Unix.close r;
       ignore (Unix.write_substring w "from child\n" 0 11);
       Unix._exit 7
   | pid ->
       Unix.close w;
       Printf.printf "parent read: %S\n" (read_all r);
       Unix.close r;
       let p, st = Unix.waitpid [] pid in
       Printf.printf "same pid: %b, %s\n" (p = pid) (status st));
  (* child killed by a signal *)
  flush stdout;
  (match Unix.fork () with
   | 0 -> Unix.sleepf 10.0; Unix._exit 0
   | pid ->
       let p, st = Unix.waitpid [Unix.WNOHANG] pid in
       Printf.printf "nohang: pid=%d %s\n" p (status st);
       Unix.kill pid Sys.sigkill;
       let _, st = Unix.waitpid [] pid in
       Printf.printf "killed: %s\n" (status st));
  (* stopped child *)
  flush stdout;
  (match Unix.fork () with
   | 0 -> Unix.sleepf 10.0; Unix._exit 0
   | pid ->
       Unix.kill pid Sys.sigstop;
       let _, st = Unix.waitpid [Unix.WUNTRACED] pid in
       Printf.printf "untraced: %s\n" (status st);
       Unix.kill pid Sys.sigterm;
       Unix.kill pid Sys.sigcont;
       let _, st = Unix.waitpid [] pid in
       Printf.printf "then: %s\n" (status st));
  (* exec with stdout redirected into a pipe *)
  let r, w = Unix.pipe () in
  flush stdout;
  (match Unix.fork () with
   | 0 ->
       Unix.dup2 w Unix.stdout;
       Unix.close w; Unix.close r;
       Unix.execv "/bin/sh" [| "sh"; "-c"; "echo exec says $0 $1"; "zero"; "one" |]
   | pid ->
       Unix.close w;
       Printf.printf "exec output: %S\n" (read_all r);
       Unix.close r;
       let _, st = Unix.wait () in
       ignore pid;
       Printf.printf "exec status: %s\n" (status st));
  (* execvp / execve / execvpe exit codes *)
  let run f =
    flush stdout;
    match Unix.fork () with
    | 0 -> (try f () with _ -> Unix._exit 99)
    | pid -> snd (Unix.waitpid [] pid) in
  Printf.printf "execvp false: %s\n" (status (run (fun () -> Unix.execvp "false" [| "false" |])));
  Printf.printf "execve env: %s\n"
    (status (run (fun () -> Unix.execve "/bin/sh" [| "sh"; "-c"; "exit $CODE" |] [| "CODE=5" |])));
  Printf.printf "execvpe env: %s\n"
    (status (run (fun () -> Unix.execvpe "sh" [| "sh"; "-c"; "exit $CODE" |] [| "CODE=6"; "PATH=/bin:/usr/bin" |])));
  Printf.printf "execv missing: %s\n" (status (run (fun () -> Unix.execv "/no/such" [| "x" |])));
  (* create_process with redirections *)
  let r, w = Unix.pipe ~cloexec:true () in
  let pid = Unix.create_process "sh" [| "sh"; "-c"; "echo out; echo err 1>&2" |] Unix.stdin w w in
  Unix.close w;
  let out = read_all r in
  Unix.close r;
  let _, st = Unix.waitpid [] pid in
  Printf.printf "create_process: %S %s\n" (String.concat "|" (List.sort compare (String.split_on_char '\n' out))) (status st);
  let pid = Unix.create_process_env "sh" [| "sh"; "-c"; "exit $X" |] [| "X=4"; "PATH=/bin:/usr/bin" |]
      Unix.stdin Unix.stdout Unix.stderr in
  Printf.printf "create_process_env: %s\n" (status (snd (Unix.waitpid [] pid)));
  (try ignore (Unix.create_process "no-such-program-xyz" [| "x" |] Unix.stdin Unix.stdout Unix.stderr)
   with Unix.Unix_error (e, f, a) -> Printf.printf "create_process missing: %s %s %s\n" (Unix.error_message e) f a);
  (* system and open_process *)
  Printf.printf "system: %s\n" (status (Unix.system "exit 3"));
  flush stdout;
  Printf.printf "system echo: %s\n" (status (Unix.system "echo from system"));
  let ic = Unix.open_process_in "echo one; echo two" in
  let l1 = input_line ic in
  let l2 = input_line ic in
  Printf.printf "open_process_in: %s %s %s\n" l1 l2 (status (Unix.close_process_in ic));
  let ic, oc = Unix.open_process "tr a-z A-Z" in
  output_string oc "shout\n"; close_out oc;
  let l = input_line ic in
  Printf.printf "open_process: %s %s\n" l (status (Unix.close_process (ic, oc)));
  let ic = Unix.open_process_args_in "/bin/echo" [| "echo"; "args"; "here" |] in
  let l = input_line ic in
  Printf.printf "open_process_args_in: %s %s\n" l (status (Unix.close_process_in ic));
  Printf.printf "getppid of child is us: %b\n"
    (let r, w = Unix.pipe () in
     flush stdout;
     match Unix.fork () with
     | 0 ->
         let s = string_of_int (Unix.getppid ()) in
         ignore (Unix.write_substring w s 0 (String.length s)); Unix._exit 0
     | pid ->
         Unix.close w;
         let s = read_all r in
         Unix.close r; ignore (Unix.waitpid [] pid);
         s = string_of_int (Unix.getpid ()))
