(* Random in domains: the default generator of a new domain is split from
   its parent's, so with a fixed seed every domain's sequence is
   deterministic; explicit Random.State values work across domains. *)

let draws n = List.init n (fun _ -> Random.int 1000)
let show l = String.concat " " (List.map string_of_int l)

let () =
  Random.init 42;
  Printf.printf "main before spawn: %s\n" (show (draws 5));
  let ds = List.init 3 (fun _ -> Domain.spawn (fun () -> draws 5)) in
  List.iteri (fun i d -> Printf.printf "child %d: %s\n" i (show (Domain.join d))) ds;
  Printf.printf "main after spawns: %s\n" (show (draws 5));
  (* Grandchildren: split again. *)
  let d = Domain.spawn (fun () ->
    let inner = Domain.spawn (fun () -> draws 4) in
    let mine = draws 4 in
    (mine, Domain.join inner)) in
  let (mine, inner) = Domain.join d in
  Printf.printf "child: %s; grandchild: %s\n" (show mine) (show inner);
  (* Random.State passed to domains explicitly. *)
  let st = Random.State.make [| 1; 2; 3 |] in
  let states = List.init 3 (fun _ -> Random.State.split st) in
  let ds = List.map (fun s -> Domain.spawn (fun () -> List.init 4 (fun _ -> Random.State.int s 100))) states in
  List.iteri (fun i d -> Printf.printf "state %d: %s\n" i (show (Domain.join d))) ds;
  (* Floats and bits from a domain. *)
  let (f, b, i64) = Domain.join (Domain.spawn (fun () ->
    (Random.float 1.0, Random.bits (), Random.int64 1_000_000_000_000L))) in
  Printf.printf "float %.6f bits %d int64 %Ld\n" f b i64;
  (* Random.self_init in a domain does not disturb the others' sequences. *)
  Random.init 7;
  let d = Domain.spawn (fun () -> Random.self_init (); ignore (Random.int 10)) in
  Domain.join d;
  Printf.printf "main after a child self_init: %s\n" (show (draws 3))
