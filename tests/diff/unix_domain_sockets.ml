(* libs: unix *)
(* Unix-domain sockets: stream and datagram, socketpair, addresses. *)

let show_addr = function
  | Unix.ADDR_UNIX p -> Printf.sprintf "ADDR_UNIX %S" p
  | Unix.ADDR_INET (a, p) -> Printf.sprintf "ADDR_INET %s:%d" (Unix.string_of_inet_addr a) p

let () =
  let path = "sock" in
  let l = Unix.socket Unix.PF_UNIX Unix.SOCK_STREAM 0 in
  Unix.bind l (Unix.ADDR_UNIX path);
  Unix.listen l 2;
  Printf.printf "listener: %s\n" (show_addr (Unix.getsockname l));
  Printf.printf "file kind is socket: %b\n" ((Unix.stat path).Unix.st_kind = Unix.S_SOCK);
  (try Unix.bind (Unix.socket Unix.PF_UNIX Unix.SOCK_STREAM 0) (Unix.ADDR_UNIX path)
   with Unix.Unix_error (e, f, _) -> Printf.printf "bind again: %s %s\n" (Unix.error_message e) f);
  flush stdout;
  (match Unix.fork () with
   | 0 ->
       let c = Unix.socket Unix.PF_UNIX Unix.SOCK_STREAM 0 in
       Unix.connect c (Unix.ADDR_UNIX path);
       ignore (Unix.write_substring c "ping" 0 4);
       let b = Bytes.create 10 in
       let n = Unix.read c b 0 10 in
       Printf.printf "child got %S, peer %s\n%!" (Bytes.sub_string b 0 n) (show_addr (Unix.getpeername c));
       Unix._exit 0
   | pid ->
       let fd, peer = Unix.accept l in
       Printf.printf "accepted peer: %s\n%!" (show_addr peer);
       let b = Bytes.create 10 in
       let n = Unix.read fd b 0 10 in
       Printf.printf "server got %S\n%!" (Bytes.sub_string b 0 n);
       ignore (Unix.write_substring fd "pong" 0 4);
       ignore (Unix.waitpid [] pid);
       Unix.close fd);
  Unix.close l;
  Unix.unlink path;
  (* socketpair, stream *)
  let x, y = Unix.socketpair ~cloexec:true Unix.PF_UNIX Unix.SOCK_STREAM 0 in
  ignore (Unix.write_substring x "over the pair" 0 13);
  let b = Bytes.create 64 in
  let n = Unix.read y b 0 64 in
  Printf.printf "pair: %S\n" (Bytes.sub_string b 0 n);
  Printf.printf "pair names: %s / %s\n" (show_addr (Unix.getsockname x)) (show_addr (Unix.getpeername x));
  let oc = Unix.out_channel_of_descr x and ic = Unix.in_channel_of_descr y in
  output_string oc "line one\nline two\n"; flush oc;
  Printf.printf "%s + %s\n" (input_line ic) (input_line ic);
  Unix.shutdown x Unix.SHUTDOWN_ALL;
  Printf.printf "after shutdown read: %d\n" (Unix.read y b 0 64);
  Unix.close x; Unix.close y;
  (* datagram sockets bound to paths *)
  let d1 = Unix.socket Unix.PF_UNIX Unix.SOCK_DGRAM 0 in
  let d2 = Unix.socket Unix.PF_UNIX Unix.SOCK_DGRAM 0 in
  Unix.bind d1 (Unix.ADDR_UNIX "d1");
  Unix.bind d2 (Unix.ADDR_UNIX "d2");
  ignore (Unix.sendto_substring d1 "datagram" 0 8 [] (Unix.ADDR_UNIX "d2"));
  let n, from = Unix.recvfrom d2 b 0 64 [] in
  Printf.printf "dgram %S from %s\n" (Bytes.sub_string b 0 n) (show_addr from);
  (* an unbound sender has an empty address *)
  let d3 = Unix.socket Unix.PF_UNIX Unix.SOCK_DGRAM 0 in
  ignore (Unix.sendto_substring d3 "anon" 0 4 [] (Unix.ADDR_UNIX "d2"));
  let n, from = Unix.recvfrom d2 b 0 64 [] in
  Printf.printf "dgram %S from %s\n" (Bytes.sub_string b 0 n) (show_addr from);
  List.iter Unix.close [d1; d2; d3];
  Unix.unlink "d1"; Unix.unlink "d2";
  (* Linux abstract names start with a NUL byte *)
  let name = "\000mcrun-unix-test-abstract-" ^ string_of_int (Unix.getpid ()) in
  let a = Unix.socket Unix.PF_UNIX Unix.SOCK_DGRAM 0 in
  Unix.bind a (Unix.ADDR_UNIX name);
  Printf.printf "abstract name round trip: %b\n" (Unix.getsockname a = Unix.ADDR_UNIX name);
  Unix.close a;
  (* socketpair of datagrams *)
  let p, q = Unix.socketpair Unix.PF_UNIX Unix.SOCK_DGRAM 0 in
  ignore (Unix.send_substring p "a" 0 1 []);
  ignore (Unix.send_substring p "bc" 0 2 []);
  Printf.printf "dgram pair: %d %d\n" (Unix.recv q b 0 64 []) (Unix.recv q b 0 64 []);
  Unix.close p; Unix.close q;
  (* path errors *)
  (try Unix.connect (Unix.socket Unix.PF_UNIX Unix.SOCK_STREAM 0) (Unix.ADDR_UNIX "a\000b")
   with Unix.Unix_error (e, f, arg) -> Printf.printf "nul path: %s %S %S\n" (Unix.error_message e) f arg)
