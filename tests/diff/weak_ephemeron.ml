(* Weak arrays and ephemerons: only deterministic facts are printed
   (values held elsewhere survive; values dropped before Gc.full_major
   are gone). *)
module WH = Weak.Make (struct type t = string let equal = String.equal let hash = Hashtbl.hash end)

let[@inline never] fill_weak w i = Weak.set w i (Some (Bytes.make 5 (Char.chr (65 + i))))

let () =
  let w = Weak.create 10 in
  Printf.printf "length %d\n" (Weak.length w);
  let keep = Array.init 5 (fun i -> Bytes.make 3 (Char.chr (97 + i))) in
  for i = 0 to 4 do Weak.set w i (Some keep.(i)) done;
  for i = 5 to 9 do fill_weak w i done;
  Printf.printf "before gc: check 0 %b check 7 %b\n" (Weak.check w 0) (Weak.check w 7);
  Gc.full_major ();
  for i = 0 to 9 do
    Printf.printf "slot %d: %s\n" i (match Weak.get w i with Some b -> "Some " ^ (if i < 5 then Bytes.to_string b else "?") | None -> "None")
  done;
  Weak.set w 0 None;
  Printf.printf "after set None: %b\n" (Weak.check w 0);
  let w2 = Weak.create 10 in
  Weak.blit w 0 w2 0 10;
  Printf.printf "blit copies: %b\n" (Weak.check w2 1);
  Weak.fill w2 0 10 None;
  Printf.printf "fill: %b\n" (Weak.check w2 1);
  (match Weak.get_copy w 2 with Some b -> Printf.printf "get_copy %s\n" (Bytes.to_string b) | None -> ());
  (try ignore (Weak.create (-1)) with Invalid_argument m -> Printf.printf "create -1: %s\n" m);
  (try ignore (Weak.get w 10) with Invalid_argument m -> Printf.printf "get 10: %s\n" m);
  (* Weak hash set. *)
  let t = WH.create 16 in
  let strong = List.init 10 (fun i -> "k" ^ string_of_int i) in
  List.iter (fun s -> WH.add t s) strong;
  let[@inline never] add_temp () = for i = 0 to 99 do WH.add t ("temp" ^ string_of_int i) done in
  add_temp ();
  Gc.full_major ();
  Printf.printf "weak set: mem k3 %b, strong kept %b, count <= 110 %b\n" (WH.mem t "k3")
    (List.for_all (WH.mem t) strong) (WH.count t <= 110);
  Printf.printf "temp entries gone %b\n" (WH.count t = 10);
  Printf.printf "merge returns existing %b\n" (WH.merge t (String.concat "" ["k"; "3"]) == List.nth strong 3);
  (* Ephemerons. *)
  let module E = Ephemeron.K1 in
  let key = ref 1 in
  let e = E.make key "data" in
  Printf.printf "ephemeron query %s\n" (match E.query e key with Some d -> d | None -> "None");
  let[@inline never] dead_eph () = E.make (ref 2) (String.make 4 'd') in
  let e2 = dead_eph () in
  Gc.full_major ();
  Printf.printf "live key: %s, dead key: %s\n"
    (match E.query e key with Some d -> d | None -> "None")
    (match E.query e2 (ref 2) with Some d -> d | None -> "None");
  let module EH = Ephemeron.K1.Make (struct type t = int ref let equal = ( == ) let hash r = Hashtbl.hash !r end) in
  let tbl = EH.create 8 in
  let keys = List.init 5 (fun i -> ref i) in
  List.iter (fun k -> EH.add tbl k (!k * 10)) keys;
  let[@inline never] add_dead () = for i = 100 to 149 do EH.add tbl (ref i) i done in
  add_dead ();
  Gc.full_major ();
  EH.clean tbl;
  Printf.printf "ephemeron table: find k2 %d, length %d\n" (EH.find tbl (List.nth keys 2)) (EH.length tbl);
  let module E2 = Ephemeron.K2 in
  let k1 = ref "a" and k2 = ref "b" in
  let e3 = E2.make k1 k2 42 in
  Printf.printf "K2 query %s\n" (match E2.query e3 k1 k2 with Some n -> string_of_int n | None -> "None");
  let b = Ephemeron.Kn.Bucket.make () in
  Ephemeron.Kn.Bucket.add b [| k1; k2 |] "bucket";
  Printf.printf "Kn bucket %s length %d\n" (Option.value ~default:"None" (Ephemeron.Kn.Bucket.find b [| k1; k2 |])) (Ephemeron.Kn.Bucket.length b);
  ignore (Sys.opaque_identity keep, Sys.opaque_identity key, Sys.opaque_identity keys)
