(* Hashtbl: operations and iteration order (which depends on the hash). *)
let () =
  let h = Hashtbl.create 8 in
  List.iter (fun (k, v) -> Hashtbl.add h k v)
    [ ("one", 1); ("two", 2); ("three", 3); ("four", 4); ("five", 5); ("two", 22) ];
  Printf.printf "length %d find two %d find_all two [%s]\n" (Hashtbl.length h) (Hashtbl.find h "two")
    (String.concat ";" (List.map string_of_int (Hashtbl.find_all h "two")));
  Hashtbl.iter (fun k v -> Printf.printf "%s=%d " k v) h; print_newline ();
  Hashtbl.replace h "two" 222;
  Hashtbl.remove h "one";
  Printf.printf "after replace/remove: %s\n"
    (String.concat " " (Hashtbl.fold (fun k v acc -> Printf.sprintf "%s=%d" k v :: acc) h []));
  Printf.printf "mem one %b mem two %b find_opt six %s\n" (Hashtbl.mem h "one") (Hashtbl.mem h "two")
    (match Hashtbl.find_opt h "six" with None -> "None" | Some v -> string_of_int v);
  (try ignore (Hashtbl.find h "six") with Not_found -> print_endline "find six: Not_found");
  Hashtbl.filter_map_inplace (fun _ v -> if v > 3 then Some (v * 10) else None) h;
  Hashtbl.iter (fun k v -> Printf.printf "%s=%d " k v) h; print_newline ();
  let c = Hashtbl.copy h in
  Hashtbl.reset h;
  Printf.printf "copy length %d original %d\n" (Hashtbl.length c) (Hashtbl.length h);
  (* Int keys: iteration order and resizing. *)
  let t = Hashtbl.create 1 in
  for i = 0 to 99 do Hashtbl.replace t (i * 37) (i * i) done;
  let order = Hashtbl.fold (fun k _ acc -> k :: acc) t [] in
  print_endline (String.concat "," (List.map string_of_int order));
  Hashtbl.iter (fun k _ -> if k mod 2 = 0 then () else ()) t;
  let st = Hashtbl.stats t in
  Printf.printf "stats: bindings %d buckets %d max %d\n" st.num_bindings st.num_buckets st.max_bucket_length;
  Printf.printf "histogram %s\n" (String.concat "," (Array.to_list (Array.map string_of_int st.bucket_histogram)));
  Printf.printf "to_seq_keys sum %d\n" (Seq.fold_left ( + ) 0 (Hashtbl.to_seq_keys t));
  let t2 = Hashtbl.of_seq (List.to_seq [ (1, 'a'); (2, 'b'); (1, 'c') ]) in
  Printf.printf "of_seq %d %c\n" (Hashtbl.length t2) (Hashtbl.find t2 1);
  (* Functorial interface with a custom hash. *)
  let module H = Hashtbl.Make (struct
    type t = string
    let equal a b = String.lowercase_ascii a = String.lowercase_ascii b
    let hash s = Hashtbl.hash (String.lowercase_ascii s)
  end) in
  let ht = H.create 16 in
  H.replace ht "Hello" 1;
  H.replace ht "HELLO" 2;
  H.replace ht "world" 3;
  Printf.printf "case-insensitive: length %d hello=%d\n" (H.length ht) (H.find ht "hello");
  let module HS = Hashtbl.MakeSeeded (struct
    type t = int
    let equal = Int.equal
    let seeded_hash seed x = Hashtbl.seeded_hash seed x
  end) in
  let hs = HS.create 4 in
  for i = 1 to 20 do HS.add hs i (string_of_int i) done;
  HS.iter (fun k _ -> Printf.printf "%d " k) hs; print_newline ();
  (* Keys of various types. *)
  let poly = Hashtbl.create 16 in
  Hashtbl.replace poly (`A 1) "polyvar";
  Hashtbl.replace poly (`B "x") "polyvar2";
  let k = [ Some 1.5; None ] in
  let poly2 = Hashtbl.create 4 in
  Hashtbl.replace poly2 k "list";
  Hashtbl.replace poly2 [ Some 1.5; None ] "list again";
  Printf.printf "structural keys: %d %s %s\n" (Hashtbl.length poly2) (Hashtbl.find poly2 k) (Hashtbl.find poly (`B "x"));
  (* Churn: many adds/removes. *)
  let big = Hashtbl.create 16 in
  for i = 0 to 299_999 do Hashtbl.replace big (string_of_int (i mod 50_000)) i done;
  for i = 0 to 24_999 do Hashtbl.remove big (string_of_int (i * 2)) done;
  Printf.printf "big length %d find 49999 %d\n" (Hashtbl.length big) (Hashtbl.find big "49999");
  let s = Hashtbl.stats big in
  Printf.printf "big buckets %d max %d\n" s.num_buckets s.max_bucket_length
