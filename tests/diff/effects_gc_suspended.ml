(* Garbage collection while fibers are suspended: continuations whose
   stacks hold young values (allocated just before perform), old values
   (promoted before), values reachable only from the stack, mutable
   records updated across the suspension (old-to-young pointers),
   weak and ephemeron references to stack-held values; minor, major and
   compaction cycles with allocation pressure in between; the handler
   closures themselves held only by the fiber. *)
open Effect
open Effect.Deep

type _ Effect.t += Suspend : unit Effect.t

type 'a st = Waiting of (unit, 'a st) continuation | Result of 'a

let run f =
  match_with f ()
    { retc = (fun v -> Result v); exnc = raise;
      effc = (fun (type a) (e : a Effect.t) -> match e with
          | Suspend -> Some (fun (k : (a, _) continuation) -> Waiting k)
          | _ -> None) }

let resume = function Waiting k -> continue k () | Result _ as r -> r

let churn n =
  (* Allocate and drop a lot, young and old, to move things around. *)
  let keep = ref [] in
  for i = 1 to n do
    let l = List.init 10 (fun j -> (i, j)) in
    if i mod 100 = 0 then keep := l :: !keep
  done;
  List.length !keep

type node = { mutable next : node option; payload : string }

let weak = Weak.create 2
let ephe_key = ref None

let () =
  (* Old values: promoted by a collection before the fiber starts. *)
  let old_list = List.init 1000 (fun i -> string_of_int i) in
  let old_arr = Array.init 100 (fun i -> ref i) in
  Gc.full_major ();
  let f1 = run (fun () ->
      (* Young values, allocated right before the suspension. *)
      let young = List.init 1000 (fun i -> float_of_int i) in
      let young_str = String.make 50 'y' in
      let only_here = Array.init 50 (fun i -> Printf.sprintf "item%d" i) in
      Weak.set weak 0 (Some only_here);
      let e = Ephemeron.K1.make only_here (Bytes.make 4 'e') in
      ephe_key := Some e;
      perform Suspend;
      (* Old record pointing to a young one created after the resume. *)
      old_arr.(0) := !(old_arr.(0)) + 1000;
      let sum = List.fold_left ( +. ) 0.0 young in
      perform Suspend;
      Printf.sprintf "sum=%.0f ystr=%d only=%s,%s old=%s,%d list=%d"
        sum (String.length young_str) only_here.(0) only_here.(49)
        (List.nth old_list 999) !(old_arr.(0)) (List.length old_list)) in
  (* A second fiber: a linked structure built across suspensions. *)
  let head = { next = None; payload = "head" } in
  let f2 = run (fun () ->
      let cur = ref head in
      for i = 1 to 200 do
        let n = { next = None; payload = String.make (i mod 7) 'p' ^ string_of_int i } in
        !cur.next <- Some n;
        cur := n;
        if i mod 20 = 0 then perform Suspend
      done;
      let rec len n acc = match n.next with None -> acc | Some m -> len m (acc + String.length m.payload) in
      len head 0) in
  (* A fiber whose handler closure is reachable only from the fibers. *)
  let f3 = (fun () ->
      let secret = Array.make 10 "secret" in
      run (fun () -> perform Suspend; Array.fold_left (fun a s -> a + String.length s) 0 secret)) () in
  let cycle label gc =
    gc ();
    Printf.printf "%s: churn kept %d, weak alive=%b, ephemeron data=%s\n" label (churn 20_000)
      (Weak.check weak 0)
      (match !ephe_key with
       | Some e -> (match Ephemeron.K1.query e (match Weak.get weak 0 with Some k -> k | None -> [||]) with
           | Some d -> Bytes.to_string d | None -> "none")
       | None -> "-") in
  cycle "minor" Gc.minor;
  cycle "major" Gc.full_major;
  let f1 = resume f1 in
  let f2 = ref (resume f2) in
  cycle "compact" Gc.compact;
  cycle "major slices" (fun () -> for _ = 1 to 50 do ignore (Gc.major_slice 100) done);
  (match resume f1 with Result s -> print_endline ("f1: " ^ s) | Waiting _ -> print_endline "f1 waiting");
  let n = ref 0 in
  while (match !f2 with Waiting _ -> true | Result _ -> false) do
    incr n;
    if !n mod 3 = 0 then Gc.full_major () else Gc.minor ();
    f2 := resume !f2
  done;
  (match !f2 with Result l -> Printf.printf "f2: %d resumes, payload length %d\n" !n l | Waiting _ -> ());
  (match resume f3 with Result l -> Printf.printf "f3: %d\n" l | Waiting _ -> ());
  (* After f1 finished, its stack-only values can be collected. *)
  Gc.full_major ();
  Printf.printf "after f1 finished: weak alive=%b\n" (Weak.check weak 0);
  (* Thousands of small suspended fibers with young data, collected
     repeatedly while they wait. *)
  let fs = Array.init 5000 (fun i -> run (fun () ->
      let data = Array.init 8 (fun j -> i * j) in
      perform Suspend;
      Array.fold_left ( + ) 0 data)) in
  for round = 1 to 5 do
    ignore (churn 5_000);
    if round mod 2 = 0 then Gc.full_major () else Gc.minor ()
  done;
  let total = Array.fold_left (fun acc f -> match resume f with Result v -> acc + v | Waiting _ -> acc) 0 fs in
  Printf.printf "5000 fibers: total %d\n" total
