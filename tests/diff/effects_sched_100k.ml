(* A round-robin cooperative scheduler (Effect.Deep) running 100_000 fibers:
   spawn, yield and join (await the result of another fiber), with counts of
   every operation and a check of the order in which fibers ran. *)
open Effect
open Effect.Deep

type 'a promise = { mutable value : 'a option; mutable waiters : ('a -> unit) list }

type _ Effect.t +=
  | Spawn : (unit -> int) -> int promise Effect.t
  | Yield : unit Effect.t
  | Join : int promise -> int Effect.t

let spawns = ref 0 and yields = ref 0 and joins = ref 0
let blocked_joins = ref 0 and completed = ref 0 and switches = ref 0

let run (main : unit -> int) =
  let q : (unit -> unit) Queue.t = Queue.create () in
  let enqueue f = Queue.push f q in
  let rec fork : 'a. int promise -> (unit -> int) -> unit = fun p f ->
    match_with f ()
      { retc = (fun v ->
            incr completed;
            p.value <- Some v;
            List.iter (fun w -> enqueue (fun () -> w v)) (List.rev p.waiters);
            p.waiters <- []);
        exnc = raise;
        effc = (fun (type a) (e : a Effect.t) ->
          match e with
          | Spawn g -> Some (fun (k : (a, unit) continuation) ->
              incr spawns;
              let p' = { value = None; waiters = [] } in
              enqueue (fun () -> fork p' g);
              continue k p')
          | Yield -> Some (fun (k : (a, unit) continuation) ->
              incr yields;
              enqueue (fun () -> continue k ()))
          | Join p' -> Some (fun (k : (a, unit) continuation) ->
              incr joins;
              match p'.value with
              | Some v -> continue k v
              | None ->
                incr blocked_joins;
                p'.waiters <- (fun v -> continue k v) :: p'.waiters)
          | _ -> None) }
  in
  let top = { value = None; waiters = [] } in
  fork top main;
  while not (Queue.is_empty q) do
    incr switches;
    (Queue.pop q) ()
  done;
  top.value

let spawn f = perform (Spawn f)
let yield () = perform Yield
let join p = perform (Join p)

let () =
  (* 1: 100_000 fibers spawned by main, each yields a number of times that
     depends on its index, then returns a value; main joins all of them. *)
  let trace = Buffer.create 64 in
  let r = run (fun () ->
      let ps = Array.init 100_000 (fun i ->
          spawn (fun () ->
              for _ = 1 to i mod 3 do yield () done;
              if i < 5 then Buffer.add_string trace (Printf.sprintf "[%d]" i);
              i mod 1000)) in
      Array.fold_left (fun acc p -> acc + join p) 0 ps) in
  Printf.printf "flat: result=%s spawns=%d yields=%d joins=%d blocked=%d completed=%d switches=%d\n"
    (match r with Some v -> string_of_int v | None -> "none")
    !spawns !yields !joins !blocked_joins !completed !switches;
  Printf.printf "flat: first fibers finished in order %s\n" (Buffer.contents trace);
  spawns := 0; yields := 0; joins := 0; blocked_joins := 0; completed := 0; switches := 0;
  (* 2: a binary tree of fibers, each node spawning two children and joining
     them: 2^16 - 1 = 65_535 fibers in all. *)
  let rec tree depth () =
    if depth = 0 then (yield (); 1)
    else begin
      let a = spawn (tree (depth - 1)) in
      let b = spawn (tree (depth - 1)) in
      yield ();
      join a + join b
    end in
  let r = run (tree 15) in
  Printf.printf "tree: leaves=%s spawns=%d yields=%d joins=%d blocked=%d completed=%d switches=%d\n"
    (match r with Some v -> string_of_int v | None -> "none")
    !spawns !yields !joins !blocked_joins !completed !switches;
  (* 3: round-robin order: 5 fibers each yielding 3 times log their turns. *)
  let log = Buffer.create 64 in
  ignore (run (fun () ->
      let ps = List.init 5 (fun i -> spawn (fun () ->
          for round = 1 to 3 do
            Buffer.add_string log (Printf.sprintf "%c%d " (Char.chr (65 + i)) round);
            yield ()
          done; i)) in
      List.fold_left (fun acc p -> acc + join p) 0 ps));
  Printf.printf "order: %s\n" (Buffer.contents log)
