(* libs: unix threads *)
(* Several threads writing to the same out_channel (a file) and reading
   from the same in_channel: each line, written by one output_string, comes
   out whole (channel operations are locked), no line is lost or
   duplicated, and concurrent [input] calls share out the bytes.
   Also Printf to stdout from threads with a mutex for a fixed order. *)

let () =
  let name = "shared_output.txt" in
  let oc = open_out name in
  let n = 5 and per = 300 in
  let ts = List.init n (fun id -> Thread.create (fun () ->
      for i = 1 to per do
        (* one output_string per line: a single locked channel operation *)
        output_string oc (Printf.sprintf "thread %d line %04d %s\n" id i (String.make (i mod 17) 'x'));
        if i mod 50 = 0 then Thread.yield ()
      done) ()) in
  List.iter Thread.join ts;
  close_out oc;
  let ic = open_in name in
  let lines = In_channel.input_lines ic in
  close_in ic;
  Printf.printf "lines written: %d\n" (List.length lines);
  let well_formed = List.for_all (fun l ->
      Scanf.sscanf l "thread %d line %d %s%!" (fun id i xs ->
          id >= 0 && id < n && i >= 1 && i <= per && String.length xs = i mod 17)) lines in
  Printf.printf "all lines well formed: %b\n" well_formed;
  let sorted = List.sort_uniq compare lines in
  Printf.printf "distinct lines: %d\n" (List.length sorted);
  (* per-thread order is preserved *)
  let ordered = List.for_all (fun id ->
      let mine = List.filter (fun l -> Scanf.sscanf l "thread %d" Fun.id = id) lines in
      mine = List.sort compare mine) (List.init n Fun.id) in
  Printf.printf "each thread's lines in order: %b\n" ordered;
  (* concurrent readers of one in_channel, each [input] call is one locked
     operation: the bytes are shared out without loss or duplication *)
  let size = (Unix.stat name).Unix.st_size in
  let ic = open_in_bin name in
  let counts = Array.make n 0 and newlines = Array.make n 0 in
  let ts = List.init n (fun k -> Thread.create (fun () ->
      let buf = Bytes.create (37 + k) in
      let rec loop () =
        let got = input ic buf 0 (Bytes.length buf) in
        if got > 0 then begin
          counts.(k) <- counts.(k) + got;
          for i = 0 to got - 1 do if Bytes.get buf i = '\n' then newlines.(k) <- newlines.(k) + 1 done;
          if counts.(k) mod 5 = 0 then Thread.yield ();
          loop ()
        end in
      loop ()) ()) in
  List.iter Thread.join ts;
  close_in ic;
  Printf.printf "bytes read by %d readers = file size: %b, newlines: %d\n" n
    (Array.fold_left (+) 0 counts = size) (Array.fold_left (+) 0 newlines);
  Sys.remove name;
  (* stdout from threads in a forced order *)
  let m = Mutex.create () and c = Condition.create () and turn = ref 0 in
  let ts = List.init 4 (fun id -> Thread.create (fun () ->
      Mutex.lock m;
      while !turn <> id do Condition.wait c m done;
      Printf.printf "thread %d prints in turn\n%!" id;
      incr turn; Condition.broadcast c; Mutex.unlock m) ()) in
  List.iter Thread.join (List.rev ts)
