(* An uncaught exception in the main domain ends the program (exit code 2,
   the fatal error on stderr) while other domains are blocked on a
   condition, spinning, or allocating. *)

exception Boom of string * int

let () =
  let m = Mutex.create () and c = Condition.create () in
  let _blocked = Domain.spawn (fun () -> Mutex.lock m; while true do Condition.wait c m done) in
  let stop = Atomic.make false in
  let _spinning = Domain.spawn (fun () ->
    while not (Atomic.get stop) do ignore (Sys.opaque_identity (ref 0)); Domain.cpu_relax () done) in
  let _alloc = Domain.spawn (fun () ->
    let r = ref [] in
    while true do r := [1; 2; 3] :: !r; if List.length !r > 1000 then r := [] done) in
  at_exit (fun () -> print_endline "at_exit runs before the fatal error");
  ignore (List.init 100_000 Fun.id);
  print_endline "main raises";
  raise (Boom ("main", 42))
