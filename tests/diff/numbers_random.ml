(* Random floats and int64s: print/parse round trips, hashing, Scanf. *)
let () =
  let st = Random.State.make [| 42 |] in
  let acc = ref 0 in
  for i = 1 to 20000 do
    let bits = Random.State.int64 st Int64.max_int in
    let bits = if Random.State.bool st then Int64.neg bits else bits in
    let f = Int64.float_of_bits bits in
    let s1 = string_of_float f and s2 = Printf.sprintf "%.17g" f and s3 = Printf.sprintf "%h" f in
    let s4 = Printf.sprintf "%.3h|%.0h|%.13h|%F|%e|%.30f" f f f f f (f /. 1e300) in
    let back = try float_of_string s2 with Failure _ -> 0.0 in
    let back3 = try float_of_string s3 with Failure _ -> 0.0 in
    let m, e = frexp f and fr, ip = modf f in
    if i mod 97 = 0 then Printf.printf "%s %s %s %s %h %h %h %d %h %h\n" s1 s2 s3 s4 back back3 m e fr ip;
    if Int64.bits_of_float back <> bits && f = f then incr acc;
    let n = Random.State.int64 st Int64.max_int in
    let n = Int64.sub n (Random.State.int64 st Int64.max_int) in
    let t = Printf.sprintf "%Ld %Lx %Lo %Lu %#Lx" n n n n n in
    let a = Int64.of_string (Int64.to_string n) in
    let b = Int64.of_string ("0x" ^ Printf.sprintf "%Lx" n) in
    let c = Int64.of_string ("0o" ^ Printf.sprintf "%Lo" n) in
    let h = Hashtbl.hash n + Hashtbl.hash (Int64.to_int32 n) + Hashtbl.hash (Int64.to_nativeint n) + Hashtbl.hash f in
    if i mod 89 = 0 then Printf.printf "%s %Ld %Ld %Ld %d %s\n" t a b c h (Marshal.to_string (n, Int64.to_nativeint n, Int64.to_int32 n) [] |> String.length |> string_of_int);
    if a <> n || b <> n || c <> n then incr acc
  done;
  Printf.printf "mismatches %d\n" !acc;
  print_endline (Printf.sprintf "%.300f" 1e-300 |> String.length |> string_of_int);
  print_endline (Printf.sprintf "%.400e" 1.0 |> String.length |> string_of_int);
  print_endline (Printf.sprintf "%.200h" 1.1 |> String.length |> string_of_int);
  print_endline (Printf.sprintf "%5000.3f|" 2.5 |> String.length |> string_of_int);
  print_endline (Printf.sprintf "%f" 1e308);
  print_endline (Scanf.sscanf "3.5 1e4 12 -0x10 7L" "%f %f %d %i %s" (fun a b c d e -> Printf.sprintf "%g %g %d %d %s" a b c d e));
  print_endline (Scanf.sscanf "0b1011 0o17 1_000 1.5 2e3 -0.25" "%i %i %d %f %f %f" (fun a b c d e f -> Printf.sprintf "%d %d %d %f %f %f" a b c d e f));
  print_endline (Scanf.sscanf "123456789012 -5 99" "%Ld %ld %nd" (fun a b c -> Printf.sprintf "%Ld %ld %nd" a b c));
  ignore (float_of_string "oops")
