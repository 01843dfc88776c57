(* flags: -g *)
(* env: OCAMLRUNPARAM=b *)
(* libs: unix threads *)
(* With -g and OCAMLRUNPARAM=b, an exception escaping a thread is printed
   with its backtrace after the "Thread N killed" line; a thread can print
   its own backtrace with Printexc; the main thread's uncaught exception
   also gets a backtrace. *)

let rec deep n = if n = 0 then failwith "deep failure" else 1 + deep (n - 1)

let [@inline never] middle () = ignore (deep 3)

let () =
  let t = Thread.create (fun () -> middle ()) () in
  Thread.join t;
  let t = Thread.create (fun () ->
      try middle () with Failure _ ->
        let bt = Printexc.get_backtrace () in
        Printf.printf "caught in thread, backtrace lines: %d\n%!"
          (List.length (String.split_on_char '\n' (String.trim bt)));
        Printexc.print_backtrace stdout; flush stdout) () in
  Thread.join t;
  let t = Thread.create (fun () ->
      try raise Not_found with Not_found -> raise (Invalid_argument "reraised in thread")) () in
  Thread.join t;
  Printexc.record_backtrace false;
  let t = Thread.create (fun () -> raise Exit) () in
  Thread.join t;
  Printexc.record_backtrace true;
  let t = Thread.create (fun () -> ignore (Thread.create middle ())) () in
  Thread.join t;
  Thread.delay 0.05;
  middle ()
