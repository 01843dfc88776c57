(* Embarrassingly parallel float kernel: Mandelbrot escape counts and a
   smooth-colouring float sum over a fixed grid, rows split between N
   domains (strong scaling: the total work does not depend on N).
   Usage: float_kernel.byte N.  Prints a checksum independent of N. *)

let size = 480
let max_iter = 200

let row y =
  let ci = (2.0 *. float_of_int y /. float_of_int size) -. 1.0 in
  let count = ref 0 and smooth = ref 0.0 in
  for x = 0 to size - 1 do
    let cr = (2.5 *. float_of_int x /. float_of_int size) -. 2.0 in
    let zr = ref 0.0 and zi = ref 0.0 and i = ref 0 in
    while !i < max_iter && !zr *. !zr +. !zi *. !zi <= 4.0 do
      let t = !zr *. !zr -. !zi *. !zi +. cr in
      zi := 2.0 *. !zr *. !zi +. ci;
      zr := t;
      incr i
    done;
    count := !count + !i;
    smooth := !smooth +. sqrt (!zr *. !zr +. !zi *. !zi) /. float_of_int (!i + 1)
  done;
  (!count, !smooth)

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 1 in
  let results = Array.make size (0, 0.0) in
  (* Rows are interleaved so that every domain gets a similar mix of
     cheap and expensive rows. *)
  let work d = let y = ref d in while !y < size do results.(!y) <- row !y; y := !y + n done in
  let ds = List.init (n - 1) (fun d -> Domain.spawn (fun () -> work (d + 1))) in
  work 0;
  List.iter Domain.join ds;
  let total = Array.fold_left (fun a (c, _) -> a + c) 0 results in
  let smooth = Array.fold_left (fun a (_, s) -> a +. s) 0.0 results in
  Printf.printf "domains %d: iterations %d, smooth %.6f\n" n total smooth
