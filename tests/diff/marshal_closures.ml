(* Marshal.Closures: code pointers, recursive closures (infix pointers),
   partial applications, lazy values and objects; bytes compared with stock. *)
let hex s =
  let b = Buffer.create (2 * String.length s) in
  String.iter (fun c -> Buffer.add_string b (Printf.sprintf "%02x" (Char.code c))) s;
  Buffer.contents b

let show name v =
  let s = Marshal.to_string v [Marshal.Closures] in
  Printf.printf "%s %d %s\n" name (String.length s) (hex s);
  s

let add x y = x + y
let rec even n = n = 0 || odd (n - 1)
and odd n = n <> 0 && even (n - 1)

class counter start = object
  val mutable n = start
  method incr = n <- n + 1; n
end

let () =
  let s = show "add" add in
  Printf.printf "  add back: %d\n" ((Marshal.from_string s 0 : int -> int -> int) 2 3);
  let k = 7 in
  let f = fun x -> x * k in
  let s = show "closure with env" f in
  Printf.printf "  back: %d\n" ((Marshal.from_string s 0 : int -> int) 6);
  let s = show "partial" (add 10) in
  Printf.printf "  back: %d\n" ((Marshal.from_string s 0 : int -> int) 5);
  let s = show "odd (infix)" odd in
  let odd' : int -> bool = Marshal.from_string s 0 in
  Printf.printf "  back: %b %b\n" (odd' 7) (odd' 10);
  let s = show "even and odd" (even, odd, [even]) in
  let (e', o', l') : (int -> bool) * (int -> bool) * (int -> bool) list = Marshal.from_string s 0 in
  Printf.printf "  back: %b %b %b\n" (e' 4) (o' 4) (List.hd l' == e');
  let lz = lazy (String.concat "-" ["a"; "b"]) in
  let s = show "lazy" lz in
  Printf.printf "  back: %s\n" (Lazy.force (Marshal.from_string s 0 : string Lazy.t));
  let c = new counter 5 in
  ignore c#incr;
  let s = Marshal.to_string (c, c) [Marshal.Closures] in
  Printf.printf "object message: %d bytes\n" (String.length s);
  let (c1, c2) : counter * counter = Marshal.from_string s 0 in
  Printf.printf "  back: %d %d %b fresh id: %b\n" c1#incr c2#incr (c1 == c2) (Oo.id c1 <> Oo.id c);
  let objs = List.init 5 (fun i -> new counter i) in
  let objs' : counter list = Marshal.from_string (Marshal.to_string objs [Marshal.Closures]) 0 in
  Printf.printf "  ids distinct: %b\n"
    (List.length (List.sort_uniq compare (List.map Oo.id (objs @ objs'))) = 10);
  (match Marshal.to_string add [] with
   | _ -> print_endline "no error without Closures?"
   | exception Invalid_argument m -> print_endline ("Invalid_argument " ^ m));
  (* A closure message changed to point at an unknown code fragment. *)
  let s = Bytes.of_string (Marshal.to_string add [Marshal.Closures]) in
  let i = Bytes.index s '\x10' in
  Bytes.set s (i + 5) (Char.chr ((Char.code (Bytes.get s (i + 5)) + 1) land 255));
  match (Marshal.from_bytes s 0 : int -> int -> int) with
  | _ -> print_endline "unknown code accepted?"
  | exception Failure m -> print_endline ("Failure " ^ String.sub m 0 33)
