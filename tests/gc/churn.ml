(* A large, churning hash table (the shape of bench/latency): every step
   inserts a fresh entry and removes the oldest, so the major GC marks a
   big live heap while the write barrier darkens the overwritten values
   and promotion sweeps lazily for free slots.  tests/gc-check.sh runs it
   with OCAMLRUNPARAM=v=0x400 and checks mcrun's statistics; the output
   below depends only on the arguments.

   churn.byte LIVE STEPS *)

let () =
  let live = int_of_string Sys.argv.(1) and steps = int_of_string Sys.argv.(2) in
  (* Sized up front: no resize (which rewrites every entry in one go). *)
  let t = Hashtbl.create (2 * live) in
  for k = 0 to live - 1 do Hashtbl.replace t k (string_of_int k) done;
  let sum = ref 0 in
  for i = 0 to steps - 1 do
    Hashtbl.replace t (live + i) (string_of_int (live + i));
    (match Hashtbl.find_opt t (live + i - (i * 7919) mod live) with
     | Some s -> sum := !sum + String.length s
     | None -> ());
    Hashtbl.remove t i
  done;
  Printf.printf "size=%d sum=%d\n" (Hashtbl.length t) !sum
