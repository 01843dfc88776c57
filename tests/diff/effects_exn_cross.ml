(* Exceptions crossing fiber boundaries in both directions: out of a
   computation through one or several handlers, out of an effect clause
   (the suspended computation is abandoned), out of retc/exnc, into a
   computation through continue (a raising continuation), through a
   continuation resumed outside the handler that captured it, through
   Shallow handlers; trap frames on both sides stay intact. *)
open Effect
open Effect.Deep
module S = Effect.Shallow

type _ Effect.t += Op : int -> int Effect.t

exception E1 of int
exception E2 of string

let show f = match f () with
  | v -> Printf.sprintf "value %s" v
  | exception E1 n -> Printf.sprintf "E1 %d" n
  | exception E2 s -> Printf.sprintf "E2 %s" s
  | exception e -> Printf.sprintf "other %s" (Printexc.to_string e)

let h ?(exnc = raise) ?(retc = string_of_int) (clause : int -> (int, string) continuation -> string) comp =
  match_with comp ()
    { retc; exnc;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Op n -> Some (fun (k : (a, _) continuation) -> clause n k)
          | _ -> None) }

let cont n k = continue k n

let () =
  print_endline ("1 out of computation: " ^ show (fun () -> h cont (fun () -> ignore (perform (Op 1)); raise (E1 1))));
  print_endline ("2 through three fibers: " ^ show (fun () ->
      h cont (fun () -> int_of_string (h cont (fun () -> int_of_string (h cont (fun () ->
          perform (Op 2) + raise (E2 "deep"))))))));
  print_endline ("3 caught between fibers: " ^ show (fun () ->
      h cont (fun () ->
          let inner = try int_of_string (h cont (fun () -> raise (E1 3))) with E1 n -> n * 100 in
          perform (Op inner))));
  print_endline ("4 out of effect clause: " ^ show (fun () ->
      h (fun n _k -> raise (E1 (n + 40))) (fun () ->
          Fun.protect ~finally:(fun () -> print_endline "  (never printed: the fiber is dropped)")
            (fun () -> perform (Op 4)))));
  print_endline ("5 continued computation raises into the clause: " ^ show (fun () ->
      h (fun n k -> try continue k n with E1 m -> string_of_int (m + 1000))
        ~retc:string_of_int
        (fun () -> if perform (Op 5) = 5 then raise (E1 5) else 0)) |> fun s -> s);
  print_endline ("6 clause catches and re-raises another: " ^ show (fun () ->
      h (fun n k -> try continue k n with E1 _ -> raise (E2 "converted")) (fun () -> raise (E1 (perform (Op 6))))));
  print_endline ("7 raise in retc: " ^ show (fun () ->
      h cont ~retc:(fun v -> raise (E1 (v * 2))) (fun () -> perform (Op 7))));
  print_endline ("8 raise in exnc: " ^ show (fun () ->
      h cont ~exnc:(function E1 n -> raise (E2 (string_of_int n)) | e -> raise e) (fun () -> raise (E1 8))));
  print_endline ("9 exnc handles: " ^ show (fun () ->
      h cont ~exnc:(function E1 n -> "handled " ^ string_of_int n | e -> raise e) (fun () -> raise (E1 (perform (Op 9))))));
  (* A continuation captured, the handler returns, then resumed from
     elsewhere: the computation's exception reaches the code that called
     continue, through the original handler's exnc. *)
  let saved = ref None in
  print_endline ("10 capture: " ^ show (fun () ->
      h ~exnc:(fun e -> "exnc saw " ^ Printexc.to_string e) (fun _ k -> saved := Some k; "suspended")
        (fun () -> raise (E1 (perform (Op 10))))));
  (match !saved with
   | Some k -> print_endline ("10 resumed: " ^ show (fun () -> continue k 11))
   | None -> ());
  let saved = ref None in
  ignore (h (fun _ k -> saved := Some k; "suspended") (fun () -> raise (E1 (perform (Op 12)))));
  (match !saved with
   | Some k -> print_endline ("11 resumed, no exnc: " ^ show (fun () -> continue k 13))
   | None -> ());
  (* Shallow: the exception goes to the exnc of the handler given to the
     continue_with that resumed the fiber. *)
  let k = S.fiber (fun () -> let v = perform (Op 0) in raise (E1 v)) in
  let r = S.continue_with k ()
      { S.retc = (fun () -> "ret");
        exnc = (fun e -> "first exnc " ^ Printexc.to_string e);
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Op _ -> Some (fun (k : (a, _) S.continuation) ->
                S.continue_with k 14
                  { S.retc = (fun () -> "ret2"); exnc = (fun e -> "second exnc " ^ Printexc.to_string e);
                    effc = (fun _ -> None) })
            | _ -> None) } in
  print_endline ("12 shallow: " ^ r);
  (* Exceptions carrying closures that perform, called under another
     handler. *)
  let r = match h cont (fun () -> raise (E2 "x") |> ignore; 0) with
    | _ -> "no"
    | exception E2 _ ->
      show (fun () -> h (fun n k -> continue k (n * 3)) (fun () -> perform (Op 5))) in
  print_endline ("13 after exception, new handler: " ^ r);
  (* Trap frames stay consistent over many crossings. *)
  let caught = ref 0 and values = ref 0 in
  for i = 1 to 100_000 do
    match h (fun n k -> if n mod 3 = 0 then raise (E1 n) else continue k n)
            (fun () -> if perform (Op i) mod 3 = 1 then raise (E2 "odd") else i) with
    | _ -> incr values
    | exception E1 _ -> incr caught
    | exception E2 _ -> incr caught; incr caught
  done;
  Printf.printf "14 loop: values=%d caught=%d\n" !values !caught;
  (* Re-raise outside after everything: the top-level trap frame is intact. *)
  match raise (E1 99) with _ -> () | exception E1 n -> Printf.printf "15 top level: E1 %d\n" n
