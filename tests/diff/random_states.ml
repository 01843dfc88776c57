(* Random: seeded sequences from every generator function, independent
   states, copy and split. *)
let () =
  Random.init 12345;
  Printf.printf "int: %s\n" (String.concat " " (List.init 10 (fun _ -> string_of_int (Random.int 1000))));
  Printf.printf "bits: %s\n" (String.concat " " (List.init 5 (fun _ -> string_of_int (Random.bits ()))));
  Printf.printf "full_int: %s\n" (String.concat " " (List.init 4 (fun _ -> string_of_int (Random.full_int max_int))));
  Printf.printf "int_in_range: %s\n" (String.concat " " (List.init 8 (fun _ -> string_of_int (Random.int_in_range ~min:(-5) ~max:5))));
  Printf.printf "float: %s\n" (String.concat " " (List.init 5 (fun _ -> Printf.sprintf "%.17g" (Random.float 10.))));
  Printf.printf "bool: %s\n" (String.concat " " (List.init 10 (fun _ -> string_of_bool (Random.bool ()))));
  Printf.printf "int32: %s\n" (String.concat " " (List.init 4 (fun _ -> Int32.to_string (Random.int32 1_000_000l))));
  Printf.printf "int64: %s\n" (String.concat " " (List.init 4 (fun _ -> Int64.to_string (Random.int64 1_000_000_000_000L))));
  Printf.printf "nativeint: %s\n" (String.concat " " (List.init 4 (fun _ -> Nativeint.to_string (Random.nativeint 1000n))));
  Printf.printf "bits32 %ld bits64 %Ld nativebits %nd\n" (Random.bits32 ()) (Random.bits64 ()) (Random.nativebits ());
  Random.full_init [| 1; 2; 3; 4 |];
  Printf.printf "full_init: %d %d %d\n" (Random.int 100) (Random.int 100) (Random.int 100);
  (* States. *)
  let s1 = Random.State.make [| 42 |] in
  let s2 = Random.State.copy s1 in
  let a = List.init 5 (fun _ -> Random.State.int s1 100) in
  let b = List.init 5 (fun _ -> Random.State.int s2 100) in
  Printf.printf "copy gives same sequence: %b (%s)\n" (a = b) (String.concat "," (List.map string_of_int a));
  let s3 = Random.State.split s1 in
  Printf.printf "split: %d %d\n" (Random.State.int s1 1_000_000) (Random.State.int s3 1_000_000);
  let saved = Random.get_state () in
  let x = Random.int 1_000_000 in
  Random.set_state saved;
  Printf.printf "get/set_state replays: %b\n" (Random.int 1_000_000 = x);
  let sp = Random.split () in
  Printf.printf "global split: %d\n" (Random.State.int sp 1000);
  Printf.printf "state to_binary_string length %d\n" (String.length (Random.State.to_binary_string s1));
  let s4 = Random.State.of_binary_string (Random.State.to_binary_string s1) in
  Printf.printf "binary round trip: %b\n" (Random.State.bits s4 = Random.State.bits s1);
  (try ignore (Random.int 0) with Invalid_argument m -> Printf.printf "int 0: %s\n" m);
  (try ignore (Random.int (1 lsl 30)) with Invalid_argument m -> Printf.printf "int 2^30: %s\n" m);
  (try ignore (Random.int_in_range ~min:5 ~max:1) with Invalid_argument m -> Printf.printf "int_in_range: %s\n" m);
  (* Statistics over many draws. *)
  let st = Random.State.make [| 7; 7; 7 |] in
  let buckets = Array.make 10 0 in
  for _ = 1 to 1_000_000 do let k = Random.State.int st 10 in buckets.(k) <- buckets.(k) + 1 done;
  Printf.printf "buckets: %s\n" (String.concat " " (Array.to_list (Array.map string_of_int buckets)));
  let sum = ref 0. in
  for _ = 1 to 100_000 do sum := !sum +. Random.State.float st 1. done;
  Printf.printf "float sum %.10f\n" !sum;
  Printf.printf "default-seeded first int: %d\n" (Random.State.int (Random.State.make [||]) 1_000_000)
