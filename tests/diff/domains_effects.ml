(* Effect handlers inside domains: generators, a cooperative scheduler per
   domain, continuations resumed after GC, unhandled effects re-raised at
   join, and a continuation that must not be resumed in another domain. *)

open Effect
open Effect.Deep

type _ Effect.t += Yield : int -> unit Effect.t
type _ Effect.t += Ask : string -> int Effect.t
type _ Effect.t += Fork : (unit -> unit) -> unit Effect.t
type _ Effect.t += Pause : unit Effect.t

(* A generator from an iterator, via effects. *)
let to_list (iter : (int -> unit) -> unit) =
  let acc = ref [] in
  match_with (fun () -> iter (fun x -> perform (Yield x))) ()
    { retc = (fun () -> List.rev !acc);
      exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
        | Yield x -> Some (fun (k : (a, _) continuation) -> acc := x :: !acc; continue k ())
        | _ -> None) }

(* A round-robin scheduler with Fork and Pause. *)
let run_scheduler main =
  let q = Queue.create () in
  let log = Buffer.create 64 in
  let rec spawn f =
    match_with f ()
      { retc = (fun () -> next ());
        exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
          | Fork g -> Some (fun (k : (a, _) continuation) -> Queue.push (fun () -> continue k ()) q; spawn g)
          | Pause -> Some (fun (k : (a, _) continuation) -> Queue.push (fun () -> continue k ()) q; next ())
          | _ -> None) }
  and next () = match Queue.take_opt q with Some k -> k () | None -> () in
  spawn (fun () -> main log);
  Buffer.contents log

let () =
  (* Generators in 4 domains at once. *)
  let ds = List.init 4 (fun d -> Domain.spawn (fun () ->
    let l = to_list (fun yield -> for i = 1 to 1000 do if i mod (d + 2) = 0 then yield (i * d) done) in
    (List.length l, List.fold_left ( + ) 0 l))) in
  List.iteri (fun d dom -> let (n, s) = Domain.join dom in Printf.printf "generator in domain %d: %d values, sum %d\n" d n s) ds;
  (* A scheduler per domain, with interleaving that is deterministic within
     each domain. *)
  let ds = List.init 3 (fun d -> Domain.spawn (fun () ->
    run_scheduler (fun log ->
      for t = 1 to 3 do
        perform (Fork (fun () ->
          for step = 1 to 3 do
            Buffer.add_string log (Printf.sprintf "%d.%d.%d " d t step);
            perform Pause
          done))
      done))) in
  List.iter (fun dom -> print_endline (Domain.join dom)) ds;
  (* Many suspended continuations held across a GC inside a domain. *)
  let r = Domain.join (Domain.spawn (fun () ->
    let conts = ref [] in
    let total = ref 0 in
    for i = 1 to 200 do
      match_with (fun () -> let v = perform (Ask (string_of_int i)) in total := !total + v) ()
        { retc = (fun () -> ());
          exnc = raise;
          effc = (fun (type a) (e : a Effect.t) -> match e with
            | Ask s -> Some (fun (k : (a, _) continuation) ->
                conts := ((fun (v : int) -> continue k v), int_of_string s) :: !conts)
            | _ -> None) }
    done;
    Gc.full_major ();
    Gc.compact ();
    List.iter (fun (resume, v) -> resume (v * 2)) !conts;
    !total)) in
  Printf.printf "200 continuations resumed after GC: total %d\n" r;
  (* An unhandled effect in a domain comes out of join. *)
  (match Domain.join (Domain.spawn (fun () -> perform (Ask "nobody"))) with
   | _ -> print_endline "no exception?"
   | exception Unhandled _ -> print_endline "join raised Effect.Unhandled");
  (* Resuming a continuation twice, inside a domain. *)
  (match Domain.join (Domain.spawn (fun () ->
     let saved = ref None in
     match_with (fun () -> perform Pause) ()
       { retc = (fun () -> ()); exnc = raise;
         effc = (fun (type a) (e : a Effect.t) -> match e with
           | Pause -> Some (fun (k : (a, _) continuation) ->
               saved := Some (fun () -> continue k ()); continue k ())
           | _ -> None) };
     match !saved with Some resume -> resume () | None -> ())) with
   | () -> print_endline "resumed twice?!"
   | exception Continuation_already_resumed -> print_endline "join raised Continuation_already_resumed");
  (* A continuation captured in one domain, discontinued in the same domain
     after being passed through another domain's hands. *)
  let result = Domain.join (Domain.spawn (fun () ->
    match_with (fun () -> (try perform Pause; "not discontinued" with Exit -> "discontinued with Exit")) ()
      { retc = (fun s -> s); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
          | Pause -> Some (fun (k : (a, _) continuation) ->
              let k' = Domain.join (Domain.spawn (fun () -> k)) in
              discontinue k' Exit)
          | _ -> None) })) in
  print_endline result

(* A continuation captured in a domain that then finishes, resumed by the
   main domain (fibers may migrate between domains). *)
type resumable = R of (int -> string)

let () =
  let r = Domain.join (Domain.spawn (fun () ->
    match_with (fun () ->
        let v = perform (Ask "from child") in
        let l = List.init v (fun i -> string_of_int (i * i)) in
        "resumed elsewhere: " ^ String.concat "," l) ()
      { retc = (fun s -> R (fun _ -> s)); exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
          | Ask _ -> Some (fun (k : (a, _) continuation) ->
              R (fun (v : int) -> match continue k v with R f -> f 0))
          | _ -> None) })) in
  Gc.full_major ();
  match r with R f -> print_endline (f 6)
