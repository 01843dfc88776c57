(* libs: unix threads *)
(* Thread.join returns results through shared state; an exception that
   escapes a thread is reported on stderr as "Thread N killed on uncaught
   exception ..." and does not stop the program; a custom handler set with
   Thread.set_uncaught_exception_handler replaces the message; Thread.exit
   is gone in 5.x, so a thread ends by returning or raising. *)

exception Custom of int * string

let () =
  Printexc.register_printer (function
      | Custom (n, s) -> Some (Printf.sprintf "Custom<%d,%s>" n s)
      | _ -> None)

let () =
  let r = ref 0 in
  let t = Thread.create (fun x -> r := x * 2) 21 in
  Thread.join t;
  Printf.printf "result through a ref: %d\n%!" !r;
  (* uncaught exceptions: default handler, one at a time so stderr order is fixed *)
  let t1 = Thread.create (fun () -> failwith "boom") () in
  Thread.join t1;
  Printf.printf "after thread %d failed, main continues\n%!" (Thread.id t1);
  let t2 = Thread.create (fun () -> raise Not_found) () in
  Thread.join t2;
  let t3 = Thread.create (fun () -> raise (Custom (7, "seven"))) () in
  Thread.join t3;
  let t4 = Thread.create (fun () -> invalid_arg "bad arg") () in
  Thread.join t4;
  let t5 = Thread.create (fun () -> ignore (Array.make 3 0).(5)) () in
  Thread.join t5;
  (* joining twice is fine *)
  Thread.join t5;
  print_endline "joined a dead thread twice";
  (* a custom handler *)
  Thread.set_uncaught_exception_handler (fun e ->
      Printf.printf "handler in thread %d: %s\n%!" (Thread.id (Thread.self ())) (Printexc.to_string e));
  let t6 = Thread.create (fun () -> raise (Custom (6, "six"))) () in
  Thread.join t6;
  (* a handler that itself raises: the runtime reports both *)
  Thread.set_uncaught_exception_handler (fun _ -> failwith "handler failed");
  let t7 = Thread.create (fun () -> raise Exit) () in
  Thread.join t7;
  Thread.set_uncaught_exception_handler (fun e -> Printf.eprintf "quiet: %s\n%!" (Printexc.to_string e));
  (* exceptions caught inside the thread do not reach the handler *)
  let caught = ref "" in
  let t8 = Thread.create (fun () -> try failwith "inner" with Failure s -> caught := s) () in
  Thread.join t8;
  Printf.printf "caught inside: %s\n%!" !caught;
  (* many threads fail at once; count via the handler *)
  let m = Mutex.create () and n = ref 0 in
  Thread.set_uncaught_exception_handler (fun _ -> Mutex.protect m (fun () -> incr n));
  let ts = List.init 10 (fun i -> Thread.create (fun () -> if i mod 2 = 0 then raise Exit) ()) in
  List.iter Thread.join ts;
  Printf.printf "handler called %d times\n%!" !n;
  (* Thread.exit still exists, deprecated: it raises an exception that ends the thread *)
  let after = ref false in
  let t9 = Thread.create (fun () -> (Thread.exit [@alert "-deprecated"]) (); after := true) () in
  Thread.join t9;
  Printf.printf "code after Thread.exit ran: %b\n%!" !after;
  (* an uncaught exception in the main thread while other threads exist *)
  let _sleeper = Thread.create (fun () -> Thread.delay 0.05) () in
  raise (Custom (0, "main"))
