(* Domain-local storage across domains: keys with and without
   split_from_parent, initialisers running once per domain, get/set
   isolation, inheritance through nested spawns. *)

let inits = Atomic.make 0
let plain = Domain.DLS.new_key (fun () -> Atomic.incr inits; 10)
let split = Domain.DLS.new_key ~split_from_parent:(fun parent -> parent * 2) (fun () -> 1)
let split_list = Domain.DLS.new_key ~split_from_parent:(fun l -> "child" :: l) (fun () -> ["root"])
let buf = Domain.DLS.new_key (fun () -> Buffer.create 16)

let show_list l = String.concat "/" l

let () =
  Printf.printf "main: plain %d split %d list %s\n" (Domain.DLS.get plain) (Domain.DLS.get split)
    (show_list (Domain.DLS.get split_list));
  Domain.DLS.set plain 99;
  Domain.DLS.set split 5;
  (* A child sees the initialiser's value for plain keys and the split of
     the parent's value for split keys. *)
  let d = Domain.spawn (fun () ->
    let p = Domain.DLS.get plain in
    let s = Domain.DLS.get split in
    Domain.DLS.set plain 7;
    Domain.DLS.set split 1000;
    (p, s, Domain.DLS.get plain, Domain.DLS.get split, show_list (Domain.DLS.get split_list))) in
  let (p, s, p', s', l) = Domain.join d in
  Printf.printf "child: plain %d split %d, after set %d %d, list %s\n" p s p' s' l;
  Printf.printf "main unchanged: plain %d split %d\n" (Domain.DLS.get plain) (Domain.DLS.get split);
  (* Nested: each generation doubles the split key and prepends to the list. *)
  let rec gen k =
    if k = 0 then [(Domain.DLS.get split, show_list (Domain.DLS.get split_list))]
    else begin
      let here = (Domain.DLS.get split, show_list (Domain.DLS.get split_list)) in
      here :: Domain.join (Domain.spawn (fun () -> gen (k - 1)))
    end
  in
  List.iteri (fun i (s, l) -> Printf.printf "generation %d: split %d list %s\n" i s l) (gen 4);
  (* Per-domain buffers: each domain appends to its own. *)
  let ds = List.init 4 (fun i -> Domain.spawn (fun () ->
    for k = 1 to 3 do Buffer.add_string (Domain.DLS.get buf) (Printf.sprintf "%d.%d " i k) done;
    Buffer.contents (Domain.DLS.get buf))) in
  List.iteri (fun i d -> Printf.printf "domain %d buffer: %s\n" i (Domain.join d)) ds;
  Printf.printf "main buffer empty: %b\n" (Buffer.length (Domain.DLS.get buf) = 0);
  (* Initialiser counts: once on main and once per domain that reads it
     (the 4 buffer domains never read [plain]). *)
  let before = Atomic.get inits in
  let ds = List.init 3 (fun _ -> Domain.spawn (fun () -> Domain.DLS.get plain + Domain.DLS.get plain)) in
  let r = List.map Domain.join ds in
  Printf.printf "3 readers: %s, initialiser ran %d more times\n"
    (String.concat "," (List.map string_of_int r)) (Atomic.get inits - before);
  (* A key created inside a spawned domain, then used in main. *)
  let k = Domain.join (Domain.spawn (fun () ->
    let k = Domain.DLS.new_key (fun () -> "fresh") in
    Domain.DLS.set k "set in creator"; k)) in
  Printf.printf "key made in child, read in main: %s\n" (Domain.DLS.get k);
  (* Many keys, set in many domains. *)
  let keys = Array.init 50 (fun i -> Domain.DLS.new_key ~split_from_parent:(fun x -> x + 1) (fun () -> i)) in
  let ds = List.init 4 (fun d -> Domain.spawn (fun () ->
    Array.iteri (fun i k -> Domain.DLS.set k (Domain.DLS.get k + d * i)) keys;
    Gc.minor ();
    Array.fold_left (fun a k -> a + Domain.DLS.get k) 0 keys)) in
  Printf.printf "50 split keys per domain: %s\n" (String.concat " " (List.map (fun d -> string_of_int (Domain.join d)) ds));
  Printf.printf "main sum: %d\n" (Array.fold_left (fun a k -> a + Domain.DLS.get k) 0 keys)
