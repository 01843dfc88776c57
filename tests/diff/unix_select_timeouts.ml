(* libs: unix *)
(* Unix.select with timeouts 0, 0.05 and -1 (infinite) on pipes, a
   socketpair and a listening TCP socket: what is ready, that a timeout
   elapses when nothing is, readiness after data arrives, EOF readiness,
   write readiness of a full pipe, and EBADF errors.  Only
   relations about elapsed time are printed. *)

let show all (r, w, e) =
  let n l = String.concat "," (List.map (fun fd -> List.assoc fd all) l) in
  Printf.sprintf "r=[%s] w=[%s] e=[%s]" (n r) (n w) (n e)

let timed f =
  let t0 = Unix.gettimeofday () in
  let x = f () in
  (x, Unix.gettimeofday () -. t0)

let () =
  let r, w = Unix.pipe () in
  let sa, sb = Unix.socketpair Unix.PF_UNIX Unix.SOCK_STREAM 0 in
  let all = [r, "pr"; w, "pw"; sa, "sa"; sb, "sb"] in
  let res, dt = timed (fun () -> Unix.select [] [] [] 0.0) in
  Printf.printf "no fds, 0: %s, quick: %b\n" (show all res) (dt < 1.0);
  let res, dt = timed (fun () -> Unix.select [] [] [] 0.05) in
  Printf.printf "no fds, 0.05: %s, waited >= 0.04: %b\n" (show all res) (dt >= 0.04);
  let res, dt = timed (fun () -> Unix.select [r; sa; sb] [] [] 0.0) in
  Printf.printf "nothing readable, 0: %s, quick: %b\n" (show all res) (dt < 1.0);
  let res, dt = timed (fun () -> Unix.select [r; sa; sb] [] [] 0.05) in
  Printf.printf "nothing readable, 0.05: %s, waited >= 0.04: %b, < 3: %b\n" (show all res) (dt >= 0.04) (dt < 3.0);
  Printf.printf "writable: %s\n" (show all (Unix.select [] [w; sa; sb] [] 0.0));
  Printf.printf "writable, infinite: %s\n" (show all (Unix.select [] [sb; w] [] (-1.0)));
  ignore (Unix.write_substring w "abc" 0 3);
  ignore (Unix.send_substring sa "xy" 0 2 []);
  Printf.printf "after writes, 0.05: %s\n" (show all (Unix.select [r; sa; sb] [] [] 0.05));
  let res, dt = timed (fun () -> Unix.select [r; sb] [] [] (-1.0)) in
  Printf.printf "after writes, infinite: %s, quick: %b\n" (show all res) (dt < 1.0);
  Printf.printf "mixed read and write: %s\n" (show all (Unix.select [r; sa] [w] [] 0.0));
  let b = Bytes.create 10 in
  ignore (Unix.read r b 0 10);
  ignore (Unix.recv sb b 0 10 []);
  Printf.printf "after draining: %s\n" (show all (Unix.select [r; sa; sb] [] [] 0.0));
  (* duplicates in a list *)
  ignore (Unix.write_substring w "z" 0 1);
  Printf.printf "duplicate fd: %s\n" (show all (Unix.select [r; r] [] [] 0.0));
  ignore (Unix.read r b 0 10);
  (* fill the pipe: no longer writable *)
  Unix.set_nonblock w;
  let chunk = Bytes.make 4096 'f' in
  let rec fill n = match Unix.write w chunk 0 4096 with
    | k -> fill (n + k)
    | exception Unix.Unix_error ((Unix.EAGAIN | Unix.EWOULDBLOCK), _, _) -> n in
  let filled = fill 0 in
  Unix.clear_nonblock w;
  Printf.printf "filled pipe (>0: %b), writable, 0.05: %s\n" (filled > 0)
    (show all (Unix.select [] [w] [] 0.05));
  let rec drain n = if n > 0 then drain (n - Unix.read r (Bytes.create 65536) 0 (min n 65536)) in
  drain filled;
  Printf.printf "drained, writable: %s\n" (show all (Unix.select [] [w] [] 0.0));
  (* EOF is readiness *)
  Unix.close w;
  Printf.printf "writer closed: %s\n" (show all (Unix.select [r] [] [] 0.0));
  Printf.printf "read at eof: %d\n" (Unix.read r b 0 10);
  Unix.close sb;
  Printf.printf "peer closed: %s\n" (show all (Unix.select [sa] [] [] 0.0));
  (* a listening socket is readable when a connection is pending *)
  let l = Unix.socket Unix.PF_INET Unix.SOCK_STREAM 0 in
  Unix.bind l (Unix.ADDR_INET (Unix.inet_addr_loopback, 0));
  Unix.listen l 2;
  let all = (l, "listen") :: all in
  Printf.printf "listener, no client: %s\n" (show all (Unix.select [l] [] [] 0.05));
  let c = Unix.socket Unix.PF_INET Unix.SOCK_STREAM 0 in
  Unix.connect c (Unix.getsockname l);
  let all = (c, "client") :: all in
  Printf.printf "listener, pending client: %s\n" (show all (Unix.select [l] [c] [] 1.0));
  let s, _ = Unix.accept l in
  let all = (s, "server") :: all in
  Printf.printf "accepted, nothing sent: %s\n" (show all (Unix.select [s; c] [] [] 0.0));
  ignore (Unix.write_substring c "hi" 0 2);
  Printf.printf "client sent: %s\n" (show all (Unix.select [s; c] [] [] 1.0));
  List.iter Unix.close [s; c; l];
  (* errors *)
  let report name f =
    match f () with
    | res -> Printf.printf "%s: %s\n" name (show all res)
    | exception Unix.Unix_error (e, fn, _) -> Printf.printf "%s: %s (%s)\n" name (Unix.error_message e) fn in
  report "closed fd" (fun () -> Unix.select [w] [] [] 0.0);
  report "pipe read end in write set" (fun () -> Unix.select [] [r] [] 0.0);
  Unix.close sa;
  report "all closed" (fun () -> Unix.select [sa] [sa] [sa] 0.05)
