(* Producer/consumer pipelines: stages connected by Send/Recv effects.
   Deep version: a producer fiber, a chain of filter/map fibers and a
   consumer, driven by a scheduler that parks a stage when its channel
   is empty or full (bounded buffers).  Shallow version: pull-based pipes
   where each stage is a shallow fiber resumed by its downstream. *)
open Effect
open Effect.Deep

type chan = { id : int; buf : int Queue.t; cap : int;
              mutable closed : bool;
              mutable readers : (unit -> unit) list; mutable writers : (unit -> unit) list }

type _ Effect.t +=
  | Send : chan * int -> unit Effect.t
  | Recv : chan -> int option Effect.t

let stats = Hashtbl.create 8
let bump name = Hashtbl.replace stats name (1 + try Hashtbl.find stats name with Not_found -> 0)

let run_all (procs : (unit -> unit) list) =
  let ready : (unit -> unit) Queue.t = Queue.create () in
  let wake l = List.iter (fun f -> Queue.push f ready) (List.rev l) in
  let rec go f =
    match_with f ()
      { retc = (fun () -> bump "finished");
        exnc = (fun e -> bump ("died: " ^ Printexc.to_string e));
        effc = (fun (type a) (e : a Effect.t) ->
          match e with
          | Send (c, v) -> Some (fun (k : (a, unit) continuation) ->
              let rec attempt () =
                if Queue.length c.buf < c.cap then begin
                  Queue.push v c.buf; bump "sent";
                  let r = c.readers in c.readers <- []; wake r;
                  continue k ()
                end else begin
                  bump "send-blocked";
                  c.writers <- attempt :: c.writers
                end in
              attempt ())
          | Recv c -> Some (fun (k : (a, unit) continuation) ->
              let rec attempt () =
                if not (Queue.is_empty c.buf) then begin
                  let v = Queue.pop c.buf in bump "received";
                  let w = c.writers in c.writers <- []; wake w;
                  continue k (Some v)
                end else if c.closed then continue k None
                else begin
                  bump "recv-blocked";
                  c.readers <- attempt :: c.readers
                end in
              attempt ())
          | _ -> None) }
  in
  List.iter (fun p -> Queue.push (fun () -> go p) ready) procs;
  while not (Queue.is_empty ready) do (Queue.pop ready) () done

let chan id cap = { id; buf = Queue.create (); cap; closed = false; readers = []; writers = [] }
let close c = c.closed <- true
let send c v = perform (Send (c, v))
let recv c = perform (Recv c)

let producer out n () =
  for i = 1 to n do send out i done;
  close out;
  (* Closing wakes nobody by itself: send a wake-up through an empty
     perform-free path: readers re-check on their next attempt. *)
  List.iter (fun f -> f ()) (let r = out.readers in out.readers <- []; r)

let stage inp out f () =
  let rec loop () =
    match recv inp with
    | None -> close out; List.iter (fun g -> g ()) (let r = out.readers in out.readers <- []; r)
    | Some v -> (match f v with Some w -> send out w | None -> ()); loop ()
  in loop ()

let consumer inp result () =
  let rec loop acc n = match recv inp with
    | None -> result := (acc, n)
    | Some v -> loop (acc + v) (n + 1) in
  loop 0 0

let print_stats label =
  let l = Hashtbl.fold (fun k v acc -> (k, v) :: acc) stats [] in
  Printf.printf "%s:%s\n" label
    (String.concat "" (List.map (fun (k, v) -> Printf.sprintf " %s=%d" k v) (List.sort compare l)));
  Hashtbl.reset stats

let () =
  List.iter (fun (n, cap) ->
      let c0 = chan 0 cap and c1 = chan 1 cap and c2 = chan 2 cap and c3 = chan 3 cap in
      let result = ref (0, 0) in
      run_all [
        consumer c3 result;
        stage c2 c3 (fun v -> Some (v + 1));
        stage c1 c2 (fun v -> if v mod 3 = 0 then None else Some (v * 10));
        stage c0 c1 (fun v -> Some (v * v mod 1009));
        producer c0 n ];
      let sum, count = !result in
      Printf.printf "pipeline n=%d cap=%d: consumed %d values, sum %d\n" n cap count sum;
      print_stats "  stats") [ (10, 1); (1000, 4); (100_000, 16) ]

(* Shallow pull pipes: a stage asks for input with Await and offers output
   with Offer; the downstream consumer resumes the upstream fiber only when
   it needs a value. *)
module S = Effect.Shallow

type _ Effect.t += Await : int option Effect.t | Offer : int -> unit Effect.t

type source = (unit, unit) S.continuation

(* Resume a stage with [v] (unit, or the value it awaited) and run it
   until it offers its next output; it may await from [upstream]. *)
let rec pull_with : type a. (a, unit) S.continuation -> a -> (unit -> int option) -> (int * source) option =
  fun k v upstream ->
  S.continue_with k v
    { retc = (fun () -> None);
      exnc = raise;
      effc = (fun (type b) (e : b Effect.t) ->
        match e with
        | Offer w -> Some (fun (k : (b, unit) S.continuation) -> Some (w, (k : source)))
        | Await -> Some (fun (k : (b, unit) S.continuation) -> pull_with k (upstream ()) upstream)
        | _ -> None) }

let rec to_fn (src : source) (upstream : unit -> int option) : unit -> int option =
  let cur = ref (Some src) in
  fun () -> match !cur with
    | None -> None
    | Some s -> (match pull_with s () upstream with
        | None -> cur := None; None
        | Some (v, s') -> cur := Some s'; Some v)

let () =
  let nothing () = None in
  let numbers n = S.fiber (fun () -> for i = 1 to n do perform (Offer i) done) in
  let map f = S.fiber (fun () ->
      let rec loop () = match perform Await with
        | None -> () | Some v -> perform (Offer (f v)); loop () in loop ()) in
  let filter p = S.fiber (fun () ->
      let rec loop () = match perform Await with
        | None -> () | Some v -> if p v then perform (Offer v); loop () in loop ()) in
  let src = to_fn (numbers 50_000) nothing in
  let sq = to_fn (map (fun x -> x * x mod 10007)) src in
  let ev = to_fn (filter (fun x -> x land 1 = 0)) sq in
  let rec sum acc n = match ev () with None -> (acc, n) | Some v -> sum (acc + v) (n + 1) in
  let s, n = sum 0 0 in
  Printf.printf "shallow pipe: %d values, sum %d\n" n s;
  let first = to_fn (numbers 5) nothing in
  let dbl = to_fn (map (fun x -> 2 * x)) first in
  let l = List.init 7 (fun _ -> match dbl () with None -> "-" | Some v -> string_of_int v) in
  Printf.printf "shallow pipe small: %s\n" (String.concat " " l)
