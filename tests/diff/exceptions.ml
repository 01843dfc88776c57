(* Exceptions: custom ones with arguments, nesting, re-raise, Fun.protect,
   match ... with exception, Printexc.to_string. *)
exception My_error
exception With_int of int
exception With_args of string * int * float
exception With_record of { code : int; msg : string }
exception Poly of int list option

let risky n =
  if n = 0 then raise My_error
  else if n = 1 then raise (With_int 42)
  else if n = 2 then raise (With_args ("two", 2, 2.5))
  else if n = 3 then raise (With_record { code = 3; msg = "three" })
  else if n = 4 then failwith "four"
  else if n = 5 then invalid_arg "five"
  else if n = 6 then raise Not_found
  else if n = 7 then raise (Poly (Some [1; 2]))
  else if n = 8 then raise Exit
  else if n = 9 then (let a = [| 1 |] in a.(Sys.opaque_identity 5))
  else if n = 10 then 1 / Sys.opaque_identity 0
  else if n = 11 then raise End_of_file
  else if n = 12 then (assert (n = 0); 0)
  else if n = 13 then (match Sys.opaque_identity n with 0 -> 1 | exception _ -> 2 | 1 -> 3 | _ when false -> 4 | 13 when n > 100 -> 5 | 13 -> raise (Sys_error "sys"))
  else n

let () =
  for i = 0 to 14 do
    match risky i with
    | v -> Printf.printf "%d: returned %d\n" i v
    | exception e -> Printf.printf "%d: %s\n" i (Printexc.to_string e)
  done;
  (* Handlers selecting on arguments. *)
  let handle f = try f () with
    | With_int n when n > 40 -> Printf.sprintf "big int %d" n
    | With_int n -> Printf.sprintf "int %d" n
    | With_args (s, _, f) -> Printf.sprintf "args %s %g" s f
    | With_record { code; msg } -> Printf.sprintf "record %d %s" code msg
    | Failure m | Invalid_argument m -> "message " ^ m
  in
  List.iter (fun n -> print_endline (handle (fun () -> ignore (risky n); "none"))) [1; 2; 3; 4; 5; 14];
  (* Nested handlers and re-raise. *)
  let depth = ref 0 in
  let rec nest n = if n = 0 then raise (With_int !depth) else try incr depth; nest (n - 1) with Not_found -> -1 in
  (try ignore (nest 100) with With_int d -> Printf.printf "escaped 100 handlers, depth %d\n" d);
  let reraised = try (try raise My_error with e -> Printf.printf "caught once\n"; raise e) with My_error -> "caught twice" in
  print_endline reraised;
  (* Exceptions through higher-order functions. *)
  (try List.iter (fun x -> if x = 3 then raise (With_int x)) [1; 2; 3; 4] with With_int x -> Printf.printf "iter stopped at %d\n" x);
  let found = try Some (List.find (fun x -> x > 10) [1; 2]) with Not_found -> None in
  Printf.printf "found %b\n" (found <> None);
  (* Fun.protect. *)
  let log = Buffer.create 16 in
  let r = Fun.protect ~finally:(fun () -> Buffer.add_string log "[finally 1]") (fun () -> 7) in
  Printf.printf "protect returned %d\n" r;
  (try Fun.protect ~finally:(fun () -> Buffer.add_string log "[finally 2]") (fun () -> raise My_error)
   with My_error -> Buffer.add_string log "[caught My_error]");
  (try Fun.protect ~finally:(fun () -> raise Not_found) (fun () -> ())
   with Fun.Finally_raised e -> Buffer.add_string log ("[Finally_raised " ^ Printexc.to_string e ^ "]"));
  print_endline (Buffer.contents log);
  Printf.printf "Finally_raised printer: %s\n" (Printexc.to_string (Fun.Finally_raised Exit));
  (* Local exceptions and exceptions as values. *)
  let module M = struct exception Local of string end in
  (try raise (M.Local "local") with M.Local s -> print_endline ("local exception " ^ s));
  let exns = [ My_error; With_int 1; Failure "f"; Not_found; Stack_overflow; Out_of_memory; Sys_blocked_io;
               Division_by_zero; Undefined_recursive_module ("m.ml", 1, 2); Match_failure ("x.ml", 3, 4); Assert_failure ("y.ml", 5, 6) ] in
  List.iter (fun e -> print_endline (Printexc.to_string e)) exns;
  Printf.printf "to_string_default %s\n" (Printexc.to_string_default (With_args ("a", 1, 1.)));
  Printf.printf "exn_slot_name %s\n" (Printexc.exn_slot_name (With_int 3));
  Printf.printf "exn_slot_name %s\n" (Printexc.exn_slot_name Not_found);
  (* raise_notrace and exceptions used for control flow in a loop. *)
  let count = ref 0 in
  for i = 1 to 200_000 do
    try if i mod 3 = 0 then raise_notrace Exit else if i mod 5 = 0 then raise (With_int i) else incr count
    with Exit -> () | With_int _ -> count := !count + 2
  done;
  Printf.printf "count %d\n" !count;
  (* Exception equality and physical identity of constant exceptions. *)
  Printf.printf "My_error == My_error %b\n" (My_error == My_error);
  Printf.printf "With_int 1 = With_int 1: %b\n" (With_int 1 = With_int 1)
