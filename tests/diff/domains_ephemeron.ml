(* Ephemerons and weak arrays created in one domain and collected with
   Gc.full_major in another. *)

module K = Ephemeron.K1

let () =
  (* Keys alive in main, ephemerons built in a child. *)
  let keys = Array.init 10 (fun i -> ref i) in
  let ephs = Domain.join (Domain.spawn (fun () ->
    Array.map (fun k -> K.make k ("data" ^ string_of_int !k)) keys)) in
  Domain.join (Domain.spawn (fun () -> Gc.full_major ()));
  let alive = Array.to_list (Array.mapi (fun i e -> K.query e keys.(i)) ephs) in
  Printf.printf "live keys: %s\n" (String.concat "," (List.map (function Some d -> d | None -> "-") alive));
  (* Keys dead: built and dropped in a child, collected by another child. *)
  let ephs = Domain.join (Domain.spawn (fun () ->
    Array.init 10 (fun i -> K.make (ref i) (String.make 2 'x')))) in
  Domain.join (Domain.spawn (fun () -> Gc.full_major (); Gc.full_major ()));
  Gc.full_major ();
  let probe = ref 0 in
  Printf.printf "dead keys queried: %d answers\n"
    (Array.fold_left (fun a e -> match K.query e probe with Some _ -> a + 1 | None -> a) 0 ephs);
  (* Weak hash table shared under a mutex; half the keys are kept. *)
  let module W = K.Make (struct type t = string let equal = String.equal let hash = Hashtbl.hash end) in
  let tbl = W.create 16 and m = Mutex.create () in
  let kept = Array.make 200 "" in
  List.iter Domain.join (List.init 4 (fun d -> Domain.spawn (fun () ->
    for i = 0 to 49 do
      let k = Printf.sprintf "key-%d-%d" d i in
      let n = d * 50 + i in
      if n mod 2 = 0 then kept.(n) <- k;
      Mutex.protect m (fun () -> W.replace tbl k n)
    done)));
  Domain.join (Domain.spawn (fun () -> Gc.full_major (); Gc.full_major ()));
  Gc.full_major ();
  W.clean tbl;
  Printf.printf "weak table: %d live after GC (kept 100)\n" (W.stats_alive tbl).Hashtbl.num_bindings;
  let found = Array.fold_left (fun a k -> if k <> "" && W.mem tbl k then a + 1 else a) 0 kept in
  Printf.printf "kept keys found: %d\n" found;
  (* Weak arrays filled in one domain, read in another after GC. *)
  let w = Weak.create 20 in
  let strong = Array.make 20 None in
  Domain.join (Domain.spawn (fun () ->
    for i = 0 to 19 do
      let v = Bytes.make 4 (Char.chr (65 + i)) in
      Weak.set w i (Some v);
      if i mod 4 = 0 then strong.(i) <- Some v
    done));
  Domain.join (Domain.spawn (fun () -> Gc.full_major ()));
  Gc.full_major ();
  let present = List.filter (fun i -> Weak.check w i) (List.init 20 Fun.id) in
  Printf.printf "weak array present: %s\n" (String.concat "," (List.map string_of_int present));
  Printf.printf "weak get 8: %s\n" (match Weak.get w 8 with Some b -> Bytes.to_string b | None -> "none");
  (* Ephemeron whose data refers to its key: collected once the key is
     unreachable from outside. *)
  let e = Domain.join (Domain.spawn (fun () -> let k = ref 0 in K.make k (k, "self"))) in
  Domain.join (Domain.spawn (fun () -> Gc.full_major ()));
  Gc.full_major ();
  Printf.printf "self-referential data cleared: %b\n" (K.query e (ref 0) = None);
  (* Blit between ephemerons of different domains (Obj.Ephemeron). *)
  ignore (Sys.opaque_identity keys);
  print_endline "done"
