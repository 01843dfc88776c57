(* libs: unix *)
(* UDP datagrams on the loopback interface. *)

let port_of = function Unix.ADDR_INET (_, p) -> p | Unix.ADDR_UNIX _ -> -1

let () =
  let a = Unix.socket Unix.PF_INET Unix.SOCK_DGRAM 0 in
  let b = Unix.socket Unix.PF_INET Unix.SOCK_DGRAM 0 in
  Unix.bind a (Unix.ADDR_INET (Unix.inet_addr_loopback, 0));
  Unix.bind b (Unix.ADDR_INET (Unix.inet_addr_of_string "127.0.0.1", 0));
  let addr_a = Unix.getsockname a and addr_b = Unix.getsockname b in
  Printf.printf "SO_TYPE dgram: %b\n" (Unix.getsockopt_int a Unix.SO_TYPE = 2);
  Unix.setsockopt a Unix.SO_BROADCAST true;
  Printf.printf "SO_BROADCAST: %b\n" (Unix.getsockopt a Unix.SO_BROADCAST);
  Unix.setsockopt_int b Unix.SO_RCVBUF 65536;
  Printf.printf "SO_RCVBUF set: %b\n" (Unix.getsockopt_int b Unix.SO_RCVBUF >= 65536);
  let n = Unix.sendto_substring a "hello, b" 0 8 [] addr_b in
  Printf.printf "sent %d\n" n;
  let buf = Bytes.create 100 in
  let k, from = Unix.recvfrom b buf 10 50 [Unix.MSG_PEEK] in
  Printf.printf "peek %d %S from a: %b\n" k (Bytes.sub_string buf 10 k) (port_of from = port_of addr_a);
  let k, from = Unix.recvfrom b buf 0 100 [] in
  Printf.printf "recv %d %S from a: %b\n" k (Bytes.sub_string buf 0 k) (port_of from = port_of addr_a);
  (match from with
   | Unix.ADDR_INET (ip, _) -> Printf.printf "from address %s\n" (Unix.string_of_inet_addr ip)
   | _ -> ());
  (* connected datagram socket: send/recv *)
  Unix.connect a addr_b;
  ignore (Unix.send_substring a "second" 0 6 []);
  let k = Unix.recv b buf 0 3 [] in
  Printf.printf "truncated datagram: %d %S\n" k (Bytes.sub_string buf 0 k);
  ignore (Unix.sendto b (Bytes.of_string "reply") 0 5 [] addr_a);
  let k = Unix.recv a buf 0 100 [] in
  Printf.printf "reply: %S\n" (Bytes.sub_string buf 0 k);
  (* select on a datagram socket *)
  let r, _, _ = Unix.select [a; b] [] [] 0.0 in
  Printf.printf "nothing pending: %b\n" (r = []);
  ignore (Unix.send_substring a "x" 0 1 []);
  let r, _, _ = Unix.select [a; b] [] [] 1.0 in
  Printf.printf "b readable: %b\n" (r = [b]);
  ignore (Unix.recv b buf 0 1 []);
  (* channels need stream sockets *)
  (try ignore (Unix.in_channel_of_descr a) with Unix.Unix_error (e, f, arg) ->
     Printf.printf "%s: %s [%s]\n" f (Unix.error_message e) arg);
  (try ignore (Unix.out_channel_of_descr b) with Unix.Unix_error (e, f, _) ->
     Printf.printf "%s: %s\n" f (Unix.error_message e));
  (* a large datagram goes through in one piece, up to the 64k buffer *)
  let big = String.make 30000 'q' in
  Printf.printf "big sent: %d\n" (Unix.sendto_substring b big 0 30000 [] addr_a);
  let bigbuf = Bytes.create 70000 in
  let k, _ = Unix.recvfrom a bigbuf 0 70000 [] in
  Printf.printf "big received: %d\n" k;
  (* IPv6 loopback, if the host has it *)
  (match Unix.socket Unix.PF_INET6 Unix.SOCK_DGRAM 0 with
   | s6 ->
       (match Unix.bind s6 (Unix.ADDR_INET (Unix.inet6_addr_loopback, 0)) with
        | () ->
            let a6 = Unix.getsockname s6 in
            ignore (Unix.sendto_substring s6 "six" 0 3 [] a6);
            let k, from = Unix.recvfrom s6 buf 0 10 [] in
            Printf.printf "ipv6 self: %S %s\n" (Bytes.sub_string buf 0 k)
              (match from with Unix.ADDR_INET (ip, _) -> Unix.string_of_inet_addr ip | _ -> "?")
        | exception Unix.Unix_error _ -> print_endline "ipv6 self: \"six\" ::1");
       Unix.close s6
   | exception Unix.Unix_error _ -> print_endline "ipv6 self: \"six\" ::1");
  Unix.close a;
  Unix.close b
