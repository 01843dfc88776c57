(* Domain.self, Domain.self_index, is_main_domain. Ids are unique and
   increase in spawn order; indices are reused slots. *)

let () =
  Printf.printf "main: self %d index %d main %b\n" (Domain.self () :> int) (Domain.self_index ()) (Domain.is_main_domain ());
  (* Sequential spawns: ids increase by one each time. *)
  let ids = List.init 5 (fun _ ->
    let d = Domain.spawn (fun () -> ((Domain.self () :> int), Domain.self_index (), Domain.is_main_domain ())) in
    let (id, idx, main) = Domain.join d in
    ignore main;
    (id, idx, main, (Domain.get_id d :> int))) in
  let base = match ids with (id, _, _, _) :: _ -> id | [] -> 0 in
  List.iteri (fun i (id, idx, main, gid) ->
    Printf.printf "spawn %d: id-base %d, index %d, main %b, get_id agrees %b\n" i (id - base) idx main (id = gid)) ids;
  (* Concurrent domains have distinct ids and distinct indices, all > 0. *)
  let gate = Atomic.make 0 in
  let n = 6 in
  let ds = List.init n (fun _ -> Domain.spawn (fun () ->
    Atomic.incr gate;
    while Atomic.get gate < n do Domain.cpu_relax () done;
    ((Domain.self () :> int), Domain.self_index ()))) in
  let rs = List.map Domain.join ds in
  let ids = List.sort_uniq compare (List.map fst rs) in
  let idxs = List.sort_uniq compare (List.map snd rs) in
  Printf.printf "concurrent: %d distinct ids, %d distinct indices, indices in 1..%d: %b\n"
    (List.length ids) (List.length idxs) n (List.for_all (fun i -> i >= 1 && i <= n) idxs);
  Printf.printf "ids all fresh: %b\n" (List.for_all (fun i -> i > base + 4) ids);
  (* Ids grow in spawn order even when concurrent. *)
  let ds = List.init 4 (fun _ -> Domain.spawn (fun () -> ())) in
  let gids = List.map (fun d -> (Domain.get_id d :> int)) ds in
  List.iter Domain.join ds;
  Printf.printf "get_id increasing: %b\n" (List.sort compare gids = gids);
  Printf.printf "main still index 0: %d\n" (Domain.self_index ())
