(* env: OCAMLRUNPARAM=l=262144 *)
(* Stack_overflow inside fibers (stack limit lowered to 256k words with
   OCAMLRUNPARAM=l): deep non-tail recursion in a handled computation,
   caught inside the fiber (which then goes on performing), caught outside
   the handler, raised in a fiber nested in fibers, raised in a resumed
   continuation, and in the main stack after all that; recursion just
   below the limit still works everywhere. *)
open Effect
open Effect.Deep

type _ Effect.t += Get : int Effect.t

let rec sum n = if n = 0 then 0 else n + sum (n - 1)
let rec sum_perform n = if n = 0 then perform Get else n + sum_perform (n - 1)

let with_get (v : int) f = try_with f () { effc = (fun (type a) (e : a Effect.t) ->
    match e with Get -> Some (fun (k : (a, _) continuation) -> continue k v) | _ -> None) }

let overflows f = match f () with
  | v -> Printf.sprintf "value %d" v
  | exception Stack_overflow -> "Stack_overflow"

let () =
  Printf.printf "main, 10_000 deep: %s\n" (overflows (fun () -> sum 10_000));
  Printf.printf "main, far too deep: %s\n" (overflows (fun () -> sum 10_000_000));
  Printf.printf "fiber, 10_000 deep with perform at the bottom: %s\n"
    (overflows (fun () -> with_get 1 (fun () -> sum_perform 10_000)));
  (* Caught inside the fiber, which goes on performing. *)
  Printf.printf "fiber, caught inside: %s\n" (overflows (fun () ->
      with_get 5 (fun () ->
          let r = try sum 10_000_000 with Stack_overflow -> -1 in
          r + perform Get)));
  (* Caught outside the handler. *)
  Printf.printf "fiber, caught outside: %s\n" (overflows (fun () ->
      with_get 5 (fun () -> perform Get + sum_perform 10_000_000)));
  (* Three nested fibers, overflow in the innermost. *)
  Printf.printf "nested fibers: %s\n" (overflows (fun () ->
      with_get 1 (fun () -> with_get 2 (fun () -> with_get 3 (fun () ->
          perform Get + sum 10_000_000)))));
  (* Each nested fiber holds part of the recursion: the limit is per stack,
     so five fibers of 50_000 frames each are fine. *)
  let rec layered depth =
    if depth = 0 then perform Get
    else with_get depth (fun () -> sum 50_000 + layered (depth - 1)) in
  Printf.printf "layered: %s\n" (overflows (fun () -> with_get 0 (fun () -> layered 5)));
  (* Overflow after a resume: the continuation is continued from the
     effect clause and then recurses too deep. *)
  Printf.printf "after resume: %s\n" (overflows (fun () ->
      match_with (fun () -> let n = perform Get in sum n) ()
        { retc = (fun v -> v);
          exnc = (function Stack_overflow -> -2 | e -> raise e);
          effc = (fun (type a) (e : a Effect.t) -> match e with
              | Get -> Some (fun (k : (a, _) continuation) -> continue k 10_000_000)
              | _ -> None) }));
  (* Repeated overflows in fresh fibers (stacks are reused afterwards). *)
  let n = ref 0 in
  for _ = 1 to 20 do
    match with_get 0 (fun () -> sum 10_000_000) with
    | _ -> ()
    | exception Stack_overflow -> incr n
  done;
  Printf.printf "repeated: %d overflows\n" !n;
  Printf.printf "fibers still fine: %s\n" (overflows (fun () -> with_get 3 (fun () -> sum_perform 100)));
  Printf.printf "main still fine: %s\n" (overflows (fun () -> sum 50_000))
