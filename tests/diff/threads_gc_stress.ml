(* libs: unix threads *)
(* Many threads allocating (lists, arrays, strings, floats, closures,
   major-heap blocks) and keeping live data across yields, blocking
   sections and forced collections (Gc.minor, Gc.full_major, Gc.compact)
   started from different threads; finalisers and weak/ephemeron values
   touched from threads.  Every thread checks its own data at the end. *)

let nthreads = 6

let worker id =
  let keep = ref [] in
  let ok = ref true in
  for round = 1 to 60 do
    let l = List.init 200 (fun i -> (id, round, i, float_of_int (i * id))) in
    let a = Array.init 50 (fun i -> String.make (1 + (i mod 7)) (Char.chr (65 + id))) in
    let big = Array.make 2000 round in
    let f = let r = round in fun x -> x + r + id in
    keep := (l, a, big, f) :: !keep;
    if List.length !keep > 8 then keep := List.filteri (fun i _ -> i < 8) !keep;
    if round mod 7 = id mod 7 then Gc.minor ();
    if round mod 20 = id then Gc.full_major ();
    if round mod 5 = 0 then Thread.yield ();
    if round mod 13 = 0 then Thread.delay 0.001;
    (* verify everything kept so far *)
    List.iter (fun (l, a, big, f) ->
        let (_, r, _, _) = List.hd l in
        List.iteri (fun i (id', r', i', fl) ->
            if id' <> id || r' <> r || i' <> i || fl <> float_of_int (i * id) then ok := false) l;
        Array.iteri (fun i s -> if s <> String.make (1 + (i mod 7)) (Char.chr (65 + id)) then ok := false) a;
        if Array.exists (fun v -> v <> r) big then ok := false;
        if f 1 <> 1 + r + id then ok := false) !keep
  done;
  !ok

let () =
  let results = Array.make nthreads false in
  let ts = List.init nthreads (fun id -> Thread.create (fun () -> results.(id) <- worker id) ()) in
  (* the main thread compacts while the workers run *)
  for _ = 1 to 3 do Thread.delay 0.01; Gc.compact () done;
  List.iter Thread.join ts;
  Array.iteri (fun i r -> Printf.printf "worker %d data intact: %b\n" i r) results;
  (* finalisers run whichever thread triggers the collection *)
  let finalised = Atomic.make 0 in
  let make () =
    let v = ref (Array.make 10 0) in
    Gc.finalise (fun _ -> Atomic.incr finalised) v;
    v in
  let ts = List.init 4 (fun _ -> Thread.create (fun () ->
      for _ = 1 to 25 do ignore (Sys.opaque_identity (make ())) done; Gc.full_major ()) ()) in
  List.iter Thread.join ts;
  Gc.full_major (); Gc.full_major ();
  Printf.printf "finalised: %d of 100\n" (Atomic.get finalised);
  (* weak pointers filled by one thread, cleared by a collection in another *)
  let w = Weak.create 10 in
  let strong = Array.init 10 (fun i -> ref i) in
  let t = Thread.create (fun () ->
      for i = 0 to 9 do Weak.set w i (Some (if i mod 2 = 0 then strong.(i) else ref i)) done) () in
  Thread.join t;
  let t = Thread.create (fun () -> Gc.full_major ()) () in
  Thread.join t;
  let alive = List.filter (fun i -> Weak.check w i) (List.init 10 Fun.id) in
  Printf.printf "weak alive: %s\n" (String.concat " " (List.map string_of_int alive));
  ignore (Sys.opaque_identity strong);
  (* ephemerons *)
  let module E = Ephemeron.K1.Make (struct type t = int ref let equal = (==) let hash = Hashtbl.hash end) in
  let tbl = E.create 16 in
  let keys = Array.init 20 (fun i -> ref i) in
  let t = Thread.create (fun () -> Array.iteri (fun i k -> E.replace tbl k (i * i)) keys) () in
  Thread.join t;
  for i = 0 to 19 do if i mod 4 <> 0 then keys.(i) <- ref (-1) done;
  let t = Thread.create (fun () -> Gc.full_major (); Gc.full_major ()) () in
  Thread.join t;
  let live = Array.to_list keys |> List.filter (fun k -> !k >= 0) |> List.map (fun k -> E.find tbl k) in
  Printf.printf "ephemeron lookups: %s; live entries after clean: %d\n"
    (String.concat " " (List.map string_of_int live)) (E.clean tbl; E.length tbl)
