(* libs: unix *)
(* Terminal primitives on descriptors that are not terminals. *)

let report what f =
  match f () with
  | () -> Printf.printf "%s: ok\n" what
  | exception Unix.Unix_error (e, fn, arg) -> Printf.printf "%s: %s / %s / %S\n" what (Unix.error_message e) fn arg

let () =
  let fd = Unix.openfile "plain" [Unix.O_CREAT; Unix.O_RDWR] 0o600 in
  let r, w = Unix.pipe () in
  Printf.printf "isatty: stdin=%b file=%b pipe=%b\n" (Unix.isatty Unix.stdin) (Unix.isatty fd) (Unix.isatty r);
  report "tcgetattr file" (fun () -> ignore (Unix.tcgetattr fd));
  report "tcgetattr pipe" (fun () -> ignore (Unix.tcgetattr r));
  report "tcgetattr /dev/null" (fun () -> ignore (Unix.tcgetattr Unix.stdin));
  report "tcgetattr bad fd" (fun () -> ignore (Unix.tcgetattr (Obj.magic 999)));
  let fake = {
    Unix.c_ignbrk = false; c_brkint = true; c_ignpar = false; c_parmrk = false; c_inpck = false;
    c_istrip = false; c_inlcr = false; c_igncr = false; c_icrnl = true; c_ixon = true; c_ixoff = false;
    c_opost = true; c_obaud = 38400; c_ibaud = 38400; c_csize = 8; c_cstopb = 1; c_cread = true;
    c_parenb = false; c_parodd = false; c_hupcl = false; c_clocal = false; c_isig = true;
    c_icanon = true; c_noflsh = false; c_echo = true; c_echoe = true; c_echok = true; c_echonl = false;
    c_vintr = '\003'; c_vquit = '\028'; c_verase = '\127'; c_vkill = '\021'; c_veof = '\004';
    c_veol = '\000'; c_vmin = 1; c_vtime = 0; c_vstart = '\017'; c_vstop = '\019' } in
  report "tcsetattr file" (fun () -> Unix.tcsetattr fd Unix.TCSANOW fake);
  report "tcsetattr pipe drain" (fun () -> Unix.tcsetattr w Unix.TCSADRAIN fake);
  report "tcsendbreak" (fun () -> Unix.tcsendbreak fd 0);
  report "tcdrain" (fun () -> Unix.tcdrain fd);
  report "tcflush" (fun () -> Unix.tcflush fd Unix.TCIOFLUSH);
  report "tcflow" (fun () -> Unix.tcflow fd Unix.TCOON);
  (* setsid in a child that is not a group leader succeeds *)
  flush stdout;
  (match Unix.fork () with
   | 0 -> (try ignore (Unix.setsid ()); Unix._exit 0 with _ -> Unix._exit 1)
   | pid ->
       let _, st = Unix.waitpid [] pid in
       Printf.printf "setsid in child: %s\n" (if st = Unix.WEXITED 0 then "ok" else "failed"));
  Unix.close fd; Unix.close r; Unix.close w;
  Unix.unlink "plain";
  (* terminals, when /dev/ptmx is usable: a fresh pty master *)
  match Unix.openfile "/dev/ptmx" [Unix.O_RDWR; Unix.O_NOCTTY] 0 with
  | exception Unix.Unix_error _ -> print_endline "no pty"
  | m ->
      Printf.printf "ptmx is a tty: %b\n" (Unix.isatty m);
      (match Unix.tcgetattr m with
       | t ->
           Printf.printf "csize=%d cstopb=%d\n" t.Unix.c_csize t.Unix.c_cstopb;
           Unix.tcsetattr m Unix.TCSANOW { t with Unix.c_ibaud = 9600; c_obaud = 9600 };
           let t2 = Unix.tcgetattr m in
           Printf.printf "speeds: %d %d\n" t2.Unix.c_ibaud t2.Unix.c_obaud;
           report "bad speed" (fun () -> Unix.tcsetattr m Unix.TCSANOW { t with Unix.c_obaud = 12345 });
           report "bad csize" (fun () -> Unix.tcsetattr m Unix.TCSANOW { t with Unix.c_csize = 9 })
       | exception Unix.Unix_error (e, f, _) -> Printf.printf "%s: %s\n" f (Unix.error_message e));
      Unix.close m
