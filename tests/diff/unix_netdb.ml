(* libs: unix *)
(* Addresses and name services: getaddrinfo of localhost, getnameinfo,
   inet_addr conversions, hosts, protocols and services. *)

let domain = function Unix.PF_UNIX -> "UNIX" | Unix.PF_INET -> "INET" | Unix.PF_INET6 -> "INET6"
let stype = function
  | Unix.SOCK_STREAM -> "STREAM" | Unix.SOCK_DGRAM -> "DGRAM"
  | Unix.SOCK_RAW -> "RAW" | Unix.SOCK_SEQPACKET -> "SEQPACKET"
let addr = function
  | Unix.ADDR_UNIX p -> "unix:" ^ p
  | Unix.ADDR_INET (a, p) -> Printf.sprintf "%s:%d" (Unix.string_of_inet_addr a) p

let show_ai ai =
  Printf.sprintf "%s %s proto=%d %s canon=%S" (domain ai.Unix.ai_family) (stype ai.Unix.ai_socktype)
    ai.Unix.ai_protocol (addr ai.Unix.ai_addr) ai.Unix.ai_canonname

let () =
  List.iter (fun s ->
      match Unix.inet_addr_of_string s with
      | a -> Printf.printf "%s -> %s (ipv6: %b)\n" s (Unix.string_of_inet_addr a) (Unix.is_inet6_addr a)
      | exception Failure m -> Printf.printf "%s -> Failure %s\n" s m)
    ["127.0.0.1"; "0.0.0.0"; "255.255.255.255"; "10.1.2.3"; "::1"; "::"; "fe80::1:2";
     "2001:db8:0:0:1:0:0:1"; "::ffff:1.2.3.4"; "1.2.3"; "256.1.1.1"; "hello"; ""];
  Printf.printf "constants: %s %s %s %s\n" (Unix.string_of_inet_addr Unix.inet_addr_any)
    (Unix.string_of_inet_addr Unix.inet_addr_loopback) (Unix.string_of_inet_addr Unix.inet6_addr_any)
    (Unix.string_of_inet_addr Unix.inet6_addr_loopback);
  let ais = Unix.getaddrinfo "localhost" "80" [Unix.AI_FAMILY Unix.PF_INET; Unix.AI_SOCKTYPE Unix.SOCK_STREAM] in
  List.iter (fun ai -> print_endline ("localhost: " ^ show_ai ai)) ais;
  let ais = Unix.getaddrinfo "127.0.0.1" "" [Unix.AI_NUMERICHOST; Unix.AI_SOCKTYPE Unix.SOCK_DGRAM] in
  List.iter (fun ai -> print_endline ("numeric: " ^ show_ai ai)) ais;
  let ais = Unix.getaddrinfo "::1" "1234" [Unix.AI_NUMERICHOST; Unix.AI_PROTOCOL 6] in
  List.iter (fun ai -> print_endline ("numeric v6: " ^ show_ai ai)) ais;
  let ais = Unix.getaddrinfo "" "8080" [Unix.AI_PASSIVE; Unix.AI_FAMILY Unix.PF_INET; Unix.AI_SOCKTYPE Unix.SOCK_STREAM] in
  List.iter (fun ai -> print_endline ("passive: " ^ show_ai ai)) ais;
  let all = Unix.getaddrinfo "127.0.0.1" "7" [Unix.AI_NUMERICHOST] in
  Printf.printf "all socket types: %s\n" (String.concat "," (List.map (fun ai -> stype ai.Unix.ai_socktype) all));
  Printf.printf "bad numeric: %d\n" (List.length (Unix.getaddrinfo "not-an-address" "" [Unix.AI_NUMERICHOST]));
  Printf.printf "nul: %d\n" (List.length (Unix.getaddrinfo "local\000host" "" []));
  let ni = Unix.getnameinfo (Unix.ADDR_INET (Unix.inet_addr_loopback, 80)) [Unix.NI_NUMERICHOST; Unix.NI_NUMERICSERV] in
  Printf.printf "getnameinfo numeric: %s %s\n" ni.Unix.ni_hostname ni.Unix.ni_service;
  let ni = Unix.getnameinfo (Unix.ADDR_INET (Unix.inet6_addr_loopback, 443)) [Unix.NI_NUMERICHOST; Unix.NI_NUMERICSERV; Unix.NI_DGRAM] in
  Printf.printf "getnameinfo v6: %s %s\n" ni.Unix.ni_hostname ni.Unix.ni_service;
  (match Unix.getnameinfo (Unix.ADDR_INET (Unix.inet_addr_of_string "127.0.0.1", 1)) [Unix.NI_NAMEREQD] with
   | ni -> Printf.printf "getnameinfo name: %b\n" (ni.Unix.ni_hostname <> "")
   | exception Not_found -> print_endline "getnameinfo name: Not_found");
  (match Unix.getnameinfo (Unix.ADDR_UNIX "x") [] with
   | ni -> Printf.printf "getnameinfo unix: host given %b, service %S\n" (ni.Unix.ni_hostname <> "") ni.Unix.ni_service
   | exception Not_found -> print_endline "getnameinfo unix: Not_found");
  (match Unix.gethostbyname "localhost" with
   | h ->
       Printf.printf "gethostbyname localhost: family %s, has 127.0.0.1: %b\n" (domain h.Unix.h_addrtype)
         (Array.exists (fun a -> Unix.string_of_inet_addr a = "127.0.0.1") h.Unix.h_addr_list)
   | exception Not_found -> print_endline "gethostbyname localhost: Not_found");
  (match Unix.gethostbyname "127.0.0.1" with
   | h -> Printf.printf "gethostbyname numeric: %s %d\n" h.Unix.h_name (Array.length h.Unix.h_addr_list)
   | exception Not_found -> print_endline "gethostbyname numeric: Not_found");
  (match Unix.gethostbyname "no-such-host.invalid" with
   | _ -> print_endline "invalid host found?"
   | exception Not_found -> print_endline "gethostbyname invalid: Not_found");
  (match Unix.gethostbyaddr Unix.inet_addr_loopback with
   | h -> Printf.printf "gethostbyaddr loopback: named %b\n" (h.Unix.h_name <> "")
   | exception Not_found -> print_endline "gethostbyaddr loopback: Not_found");
  Printf.printf "gethostname nonempty: %b\n" (Unix.gethostname () <> "");
  (match Unix.getprotobyname "tcp" with
   | p -> Printf.printf "tcp: %s %d\n" p.Unix.p_name p.Unix.p_proto
   | exception Not_found -> print_endline "tcp: Not_found");
  (match Unix.getprotobynumber 17 with
   | p -> Printf.printf "17: %s [%s]\n" p.Unix.p_name (String.concat ";" (Array.to_list p.Unix.p_aliases))
   | exception Not_found -> print_endline "17: Not_found");
  (try ignore (Unix.getprotobyname "no-such-proto") with Not_found -> print_endline "proto: Not_found");
  (match Unix.getservbyname "http" "tcp" with
   | s -> Printf.printf "http: %s %d %s\n" s.Unix.s_name s.Unix.s_port s.Unix.s_proto
   | exception Not_found -> print_endline "http: Not_found");
  (match Unix.getservbyport 22 "tcp" with
   | s -> Printf.printf "22: %s\n" s.Unix.s_name
   | exception Not_found -> print_endline "22: Not_found");
  (try ignore (Unix.getservbyname "no-such-service" "tcp") with Not_found -> print_endline "service: Not_found");
  Printf.printf "domain_of_sockaddr: %s %s %s\n"
    (domain (Unix.domain_of_sockaddr (Unix.ADDR_UNIX "x")))
    (domain (Unix.domain_of_sockaddr (Unix.ADDR_INET (Unix.inet_addr_any, 0))))
    (domain (Unix.domain_of_sockaddr (Unix.ADDR_INET (Unix.inet6_addr_any, 0))))
