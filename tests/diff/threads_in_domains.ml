(* libs: unix threads *)
(* Systhreads inside several domains: each domain runs its own threads
   (a producer/consumer pair and a group of counters), threads of one
   domain synchronise with threads of another through a shared Mutex and
   Condition, and Domain.join waits for a domain whose threads are all
   joined.  Results are printed by the main domain after the joins. *)

let in_domain d =
  (* a producer/consumer pair local to this domain *)
  let q = Queue.create () and m = Mutex.create () and c = Condition.create () in
  let result = ref 0 in
  let consumer = Thread.create (fun () ->
      let sum = ref 0 and fin = ref false in
      while not !fin do
        Mutex.lock m;
        while Queue.is_empty q do Condition.wait c m done;
        let v = Queue.pop q in
        Mutex.unlock m;
        if v < 0 then fin := true else sum := !sum + v
      done;
      result := !sum) () in
  for i = 1 to 1000 do
    Mutex.lock m; Queue.push (i * (d + 1)) q; Condition.signal c; Mutex.unlock m
  done;
  Mutex.lock m; Queue.push (-1) q; Condition.signal c; Mutex.unlock m;
  Thread.join consumer;
  (* counters *)
  let counter = Atomic.make 0 in
  let ts = List.init 4 (fun _ -> Thread.create (fun () ->
      for _ = 1 to 500 do Atomic.incr counter; if Random.int 10 = 0 then Thread.yield () done) ()) in
  List.iter Thread.join ts;
  (!result, Atomic.get counter)

let () =
  let doms = List.init 2 (fun d -> Domain.spawn (fun () -> in_domain d)) in
  let rs = List.map Domain.join doms in
  List.iteri (fun d (s, c) -> Printf.printf "domain %d: consumer sum %d, counter %d\n" d s c) rs;
  (* threads in two domains passing a token through a shared monitor *)
  let m = Mutex.create () and c = Condition.create () in
  let token = ref 0 and log = ref [] in
  let limit = 20 in
  let player parity () =
    let t = Thread.create (fun () ->
        let fin = ref false in
        while not !fin do
          Mutex.lock m;
          while !token mod 2 <> parity && !token < limit do Condition.wait c m done;
          if !token >= limit then fin := true
          else begin
            log := !token :: !log;
            incr token;
            Condition.broadcast c
          end;
          Mutex.unlock m
        done) () in
    Thread.join t in
  let d0 = Domain.spawn (player 0) and d1 = Domain.spawn (player 1) in
  Domain.join d0; Domain.join d1;
  Printf.printf "token passed in order: %b (%d steps)\n"
    (List.rev !log = List.init limit Fun.id) (List.length !log);
  (* in a spawned domain, a thread blocked on a pipe read is woken by data
     that a sibling thread writes after a delay *)
  let d = Domain.spawn (fun () ->
      let r, w = Unix.pipe () in
      let t = Thread.create (fun () ->
          let b = Bytes.create 5 in
          let n = Unix.read r b 0 5 in
          Bytes.sub_string b 0 n) () in
      let t2 = Thread.create (fun () -> Thread.delay 0.02; ignore (Unix.write_substring w "hello" 0 5)) () in
      Thread.join t2;
      Thread.join t;
      Unix.close r; Unix.close w;
      "pipe read in a domain thread") in
  print_endline (Domain.join d)
