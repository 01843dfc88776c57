(* libs: unix threads *)
(* A thread blocked in a read (pipe, socket, channel) does not stop the
   others: the main thread computes while a reader waits, then feeds it.
   Also: blocking writes into a full pipe, Unix.sleepf and Thread.delay in
   a thread while another computes, and input_line on a channel in a
   thread. *)

let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)

let () =
  let r, w = Unix.pipe ~cloexec:true () in
  let got = ref "" in
  let reader_started = Atomic.make false in
  let reader = Thread.create (fun () ->
      Atomic.set reader_started true;
      let b = Bytes.create 64 in
      let n = Unix.read r b 0 64 in
      got := Bytes.sub_string b 0 n) () in
  while not (Atomic.get reader_started) do Thread.yield () done;
  (* the reader is now (almost certainly) blocked; compute meanwhile *)
  let f = fib 22 in
  Printf.printf "main computed fib 22 = %d while the reader waited\n%!" f;
  ignore (Unix.write_substring w "data for the reader" 0 19);
  Thread.join reader;
  Printf.printf "reader got: %s\n%!" !got;
  (* a writer blocked on a full pipe; the main thread drains it *)
  let big = 1 lsl 20 in
  let written = ref 0 in
  let writer = Thread.create (fun () ->
      let chunk = Bytes.make 65536 'z' in
      while !written < big do
        written := !written + Unix.write w chunk 0 (min 65536 (big - !written))
      done;
      Unix.close w) () in
  let b = Bytes.create 10000 in
  let total = ref 0 and all_z = ref true in
  let rec drain () =
    let n = Unix.read r b 0 10000 in
    if n > 0 then begin
      for i = 0 to n - 1 do if Bytes.get b i <> 'z' then all_z := false done;
      total := !total + n; drain ()
    end in
  drain ();
  Thread.join writer;
  Printf.printf "drained %d bytes (all z: %b), writer wrote %d\n%!" !total !all_z !written;
  Unix.close r;
  (* input_line on a channel in a thread, lines fed one by one *)
  let r, w = Unix.pipe () in
  let ic = Unix.in_channel_of_descr r and oc = Unix.out_channel_of_descr w in
  let lines = ref [] in
  let m = Mutex.create () and c = Condition.create () and acked = ref 0 in
  let t = Thread.create (fun () ->
      (try while true do
           let l = input_line ic in
           Mutex.protect m (fun () -> lines := l :: !lines; incr acked; Condition.signal c)
         done with End_of_file -> ())) () in
  List.iteri (fun i l ->
      output_string oc l; output_char oc '\n'; flush oc;
      Mutex.lock m; while !acked <= i do Condition.wait c m done; Mutex.unlock m)
    ["first"; "second"; "third"];
  close_out oc;
  Thread.join t;
  close_in ic;
  Printf.printf "lines: %s\n%!" (String.concat "," (List.rev !lines));
  (* sleeping threads and a computing one *)
  let order = ref [] in
  let m = Mutex.create () in
  let note s = Mutex.protect m (fun () -> order := s :: !order) in
  let s1 = Thread.create (fun () -> Unix.sleepf 0.2; note "sleepf done") () in
  let s2 = Thread.create (fun () -> Thread.delay 0.2; note "delay done") () in
  let c = Thread.create (fun () -> ignore (fib 18); note "compute done") () in
  Thread.join c;
  Thread.join s1; Thread.join s2;
  Printf.printf "first finished: %s; all: %d\n%!" (List.nth !order 2) (List.length !order);
  (* a socketpair: a thread blocked in recv *)
  let a, b = Unix.socketpair Unix.PF_UNIX Unix.SOCK_STREAM 0 in
  let res = ref "" in
  let t = Thread.create (fun () ->
      let buf = Bytes.create 16 in
      let n = Unix.recv a buf 0 16 [] in
      res := Bytes.sub_string buf 0 n;
      ignore (Unix.send_substring a "pong" 0 4 [])) () in
  Thread.delay 0.02;
  ignore (Unix.send_substring b "ping" 0 4 []);
  let buf = Bytes.create 16 in
  let n = Unix.recv b buf 0 16 [] in
  Thread.join t;
  Printf.printf "socketpair: thread got %s, main got %s\n" !res (Bytes.sub_string buf 0 n);
  Unix.close a; Unix.close b
