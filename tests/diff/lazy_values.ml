(* Lazy values: forcing, sharing, exceptions, from_val, map, is_val,
   recursive forcing (Undefined) and lazy patterns. *)
let () =
  let count = ref 0 in
  let l = lazy (incr count; Printf.printf "computing\n"; 6 * 7) in
  Printf.printf "is_val before %b\n" (Lazy.is_val l);
  Printf.printf "force %d\n" (Lazy.force l);
  Printf.printf "force again %d\n" (Lazy.force l);
  Printf.printf "count %d is_val %b\n" !count (Lazy.is_val l);
  let v = Lazy.from_val "ready" in
  Printf.printf "from_val %s is_val %b\n" (Lazy.force v) (Lazy.is_val v);
  let f = Lazy.from_fun (fun () -> [1; 2; 3]) in
  Printf.printf "from_fun %d\n" (List.length (Lazy.force f));
  let attempts = ref 0 in
  let bad = lazy (incr attempts; failwith "lazy failure") in
  for _ = 1 to 3 do
    try ignore (Lazy.force bad) with Failure m -> Printf.printf "raised %s (attempts %d)\n" m !attempts
  done;
  let rec self = lazy (Lazy.force self + 1) in
  (try ignore (Lazy.force self) with Lazy.Undefined -> print_endline "Undefined");
  let m = Lazy.map (fun x -> x * 2) l in
  Printf.printf "map %d\n" (Lazy.force m);
  let mv = Lazy.map_val (fun x -> x + 1) (Lazy.from_val 1) in
  Printf.printf "map_val is_val %b value %d\n" (Lazy.is_val mv) (Lazy.force mv);
  let pat = function lazy (Some x) -> x | lazy None -> 0 in
  Printf.printf "lazy pattern %d %d\n" (pat (lazy (Some 5))) (pat (lazy None));
  (* Lazy of a float and of a constant: representation shortcuts. *)
  let lf = lazy (sqrt 2.) in
  Printf.printf "lazy float %.6f\n" (Lazy.force lf);
  let lc = lazy 17 in
  Printf.printf "lazy constant %d\n" (Lazy.force lc);
  (* Lazily built infinite stream. *)
  let module S = struct type s = Cell of int * s Lazy.t end in
  let rec from n = lazy (S.Cell (n, from (n + 1))) in
  let rec nth s k = let (S.Cell (x, r)) = Lazy.force s in if k = 0 then x else nth r (k - 1) in
  Printf.printf "stream nth 100000 = %d\n" (nth (from 0) 100_000);
  (* Many lazies forced after GCs. *)
  let arr = Array.init 10_000 (fun i -> lazy (i * i)) in
  Gc.full_major ();
  let s = Array.fold_left (fun acc z -> acc + Lazy.force z) 0 arr in
  Gc.minor ();
  let s2 = Array.fold_left (fun acc z -> acc + Lazy.force z) 0 arr in
  Printf.printf "sums %d %d\n" s s2;
  (* Lazy.force on a value forced during its own exception. *)
  let inner = lazy (raise Exit) in
  let outer = lazy (try Lazy.force inner with Exit -> 99) in
  Printf.printf "outer %d\n" (Lazy.force outer);
  (* Lazy.Undefined message *)
  print_endline (Printexc.to_string Lazy.Undefined)
