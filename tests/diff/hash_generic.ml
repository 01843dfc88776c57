(* Generic hashing: Hashtbl.hash, seeded_hash and hash_param on immediates,
   strings of every tail length, floats (NaN and -0.0 normalisation), float
   arrays, records, variants, boxed integers, lazy values, objects, deep and
   cyclic data, plus String.hash and a Hashtbl workload. *)
let p fmt = Printf.printf fmt
type r = { a : int; b : string; c : float; d : int list }
type v = Leaf | Node of v * int * v

let () =
  for n = 0 to 20 do
    let s = String.init n (fun i -> Char.chr (97 + (i * 7 mod 26))) in
    p "str %2d %10d %10d %10d\n" n (Hashtbl.hash s) (String.hash s) (String.seeded_hash n s)
  done;
  p "bytes %d\n" (Hashtbl.hash (Bytes.of_string "bytes!"));
  List.iter (fun i -> p "int %d -> %d %d\n" i (Hashtbl.hash i) (Hashtbl.seeded_hash 17 i))
    [ 0; 1; -1; 2; 1000; -1000; max_int; min_int; 1 lsl 31; -(1 lsl 31); (1 lsl 31) - 1; 1 lsl 32 ];
  List.iter (fun c -> p "char %C -> %d\n" c (Hashtbl.hash c)) [ 'a'; '\000'; '\255' ];
  p "bools %d %d unit %d\n" (Hashtbl.hash true) (Hashtbl.hash false) (Hashtbl.hash ());
  List.iter (fun f -> p "float %h -> %d\n" f (Hashtbl.hash f))
    [ 0.0; -0.0; 1.0; -1.0; 0.1; nan; -.nan; Int64.float_of_bits 0x7ff0000000000123L; infinity;
      neg_infinity; max_float; min_float; 5e-324 ];
  p "float arrays %d %d %d\n" (Hashtbl.hash [| 1.0; 2.0 |]) (Hashtbl.hash [| nan; -0.0 |])
    (Hashtbl.hash (Array.make 100 3.0));
  p "empty arrays %d %d %d\n" (Hashtbl.hash [||]) (Hashtbl.hash (Array.sub [| 1.0 |] 0 0))
    (Hashtbl.hash (Float.Array.create 0))

let () =
  p "tuple %d\n" (Hashtbl.hash (1, 2, 3));
  p "record %d\n" (Hashtbl.hash { a = 1; b = "two"; c = 3.0; d = [ 4; 5 ] });
  p "options %d %d %d\n" (Hashtbl.hash None) (Hashtbl.hash (Some 0)) (Hashtbl.hash (Some (Some "x")));
  p "poly variants %d %d %d\n" (Hashtbl.hash `A) (Hashtbl.hash (`B 3)) (Hashtbl.hash (`C ("x", 1.5)));
  p "int32 %d %d\n" (Hashtbl.hash 5l) (Hashtbl.hash (-1l));
  p "int64 %d %d %d\n" (Hashtbl.hash 5L) (Hashtbl.hash (-1L)) (Hashtbl.hash Int64.max_int);
  p "nativeint %d %d\n" (Hashtbl.hash 5n) (Hashtbl.hash (-1n));
  p "exn %d %d\n" (Hashtbl.hash Not_found) (Hashtbl.hash (Failure "x"));
  let l = lazy (String.make 3 'z') in
  ignore (Lazy.force l);
  p "forced lazy %d (string %d)\n" (Hashtbl.hash l) (Hashtbl.hash "zzz");
  let rec t n = if n = 0 then Leaf else Node (t (n - 1), n, t (n - 1)) in
  p "tree %d %d\n" (Hashtbl.hash (t 3)) (Hashtbl.hash (t 12));
  let lst = List.init 1000 (fun i -> i) in
  p "list %d\n" (Hashtbl.hash lst);
  List.iter (fun (m, n) -> p "param %d %d -> %d %d\n" m n (Hashtbl.hash_param m n lst)
                  (Hashtbl.hash_param m n (t 8)))
    [ (0, 0); (1, 1); (1, 10); (10, 1); (10, 100); (100, 256); (256, 1000); (-1, -1); (5, 300) ];
  List.iter (fun seed -> p "seeded %d -> %d %d\n" seed (Hashtbl.seeded_hash seed "key")
                  (Hashtbl.seeded_hash_param 50 100 seed lst))
    [ 0; 1; 42; -7; max_int ];
  let rec cyc = 1 :: 2 :: cyc in
  p "cyclic %d\n" (Hashtbl.hash cyc);
  let deep = List.fold_left (fun acc i -> Node (acc, i, Leaf)) Leaf (List.init 100_000 Fun.id) in
  p "deep %d %d\n" (Hashtbl.hash deep) (Hashtbl.hash_param 1000 256 deep);
  p "matrix %d\n" (Hashtbl.hash (Array.make_matrix 5 5 1))

let () =
  let h = Hashtbl.create 16 in
  for i = 0 to 9999 do Hashtbl.replace h (string_of_int i, i land 7) (float i) done;
  for i = 0 to 9999 do if i mod 3 = 0 then Hashtbl.remove h (string_of_int i, i land 7) done;
  let s = Hashtbl.fold (fun _ v acc -> acc +. v) h 0.0 in
  p "hashtbl %d %g\n" (Hashtbl.length h) s;
  let st = Hashtbl.stats h in
  p "stats %d %d %d\n" st.num_bindings st.num_buckets st.max_bucket_length;
  let order = Hashtbl.fold (fun (k, _) _ acc -> k :: acc) h [] in
  p "first keys %s\n" (String.concat "," (List.filteri (fun i _ -> i < 10) order))
