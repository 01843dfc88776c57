(* Exceptions raised in a domain re-raise at join, with their payload. *)

exception Payload of int * string * float list
exception Nested of exn
exception Plain

type record = { name : string; values : int array }
exception With_record of record

let show = function
  | Payload (i, s, l) ->
    Printf.sprintf "Payload(%d, %S, [%s])" i s (String.concat "; " (List.map string_of_float l))
  | Nested e -> "Nested(" ^ Printexc.to_string e ^ ")"
  | With_record r ->
    Printf.sprintf "With_record{name=%s; values=[%s]}" r.name
      (String.concat ";" (Array.to_list (Array.map string_of_int r.values)))
  | e -> Printexc.to_string e

let try_join name f =
  let d = Domain.spawn f in
  match Domain.join d with
  | v -> Printf.printf "%s: returned %d\n" name v
  | exception e -> Printf.printf "%s: raised %s\n" name (show e)

let () =
  try_join "normal" (fun () -> 42);
  try_join "payload" (fun () -> raise (Payload (7, "seven", [1.5; 2.25])));
  try_join "failure" (fun () -> failwith "from a domain");
  try_join "invalid_arg" (fun () -> invalid_arg "bad argument");
  try_join "not_found" (fun () -> Hashtbl.find (Hashtbl.create 1) "x");
  try_join "division" (fun () -> 1 / (Sys.opaque_identity 0));
  try_join "plain" (fun () -> raise Plain);
  try_join "index" (fun () -> (Sys.opaque_identity [| 1 |]).(3));
  try_join "record" (fun () ->
    raise (With_record { name = "rec"; values = Array.init 5 (fun i -> i * 3) }));
  (* An exception crosses two joins. *)
  try_join "nested" (fun () ->
    let inner = Domain.spawn (fun () -> raise (Payload (1, "inner", []))) in
    (try Domain.join inner with e -> raise (Nested e)));
  (* An exception raised after a lot of allocation and a GC. *)
  try_join "after gc" (fun () ->
    let l = List.init 100_000 (fun i -> string_of_int i) in
    Gc.full_major ();
    raise (Payload (List.length l, List.nth l 99_999, [])));
  (* Stack overflow in a domain is catchable at join on stock too. *)
  let d = Domain.spawn (fun () -> let rec f n = if n = 0 then 0 else 1 + f (n - 1) in f 10_000) in
  Printf.printf "deep recursion: %d\n" (Domain.join d);
  (* Joining a failed domain twice raises twice. *)
  let d = Domain.spawn (fun () -> raise (Payload (2, "twice", [0.5]))) in
  for i = 1 to 2 do
    match Domain.join d with
    | () -> ()
    | exception e -> Printf.printf "join %d: %s\n" i (show e)
  done;
  (* Exception physical identity is preserved across join. *)
  let shared = Payload (3, "identity", []) in
  let d = Domain.spawn (fun () -> raise shared) in
  (match Domain.join d with
   | () -> ()
   | exception e -> Printf.printf "same exception value: %b\n" (e == shared));
  (* An at_exit callback that raises does not hide the body's exception. *)
  try_join "at_exit also raises" (fun () ->
    Domain.at_exit (fun () -> failwith "from at_exit");
    raise Plain);
  (* If only at_exit raises, its exception comes out of join. *)
  try_join "only at_exit raises" (fun () ->
    Domain.at_exit (fun () -> failwith "from at_exit");
    5)
