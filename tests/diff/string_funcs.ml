(* The String module, function by function. *)
let pl l = print_endline ("[" ^ String.concat "; " (List.map (Printf.sprintf "%S") l) ^ "]")
let pi name n = Printf.printf "%s = %d\n" name n
let pb name b = Printf.printf "%s = %b\n" name b
let ps name s = Printf.printf "%s = %S\n" name s
let exn name f =
  match f () with
  | _ -> Printf.printf "%s: no exception\n" name
  | exception Invalid_argument m -> Printf.printf "%s: Invalid_argument %S\n" name m
  | exception Not_found -> Printf.printf "%s: Not_found\n" name

let () =
  let s = "Hello, World" in
  pi "length" (String.length s);
  ps "make" (String.make 5 'z');
  ps "init" (String.init 10 (fun i -> Char.chr (48 + i)));
  ps "sub" (String.sub s 7 5);
  ps "concat" (String.concat "-" ["a"; "b"; "c"]);
  ps "concat empty" (String.concat "," []);
  ps "cat" (String.cat "ab" "cd");
  ps "^" ("x" ^ "y" ^ "z");
  pi "index" (String.index s 'o');
  pi "rindex" (String.rindex s 'o');
  pi "index_from" (String.index_from s 5 'o');
  pi "rindex_from" (String.rindex_from s 5 'l');
  Printf.printf "index_opt = %s\n" (match String.index_opt s 'z' with None -> "None" | Some i -> string_of_int i);
  exn "index missing" (fun () -> String.index s 'z');
  exn "index_from bad" (fun () -> String.index_from s 50 'a');
  pb "contains" (String.contains s 'W');
  pb "contains_from" (String.contains_from s 8 'H');
  pb "rcontains_from" (String.rcontains_from s 3 'H');
  pl (String.split_on_char ',' "a,b,,c,");
  pl (String.split_on_char ' ' "");
  ps "trim" (String.trim "  \t hi there \n ");
  ps "escaped" (String.escaped "a\"b\\c\n\t\001\127\200");
  ps "uppercase" (String.uppercase_ascii "abcXYZ123é");
  ps "lowercase" (String.lowercase_ascii "ABCxyz");
  ps "capitalize" (String.capitalize_ascii "hello");
  ps "uncapitalize" (String.uncapitalize_ascii "Hello");
  pb "starts_with" (String.starts_with ~prefix:"Hel" s);
  pb "ends_with" (String.ends_with ~suffix:"rld" s);
  pb "ends_with no" (String.ends_with ~suffix:"Hello" s);
  pb "exists" (String.exists (fun c -> c = ',') s);
  pb "for_all" (String.for_all (fun c -> c <> 'q') s);
  ps "map" (String.map (fun c -> if c = 'l' then 'L' else c) s);
  ps "mapi" (String.mapi (fun i c -> if i mod 2 = 0 then Char.uppercase_ascii c else c) "abcdef");
  pi "fold_left" (String.fold_left (fun a c -> a + Char.code c) 0 s);
  ps "fold_right" (String.fold_right (fun c a -> a ^ String.make 1 c) "abc" "");
  String.iteri (fun i c -> if i < 3 then Printf.printf "iteri %d %c\n" i c) s;
  pb "equal" (String.equal "abc" "abc");
  pi "compare" (String.compare "abc" "abd");
  pi "compare prefix" (String.compare "ab" "abc");
  pi "compare case" (compare "Z" "a");
  ps "of_seq" (String.of_seq (List.to_seq ['x'; 'y']));
  pi "to_seq length" (Seq.length (String.to_seq s));
  ps "blit" (let b = Bytes.make 6 '.' in String.blit "abc" 0 b 2 3; Bytes.to_string b);
  exn "sub bad" (fun () -> String.sub s 10 5);
  exn "get bad" (fun () -> s.[100]);
  exn "get negative" (fun () -> s.[-1]);
  exn "make negative" (fun () -> String.make (-1) 'a');
  exn "blit bad" (fun () -> String.blit "abc" 1 (Bytes.create 2) 0 3);
  pi "get_uint8" (String.get_uint8 "\xff\x01" 0);
  pi "get_int8" (String.get_int8 "\xff\x01" 0);
  pi "get_uint16_le" (String.get_uint16_le "\x01\x02" 0);
  pi "get_uint16_be" (String.get_uint16_be "\x01\x02" 0);
  pi "get_int16_le" (String.get_int16_le "\xff\xff" 0);
  Printf.printf "get_int32_le = %ld\n" (String.get_int32_le "\x01\x02\x03\x84" 0);
  Printf.printf "get_int32_be = %ld\n" (String.get_int32_be "\x01\x02\x03\x84" 0);
  Printf.printf "get_int64_le = %Ld\n" (String.get_int64_le "\x01\x02\x03\x04\x05\x06\x07\x88" 0);
  Printf.printf "get_int64_be = %Ld\n" (String.get_int64_be "\x01\x02\x03\x04\x05\x06\x07\x88" 0);
  exn "get_int32 out" (fun () -> String.get_int32_le "abc" 0);
  pi "hash" (String.hash "hello");
  pi "seeded_hash" (String.seeded_hash 42 "hello");
  ps "empty" String.empty;
  pl (List.sort String.compare ["pear"; "apple"; "Banana"; "apple2"; ""; "z"]);
  (* Long strings. *)
  let long = String.concat "" (List.init 1000 string_of_int) in
  pi "long length" (String.length long);
  pi "count of 7" (String.fold_left (fun n c -> if c = '7' then n + 1 else n) 0 long);
  ps "long sub" (String.sub long 1000 20)
