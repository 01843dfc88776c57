(* Effects performed from inside closures called by Stdlib higher-order
   functions (List, Array.sort's comparison, Hashtbl.iter, Seq, Map.fold,
   String.map, Buffer, Printf %t and %a, Format printers, Fun.protect,
   In_channel.with_open-style wrappers): in bytecode these are OCaml code,
   so the effects reach the handler and the continuations resume inside
   the library functions. *)
open Effect
open Effect.Deep

type _ Effect.t += Cmp : int * int -> int Effect.t | Tr : char -> char Effect.t | Note : string -> unit Effect.t

let counts = Hashtbl.create 4
let count s = Hashtbl.replace counts s (1 + try Hashtbl.find counts s with Not_found -> 0)

let handled f =
  let notes = Buffer.create 16 in
  let r = try_with f ()
      { effc = (fun (type a) (e : a Effect.t) -> match e with
            | Cmp (a, b) -> Some (fun (k : (a, _) continuation) -> count "cmp"; continue k (compare a b))
            | Tr c -> Some (fun (k : (a, _) continuation) -> count "tr"; continue k (Char.uppercase_ascii c))
            | Note s -> Some (fun (k : (a, _) continuation) -> count "note"; Buffer.add_string notes s; continue k ())
            | _ -> None) } in
  (r, Buffer.contents notes)

module IM = Map.Make (Int)

let () =
  let rs = Random.State.make [| 7 |] in
  let arr = Array.init 2000 (fun _ -> Random.State.int rs 100_000) in
  let (sorted, _) = handled (fun () ->
      let a = Array.copy arr in
      Array.sort (fun x y -> perform (Cmp (x, y))) a; a) in
  let ok = ref true in
  Array.iteri (fun i x -> if i > 0 && sorted.(i - 1) > x then ok := false) sorted;
  Printf.printf "Array.sort with effectful compare: sorted=%b first=%d last=%d\n" !ok sorted.(0) sorted.(1999);
  let (l, _) = handled (fun () -> List.stable_sort (fun x y -> perform (Cmp (x mod 10, y mod 10))) [15; 3; 27; 1; 33; 20]) in
  Printf.printf "List.stable_sort: %s\n" (String.concat " " (List.map string_of_int l));
  let (s, _) = handled (fun () -> String.map (fun c -> perform (Tr c)) "effects in string map") in
  Printf.printf "String.map: %s\n" s;
  let (r, notes) = handled (fun () ->
      let h = Hashtbl.create 16 in
      List.iter (fun (k, v) -> Hashtbl.replace h k v) [ ("a", 1); ("b", 2); ("c", 3); ("d", 4) ];
      Hashtbl.fold (fun k v acc -> perform (Note k); acc + v) h 0) in
  Printf.printf "Hashtbl.fold: %d, order %s\n" r notes;
  let (r, notes) = handled (fun () ->
      let m = List.fold_left (fun m i -> IM.add i (i * i) m) IM.empty [5; 1; 4; 2; 3] in
      IM.fold (fun k v acc -> perform (Note (string_of_int k)); acc + v) m 0) in
  Printf.printf "Map.fold: %d, order %s\n" r notes;
  let (r, notes) = handled (fun () ->
      Seq.ints 1 |> Seq.map (fun i -> perform (Note "."); i * i) |> Seq.filter (fun x -> x mod 2 = 1) |> Seq.take 5
      |> Seq.fold_left ( + ) 0) in
  Printf.printf "Seq pipeline: %d, %d notes\n" r (String.length notes);
  let (s, notes) = handled (fun () ->
      Printf.sprintf "[%t|%a]" (fun () -> perform (Note "t"); "T")
        (fun () x -> perform (Note "a"); string_of_int x) 42
      |> fun s -> s) in
  ignore notes;
  Printf.printf "Printf %%t/%%a: %s\n" s;
  let (s, notes) = handled (fun () ->
      Format.asprintf "@[<v>%a@,%a@]"
        (fun ppf () -> perform (Note "f1"); Format.fprintf ppf "first")
        () (Format.pp_print_list ~pp_sep:Format.pp_print_space
              (fun ppf x -> perform (Note "x"); Format.pp_print_int ppf x)) [1; 2; 3]) in
  Printf.printf "Format: %S notes=%s\n" s notes;
  let (r, notes) = handled (fun () ->
      Fun.protect ~finally:(fun () -> perform (Note "finally"))
        (fun () -> perform (Note "body"); List.filter_map (fun x -> if perform (Cmp (x, 2)) > 0 then Some x else None) [1; 2; 3; 4])) in
  Printf.printf "Fun.protect + filter_map: %s notes=%s\n" (String.concat "," (List.map string_of_int r)) notes;
  let (r, _) = handled (fun () ->
      let b = Buffer.create 8 in
      String.iter (fun c -> Buffer.add_char b (perform (Tr c))) "buffer";
      Buffer.contents b) in
  Printf.printf "String.iter + Buffer: %s\n" r;
  let (r, _) = handled (fun () -> Array.to_list (Array.map2 (fun a b -> perform (Cmp (a, b))) [| 1; 5; 3 |] [| 2; 5; 1 |])) in
  Printf.printf "Array.map2: %s\n" (String.concat "," (List.map string_of_int r));
  let keys = List.sort compare (Hashtbl.fold (fun k v acc -> Printf.sprintf "%s=%d" k v :: acc) counts []) in
  Printf.printf "handler calls: %s\n" (String.concat " " keys)
