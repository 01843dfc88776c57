(* Large allocations directly in the major heap, and size limits. *)
let () =
  let a = Array.make 10_000_000 1 in
  a.(9_999_999) <- 5;
  Printf.printf "int array: length %d sum %d\n" (Array.length a) (Array.fold_left ( + ) 0 a);
  let f = Array.make 2_000_000 0.5 in
  Printf.printf "float array: length %d sum %g\n" (Array.length f) (Array.fold_left ( +. ) 0. f);
  let s = String.make 10_000_000 'x' in
  Printf.printf "string: length %d last %c\n" (String.length s) s.[9_999_999];
  let b = Bytes.create 5_000_000 in
  Bytes.fill b 0 5_000_000 'y';
  Printf.printf "bytes: %c\n" (Bytes.get b 1_234_567);
  let boxed = Array.init 500_000 (fun i -> Some i) in
  Gc.full_major ();
  Printf.printf "boxed array survived gc: %d\n" (match boxed.(499_999) with Some x -> x | None -> -1);
  let m = Array.make_matrix 1000 1000 0 in
  m.(999).(999) <- 7;
  Printf.printf "matrix: %d\n" m.(999).(999);
  (try ignore (Array.make (Sys.max_array_length + 1) 0) with Invalid_argument m -> Printf.printf "too big array: %s\n" m);
  (try ignore (Bytes.create (Sys.max_string_length + 1)) with Invalid_argument m -> Printf.printf "too big bytes: %s\n" m);
  (try ignore (Array.make (-5) 0) with Invalid_argument m -> Printf.printf "negative: %s\n" m);
  (try ignore (Float.Array.create (-1)) with Invalid_argument m -> Printf.printf "negative float array: %s\n" m);
  (* Repeatedly allocate and drop large blocks. *)
  let total = ref 0 in
  for i = 1 to 10 do
    let big = Array.make 1_000_000 i in
    total := !total + big.(i)
  done;
  Printf.printf "churned large blocks: %d\n" !total;
  let concat = Array.concat (List.init 10 (fun i -> Array.make 100_000 i)) in
  Printf.printf "concat: %d %d\n" (Array.length concat) concat.(999_999)
