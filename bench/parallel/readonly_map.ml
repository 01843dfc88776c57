(* Parallel map over a shared read-only structure: the main domain builds
   a string-keyed Map, an int array and a Hashtbl; N domains then map a
   function over disjoint ranges of queries that only read them.
   Usage: readonly_map.byte N.  Output independent of N. *)

module SM = Map.Make (String)

let nkeys = 50_000
let nqueries = 800_000

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 1 in
  let keys = Array.init nkeys (fun i -> "key" ^ string_of_int (i * 7919 mod 1_000_003)) in
  let map = Array.fold_left (fun m k -> SM.add k (String.length k) m) SM.empty keys in
  let weights = Array.init nkeys (fun i -> (i * 31) land 1023) in
  let tbl = Hashtbl.create nkeys in
  Array.iteri (fun i k -> Hashtbl.replace tbl k i) keys;
  let out = Array.make nqueries 0 in
  let f q =
    let k = keys.((q * 104_729) mod nkeys) in
    let v = SM.find k map in
    let i = Hashtbl.find tbl k in
    v + weights.(i) + (if SM.mem (k ^ "") map then 1 else 0)
  in
  let chunk = (nqueries + n - 1) / n in
  let work d () =
    let lo = d * chunk and hi = min nqueries ((d + 1) * chunk) in
    for q = lo to hi - 1 do out.(q) <- f q done
  in
  let ds = List.init (n - 1) (fun d -> Domain.spawn (work (d + 1))) in
  work 0 ();
  List.iter Domain.join ds;
  Printf.printf "domains %d: checksum %d\n" n (Array.fold_left ( + ) 0 out)
