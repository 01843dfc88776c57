(* Integer <-> string conversions and their edge cases. *)
let show s =
  match int_of_string s with
  | n -> Printf.printf "int_of_string %S = %d\n" s n
  | exception Failure msg -> Printf.printf "int_of_string %S fails: %s\n" s msg

let show_opt s =
  match int_of_string_opt s with
  | Some n -> Printf.printf "int_of_string_opt %S = Some %d\n" s n
  | None -> Printf.printf "int_of_string_opt %S = None\n" s

let () =
  List.iter (fun n -> print_endline (string_of_int n))
    [0; 1; -1; 42; -42; max_int; min_int; 1000000; -999999999; 1 lsl 40];
  List.iter show
    [ "0"; "42"; "-42"; "+42"; "007"; "-0"; "0x1F"; "0X1f"; "-0x1f"; "0o17"; "0O17";
      "0b1011"; "0B1011"; "0u42"; "1_000_000"; "0x_ff"; "4611686018427387903";
      "4611686018427387904"; "-4611686018427387904"; "-4611686018427387905";
      "0x7FFFFFFFFFFFFFFF"; "0x4000000000000000"; "0xFFFFFFFFFFFFFFFF";
      "0x10000000000000000"; "0o777777777777777777777"; "0b" ^ String.make 63 '1';
      ""; " 1"; "1 "; "abc"; "12abc"; "-"; "+"; "0x"; "1e3"; "1.0"; "--1"; "_1";
      "99999999999999999999" ];
  List.iter show_opt [ "12"; "x"; "0xffff"; "4611686018427387904"; "" ];
  (* Int.to_string / string_of_int agree with Printf. *)
  let ok = ref true in
  let x = ref 1 in
  for _ = 1 to 200 do
    x := !x * 7 + 13;
    let a = string_of_int !x and b = Printf.sprintf "%d" !x in
    if a <> b || int_of_string a <> !x then ok := false
  done;
  Printf.printf "round trips ok: %b\n" !ok;
  Printf.printf "%s %s\n" (Int.to_string 12) (Int.to_string (-12));
  (* Char codes. *)
  Printf.printf "%d %d %c\n" (Char.code 'A') (Char.code '\255') (Char.chr 97);
  (try ignore (Char.chr 256) with Invalid_argument m -> print_endline ("Char.chr 256: " ^ m));
  (* bool and string. *)
  Printf.printf "%s %s %b\n" (string_of_bool true) (string_of_bool false) (bool_of_string "true");
  (try ignore (bool_of_string "yes") with Invalid_argument m -> print_endline m);
  Printf.printf "%s\n" (match bool_of_string_opt "false" with Some b -> string_of_bool b | None -> "none")
