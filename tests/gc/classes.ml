(* A few live blocks of every small size, promoted to the major heap: each
   size class gets a pool that stays nearly empty. *)
let () =
  let keep = Array.init 256 (fun i -> Array.make (1 + i mod 128) i) in
  Gc.full_major ();
  let sum = Array.fold_left (fun acc a -> acc + Array.length a + a.(0)) 0 keep in
  Printf.printf "%d\n" sum
