(* libs: unix threads *)
(* The Event module: synchronous channels (send/receive rendezvous),
   choose and select among several channels, wrap, guard and wrap_abort,
   a pipeline of threads connected by channels, and a server thread
   answering requests on a channel of reply channels. *)

let () =
  let c = Event.new_channel () in
  let t = Thread.create (fun () -> Event.sync (Event.send c 42)) () in
  Printf.printf "received %d\n%!" (Event.sync (Event.receive c));
  Thread.join t;
  (* wrap *)
  let t = Thread.create (fun () -> Event.sync (Event.send c 5)) () in
  let s = Event.sync (Event.wrap (Event.receive c) (fun n -> Printf.sprintf "wrapped %d" (n * 10))) in
  print_endline s;
  Thread.join t;
  (* a pipeline: numbers -> squares -> sum *)
  let c1 = Event.new_channel () and c2 = Event.new_channel () in
  let gen = Thread.create (fun () ->
      for i = 1 to 20 do Event.sync (Event.send c1 (Some i)) done;
      Event.sync (Event.send c1 None)) () in
  let sq = Thread.create (fun () ->
      let rec loop () = match Event.sync (Event.receive c1) with
        | Some i -> Event.sync (Event.send c2 (Some (i * i))); loop ()
        | None -> Event.sync (Event.send c2 None) in
      loop ()) () in
  let rec sum acc = match Event.sync (Event.receive c2) with
    | Some v -> sum (acc + v) | None -> acc in
  Printf.printf "pipeline sum of squares 1..20: %d\n%!" (sum 0);
  Thread.join gen; Thread.join sq;
  (* select among channels: senders on two channels, tagged with wrap *)
  let ca = Event.new_channel () and cb = Event.new_channel () in
  let ta = Thread.create (fun () -> for i = 1 to 5 do Event.sync (Event.send ca i) done) () in
  let tb = Thread.create (fun () -> for i = 1 to 7 do Event.sync (Event.send cb (string_of_int i)) done) () in
  let na = ref 0 and nb = ref 0 and suma = ref 0 and lb = ref [] in
  for _ = 1 to 12 do
    Event.select [
      Event.wrap (Event.receive ca) (fun i -> incr na; suma := !suma + i);
      Event.wrap (Event.receive cb) (fun s -> incr nb; lb := s :: !lb);
    ]
  done;
  Thread.join ta; Thread.join tb;
  Printf.printf "select: %d from a (sum %d), %d from b (%s)\n%!" !na !suma !nb
    (String.concat "" (List.rev !lb));
  (* choose between send and receive *)
  let cin = Event.new_channel () and cout = Event.new_channel () in
  let t = Thread.create (fun () -> Event.sync (Event.send cin "in")) () in
  let r = Event.sync (Event.choose [
      Event.wrap (Event.receive cin) (fun s -> "received " ^ s);
      Event.wrap (Event.send cout "out") (fun () -> "sent") ]) in
  print_endline r;
  Thread.join t;
  (* guard: the event is computed at sync time *)
  let counter = ref 0 in
  let g = Event.guard (fun () -> incr counter; Event.always !counter) in
  let a = Event.sync g in
  let b = Event.sync g in
  Printf.printf "guard evaluated at each sync: %d %d\n%!" a b;
  (* wrap_abort: the aborted branch's action runs *)
  let aborted = ref [] in
  let cx = Event.new_channel () and cy = Event.new_channel () in
  let t = Thread.create (fun () -> Event.sync (Event.send cy "y")) () in
  let r = Event.sync (Event.choose [
      Event.wrap_abort (Event.receive cx) (fun () -> aborted := "x" :: !aborted);
      Event.wrap_abort (Event.receive cy) (fun () -> aborted := "y" :: !aborted) ]) in
  Thread.join t;
  Printf.printf "chose %s, aborted: [%s]\n%!" r (String.concat ";" !aborted);
  (* request/reply server *)
  let req = Event.new_channel () in
  let server = Thread.create (fun () ->
      let rec loop () = match Event.sync (Event.receive req) with
        | None -> ()
        | Some (n, reply) -> Event.sync (Event.send reply (n * n + 1)); loop () in
      loop ()) () in
  let results = Array.make 4 0 in
  let clients = List.init 4 (fun i ->
      Thread.create (fun () ->
          let reply = Event.new_channel () in
          Event.sync (Event.send req (Some (i + 10, reply)));
          results.(i) <- Event.sync (Event.receive reply)) ()) in
  List.iter Thread.join clients;
  Event.sync (Event.send req None);
  Thread.join server;
  Printf.printf "replies: %s\n" (String.concat " " (Array.to_list (Array.map string_of_int results)))
