(* libs: unix *)
(* A fork-based TCP echo server and a client on the loopback interface. *)

let rec really_write fd s off len =
  if len > 0 then begin
    let n = Unix.write_substring fd s off len in
    really_write fd s (off + n) (len - n)
  end

(* The server child prints nothing (its output would interleave with the
   client's): it reports through its exit code, 0 if the peer was the
   loopback address and the byte count matched. *)
let serve_one listener expected =
  let fd, peer = Unix.accept ~cloexec:true listener in
  let loopback = match peer with
    | Unix.ADDR_INET (a, _) -> Unix.string_of_inet_addr a = "127.0.0.1"
    | Unix.ADDR_UNIX _ -> false in
  let buf = Bytes.create 1024 in
  let rec loop total =
    let n = Unix.recv fd buf 0 1024 [] in
    if n = 0 then total
    else begin
      really_write fd (Bytes.sub_string buf 0 n) 0 n;
      loop (total + n)
    end in
  let total = loop 0 in
  Unix.close fd;
  if not loopback then 1 else if total <> expected then 2 else 0

let () =
  let listener = Unix.socket ~cloexec:true Unix.PF_INET Unix.SOCK_STREAM 0 in
  Unix.setsockopt listener Unix.SO_REUSEADDR true;
  Printf.printf "SO_REUSEADDR: %b\n" (Unix.getsockopt listener Unix.SO_REUSEADDR);
  Printf.printf "SO_TYPE is stream: %b\n" (Unix.getsockopt_int listener Unix.SO_TYPE = 1);
  Printf.printf "SO_ERROR: %s\n"
    (match Unix.getsockopt_error listener with None -> "none" | Some e -> Unix.error_message e);
  Unix.bind listener (Unix.ADDR_INET (Unix.inet_addr_loopback, 0));
  Unix.listen listener 5;
  Printf.printf "SO_ACCEPTCONN: %b\n" (Unix.getsockopt listener Unix.SO_ACCEPTCONN);
  let port = match Unix.getsockname listener with
    | Unix.ADDR_INET (a, p) -> Printf.printf "bound to %s, port>0: %b\n" (Unix.string_of_inet_addr a) (p > 0); p
    | Unix.ADDR_UNIX _ -> assert false in
  flush stdout;
  match Unix.fork () with
  | 0 ->
      Unix._exit (serve_one listener 5000)
  | pid ->
      Unix.close listener;
      let s = Unix.socket Unix.PF_INET Unix.SOCK_STREAM 0 in
      Unix.connect s (Unix.ADDR_INET (Unix.inet_addr_loopback, port));
      Unix.setsockopt s Unix.TCP_NODELAY true;
      Printf.printf "TCP_NODELAY: %b\n" (Unix.getsockopt s Unix.TCP_NODELAY);
      Unix.setsockopt_optint s Unix.SO_LINGER (Some 2);
      Printf.printf "SO_LINGER: %s\n"
        (match Unix.getsockopt_optint s Unix.SO_LINGER with None -> "none" | Some n -> string_of_int n);
      Unix.setsockopt_optint s Unix.SO_LINGER None;
      Printf.printf "SO_LINGER off: %b\n" (Unix.getsockopt_optint s Unix.SO_LINGER = None);
      Unix.setsockopt_float s Unix.SO_RCVTIMEO 2.5;
      Printf.printf "SO_RCVTIMEO: %.1f\n" (Unix.getsockopt_float s Unix.SO_RCVTIMEO);
      (match Unix.getpeername s with
       | Unix.ADDR_INET (a, p) -> Printf.printf "peer %s, same port: %b\n" (Unix.string_of_inet_addr a) (p = port)
       | _ -> ());
      let msg = String.init 5000 (fun i -> Char.chr (97 + i mod 26)) in
      let n = Unix.send_substring s msg 0 (String.length msg) [] in
      Printf.printf "sent %d\n" n;
      really_write s msg n (String.length msg - n);
      Unix.shutdown s Unix.SHUTDOWN_SEND;
      let buf = Buffer.create 5000 and b = Bytes.create 777 in
      let rec loop () =
        let k = Unix.read s b 0 777 in
        if k > 0 then (Buffer.add_subbytes buf b 0 k; loop ()) in
      loop ();
      Printf.printf "client: got back %d bytes, equal: %b\n" (Buffer.length buf) (Buffer.contents buf = msg);
      Unix.close s;
      let _, st = Unix.waitpid [] pid in
      Printf.printf "server exit: %s\n" (match st with Unix.WEXITED n -> string_of_int n | _ -> "?");
      (* a second round with channels over the socket *)
      let listener = Unix.socket Unix.PF_INET Unix.SOCK_STREAM 0 in
      Unix.bind listener (Unix.ADDR_INET (Unix.inet_addr_loopback, 0));
      Unix.listen listener 1;
      let addr = Unix.getsockname listener in
      flush stdout;
      (match Unix.fork () with
       | 0 ->
           let fd, _ = Unix.accept listener in
           let ic = Unix.in_channel_of_descr fd and oc = Unix.out_channel_of_descr fd in
           (try while true do
                let l = input_line ic in
                output_string oc (String.uppercase_ascii l ^ "\n"); flush oc
              done with End_of_file -> ());
           Unix._exit 0
       | pid ->
           Unix.close listener;
           let ic, oc = Unix.open_connection addr in
           List.iter (fun w ->
               output_string oc (w ^ "\n"); flush oc;
               Printf.printf "line: %s\n" (input_line ic)) ["alpha"; "beta"; "gamma"];
           Printf.printf "descr_of channels equal: %b\n"
             (Unix.descr_of_in_channel ic = Unix.descr_of_out_channel oc);
           Unix.shutdown_connection ic;
           (try ignore (input_line ic) with End_of_file -> print_endline "eof after shutdown");
           close_in ic;
           ignore (Unix.waitpid [] pid));
      (* connection refused on a closed port *)
      let s = Unix.socket Unix.PF_INET Unix.SOCK_STREAM 0 in
      Unix.bind s (Unix.ADDR_INET (Unix.inet_addr_loopback, 0));
      let closed = Unix.getsockname s in
      Unix.close s;
      let c = Unix.socket Unix.PF_INET Unix.SOCK_STREAM 0 in
      (try Unix.connect c closed with Unix.Unix_error (e, f, _) ->
         Printf.printf "connect: %s %s\n" (Unix.error_message e) f);
      Unix.close c
