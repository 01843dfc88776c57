(* Lazy values shared between domains: forced in one domain, read in
   others; forcing under a mutex from several domains; a lazy whose
   computation raises, and Lazy.force of a value being forced by another
   domain (CamlinternalLazy.Undefined is not raised when forcing is
   serialised by a lock). *)

let () =
  let count = Atomic.make 0 in
  let l = lazy (Atomic.incr count; List.init 1000 (fun i -> i * i)) in
  let n = Domain.join (Domain.spawn (fun () -> List.length (Lazy.force l))) in
  Printf.printf "forced in child: %d, is_val in main %b, computed %d times\n" n (Lazy.is_val l) (Atomic.get count);
  Printf.printf "main reads: %d\n" (List.nth (Lazy.force l) 999);
  (* Several domains force distinct lazies held in a shared array. *)
  let lazies = Array.init 8 (fun i -> lazy (String.make (i + 1) (Char.chr (65 + i)))) in
  List.iter Domain.join (List.init 4 (fun d -> Domain.spawn (fun () ->
    ignore (Lazy.force lazies.(2 * d)); ignore (Lazy.force lazies.(2 * d + 1)))));
  Printf.printf "all forced: %b, %s\n" (Array.for_all Lazy.is_val lazies)
    (String.concat "," (Array.to_list (Array.map Lazy.force lazies)));
  (* Forcing one lazy from many domains, serialised by a mutex. *)
  let m = Mutex.create () in
  let count = Atomic.make 0 in
  let shared = lazy (Atomic.incr count; Array.init 100 float_of_int) in
  let sums = List.map Domain.join (List.init 4 (fun _ -> Domain.spawn (fun () ->
    let a = Mutex.protect m (fun () -> Lazy.force shared) in
    Array.fold_left ( +. ) 0. a))) in
  Printf.printf "serialised forcing: sums %s, computed %d times\n"
    (String.concat " " (List.map (Printf.sprintf "%.0f") sums)) (Atomic.get count);
  (* A raising lazy raises the same exception in every domain. *)
  let bad = lazy (failwith "lazy failure") in
  List.iter (fun d ->
    match Domain.join d with
    | s -> print_endline s
    | exception Failure s -> Printf.printf "domain saw Failure %s\n" s)
    (List.init 2 (fun _ -> Domain.spawn (fun () -> Mutex.protect m (fun () -> Lazy.force bad))));
  (* Lazy.from_val and Lazy.map across domains. *)
  let v = Lazy.from_val 21 in
  let doubled = Domain.join (Domain.spawn (fun () -> Lazy.map (fun x -> x * 2) v)) in
  Printf.printf "Lazy.map result: %d\n" (Lazy.force doubled);
  (* A lazy forced while the forcing domain is interrupted by GCs from
     another domain. *)
  let stop = Atomic.make false in
  let gc = Domain.spawn (fun () -> while not (Atomic.get stop) do Gc.minor () done) in
  let big = lazy (let t = Hashtbl.create 16 in for i = 1 to 20_000 do Hashtbl.replace t i (string_of_int i) done; t) in
  let len = Hashtbl.length (Lazy.force big) in
  Atomic.set stop true;
  Domain.join gc;
  Printf.printf "lazy forced during concurrent minor GCs: %d\n" len
