(* Benchmark: perform/continue round trips.  One deep handler, one fiber,
   N performs of an effect whose clause continues at once. *)
open Effect
open Effect.Deep

type _ Effect.t += Next : int -> int Effect.t

let n = 20_000_000

let () =
  let r = try_with (fun () ->
      let acc = ref 0 in
      for i = 1 to n do acc := !acc + perform (Next i) done;
      !acc) ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Next i -> Some (fun (k : (a, _) continuation) -> continue k (i land 7))
            | _ -> None) } in
  Printf.printf "round trips: %d, checksum %d\n" n r
