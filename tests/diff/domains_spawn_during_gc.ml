(* Spawning and joining domains while other domains keep requesting
   stop-the-world collections (Gc.minor / Gc.full_major in a loop) and
   allocating: a spawn must take part in, or wait out, a running section. *)

let () =
  let stop = Atomic.make false in
  let minor = Domain.spawn (fun () ->
    let n = ref 0 in
    while not (Atomic.get stop) do Gc.minor (); incr n done; !n > 0) in
  let alloc = Domain.spawn (fun () ->
    let r = ref [] in
    while not (Atomic.get stop) do
      r := List.init 100 string_of_int :: !r;
      if List.length !r > 50 then r := []
    done;
    true) in
  let total = ref 0 in
  for i = 1 to 300 do
    let d = Domain.spawn (fun () -> List.length (List.init (i mod 50) Fun.id)) in
    total := !total + Domain.join d
  done;
  Printf.printf "300 spawn/join pairs under GC pressure: %d\n" !total;
  (* Spawning from several domains at once. *)
  let spawners = List.init 2 (fun k -> Domain.spawn (fun () ->
    let s = ref 0 in
    for i = 1 to 100 do s := !s + Domain.join (Domain.spawn (fun () -> i * (k + 1))) done;
    !s)) in
  Printf.printf "nested spawners: %s\n" (String.concat " " (List.map (fun d -> string_of_int (Domain.join d)) spawners));
  (* A full major cycle requested while spawning. *)
  let major = Domain.spawn (fun () -> for _ = 1 to 10 do Gc.full_major () done) in
  let s = ref 0 in
  for i = 1 to 100 do s := !s + Domain.join (Domain.spawn (fun () -> i)) done;
  Domain.join major;
  Printf.printf "spawns during full_major: %d\n" !s;
  Atomic.set stop true;
  Printf.printf "background domains: %b %b\n" (Domain.join minor) (Domain.join alloc)
