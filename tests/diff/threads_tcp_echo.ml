(* libs: unix threads *)
(* A threaded TCP echo server on 127.0.0.1 (one handler thread per
   connection) and several client threads.  Results are collected per
   client and printed by the main thread after the joins, so the output does
   not depend on the interleaving. *)

let nclients = 5

let rec really_write fd s off len =
  if len > 0 then begin
    let n = Unix.write_substring fd s off len in
    really_write fd s (off + n) (len - n)
  end

let handler fd =
  let buf = Bytes.create 512 in
  let rec loop total =
    let n = Unix.read fd buf 0 512 in
    if n = 0 then total
    else begin
      really_write fd (Bytes.sub_string buf 0 n) 0 n;
      loop (total + n)
    end in
  let total = loop 0 in
  Unix.close fd;
  total

let client port i results =
  let s = Unix.socket ~cloexec:true Unix.PF_INET Unix.SOCK_STREAM 0 in
  Unix.connect s (Unix.ADDR_INET (Unix.inet_addr_loopback, port));
  let ic = Unix.in_channel_of_descr s and oc = Unix.out_channel_of_descr s in
  let lines = List.init (3 + i) (fun k -> Printf.sprintf "client %d line %d %s" i k (String.make (k * 100) (Char.chr (97 + i)))) in
  let got = List.map (fun l ->
      output_string oc l; output_char oc '\n'; flush oc;
      let back = input_line ic in
      back = l) lines in
  (* a big block, written by one thread while the reply is read here *)
  let big = String.init 100_000 (fun k -> Char.chr (32 + (k * (i + 7)) mod 90)) in
  let w = Thread.create (fun () -> output_string oc big; flush oc; Unix.shutdown s Unix.SHUTDOWN_SEND) () in
  let back = really_input_string ic (String.length big) in
  Thread.join w;
  let eof = (try ignore (input_char ic); false with End_of_file -> true) in
  close_in ic;
  results.(i) <- Printf.sprintf "client %d: %d lines echoed ok: %b, big block ok: %b, eof: %b"
      i (List.length got) (List.for_all Fun.id got) (back = big) eof

let () =
  let listener = Unix.socket ~cloexec:true Unix.PF_INET Unix.SOCK_STREAM 0 in
  Unix.setsockopt listener Unix.SO_REUSEADDR true;
  Unix.bind listener (Unix.ADDR_INET (Unix.inet_addr_loopback, 0));
  Unix.listen listener 10;
  let port = match Unix.getsockname listener with
    | Unix.ADDR_INET (_, p) -> p | _ -> assert false in
  let m = Mutex.create () and total = ref 0 in
  let server_t = Thread.create (fun () ->
      let handlers = List.init nclients (fun _ ->
          let fd, _ = Unix.accept ~cloexec:true listener in
          Thread.create (fun fd ->
              let t = handler fd in
              Mutex.protect m (fun () -> total := !total + t)) fd) in
      List.iter Thread.join handlers) () in
  let results = Array.make nclients "" in
  let clients = List.init nclients (fun i -> Thread.create (fun () -> client port i results) ()) in
  List.iter Thread.join clients;
  Thread.join server_t;
  Unix.close listener;
  Array.iter print_endline results;
  let expected = ref 0 in
  for i = 0 to nclients - 1 do
    for k = 0 to 2 + i do
      expected := !expected + String.length (Printf.sprintf "client %d line %d " i k) + k * 100 + 1
    done;
    expected := !expected + 100_000
  done;
  Printf.printf "server echoed %d bytes, expected %d\n" !total !expected
