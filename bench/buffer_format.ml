(* Buffer and Printf: build a large text report with bprintf and
   add_string, then scan it. *)
let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 300_000 in
  let b = Buffer.create 16 in
  for i = 1 to n do
    Printf.bprintf b "%6d|%-10s|%8.3f|%x\n" i (if i mod 3 = 0 then "fizz" else "buzz") (float i /. 7.) (i * 31);
    if i mod 10 = 0 then Buffer.add_string b "----------\n"
  done;
  let s = Buffer.contents b in
  let lines = ref 0 and bars = ref 0 in
  String.iter (function '\n' -> incr lines | '|' -> incr bars | _ -> ()) s;
  let b2 = Buffer.create 1024 in
  String.iter (fun c -> if c <> ' ' then Buffer.add_char b2 c) s;
  Printf.printf "%d bytes, %d lines, %d bars, %d without spaces, digest %s\n" (String.length s) !lines !bars
    (Buffer.length b2) (Digest.to_hex (Digest.string (Buffer.contents b2)))
