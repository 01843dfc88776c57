(* Systhreads switching while each is inside the stubs of mcstub.c
 * (blocking sections, callbacks that collect): tests/stublibs-check.sh. *)
external build : (int -> string) -> int -> (int * string) list = "mcs_build"
external sleep_ms : int -> (string -> string) -> string = "mcs_sleep_ms"

let f i =
  ignore (Sys.opaque_identity (List.init 20 (fun k -> String.make k 'q')));
  if i mod 50 = 0 then Thread.yield ();
  if i mod 101 = 0 then Gc.minor ();
  string_of_int (i * i)

let worker n () =
  let ok = ref 0 in
  for round = 1 to 15 do
    let l = build f (100 + n + round) in
    if List.for_all (fun (i, s) -> s = string_of_int (i * i)) l then incr ok;
    let s = sleep_ms 1 (fun s -> build f 30 |> ignore; s ^ string_of_int n) in
    if s = "before" ^ string_of_int n then incr ok
  done;
  !ok

let () =
  let results = Array.make 4 0 in
  let ts = List.init 4 (fun n -> Thread.create (fun () -> results.(n) <- worker n ()) ()) in
  List.iter Thread.join ts;
  Array.iteri (fun n r -> Printf.printf "thread %d: %d/30\n" n r) results
