(* env: OCAMLRUNPARAM=l=200000 *)
(* Deep non-tail recursion raises Stack_overflow, which can be caught; the
   program then continues normally and can recurse again. *)
let rec depth n = if n = 0 then 0 else 1 + depth (n - 1)
let rec build n = if n = 0 then [] else n :: build (n - 1)

let () =
  Printf.printf "small: %d\n" (depth 10_000);
  (match depth 100_000_000 with
   | n -> Printf.printf "no overflow?! %d\n" n
   | exception Stack_overflow -> print_endline "caught Stack_overflow (depth)");
  (match build 100_000_000 with
   | l -> Printf.printf "no overflow?! %d\n" (List.length l)
   | exception Stack_overflow -> print_endline "caught Stack_overflow (build)");
  Printf.printf "after: %d\n" (depth 20_000);
  let r = try Ok (depth 50_000_000) with e -> Error (Printexc.to_string e) in
  (match r with Ok _ -> () | Error s -> print_endline ("as result: " ^ s));
  (* Overflow inside a handler chain. *)
  let rec nested n = if n = 0 then 0 else try 1 + nested (n - 1) with Not_found -> 0 in
  (try ignore (nested 100_000_000) with Stack_overflow -> print_endline "caught through handlers");
  print_endline "done"
