(* The program whose executable tests/badinput/mkbad.ml damages. *)
let () =
  let t = Hashtbl.create 16 in
  List.iter (fun w -> Hashtbl.replace t w (String.length w)) ["bytecode"; "loader"; "section"];
  let total = Hashtbl.fold (fun _ v acc -> v + acc) t 0 in
  Printf.printf "words %d, letters %d, %s\n" (Hashtbl.length t) total (String.concat "," (List.sort compare ["b"; "a"]))
