(* Integer arrays: repeated sieve of Eratosthenes over a bool array and an
   int array of prime gaps. *)
let sieve n =
  let a = Array.make (n + 1) true in
  a.(0) <- false; a.(1) <- false;
  let i = ref 2 in
  while !i * !i <= n do
    if a.(!i) then begin
      let j = ref (!i * !i) in
      while !j <= n do a.(!j) <- false; j := !j + !i done
    end;
    incr i
  done;
  a

let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 2_000_000 in
  let count = ref 0 and gaps = Array.make 200 0 in
  for _ = 1 to 12 do
    let a = sieve n in
    count := 0;
    let last = ref 2 in
    Array.fill gaps 0 200 0;
    for k = 2 to n do
      if a.(k) then begin
        incr count;
        let g = k - !last in
        if g < 200 then gaps.(g) <- gaps.(g) + 1;
        last := k
      end
    done
  done;
  Printf.printf "%d primes below %d; gaps of 2: %d, of 6: %d\n" !count n gaps.(2) gaps.(6)
