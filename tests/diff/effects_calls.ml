(* Performing from every kind of call inside a fiber: partial application
   (the perform happens after some arguments are grabbed), over-application
   (a function returning a function, applied to more arguments than its
   arity, with the perform between the two applications), tail calls,
   mutually recursive closures, method calls, functor-generated code,
   local exceptions and first-class modules.  The continuation is resumed
   after other code has run on the main stack. *)
open Effect
open Effect.Deep

type _ Effect.t += Val : string -> int Effect.t

let later = Queue.create ()

(* A scheduler-like handler: every perform is resumed later, after some
   unrelated computation, so that the resumed frames must be intact. *)
let run f =
  let result = ref None in
  match_with f ()
    { retc = (fun v -> result := Some v); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Val s -> Some (fun (k : (a, _) continuation) ->
              Queue.push (fun () -> continue k (String.length s)) later)
          | _ -> None) };
  let rec drain () =
    if not (Queue.is_empty later) then begin
      (* Unrelated work on the main stack between resumes. *)
      ignore (List.init 100 (fun i -> i * i));
      (Queue.pop later) ();
      drain ()
    end in
  drain ();
  !result

let add3 a b c = a + perform (Val b) + c
let curried a = let x = perform (Val a) in fun b -> x * 10 + perform (Val b)
let rec even n = if n = 0 then perform (Val "even") else odd (n - 1)
and odd n = if n = 0 then perform (Val "odd!") else even (n - 1)
let rec tail_loop n acc = if n = 0 then acc else tail_loop (n - 1) (acc + perform (Val "x"))

class counter init = object (self)
  val mutable n = init
  method bump s = n <- n + perform (Val s); n
  method twice s = ignore (self#bump s); self#bump s
end

module Make (X : sig val name : string end) = struct
  let get () = perform (Val X.name)
end
module M = Make (struct let name = "functor" end)

module type S = sig val f : int -> int end

let () =
  let show label r = Printf.printf "%s: %s\n" label (match r with Some v -> string_of_int v | None -> "none") in
  show "full application" (run (fun () -> add3 1 "abc" 100));
  let p = add3 5 in
  show "partial application" (run (fun () -> p "abcd" 1000));
  let p2 = add3 1 "ab" in
  show "partial, then last arg" (run (fun () -> p2 (perform (Val "123456"))));
  show "over-application" (run (fun () -> curried "abc" "de"));
  show "over-application via apply" (run (fun () -> List.fold_left (fun acc f -> acc + f "z") 0 [curried "a"; curried "bb"]));
  show "mutual recursion" (run (fun () -> even 1001));
  show "tail loop" (run (fun () -> tail_loop 1000 0));
  let c = new counter 10 in
  show "method" (run (fun () -> c#twice "abc"));
  show "functor" (run (fun () -> M.get ()));
  let m = (module struct let f n = n + perform (Val "first-class") end : S) in
  show "first-class module" (run (fun () -> let module F = (val m) in F.f 1));
  show "local exception" (run (fun () ->
      let exception Local of int in
      try raise (Local (perform (Val "local"))) with Local n -> n * 2));
  show "closure in data" (run (fun () ->
      let fs = Array.init 5 (fun i -> fun () -> i + perform (Val (String.make i 'q'))) in
      Array.fold_left (fun acc f -> acc + f ()) 0 fs));
  show "labelled and optional" (run (fun () ->
      let f ?(x = perform (Val "default")) ~y () = x + y in
      f ~y:1 () + f ~x:100 ~y:2 ()))
