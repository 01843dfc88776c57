(* Dynarray (OCaml 5.2+) shared between domains under a Mutex: concurrent
   appends, pops, and a final sequential check. *)

let () =
  let a = Dynarray.create () in
  let m = Mutex.create () in
  let ds = List.init 4 (fun d -> Domain.spawn (fun () ->
    for i = 0 to 2_499 do
      Mutex.protect m (fun () -> Dynarray.add_last a (d * 10_000 + i))
    done)) in
  List.iter Domain.join ds;
  Printf.printf "length after appends: %d\n" (Dynarray.length a);
  let sorted = List.sort compare (Dynarray.to_list a) in
  let expected = List.concat (List.init 4 (fun d -> List.init 2_500 (fun i -> d * 10_000 + i))) in
  Printf.printf "contents complete: %b\n" (sorted = expected);
  (* Each domain's elements keep their relative order. *)
  let last = Array.make 4 (-1) and ordered = ref true in
  Dynarray.iter (fun x -> let d = x / 10_000 in if x <= last.(d) then ordered := false; last.(d) <- x) a;
  Printf.printf "per-domain order kept: %b\n" !ordered;
  (* Concurrent pops: every element comes out exactly once. *)
  let popped = Array.make 4 [] in
  let ds = List.init 4 (fun d -> Domain.spawn (fun () ->
    let rec loop acc =
      match Mutex.protect m (fun () -> Dynarray.pop_last_opt a) with
      | Some x -> loop (x :: acc)
      | None -> acc
    in
    popped.(d) <- loop [])) in
  List.iter Domain.join ds;
  let all = List.sort compare (List.concat (Array.to_list popped)) in
  Printf.printf "popped all exactly once: %b, empty now: %b\n" (all = expected) (Dynarray.is_empty a);
  (* Dynarray of boxed values built in several domains, then merged. *)
  let parts = List.init 3 (fun d -> Domain.spawn (fun () ->
    let local = Dynarray.init 1000 (fun i -> string_of_int (d * 1000 + i)) in
    Dynarray.filter (fun s -> String.length s mod 2 = 0) local)) in
  let merged = Dynarray.create () in
  List.iter (fun p -> Dynarray.append merged (Domain.join p)) parts;
  Printf.printf "merged: %d strings, first %s, last %s\n" (Dynarray.length merged)
    (Dynarray.get merged 0) (Dynarray.get merged (Dynarray.length merged - 1));
  (* Readers in parallel with a writer that appends under the lock. *)
  let b = Dynarray.make 10 0 in
  let stop = Atomic.make false in
  let writer = Domain.spawn (fun () ->
    for i = 1 to 5_000 do Mutex.protect m (fun () -> Dynarray.add_last b i) done;
    Atomic.set stop true) in
  let reader = Domain.spawn (fun () ->
    let ok = ref true in
    while not (Atomic.get stop) do
      Mutex.protect m (fun () ->
        let n = Dynarray.length b in
        if n > 10 && Dynarray.get b (n - 1) <> n - 10 then ok := false)
    done;
    !ok) in
  Domain.join writer;
  Printf.printf "reader saw consistent states: %b, final length %d\n" (Domain.join reader) (Dynarray.length b);
  (* Dynarray misuse errors are raised in domains as on the main domain. *)
  (match Domain.join (Domain.spawn (fun () -> Dynarray.get (Dynarray.create ()) 0)) with
   | () -> ()
   | exception Invalid_argument msg -> Printf.printf "Invalid_argument %s\n" msg)
