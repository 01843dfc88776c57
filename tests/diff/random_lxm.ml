(* Random (LXM): identical streams for the same seeds. *)
let () =
  Random.init 42;
  for _ = 1 to 20 do Printf.printf "%d " (Random.int 100) done;
  print_newline ();
  for _ = 1 to 5 do Printf.printf "%.17g " (Random.float 1.0) done;
  print_newline ();
  for _ = 1 to 5 do
    Printf.printf "%b %ld %Ld %nd %d %d\n" (Random.bool ()) (Random.int32 1000000l)
      (Random.int64 10000000000000L) (Random.nativeint 77777n) (Random.bits ())
      (Random.full_int (1 lsl 40))
  done;
  Printf.printf "%d %d\n" (Random.int_in_range ~min:(-5) ~max:5) (Random.int_in_range ~min:min_int ~max:max_int);
  Printf.printf "%Ld %ld %nd\n" (Random.bits64 ()) (Random.bits32 ()) (Random.nativebits ());
  let s = Random.State.make [| 1; 2; 3 |] in
  let s2 = Random.State.copy s in
  for _ = 1 to 5 do Printf.printf "%d/%d " (Random.State.int s 1000) (Random.State.int s2 1000) done;
  print_newline ();
  let bin = Random.State.to_binary_string s in
  print_endline (String.escaped bin);
  let s3 = Random.State.of_binary_string bin in
  Printf.printf "%Ld %Ld\n" (Random.State.bits64 s) (Random.State.bits64 s3);
  let t = Random.State.split s in
  for _ = 1 to 5 do Printf.printf "%d,%d " (Random.State.bits t) (Random.State.bits s) done;
  print_newline ();
  let a = Array.init 20 Fun.id in
  Random.init 7;
  for i = 19 downto 1 do
    let j = Random.int (i + 1) in
    let x = a.(i) in a.(i) <- a.(j); a.(j) <- x
  done;
  Array.iter (Printf.printf "%d ") a;
  print_newline ();
  Random.full_init [| 3; 1; 4; 1; 5; 9; 2; 6 |];
  Printf.printf "%d %g\n" (Random.int 1_000_000) (Random.float 10.);
  (try ignore (Random.State.of_binary_string "lxm1:short") with Failure m -> print_endline m)
