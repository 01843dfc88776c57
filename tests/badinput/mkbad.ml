(* mkbad.ml: writes damaged copies of a good bytecode executable.

   mkbad GOOD OUTDIR

   Each output file breaks one thing the loader must check (the trailer,
   the section table, a section's length or contents, the primitive
   table) or, for the fuzz-NNN files, changes a few bytes of the CODE or
   DATA section at random (fixed seed, so the corpus is the same on every
   run).  tests/badinput-check.sh runs the runtime on each. *)

let read_file f = In_channel.with_open_bin f In_channel.input_all
let write_file dir name b = Out_channel.with_open_bin (Filename.concat dir name) (fun oc -> Out_channel.output_bytes oc b)

let get32 s o = Int32.to_int (String.get_int32_be s o) land 0xFFFF_FFFF
let set32 b o v = Bytes.set_int32_be b o (Int32.of_int v)

let () =
  let good = read_file Sys.argv.(1) and dir = Sys.argv.(2) in
  let len = String.length good in
  let nsec = get32 good (len - 16) in
  let table = len - 16 - (8 * nsec) in
  (* name, offset of the length field, start, length *)
  let sections =
    let pos = ref table and acc = ref [] in
    for i = nsec - 1 downto 0 do
      let e = table + (8 * i) in
      let l = get32 good (e + 4) in
      pos := !pos - l;
      acc := (String.sub good e 4, e + 4, !pos, l) :: !acc
    done;
    !acc
  in
  let find n = List.find (fun (m, _, _, _) -> m = n) sections in
  let copy () = Bytes.of_string good in
  let out name b = write_file dir name b in
  let with_len n v = let b = copy () and (_, lf, _, _) = find n in set32 b lf v; b in
  (* Trailer and section table. *)
  out "truncated-trailer" (Bytes.sub (copy ()) 0 (len - 5));
  out "truncated-half" (Bytes.sub (copy ()) 0 (len / 2));
  out "truncated-table" (Bytes.cat (Bytes.sub (copy ()) 0 (table + 4)) (Bytes.sub (copy ()) (len - 16) 16));
  (let b = copy () in set32 b (len - 16) 0xFFFFFF; out "section-count-huge" b);
  (let b = copy () in set32 b (len - 16) 0; out "section-count-zero" b);
  (let b = copy () in Bytes.blit_string "Caml1999X033" 0 b (len - 12) 12; out "magic-old" b);
  (* Section lengths. *)
  out "code-length-huge" (with_len "CODE" 0x7FFFFFFF);
  out "code-length-odd" (let (_, _, _, l) = find "CODE" in with_len "CODE" (l + 1));
  out "code-length-zero" (with_len "CODE" 0);
  out "data-length-zero" (with_len "DATA" 0);
  out "prim-length-huge" (with_len "PRIM" 0x10000000);
  (let b = copy () and (_, lf, _, _) = find "CODE" in Bytes.blit_string "XXXX" 0 b (lf - 4) 4; out "code-missing" b);
  (* Section contents. *)
  let (_, _, cs, cl) = find "CODE" in
  (let b = copy () in Bytes.fill b cs cl '\000'; out "code-zeros" b);
  (let b = copy () in Bytes.set_int32_le b cs 9999l; out "code-bad-opcode" b);
  (let b = copy () in
   (* the first BRANCH (opcode 84) jumps far outside the code *)
   let rec go pc = if pc >= cl then () else if Bytes.get_int32_le b (cs + pc) = 84l then Bytes.set_int32_le b (cs + pc + 4) 0x1000_0000l else go (pc + 4) in
   go 0; out "code-bad-branch" b);
  (let b = copy () in Bytes.set_int32_le b (cs + cl - 4) 0l; out "code-falls-off-end" b);
  let (_, _, ds, dl) = find "DATA" in
  (let b = copy () in Bytes.fill b ds 4 '\000'; out "data-bad-magic" b);
  (let b = copy () in let i = ref (ds + 20) in while !i < ds + dl do Bytes.set b !i (Char.chr (Char.code (Bytes.get b !i) lxor 0x5a)); i := !i + 7 done; out "data-garbage" b);
  (let b = copy () in Bytes.fill b (ds + 20) (dl - 20) '\255'; out "data-ones" b);
  let (_, _, ps, pl) = find "PRIM" in
  (* Unknown primitives fail when called, not at load: rename one that the
     program does not call (the first) and one that it does (caml_hash). *)
  (let b = copy () in Bytes.blit_string "caml_no_such" 0 b ps 12; out "prim-unknown-unused" b);
  (let b = copy () in
   let prims = String.sub good ps pl in
   let rec find i = if String.sub prims i 10 = "caml_hash\000" then i else find (i + 1) in
   Bytes.blit_string "caml_hasx" 0 b (ps + find 0) 9; out "prim-unknown-called" b);
  (let b = copy () in Bytes.set b (ps + pl - 1) 'x'; out "prim-unterminated" b);
  (* Random damage to code and data. *)
  Random.init 7;
  for k = 0 to 199 do
    let b = copy () in
    let (s, l) = if k mod 3 = 2 then (ds, dl) else (cs, cl) in
    for _ = 1 to 1 + Random.int 3 do
      let p = s + Random.int l in
      if Random.bool () then Bytes.set b p (Char.chr (Char.code (Bytes.get b p) lxor (1 lsl Random.int 8)))
      else Bytes.set b p (Char.chr (Random.int 256))
    done;
    out (Printf.sprintf "fuzz-%03d" k) b
  done
