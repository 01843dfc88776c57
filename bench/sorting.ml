(* Integer sorting: Array.sort, Array.stable_sort, List.sort and a
   hand-written quicksort on pseudo-random data. *)
let rec quicksort a lo hi =
  if lo < hi then begin
    let p = a.((lo + hi) / 2) in
    let i = ref lo and j = ref hi in
    while !i <= !j do
      while a.(!i) < p do incr i done;
      while a.(!j) > p do decr j done;
      if !i <= !j then begin
        let t = a.(!i) in a.(!i) <- a.(!j); a.(!j) <- t; incr i; decr j
      end
    done;
    quicksort a lo !j; quicksort a !i hi
  end

let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 200_000 in
  let st = Random.State.make [| 42 |] in
  let data = Array.init n (fun _ -> Random.State.int st 1_000_000) in
  let check a = let ok = ref true in for i = 1 to Array.length a - 1 do if a.(i - 1) > a.(i) then ok := false done; !ok in
  let a = Array.copy data in Array.sort compare a;
  let b = Array.copy data in Array.stable_sort (fun x y -> compare x y) b;
  let c = Array.copy data in quicksort c 0 (n - 1);
  let l = List.sort compare (Array.to_list data) in
  let d = Array.copy data in Array.sort (fun x y -> compare y x) d;
  Printf.printf "sorted: %b %b %b %b; median %d max %d\n" (check a) (check b) (check c)
    (check (Array.of_list l)) a.(n / 2) d.(0)
