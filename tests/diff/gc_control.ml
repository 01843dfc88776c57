(* Gc: collections on demand, parameter set/get round trips, statistics
   exist and are consistent (values that vary are not printed). *)
let () =
  Gc.minor ();
  Gc.major_slice 0 |> ignore;
  Gc.major ();
  Gc.full_major ();
  Gc.compact ();
  print_endline "collections ran";
  let c = Gc.get () in
  Gc.set { c with Gc.minor_heap_size = 524288; space_overhead = 90; max_overhead = 1000; allocation_policy = 2;
                 window_size = 3; custom_major_ratio = 50; custom_minor_ratio = 80; custom_minor_max_size = 4096; verbose = 0 };
  let c2 = Gc.get () in
  Printf.printf "minor_heap_size %d\n" c2.Gc.minor_heap_size;
  Printf.printf "space_overhead %d\n" c2.Gc.space_overhead;
  Printf.printf "max_overhead %d\n" c2.Gc.max_overhead;
  Printf.printf "custom ratios %d %d %d\n" c2.Gc.custom_major_ratio c2.Gc.custom_minor_ratio c2.Gc.custom_minor_max_size;
  Printf.printf "verbose %d\n" c2.Gc.verbose;
  Gc.set { c2 with Gc.minor_heap_size = 32768 };
  Printf.printf "minor_heap_size again %d\n" (Gc.get ()).Gc.minor_heap_size;
  Gc.set { c2 with Gc.stack_limit = 2_000_000 };
  Printf.printf "stack_limit %d\n" (Gc.get ()).Gc.stack_limit;
  Gc.set c;
  Printf.printf "restored minor_heap_size %b\n" ((Gc.get ()).Gc.minor_heap_size = c.Gc.minor_heap_size);
  (* Statistics: only relations that hold on every runtime. *)
  let before = Gc.quick_stat () in
  let keep = ref [] in
  for i = 1 to 100_000 do keep := (i, string_of_int i) :: !keep; if i mod 1000 = 0 then keep := [] done;
  Gc.full_major ();
  let after = Gc.quick_stat () in
  Printf.printf "minor_words grew %b\n" (after.Gc.minor_words > before.Gc.minor_words);
  Printf.printf "minor collections grew %b\n" (after.Gc.minor_collections > before.Gc.minor_collections);
  Printf.printf "major collections grew %b\n" (after.Gc.major_collections > before.Gc.major_collections);
  Printf.printf "heap_words positive %b\n" (after.Gc.heap_words > 0);
  let s = Gc.stat () in
  Printf.printf "stat live_words >= 0 %b, free_words >= 0 %b\n" (s.Gc.live_words >= 0) (s.Gc.free_words >= 0);
  let (mi, pro, ma) = Gc.counters () in
  Printf.printf "counters non-negative %b\n" (mi >= 0. && pro >= 0. && ma >= 0.);
  Printf.printf "minor_words() positive %b\n" (Gc.minor_words () > 0.);
  Printf.printf "allocated_bytes positive %b\n" (Gc.allocated_bytes () > 0.);
  Printf.printf "heap words via quick_stat consistent %b\n" (after.Gc.top_heap_words >= 0);
  (* Alarms run at the end of major cycles. *)
  let alarms = ref 0 in
  let a = Gc.create_alarm (fun () -> incr alarms) in
  Gc.full_major ();
  Gc.full_major ();
  Gc.delete_alarm a;
  let seen = !alarms in
  Gc.full_major ();
  Printf.printf "alarm ran %b, stopped after delete %b\n" (seen > 0) (!alarms = seen);
  ignore !keep;
  (* Memprof start/stop with sampling rate 0: no callbacks. *)
  let t = Gc.Memprof.start ~sampling_rate:0. Gc.Memprof.null_tracker in
  ignore (Array.make 1000 0);
  Gc.Memprof.stop ();
  Gc.Memprof.discard t;
  print_endline "memprof ok"
