(* flags: -g *)
(* env: OCAMLRUNPARAM=b *)
(* discontinue and discontinue_with_backtrace: the exception is raised at
   the perform inside the suspended computation, runs its cleanups
   (Fun.protect, try/with re-raising), can be caught there, and otherwise
   comes back out of discontinue.  With discontinue_with_backtrace the
   backtrace seen inside the fiber is the one given. *)
open Effect
open Effect.Deep

type _ Effect.t += Wait : int Effect.t

exception Cancelled of string

let suspend_then (body : (int, 'b) continuation -> 'b) (comp : unit -> 'b) : 'b =
  match_with comp ()
    { retc = (fun v -> v); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Wait -> Some (fun (k : (a, _) continuation) -> body k)
          | _ -> None) }

let[@inline never] make_trace () =
  (* A backtrace recorded by a real raise in some other function. *)
  try raise (Cancelled "prepared") with Cancelled _ -> Printexc.get_raw_backtrace ()

let () =
  Printexc.record_backtrace true;
  (* Caught inside the computation. *)
  let r = suspend_then (fun k -> discontinue k (Cancelled "a"))
      (fun () -> try string_of_int (perform Wait) with Cancelled m -> "caught inside: " ^ m) in
  print_endline r;
  (* Not caught: cleanups run, the exception comes out of discontinue. *)
  let r = try suspend_then (fun k -> discontinue k (Cancelled "b"))
        (fun () -> Fun.protect ~finally:(fun () -> print_endline "finally ran")
            (fun () -> string_of_int (perform Wait)))
    with Cancelled m -> "came out: " ^ m in
  print_endline r;
  (* The computation catches, performs again, and is then continued. *)
  (* The computation catches, performs again (the deep handler is still
     installed) and is discontinued a second time. *)
  let r = suspend_then (fun k -> discontinue k (Cancelled "retry"))
      (fun () ->
         try string_of_int (perform Wait)
         with Cancelled m -> m ^ " then " ^ (try string_of_int (perform Wait) with Cancelled m2 -> "again " ^ m2)) in
  print_endline r;
  (* The exception clause of match_with sees the exception. *)
  let r = match_with (fun () -> perform Wait + 1) ()
      { retc = string_of_int;
        exnc = (fun e -> "exnc: " ^ Printexc.to_string e);
        effc = (fun (type a) (e : a Effect.t) -> match e with
            | Wait -> Some (fun (k : (a, _) continuation) -> discontinue k (Invalid_argument "stop"))
            | _ -> None) } in
  print_endline r;
  (* discontinue_with_backtrace: the fiber sees the given backtrace. *)
  let bt = make_trace () in
  let r = suspend_then (fun k -> discontinue_with_backtrace k (Cancelled "c") bt)
      (fun () ->
         try string_of_int (perform Wait)
         with Cancelled m ->
           let seen = Printexc.get_raw_backtrace () in
           print_string (Printexc.raw_backtrace_to_string seen);
           "with backtrace: " ^ m) in
  print_endline r;
  (* A backtrace from a discontinue that is not caught anywhere in the
     fiber, caught by the code around the handler. *)
  (try ignore (suspend_then (fun k -> discontinue_with_backtrace k (Cancelled "d") bt)
                 (fun () -> perform Wait + 1))
   with Cancelled m ->
     Printf.printf "outside: %s\n%s" m (Printexc.raw_backtrace_to_string (Printexc.get_raw_backtrace ())));
  (* Plain discontinue, uncaught in the fiber: the backtrace starts at the
     perform. *)
  (try ignore (suspend_then (fun k -> discontinue k (Cancelled "e"))
                 (fun () -> perform Wait + 1))
   with Cancelled m ->
     Printf.printf "plain: %s\n%s" m (Printexc.raw_backtrace_to_string (Printexc.get_raw_backtrace ())));
  (* Finally: an uncaught discontinue reaches the top level. *)
  print_endline "last";
  ignore (suspend_then (fun k -> discontinue_with_backtrace k (Cancelled "fatal") bt)
            (fun () -> perform Wait * 2))
