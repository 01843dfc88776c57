(* Strings and Hashtbl: generate text, split it into words, count word
   frequencies, build and search strings. *)
let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 500_000 in
  let syll = [| "ka"; "lo"; "mi"; "ne"; "su"; "ta"; "ri"; "po"; "va"; "ze" |] in
  let st = Random.State.make [| 3 |] in
  let word () = String.concat "" (List.init (1 + Random.State.int st 3) (fun _ -> syll.(Random.State.int st 10))) in
  let words = Array.init n (fun _ -> word ()) in
  let text = String.concat " " (Array.to_list words) in
  let counts = Hashtbl.create 1024 in
  List.iter (fun w -> if w <> "" then Hashtbl.replace counts w (1 + Option.value ~default:0 (Hashtbl.find_opt counts w)))
    (String.split_on_char ' ' text);
  let top = Hashtbl.fold (fun w c acc -> (c, w) :: acc) counts [] |> List.sort compare |> List.rev in
  let (c, w) = List.hd top in
  Printf.printf "%d distinct words; most frequent %s (%d)\n" (Hashtbl.length counts) w c;
  let upper = String.uppercase_ascii text in
  let rev = String.init (String.length upper) (fun i -> upper.[String.length upper - 1 - i]) in
  let occurrences = ref 0 in
  String.iteri (fun i ch -> if ch = 'K' && i + 1 < String.length rev && rev.[i + 1] = 'A' then incr occurrences) rev;
  let h2 = Hashtbl.create 16 in
  Array.iteri (fun i w -> Hashtbl.replace h2 (w ^ string_of_int (i mod 100)) i) words;
  let found = ref 0 in
  for i = 0 to n - 1 do if Hashtbl.mem h2 (words.(i) ^ string_of_int ((i * 7) mod 100)) then incr found done;
  Printf.printf "length %d, 'AK' pairs %d, table %d, found %d\n" (String.length text) !occurrences (Hashtbl.length h2) !found
