(* Benchmark: a round-robin scheduler with 10_000 live fibers, each
   yielding 300 times (3_010_000 context switches), then finishing. *)
open Effect
open Effect.Deep

type _ Effect.t += Yield : unit Effect.t

let nfibers = 10_000
let rounds = 300

let () =
  let q : (unit -> unit) Queue.t = Queue.create () in
  let switches = ref 0 and finished = ref 0 and work = ref 0 in
  let spawn f =
    Queue.push (fun () ->
        match_with f ()
          { retc = (fun () -> incr finished); exnc = raise;
            effc = (fun (type a) (e : a Effect.t) -> match e with
                | Yield -> Some (fun (k : (a, _) continuation) -> Queue.push (fun () -> continue k ()) q)
                | _ -> None) }) q in
  for i = 1 to nfibers do
    spawn (fun () -> for r = 1 to rounds do work := !work + (i lxor r) land 15; perform Yield done)
  done;
  while not (Queue.is_empty q) do incr switches; (Queue.pop q) () done;
  Printf.printf "fibers %d, switches %d, finished %d, work %d\n" nfibers !switches !finished !work
