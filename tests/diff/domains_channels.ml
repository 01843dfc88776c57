(* Channels shared between domains: concurrent output_string of whole
   lines to one out_channel (channel locking keeps each call intact),
   concurrent readers of one in_channel, Buffer per domain, and flush at
   exit of output written by a domain. *)

let () =
  let file = "domains_channels.tmp" in
  let oc = open_out file in
  let ds = List.init 4 (fun d -> Domain.spawn (fun () ->
    for i = 1 to 2_000 do
      output_string oc (Printf.sprintf "domain %d line %d %s\n" d i (String.make (i mod 40) 'x'))
    done)) in
  List.iter Domain.join ds;
  close_out oc;
  let ic = open_in file in
  let lines = ref [] in
  (try while true do lines := input_line ic :: !lines done with End_of_file -> ());
  close_in ic;
  let well_formed l =
    Scanf.sscanf_opt l "domain %d line %d %s%!" (fun d i xs -> d >= 0 && d < 4 && String.length xs = i mod 40)
    = Some true
    || (Scanf.sscanf_opt l "domain %d line %d %!" (fun _ i -> i mod 40 = 0) = Some true)
  in
  Printf.printf "lines: %d, all intact: %b\n" (List.length !lines) (List.for_all well_formed !lines);
  let per = Array.make 4 0 in
  List.iter (fun l -> Scanf.sscanf l "domain %d " (fun d -> per.(d) <- per.(d) + 1)) !lines;
  Printf.printf "per domain: %s\n" (String.concat " " (Array.to_list (Array.map string_of_int per)));
  (* Concurrent readers share one channel: every line is read once. *)
  let ic = open_in file in
  let m = Mutex.create () in
  let ds = List.init 3 (fun _ -> Domain.spawn (fun () ->
    let n = ref 0 in
    (try while true do
        ignore (Mutex.protect m (fun () -> input_line ic)); incr n
      done with End_of_file -> ());
    !n)) in
  let counts = List.map Domain.join ds in
  close_in ic;
  Printf.printf "lines read by 3 readers: %d\n" (List.fold_left ( + ) 0 counts);
  Sys.remove file;
  (* Output from a domain to stdout, serialised by join, flushed at exit. *)
  Domain.join (Domain.spawn (fun () -> print_string "written by a domain, "));
  Domain.join (Domain.spawn (fun () -> print_string "then by another, "));
  print_endline "then by main";
  let d = Domain.spawn (fun () -> Printf.printf "unflushed text from a finished domain\n") in
  Domain.join d;
  Printf.eprintf "stderr from main\n"
