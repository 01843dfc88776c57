(* libs: unix threads *)
(* Event.always and Event.poll: poll succeeds only when the rendezvous can
   happen at once; always is immediately ready; choose prefers ready
   events; a polling loop eventually meets a sender that blocks in sync;
   choose over an empty list is rejected. *)

let show = function None -> "None" | Some s -> "Some " ^ s

let () =
  Printf.printf "poll always: %s\n" (show (Event.poll (Event.always "x")));
  let c = Event.new_channel () in
  Printf.printf "poll receive, no sender: %s\n" (show (Event.poll (Event.receive c)));
  Printf.printf "poll send, no receiver: %b\n" (Event.poll (Event.send c "lost") = None);
  (match Event.poll (Event.choose []) with
   | r -> Printf.printf "poll choose []: %b\n" (r = None)
   | exception Invalid_argument m -> Printf.printf "poll choose []: Invalid_argument %s\n" m);
  (match Event.sync (Event.choose []) with
   | () -> print_endline "sync choose []: returned"
   | exception Invalid_argument m -> Printf.printf "sync choose []: Invalid_argument %s\n" m);
  Printf.printf "poll choose with always: %s\n"
    (show (Event.poll (Event.choose [Event.receive c; Event.always "ready"])));
  Printf.printf "sync always wrapped: %s\n"
    (Event.sync (Event.wrap (Event.always 20) (fun n -> string_of_int (n + 1))));
  (* a sender blocked in sync: polling receive eventually succeeds *)
  let t = Thread.create (fun () -> Event.sync (Event.send c "from thread")) () in
  let rec loop n =
    match Event.poll (Event.receive c) with
    | Some v -> v
    | None -> if n = 0 then "gave up" else (Thread.delay 0.002; loop (n - 1)) in
  Printf.printf "polled: %s\n%!" (loop 5000);
  Thread.join t;
  (* a receiver blocked in sync: polling send eventually succeeds *)
  let got = ref "" in
  let t = Thread.create (fun () -> got := Event.sync (Event.receive c)) () in
  let rec loop n =
    match Event.poll (Event.send c "polled send") with
    | Some () -> true
    | None -> if n = 0 then false else (Thread.delay 0.002; loop (n - 1)) in
  let ok = loop 5000 in
  Thread.join t;
  Printf.printf "poll send succeeded: %b, receiver got: %s\n%!" ok !got;
  (* after a poll failed, the offer is withdrawn: a later receive gets the later value *)
  ignore (Event.poll (Event.send c "withdrawn"));
  let t = Thread.create (fun () -> Event.sync (Event.send c "kept")) () in
  Printf.printf "received after withdrawn poll: %s\n%!" (Event.sync (Event.receive c));
  Thread.join t;
  (* guard with poll: the guard runs each time *)
  let n = ref 0 in
  let g = Event.guard (fun () -> incr n; if !n mod 2 = 0 then Event.always !n else Event.receive (Event.new_channel ())) in
  let rs = List.init 4 (fun _ -> match Event.poll g with Some v -> string_of_int v | None -> "-") in
  Printf.printf "guarded polls: %s (guard ran %d times)\n%!" (String.concat " " rs) !n;
  (* wrap_abort under poll: an aborted branch runs its abort action *)
  let aborted = ref 0 in
  let r = Event.poll (Event.choose [
      Event.wrap_abort (Event.receive c) (fun () -> incr aborted);
      Event.always "always" ]) in
  Printf.printf "poll choose with abort: %s, aborted %d\n" (show r) !aborted;
  (* select with always picks it without blocking *)
  Printf.printf "select with always: %d\n"
    (Event.select [Event.receive (Event.new_channel ()); Event.always 7])
