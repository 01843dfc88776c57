(* Marshal many values to strings, print the bytes, read them back. *)
let hex s =
  let b = Buffer.create (2 * String.length s) in
  String.iter (fun c -> Buffer.add_string b (Printf.sprintf "%02x" (Char.code c))) s;
  Buffer.contents b

let show name v flags =
  let s = Marshal.to_string v flags in
  Printf.printf "%s %d %s\n" name (String.length s) (if String.length s > 200 then Digest.to_hex (Digest.string s) else hex s);
  s

let check name v flags =
  let s = show name v flags in
  let v' = Marshal.from_string s 0 in
  Printf.printf "  roundtrip %s: %b size=%d\n" name (v' = v) (Marshal.total_size (Bytes.of_string s) 0)

type t = A | B of int | C of float | D of string | E of char
       | F of t | G of t * t | H of int * t | I of t * float | J
type r = { x : int; y : float; z : string; w : int list }
type fr = { a : float; b : float }

let () =
  (* ints of every size class *)
  List.iter (fun n -> check (Printf.sprintf "int%d" n) n [])
    [0; 1; 63; 64; 127; 128; -1; -128; -129; 255; 256; 32767; 32768; -32768; -32769;
     65535; 65536; 1 lsl 30 - 1; 1 lsl 30; -(1 lsl 30); -(1 lsl 30) - 1;
     1 lsl 31; 1 lsl 32; max_int; min_int; 0x123456789abcdef];
  (* strings of every length class *)
  List.iter (fun n -> check (Printf.sprintf "str%d" n) (String.init n (fun i -> Char.chr (i land 255))) [])
    [0; 1; 7; 8; 31; 32; 100; 255; 256; 1000; 65535; 65536; 100000];
  List.iter (fun f -> check (Printf.sprintf "float%h" f) f [])
    [0.0; -0.0; 1.0; 3.141592654; 1e300; infinity; neg_infinity; 5e-324];
  let nan_s = show "nan" nan [] in
  Printf.printf "  nan back: %b\n" (Float.is_nan (Marshal.from_string nan_s 0));
  List.iter (fun n -> check (Printf.sprintf "farr%d" n) (Array.init n float_of_int) [])
    [0; 1; 2; 255; 256; 1000; 70000];
  check "floatarray" (Float.Array.init 5 float_of_int) [];
  check "record" { x = 1; y = 2.5; z = "zz"; w = [1; 2; 3] } [];
  check "frecord" { a = 1.0; b = 2.0 } [];
  check "variants" [A; B 1; C 2.5; D "d"; E 'e'; F (B 2); G (A, J); H (3, A); I (J, 4.5); J] [];
  check "tuple" (1, "two", 3.0, '4', [5], [|6|], Some 7, None) [];
  check "list" (List.init 1000 (fun i -> i * i)) [];
  check "array" (Array.init 300 (fun i -> string_of_int i)) [];
  check "bigtag" (Obj.magic (Obj.new_block 200 3) : int) [];
  check "int32" [Int32.zero; Int32.one; Int32.max_int; Int32.min_int; -5l] [];
  check "int64" [Int64.zero; Int64.max_int; Int64.min_int; 0x1234567890L] [];
  check "nativeint" [Nativeint.zero; Nativeint.max_int; Nativeint.min_int; -7n; 1n] [];
  check "chars" ['a'; '\000'; '\255'] [];
  check "unit" () [];
  check "bool" (true, false) [];
  check "opt" (Some (Some None)) [];
  check "nested arrays" [| [| 1; 2 |]; [||]; [| 3 |] |] [];
  let x = "sharing" in
  let y = (x, x) in
  let z = (y, (x, y)) in
  check "shared" z [];
  check "shared nosharing" z [Marshal.No_sharing];
  check "compat32" (1, "a", 2.0) [Marshal.Compat_32];
  (match Marshal.to_string (1 lsl 40) [Marshal.Compat_32] with
   | _ -> print_endline "compat32 big int: no error"
   | exception Failure m -> print_endline ("compat32 big int: Failure " ^ m));
  let rec cyc = 1 :: 2 :: cyc in
  let s = show "cyclic" cyc [] in
  let c' : int list = Marshal.from_string s 0 in
  Printf.printf "  cyclic back: %d %d %b\n" (List.hd c') (List.nth c' 1) (List.tl (List.tl c') == c');
  let r = ref 0 in
  r := Obj.magic r;
  let s = show "selfref" r [] in
  let r' : int ref = Marshal.from_string s 0 in
  Printf.printf "  selfref back: %b\n" (Obj.magic r'.contents == r');
  (* lazies *)
  let l = lazy (1 + 1) in
  ignore (Lazy.force l);
  check "forced lazy" l [];
  (* many shared objects: back-references of every width *)
  let strs = Array.init 70000 (fun i -> string_of_int i) in
  let pairs = Array.init 70000 (fun i -> (strs.(i), strs.((i * 7919) mod 70000))) in
  let s = show "many shared" pairs [] in
  let p' : (string * string) array = Marshal.from_string s 0 in
  Printf.printf "  many shared back: %b %b\n" (p' = pairs) (snd p'.(1) == fst p'.(7919));
  (* a deep structure *)
  let rec deep n acc = if n = 0 then acc else deep (n - 1) (F acc) in
  let d = deep 500000 A in
  let s = show "deep" d [] in
  let rec depth t n = match t with F t -> depth t (n + 1) | _ -> n in
  Printf.printf "  deep back: %d\n" (depth (Marshal.from_string s 0) 0);
  let big = List.init 1_000_000 Fun.id in
  let s = show "biglist" big [] in
  Printf.printf "  biglist back: %b\n" (Marshal.from_string s 0 = big);
  (* data_size / header_size / total_size *)
  let s = Marshal.to_bytes [1; 2; 3] [] in
  Printf.printf "data_size %d header %d total %d len %d\n" (Marshal.data_size s 0)
    Marshal.header_size (Marshal.total_size s 0) (Bytes.length s);
  (* to_buffer *)
  let buf = Bytes.make 100 'x' in
  let n = Marshal.to_buffer buf 10 80 "buffered" [] in
  Printf.printf "to_buffer %d %s\n" n (hex (Bytes.sub_string buf 0 (10 + n + 2)));
  Printf.printf "from_bytes %s\n" (Marshal.from_bytes buf 10);
  (match Marshal.to_buffer buf 0 10 "buffered" [] with
   | _ -> print_endline "no overflow?"
   | exception Failure m -> print_endline ("Failure " ^ m));
  (match Marshal.to_buffer buf 95 10 "x" [] with
   | _ -> print_endline "no bounds error?"
   | exception Invalid_argument m -> print_endline ("Invalid_argument " ^ m))
