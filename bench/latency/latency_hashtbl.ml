(* Latency of single operations on a large, churning hash table.

   latency_hashtbl.byte [-domains N] [-live K] [-steps S] [-seed X]

   Each of N domains (the main domain is one of them) owns a Hashtbl from
   int keys to freshly allocated strings.  It first fills the table with K
   entries (not timed), then performs S churn steps; a step is three timed
   operations:
     - insert a new key (Hashtbl.replace, value a new string),
     - look up a random live key (Hashtbl.find),
     - remove the oldest key (Hashtbl.remove),
   so the table stays at K live entries while every entry is eventually
   garbage: the major GC has a large live heap to mark and a steady flow of
   dead data to sweep, and the minor GC promotes on every collection.

   Every operation is timed with Unix.gettimeofday (resolution 1 us).  The
   latencies are kept in a preallocated float array per domain and printed
   at the end as the 50th, 99th, 99.9th percentiles and the maximum, in
   microseconds, per domain and for all domains together (line "all:",
   which bench/latency/run.sh reads).  The last line, "check:", depends only on
   the arguments and must be identical on every runtime. *)

let domains = ref 1
let live = ref 1_000_000
let steps = ref 1_000_000
let seed = ref 42

let () =
  Arg.parse
    [ "-domains", Arg.Set_int domains, "N  number of domains doing the churn (default 1)";
      "-live", Arg.Set_int live, "K  live entries per domain (default 1000000)";
      "-steps", Arg.Set_int steps, "S  churn steps per domain, 3 timed operations each (default 1000000)";
      "-seed", Arg.Set_int seed, "X  random seed (default 42)" ]
    (fun a -> raise (Arg.Bad ("unexpected argument " ^ a)))
    "latency_hashtbl [-domains N] [-live K] [-steps S] [-seed X]";
  if !domains < 1 || !live < 1 || !steps < 1 then begin
    prerr_endline "latency_hashtbl: -domains, -live and -steps must be positive";
    exit 2
  end

let value_of k = "value-" ^ string_of_int k

(* The start barrier: every domain fills its table, then waits for the
   others, so that the timed phases overlap. *)
let ready = Atomic.make 0

type result = { lat : float array; hits : int; sum : int; size : int }

let churn id =
  let live = !live and steps = !steps in
  let rng = Random.State.make [| !seed; id |] in
  let t = Hashtbl.create 16 in
  for k = 0 to live - 1 do Hashtbl.replace t k (value_of k) done;
  let lat = Array.make (3 * steps) 0.0 in
  let hits = ref 0 and sum = ref 0 in
  Atomic.incr ready;
  while Atomic.get ready < !domains do Domain.cpu_relax () done;
  for i = 0 to steps - 1 do
    let oldest = i and newest = live + i in
    (* insert *)
    let t0 = Unix.gettimeofday () in
    Hashtbl.replace t newest (value_of newest);
    let t1 = Unix.gettimeofday () in
    lat.(3 * i) <- t1 -. t0;
    (* lookup of a random live key: keys oldest+1 .. newest are live *)
    let k = oldest + 1 + Random.State.int rng live in
    let t0 = Unix.gettimeofday () in
    let v = Hashtbl.find_opt t k in
    let t1 = Unix.gettimeofday () in
    lat.(3 * i + 1) <- t1 -. t0;
    (match v with Some s -> incr hits; sum := !sum + String.length s | None -> ());
    (* remove the oldest *)
    let t0 = Unix.gettimeofday () in
    Hashtbl.remove t oldest;
    let t1 = Unix.gettimeofday () in
    lat.(3 * i + 2) <- t1 -. t0
  done;
  { lat; hits = !hits; sum = !sum; size = Hashtbl.length t }

(* Percentiles from a histogram of whole microseconds (the resolution of
   gettimeofday; differences of two readings near 1.7e9 s carry rounding
   noise of a fraction of a microsecond, hence the rounding).  Linear in
   the number of operations: sorting millions of floats would take longer
   than the measurement. *)
let summary name (arrays : float array list) =
  let cap = 1_000_000 in
  let counts = Array.make (cap + 1) 0 and big = ref [] and n = ref 0 in
  List.iter (fun a ->
      Array.iter (fun x ->
          let u = Float.to_int (Float.round (x *. 1e6)) in
          let u = if u < 0 then 0 else u in
          incr n;
          if u <= cap then counts.(u) <- counts.(u) + 1 else big := u :: !big) a) arrays;
  let big = Array.of_list !big in
  Array.sort compare big;
  let n = !n in
  (* the smallest value v such that more than p * n values are <= v *)
  let pct p =
    let want = min n (Float.to_int (Float.of_int n *. p) + 1) in
    let rec go u acc =
      if u > cap then big.(want - acc - 1)
      else if acc + counts.(u) >= want then u
      else go (u + 1) (acc + counts.(u)) in
    go 0 0 in
  Printf.printf "%s: ops=%d p50=%d p99=%d p99.9=%d max=%d (us)\n" name n
    (pct 0.50) (pct 0.99) (pct 0.999) (pct 1.0)

let () =
  let start = Unix.gettimeofday () in
  let others = List.init (!domains - 1) (fun i -> Domain.spawn (fun () -> churn (i + 1))) in
  let mine = churn 0 in
  let results = mine :: List.map Domain.join others in
  let elapsed = Unix.gettimeofday () -. start in
  Printf.printf "domains=%d live=%d steps=%d elapsed=%.2fs\n" !domains !live !steps elapsed;
  if !domains > 1 then
    List.iteri (fun i r -> summary (Printf.sprintf "domain %d" i) [r.lat]) results;
  summary "all" (List.map (fun r -> r.lat) results);
  let hits = List.fold_left (fun a r -> a + r.hits) 0 results
  and sum = List.fold_left (fun a r -> a + r.sum) 0 results
  and size = List.fold_left (fun a r -> a + r.size) 0 results in
  Printf.printf "check: hits=%d bytes=%d size=%d\n" hits sum size
