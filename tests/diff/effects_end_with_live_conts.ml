(* The program ends while continuations are still alive: some dropped
   but not yet collected, some kept in a global, some promoted by a GC,
   some still young, a shallow fiber never started, and a continuation
   spanning two fibers.  Output and exit status must be stock's; the
   sanitizer build checks that shutdown frees every fiber stack. *)
open Effect
open Effect.Deep
module S = Effect.Shallow

type _ Effect.t += E : int -> unit Effect.t | F : unit Effect.t

let kept = ref []

let park ~keep i =
  try_with (fun () -> perform (E i); print_endline "never") ()
    { effc = (fun (type a) (e : a Effect.t) -> match e with
          | E n -> Some (fun (k : (a, _) continuation) -> if keep then kept := (n, Obj.repr k) :: !kept)
          | _ -> None) }

let () =
  (* Promoted by a minor GC while kept. *)
  for i = 1 to 10 do park ~keep:true i done;
  Gc.minor ();
  (* Young, kept. *)
  for i = 11 to 20 do park ~keep:true i done;
  (* Young, dropped. *)
  for i = 21 to 30 do park ~keep:false i done;
  (* A shallow fiber never started, kept. *)
  kept := (0, Obj.repr (S.fiber (fun () -> perform F))) :: !kept;
  (* A two-fiber continuation: the inner handler declines E. *)
  try_with (fun () -> try_with (fun () -> perform (E 99)) ()
               { effc = (fun (type a) (e : a Effect.t) -> match e with
                     | F -> Some (fun (k : (a, _) continuation) -> continue k ())
                     | _ -> None) }) ()
    { effc = (fun (type a) (e : a Effect.t) -> match e with
          | E n -> Some (fun (k : (a, _) continuation) -> kept := (n, Obj.repr k) :: !kept)
          | _ -> None) };
  Printf.printf "%d continuations alive at exit, sum of ids %d\n"
    (List.length !kept) (List.fold_left (fun acc (n, _) -> acc + n) 0 !kept)
