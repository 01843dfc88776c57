(* A small tour of what mcrun runs: closures, exceptions, effects, GC. *)
type _ Effect.t += Yield : int -> unit Effect.t

let generate n =
  (* A generator written with an effect handler. *)
  let open Effect.Deep in
  let items = ref [] in
  match_with
    (fun () -> for i = 1 to n do Effect.perform (Yield (i * i)) done)
    ()
    { retc = (fun () -> List.rev !items);
      exnc = raise;
      effc = (fun (type a) (e : a Effect.t) ->
        match e with
        | Yield v -> Some (fun (k : (a, _) continuation) -> items := v :: !items; continue k ())
        | _ -> None) }

let () =
  Printf.printf "Hello, this is OCaml %s bytecode.\n" Sys.ocaml_version;
  Printf.printf "Squares from an effect-based generator: %s\n"
    (String.concat " " (List.map string_of_int (generate 10)));
  let tbl = Hashtbl.create 16 in
  for i = 1 to 100_000 do Hashtbl.replace tbl (i mod 1000) (string_of_int i) done;
  Gc.full_major ();
  Printf.printf "Hashtbl has %d bindings after 100000 updates and a full major GC.\n"
    (Hashtbl.length tbl);
  (try ignore (List.nth [1; 2; 3] 10) with Failure msg -> Printf.printf "Caught Failure %S\n" msg)
