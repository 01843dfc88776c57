(* Marshal round trips of structured data, with and without sharing. *)
type item = { id : int; name : string; tags : string list; score : float; children : item list }

let rec make depth id =
  { id; name = "item" ^ string_of_int id; tags = ["a"; "bb"; string_of_int (id mod 7)]; score = float id /. 3.;
    children = if depth = 0 then [] else List.init 3 (fun k -> make (depth - 1) (id * 3 + k)) }

let rec size it = 1 + List.fold_left (fun a c -> a + size c) 0 it.children

let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 500 in
  let data = make 7 1 in
  let total = ref 0 and bytes = ref 0 in
  for i = 1 to n do
    let flags = if i mod 2 = 0 then [] else [Marshal.No_sharing] in
    let s = Marshal.to_string data flags in
    bytes := !bytes + String.length s;
    let back : item = Marshal.from_string s 0 in
    total := !total + size back
  done;
  let arr = Array.init 100_000 (fun i -> (i, float i)) in
  for _ = 1 to n / 10 do
    let s = Marshal.to_bytes arr [] in
    let (back : (int * float) array) = Marshal.from_bytes s 0 in
    total := !total + fst back.(99_999)
  done;
  Printf.printf "nodes %d bytes %d\n" !total !bytes
