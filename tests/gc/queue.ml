(* One old Queue, and a young cell stored into it at every push: two
   remembered-set entries per step and almost nothing promoted. *)
let () =
  let q = Queue.create () in
  Gc.full_major ();
  let sum = ref 0 in
  for i = 1 to 2_000_000 do
    Queue.push i q;
    sum := !sum + Queue.pop q
  done;
  Printf.printf "%d\n" !sum
