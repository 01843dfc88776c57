(* Hashtbl churn: a table constantly growing and shrinking, with string
   keys and boxed values, plus a Map rebuilt in a loop. *)
module SM = Map.Make (String)

let () =
  let h = Hashtbl.create 16 in
  let live = ref 0 in
  for i = 0 to 399_999 do
    let k = "key" ^ string_of_int (i mod 70_001) in
    if i mod 3 = 2 then (if Hashtbl.mem h k then (Hashtbl.remove h k; decr live))
    else begin
      if not (Hashtbl.mem h k) then incr live;
      Hashtbl.replace h k (i, float i)
    end
  done;
  Printf.printf "length %d live %d\n" (Hashtbl.length h) !live;
  let s = Hashtbl.fold (fun _ (i, f) acc -> acc + i + int_of_float f) h 0 in
  Printf.printf "sum %d\n" s;
  Hashtbl.reset h;
  Gc.full_major ();
  Printf.printf "after reset %d\n" (Hashtbl.length h);
  let m = ref SM.empty in
  for i = 0 to 199_999 do
    m := SM.add (string_of_int (i * 7 mod 50_000)) i !m;
    if i mod 4 = 0 then m := SM.remove (string_of_int (i mod 50_000)) !m
  done;
  Printf.printf "map cardinal %d\n" (SM.cardinal !m);
  let tbl = Hashtbl.create 1000 in
  for round = 1 to 20 do
    for i = 0 to 9999 do Hashtbl.replace tbl i (Array.make 5 (round + i)) done;
    for i = 0 to 9999 do if i mod 2 = round mod 2 then Hashtbl.remove tbl i done
  done;
  Printf.printf "int table %d\n" (Hashtbl.length tbl);
  Printf.printf "checksum %d\n" (Hashtbl.fold (fun k v acc -> (acc + k * v.(0)) land 0xFFFFFFF) tbl 0)
