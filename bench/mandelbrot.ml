(* Float kernel: count the points of the Mandelbrot set on a grid. *)
let () =
  let size = try int_of_string Sys.argv.(1) with _ -> 800 in
  let iter = 50 and limit2 = 4. in
  let inside = ref 0 and checksum = ref 0 in
  for y = 0 to size - 1 do
    let ci = 2. *. float y /. float size -. 1. in
    for x = 0 to size - 1 do
      let cr = 2. *. float x /. float size -. 1.5 in
      let zr = ref 0. and zi = ref 0. and i = ref 0 in
      while !i < iter && !zr *. !zr +. !zi *. !zi <= limit2 do
        let t = !zr *. !zr -. !zi *. !zi +. cr in
        zi := 2. *. !zr *. !zi +. ci;
        zr := t;
        incr i
      done;
      if !i = iter then incr inside;
      checksum := (!checksum * 31 + !i) land 0xFFFFFF
    done
  done;
  Printf.printf "%d points inside, checksum %d\n" !inside !checksum
