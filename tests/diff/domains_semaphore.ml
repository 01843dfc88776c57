(* Semaphore.Counting and Semaphore.Binary across domains. *)

let () =
  (* Counting semaphore limiting concurrency to 2 among 6 domains. *)
  let s = Semaphore.Counting.make 2 in
  let inside = Atomic.make 0 and max_inside = Atomic.make 0 in
  let work = Atomic.make 0 in
  let ds = List.init 6 (fun _ -> Domain.spawn (fun () ->
    for _ = 1 to 200 do
      Semaphore.Counting.acquire s;
      let n = Atomic.fetch_and_add inside 1 + 1 in
      let rec bump () =
        let m = Atomic.get max_inside in
        if n > m && not (Atomic.compare_and_set max_inside m n) then bump ()
      in
      bump ();
      ignore (Sys.opaque_identity (List.init 20 Fun.id));
      Atomic.incr work;
      Atomic.decr inside;
      Semaphore.Counting.release s
    done)) in
  List.iter Domain.join ds;
  Printf.printf "counting: work %d, max inside <= 2: %b, final value %d\n"
    (Atomic.get work) (Atomic.get max_inside <= 2) (Semaphore.Counting.get_value s);
  (* try_acquire *)
  let s = Semaphore.Counting.make 1 in
  Printf.printf "try_acquire: %b %b\n" (Semaphore.Counting.try_acquire s) (Semaphore.Counting.try_acquire s);
  let d = Domain.spawn (fun () -> Semaphore.Counting.release s) in
  Domain.join d;
  Printf.printf "after release in another domain: value %d\n" (Semaphore.Counting.get_value s);
  (* Counting semaphore as a signal: the main domain waits for 5 releases. *)
  let done_ = Semaphore.Counting.make 0 in
  let ds = List.init 5 (fun i -> Domain.spawn (fun () -> let r = i * i in Semaphore.Counting.release done_; r)) in
  for _ = 1 to 5 do Semaphore.Counting.acquire done_ done;
  Printf.printf "5 signals received, results %s\n" (String.concat "," (List.map (fun d -> string_of_int (Domain.join d)) ds));
  (* Errors. *)
  (try ignore (Semaphore.Counting.make (-1)) with Invalid_argument m -> Printf.printf "make -1: Invalid_argument %s\n" m);
  let big = Semaphore.Counting.make max_int in
  (try Semaphore.Counting.release big with Sys_error m -> Printf.printf "release overflow: Sys_error %s\n" m);
  (* Binary semaphore: ping-pong between two domains. *)
  let ping = Semaphore.Binary.make false and pong = Semaphore.Binary.make false in
  let log = Buffer.create 64 in
  let d = Domain.spawn (fun () ->
    for i = 1 to 5 do
      Semaphore.Binary.acquire ping;
      Buffer.add_string log (Printf.sprintf "pong%d " i);
      Semaphore.Binary.release pong
    done) in
  for i = 1 to 5 do
    Buffer.add_string log (Printf.sprintf "ping%d " i);
    Semaphore.Binary.release ping;
    Semaphore.Binary.acquire pong
  done;
  Domain.join d;
  print_endline (Buffer.contents log);
  let b = Semaphore.Binary.make true in
  Printf.printf "binary try_acquire: %b %b\n" (Semaphore.Binary.try_acquire b) (Semaphore.Binary.try_acquire b);
  Semaphore.Binary.release b; Semaphore.Binary.release b;
  Printf.printf "binary after two releases: %b %b\n" (Semaphore.Binary.try_acquire b) (Semaphore.Binary.try_acquire b);
  (* Binary semaphore as a mutex around a non-atomic counter. *)
  let m = Semaphore.Binary.make true in
  let counter = ref 0 in
  let ds = List.init 4 (fun _ -> Domain.spawn (fun () ->
    for _ = 1 to 5_000 do
      Semaphore.Binary.acquire m; incr counter; Semaphore.Binary.release m
    done)) in
  List.iter Domain.join ds;
  Printf.printf "binary-semaphore-protected counter: %d\n" !counter
