(* Gc.finalise and Gc.finalise_last, triggered deterministically with
   Gc.full_major; finalisers see their value; order of finalisation. *)
let log = ref []
let note s = log := s :: !log

let[@inline never] make_and_register name =
  let v = ref name in
  Gc.finalise (fun r -> note ("finalise " ^ !r)) v;
  ()

let[@inline never] make_last name =
  let v = Array.make 3 name in
  Gc.finalise_last (fun () -> note ("finalise_last " ^ name)) v;
  ()

let () =
  make_and_register "a";
  make_and_register "b";
  make_last "c";
  Gc.full_major ();
  List.iter print_endline (List.sort compare !log);
  log := [];
  (* A value still reachable is not finalised. *)
  let kept = ref "kept" in
  Gc.finalise (fun r -> note ("finalise " ^ !r)) kept;
  Gc.full_major ();
  Printf.printf "reachable value finalised: %b\n" (!log <> []);
  print_endline !kept;
  (* Finalising non-heap values is an error. *)
  (try Gc.finalise ignore 42 with Invalid_argument m -> Printf.printf "finalise int: %s\n" m);
  (try Gc.finalise ignore "literal string" ; print_endline "finalise on a constant string accepted" with Invalid_argument m -> Printf.printf "finalise literal: %s\n" m);
  (* A finaliser can resurrect its value. *)
  let saved = ref None in
  let[@inline never] resurrect () =
    let v = Bytes.of_string "resurrected" in
    Gc.finalise (fun b -> saved := Some b) v in
  resurrect ();
  Gc.full_major ();
  Printf.printf "resurrected: %s\n" (match !saved with Some b -> Bytes.to_string b | None -> "none");
  (* Many finalisers. *)
  let count = ref 0 in
  let[@inline never] many () = for i = 1 to 1000 do Gc.finalise (fun _ -> incr count) (ref i) done in
  many ();
  Gc.full_major ();
  Printf.printf "finalised %d of 1000\n" !count;
  (* finalise_release lets other finalisers run. *)
  let[@inline never] with_release () = Gc.finalise (fun _ -> Gc.finalise_release (); note "released") (ref 0) in
  with_release ();
  Gc.full_major ();
  List.iter print_endline !log;
  (* Finalisers run at exit only if requested: not here. *)
  let[@inline never] pending () = Gc.finalise (fun _ -> print_endline "finaliser at exit?") (ref 1) in
  pending ();
  print_endline "end of main"
