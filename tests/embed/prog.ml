(* An OCaml program embedded in a C program (host.c), through
   ocamlc -output-obj: tests/embed-check.sh links it with stock's
   libcamlrun.a and with mcrun's libmcrun.o and compares the two. *)
external c_twice : int -> int = "host_twice"
external c_concat : string -> string list -> string = "host_concat"

let table : (int, string * int) Hashtbl.t = Hashtbl.create 16

let remember k v =
  (* Allocates enough to run collections while C holds values. *)
  let garbage = List.init 20_000 (fun i -> string_of_int (i * k)) in
  Hashtbl.replace table k (v, List.length garbage);
  Gc.full_major ();
  Hashtbl.length table

let lookup k = match Hashtbl.find_opt table k with Some (v, _) -> v | None -> raise Not_found

let () =
  Callback.register "remember" remember;
  Callback.register "lookup" lookup;
  Callback.register "twice_via_c" (fun x -> c_twice (x + 1));
  Callback.register "fail" (fun msg -> failwith msg);
  Callback.register "print" (fun s -> print_string s; flush stdout);
  let name = Filename.basename Sys.executable_name in
  Printf.printf "init: %d args, argv0 %s, executable %s, concat %s\n"
    (Array.length Sys.argv) (Filename.remove_extension (Filename.basename Sys.argv.(0)))
    (if String.length name > 0 then "named" else "unnamed")
    (c_concat "-" ["a"; "b"; string_of_int (c_twice 21)]);
  at_exit (fun () -> print_endline "at_exit ran")
