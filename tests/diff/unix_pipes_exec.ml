(* libs: unix *)
(* fork, pipe, dup2 and execvp/execv/execve: a child's stdout and stderr
   redirected into pipes, a child reading its stdin from a pipe, a
   shell pipeline built by hand (two children connected by a pipe), and
   waitpid statuses: normal exits with various codes, death by a signal,
   WUNTRACED stops, WNOHANG, and exec failures reported by the child. *)

let signame n =
  List.assoc_opt n [Sys.sigterm, "SIGTERM"; Sys.sigkill, "SIGKILL"; Sys.sigstop, "SIGSTOP";
                    Sys.sigabrt, "SIGABRT"; Sys.sigsegv, "SIGSEGV"; Sys.sigusr1, "SIGUSR1";
                    Sys.sigtstp, "SIGTSTP"; Sys.sigpipe, "SIGPIPE"]
  |> Option.value ~default:(Printf.sprintf "signal %d" n)

let status = function
  | Unix.WEXITED n -> Printf.sprintf "exited %d" n
  | Unix.WSIGNALED n -> "killed by " ^ signame n
  | Unix.WSTOPPED n -> "stopped by " ^ signame n

let read_all fd =
  let b = Buffer.create 256 and chunk = Bytes.create 256 in
  let rec loop () =
    let n = Unix.read fd chunk 0 256 in
    if n > 0 then (Buffer.add_subbytes b chunk 0 n; loop ()) in
  loop (); Buffer.contents b

(* run argv in a child with stdout and stderr captured separately *)
let capture ?input prog argv =
  let out_r, out_w = Unix.pipe ~cloexec:true () in
  let err_r, err_w = Unix.pipe ~cloexec:true () in
  let in_r, in_w = Unix.pipe ~cloexec:true () in
  flush_all ();
  match Unix.fork () with
  | 0 ->
      Unix.dup2 ~cloexec:false in_r Unix.stdin;
      Unix.dup2 ~cloexec:false out_w Unix.stdout;
      Unix.dup2 ~cloexec:false err_w Unix.stderr;
      (try Unix.execvp prog argv
       with Unix.Unix_error (e, f, a) ->
         Printf.eprintf "exec failed: %s %s %s\n%!" (Unix.error_message e) f a;
         Unix._exit 127)
  | pid ->
      Unix.close in_r; Unix.close out_w; Unix.close err_w;
      (match input with
       | Some s -> ignore (Unix.write_substring in_w s 0 (String.length s))
       | None -> ());
      Unix.close in_w;
      (* outputs are small: read stdout then stderr *)
      let o = read_all out_r in
      let e = read_all err_r in
      Unix.close out_r; Unix.close err_r;
      let _, st = Unix.waitpid [] pid in
      Printf.printf "%s: stdout %S stderr %S, %s\n%!"
        (String.concat " " (Array.to_list argv)) o e (status st)

let () =
  Sys.set_signal Sys.sigpipe Sys.Signal_default;
  capture "echo" [| "echo"; "hello"; "world" |];
  capture "sh" [| "sh"; "-c"; "echo out; echo err >&2; exit 3" |];
  capture ~input:"line one\nline two\nline three\n" "wc" [| "wc"; "-l" |];
  capture ~input:"banana\napple\ncherry\n" "sort" [| "sort" |];
  capture "sh" [| "sh"; "-c"; "kill -TERM $$" |];
  capture "sh" [| "sh"; "-c"; "kill -USR1 $$" |];
  capture "no-such-program-here" [| "no-such-program-here" |];
  capture "sh" [| "sh"; "-c"; "exit 255" |];
  (* execv with an explicit path and execve with an environment *)
  flush_all ();
  let r, w = Unix.pipe () in
  (match Unix.fork () with
   | 0 ->
       Unix.close r; Unix.dup2 w Unix.stdout; Unix.close w;
       Unix.execve "/bin/sh" [| "sh"; "-c"; "echo \"$GREETING $OTHER\"" |]
         [| "GREETING=hi-from-env"; "OTHER=2" |]
   | pid ->
       Unix.close w;
       let s = read_all r in
       Unix.close r;
       let _, st = Unix.waitpid [] pid in
       Printf.printf "execve: %S, %s\n%!" s (status st));
  (* a pipeline: printf ... | tr a-z A-Z, two children and a pipe between *)
  let p_r, p_w = Unix.pipe () in
  let o_r, o_w = Unix.pipe () in
  flush_all ();
  let c1 = match Unix.fork () with
    | 0 -> Unix.dup2 p_w Unix.stdout; List.iter Unix.close [p_r; p_w; o_r; o_w];
        Unix.execvp "printf" [| "printf"; "%s\\n"; "alpha"; "beta" |]
    | pid -> pid in
  let c2 = match Unix.fork () with
    | 0 -> Unix.dup2 p_r Unix.stdin; Unix.dup2 o_w Unix.stdout; List.iter Unix.close [p_r; p_w; o_r; o_w];
        Unix.execvp "tr" [| "tr"; "a-z"; "A-Z" |]
    | pid -> pid in
  List.iter Unix.close [p_r; p_w; o_w];
  let s = read_all o_r in
  Unix.close o_r;
  let _, s1 = Unix.waitpid [] c1 in
  let _, s2 = Unix.waitpid [] c2 in
  Printf.printf "pipeline: %S, %s, %s\n%!" s (status s1) (status s2);
  (* a child stopped then continued then killed *)
  flush_all ();
  let r, w = Unix.pipe () in
  let pid = match Unix.fork () with
    | 0 -> Unix.close r; ignore (Unix.write_substring w "r" 0 1);
        while true do Unix.sleepf 0.01 done; Unix._exit 0
    | pid -> pid in
  Unix.close w;
  let b = Bytes.create 1 in
  ignore (Unix.read r b 0 1);
  Unix.close r;
  let p, st = Unix.waitpid [Unix.WNOHANG] pid in
  Printf.printf "WNOHANG on a running child: pid 0: %b, %s\n%!" (p = 0) (status st);
  Unix.kill pid Sys.sigstop;
  let _, st = Unix.waitpid [Unix.WUNTRACED] pid in
  Printf.printf "after SIGSTOP: %s\n%!" (status st);
  Unix.kill pid Sys.sigcont;
  Unix.kill pid Sys.sigkill;
  let _, st = Unix.waitpid [] pid in
  Printf.printf "after SIGKILL: %s\n%!" (status st);
  (* a forked OCaml child exiting with a code, with at_exit and buffered output *)
  flush_all ();
  let r, w = Unix.pipe () in
  (match Unix.fork () with
   | 0 ->
       Unix.close r; Unix.dup2 w Unix.stdout; Unix.close w;
       at_exit (fun () -> print_string "at_exit in child\n");
       print_string "buffered in child\n";
       exit 42
   | pid ->
       Unix.close w;
       let s = read_all r in
       Unix.close r;
       let _, st = Unix.waitpid [] pid in
       Printf.printf "OCaml child: %S, %s\n%!" s (status st));
  (* _exit skips at_exit and buffers *)
  let r, w = Unix.pipe () in
  (match Unix.fork () with
   | 0 ->
       Unix.close r; Unix.dup2 w Unix.stdout; Unix.close w;
       print_string "never flushed\n";
       Unix._exit 7
   | pid ->
       Unix.close w;
       let s = read_all r in
       Unix.close r;
       let _, st = Unix.waitpid [] pid in
       Printf.printf "_exit child: %S, %s\n%!" s (status st));
  (* create_process and open_process_args_in *)
  let r, w = Unix.pipe ~cloexec:true () in
  let pid = Unix.create_process "sh" [| "sh"; "-c"; "echo created; exit 4" |] Unix.stdin w Unix.stderr in
  Unix.close w;
  let s = read_all r in
  Unix.close r;
  let _, st = Unix.waitpid [] pid in
  Printf.printf "create_process: %S, %s\n%!" s (status st);
  let ic = Unix.open_process_args_in "/bin/echo" [| "echo"; "via"; "open_process_args_in" |] in
  let l = input_line ic in
  Printf.printf "open_process_args_in: %S, %s\n%!" l (status (Unix.close_process_in ic));
  (* waitpid with no child left *)
  (match Unix.wait () with
   | _ -> print_endline "wait: unexpected child"
   | exception Unix.Unix_error (e, f, _) -> Printf.printf "wait: %s (%s)\n" (Unix.error_message e) f)
