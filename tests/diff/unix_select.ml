(* libs: unix *)
(* select on pipes and sockets, with and without timeouts. *)

let names fds all =
  String.concat "," (List.map (fun fd -> List.assoc fd all) fds)

let () =
  let r1, w1 = Unix.pipe () in
  let r2, w2 = Unix.pipe () in
  let all = [r1, "r1"; w1, "w1"; r2, "r2"; w2, "w2"] in
  let show what (r, w, e) =
    Printf.printf "%s: read=[%s] write=[%s] except=[%s]\n" what (names r all) (names w all) (names e all) in
  let t0 = Unix.gettimeofday () in
  show "empty, 0.2s" (Unix.select [r1; r2] [] [] 0.2);
  let waited = Unix.gettimeofday () -. t0 in
  Printf.printf "waited at least 0.15s: %b, less than 5s: %b\n" (waited >= 0.15) (waited < 5.0);
  show "poll" (Unix.select [r1; r2] [] [] 0.0);
  show "writable" (Unix.select [] [w1; w2] [] 0.0);
  show "writable, order" (Unix.select [] [w2; w1] [] (-1.0));
  ignore (Unix.write_substring w2 "x" 0 1);
  show "r2 ready" (Unix.select [r1; r2] [] [] 1.0);
  ignore (Unix.write_substring w1 "y" 0 1);
  show "both ready" (Unix.select [r1; r2] [w1] [r1] 1.0);
  show "same fd twice" (Unix.select [r1; r1] [] [] 0.0);
  Unix.close w2;
  let b = Bytes.create 4 in
  ignore (Unix.read r2 b 0 4);
  show "eof is readable" (Unix.select [r2] [] [] 1.0);
  Printf.printf "read at eof: %d\n" (Unix.read r2 b 0 4);
  (* a child writes after a delay: select with no timeout wakes up *)
  let r3, w3 = Unix.pipe () in
  flush stdout;
  (match Unix.fork () with
   | 0 -> Unix.sleepf 0.1; ignore (Unix.write_substring w3 "late" 0 4); Unix._exit 0
   | pid ->
       let rd, _, _ = Unix.select [r3] [] [] (-1.0) in
       Printf.printf "woken: %b\n" (rd = [r3]);
       ignore (Unix.waitpid [] pid));
  (* a full non-blocking pipe is not writable *)
  Unix.set_nonblock w1;
  let chunk = Bytes.make 4096 'z' in
  let rec fill n =
    match Unix.write w1 chunk 0 4096 with
    | k -> fill (n + k)
    | exception Unix.Unix_error (Unix.EAGAIN, "write", _) -> n in
  let n = fill 0 in
  Printf.printf "filled pipe: %b\n" (n > 0);
  show "full pipe" (Unix.select [] [w1] [] 0.05);
  (match Unix.single_write w1 chunk 0 1 with
   | _ -> print_endline "single_write on full pipe succeeded?"
   | exception Unix.Unix_error (e, f, _) -> Printf.printf "single_write: %s %s\n" (Unix.error_message e) f);
  (* sleepf and select 0 are cheap *)
  Unix.sleepf 0.01;
  Unix.sleepf (-1.0);
  Unix.sleep 0;
  print_endline "done"
