(* libs: unix threads *)
(* Effect handlers inside threads: each thread runs its own generator
   with a deep handler and yields between steps; a continuation captured
   in one thread is resumed by another thread of the same domain (the
   handler moves with it); exceptions and discontinue across threads;
   shallow handlers in threads. *)

open Effect
open Effect.Deep

type _ Effect.t += Yield : int -> unit Effect.t
type _ Effect.t += Ask : string -> int Effect.t

let gen n () = for i = 1 to n do perform (Yield i) done

let collect f =
  let acc = ref [] in
  match_with f () {
    retc = (fun () -> List.rev !acc);
    exnc = raise;
    effc = (fun (type a) (e : a Effect.t) -> match e with
      | Yield v -> Some (fun (k : (a, _) continuation) -> acc := v :: !acc; Thread.yield (); continue k ())
      | _ -> None) }

let () =
  let results = Array.make 4 [] in
  let ts = List.init 4 (fun i -> Thread.create (fun () -> results.(i) <- collect (gen (5 + i))) ()) in
  List.iter Thread.join ts;
  Array.iteri (fun i l -> Printf.printf "thread %d generated: %s\n" i (String.concat " " (List.map string_of_int l))) results;
  (* a continuation captured in one thread, resumed in another *)
  let slot : (string * (int, unit) continuation) option ref = ref None in
  let m = Mutex.create () and c = Condition.create () in
  let t1 = Thread.create (fun () ->
      try_with (fun () ->
          let a = perform (Ask "first") in
          let b = perform (Ask "second") in
          Printf.printf "computation finished with %d\n%!" (a * 10 + b)) ()
        { effc = (fun (type a) (e : a Effect.t) -> match e with
              | Ask q -> Some (fun (k : (a, _) continuation) ->
                  Mutex.protect m (fun () -> slot := Some (q, (k : (int, unit) continuation)); Condition.signal c))
              | _ -> None) }) () in
  Thread.join t1;
  (* t1 has ended; the continuation is resumed from a new thread *)
  let take () =
    Mutex.lock m;
    while !slot = None do Condition.wait c m done;
    let v = Option.get !slot in slot := None; Mutex.unlock m; v in
  let q, k = take () in
  Printf.printf "question %s captured in a finished thread\n%!" q;
  let t2 = Thread.create (fun () -> continue k 4) () in
  Thread.join t2;
  let q, k = take () in
  Printf.printf "question %s asked again from the second thread's resumption\n%!" q;
  let t3 = Thread.create (fun () -> continue k 2) () in
  Thread.join t3;
  (* discontinue in another thread *)
  let kslot : (int, unit) continuation option ref = ref None in
  let t = Thread.create (fun () ->
      match_with (fun () -> ignore (perform (Ask "never")); "not reached") ()
        { retc = (fun s -> print_endline s);
          exnc = (fun e -> Printf.printf "handler saw exception %s\n%!" (Printexc.to_string e));
          effc = (fun (type a) (e : a Effect.t) -> match e with
              | Ask _ -> Some (fun (k : (a, _) continuation) -> kslot := Some (k : (int, unit) continuation))
              | _ -> None) }) () in
  Thread.join t;
  let t = Thread.create (fun () -> discontinue (Option.get !kslot) (Failure "discontinued elsewhere")) () in
  Thread.join t;
  (* shallow handlers driving a generator, one step per thread *)
  let open Effect.Shallow in
  let k = ref (fiber (gen 4)) in
  let log = ref [] and finished = ref false in
  while not !finished do
    let t = Thread.create (fun () ->
        continue_with !k () {
          retc = (fun () -> finished := true);
          exnc = raise;
          effc = (fun (type a) (e : a Effect.t) -> match e with
              | Yield v -> Some (fun (k' : (a, _) continuation) -> log := v :: !log; k := k')
              | _ -> None) }) () in
    Thread.join t
  done;
  Printf.printf "shallow steps in separate threads: %s\n" (String.concat " " (List.rev_map string_of_int !log));
  (* an unhandled effect in a thread is reported like any uncaught exception *)
  let t = Thread.create (fun () -> perform (Yield 0)) () in
  Thread.join t;
  print_endline "main continues after an unhandled effect in a thread"
