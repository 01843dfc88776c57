(* Generators over trees with Effect.Shallow: each step resumes the fiber
   with continue_with and a fresh handler, so the consumer decides what to
   do with every element (sum, stop early, switch handler, abort). *)
open Effect
module S = Effect.Shallow

type tree = Leaf | Node of tree * string * tree

type _ Effect.t += Yield : string -> unit Effect.t

let rec walk = function
  | Leaf -> ()
  | Node (l, x, r) -> walk l; perform (Yield x); walk r

let rec build lo hi =
  if lo > hi then Leaf
  else let mid = (lo + hi) / 2 in
    Node (build lo (mid - 1), Printf.sprintf "n%d" mid, build (mid + 1) hi)

(* One step of the generator: either the next element and the rest of the
   walk, or the end. *)
type step = End | Next of string * (unit, unit) S.continuation

let step k =
  S.continue_with k ()
    { retc = (fun () -> End);
      exnc = raise;
      effc = (fun (type a) (e : a Effect.t) ->
        match e with
        | Yield x -> Some (fun (k : (a, unit) S.continuation) -> Next (x, k))
        | _ -> None) }

let rec to_list k acc =
  match step k with End -> List.rev acc | Next (x, k) -> to_list k (x :: acc)

exception Stop of string

(* Interleave two shallow generators element by element. *)
let rec zip k1 k2 acc =
  match step k1, step k2 with
  | Next (a, k1), Next (b, k2) -> zip k1 k2 ((a ^ "/" ^ b) :: acc)
  | End, End -> List.rev ("both-end" :: acc)
  | End, Next _ -> List.rev ("left-end" :: acc)
  | Next _, End -> List.rev ("right-end" :: acc)

let () =
  let t = build 1 7 in
  let k = S.fiber (fun () -> walk t) in
  Printf.printf "list: %s\n" (String.concat "," (to_list k []));
  (* Take three elements, then discontinue the rest with a handler whose
     exception clause reports how the walk ended. *)
  let k = S.fiber (fun () -> walk t) in
  let rec take n k acc =
    if n = 0 then
      S.discontinue_with k (Stop "enough")
        { retc = (fun () -> "finished?");
          exnc = (function Stop m -> "stopped: " ^ m ^ " after " ^ String.concat "," (List.rev acc)
                           | e -> raise e);
          effc = (fun _ -> None) }
    else match step k with
      | End -> "ended early"
      | Next (x, k) -> take (n - 1) k (x :: acc)
  in
  print_endline (take 3 k []);
  (* The walk can catch the exception given to discontinue_with and carry
     on performing. *)
  let k = S.fiber (fun () ->
      (try perform (Yield "first") with Stop m -> perform (Yield ("caught " ^ m)));
      perform (Yield "last")) in
  let r =
    S.discontinue_with k (Stop "x")
      { retc = (fun () -> ["ret"]);
        exnc = (function Stop m -> ["exnc " ^ m] | e -> raise e);
        effc = (fun (type a) (e : a Effect.t) -> match e with
          | Yield s -> Some (fun (k : (a, unit) S.continuation) -> s :: to_list k [])
          | _ -> None) } in
  (* The first perform is never reached: discontinue_with on a fresh fiber
     raises at its start, before "first". *)
  Printf.printf "fresh discontinue: %s\n" (String.concat "," r);
  let k = S.fiber (fun () ->
      (try perform (Yield "first") with Stop m -> perform (Yield ("caught " ^ m)));
      perform (Yield "last")) in
  (match step k with
   | Next (x, k) ->
     let r = S.discontinue_with k (Stop "y")
         { retc = (fun () -> []);
           exnc = raise;
           effc = (fun (type a) (e : a Effect.t) -> match e with
             | Yield s -> Some (fun (k : (a, unit) S.continuation) -> s :: to_list k [])
             | _ -> None) } in
     Printf.printf "after %s: %s\n" x (String.concat "," r)
   | End -> print_endline "no step");
  (* Zip two trees of different sizes. *)
  let z = zip (S.fiber (fun () -> walk (build 1 4))) (S.fiber (fun () -> walk (build 10 14))) [] in
  Printf.printf "zip: %s\n" (String.concat " " z);
  (* A large tree, walked through 100_001 shallow steps. *)
  let big = build 1 100_000 in
  let rec count k n len = match step k with
    | End -> (n, len)
    | Next (x, k) -> count k (n + 1) (len + String.length x) in
  let n, len = count (S.fiber (fun () -> walk big)) 0 0 in
  Printf.printf "big: %d elements, %d chars\n" n len;
  (* A shallow fiber whose function takes an argument and returns a value. *)
  let k = S.fiber (fun (n : int) -> perform (Yield (string_of_int n)); n * 2) in
  let r = S.continue_with k 21
      { retc = (fun v -> Printf.sprintf "returned %d" v);
        exnc = raise;
        effc = (fun (type a) (e : a Effect.t) -> match e with
          | Yield s -> Some (fun (k : (a, int) S.continuation) ->
              "yielded " ^ s ^ ", then " ^
              S.continue_with k () { retc = string_of_int; exnc = raise; effc = (fun _ -> None) })
          | _ -> None) } in
  print_endline r
