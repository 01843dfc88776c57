(* Continuations as values: their tag and size seen through Obj, polymorphic
   comparison and equality (refused), hashing, marshalling (refused, also
   when nested in other data or with Closures), physical equality, storing
   them in a hash table, and the continuations still usable after all
   these attempts. *)
open Effect
open Effect.Deep

type _ Effect.t += E : int Effect.t

let capture () : (int, int) continuation =
  let r = ref None in
  ignore (match_with (fun () -> perform E + 1) ()
            { retc = (fun v -> v); exnc = raise;
              effc = (fun (type a) (e : a Effect.t) -> match e with
                  | E -> Some (fun (k : (a, _) continuation) -> r := Some (Obj.magic k); 0)
                  | _ -> None) });
  match !r with Some k -> k | None -> assert false

let attempt label f =
  match f () with
  | s -> Printf.printf "%s: %s\n" label s
  | exception Invalid_argument m -> Printf.printf "%s: Invalid_argument %S\n" label m
  | exception Failure m -> Printf.printf "%s: Failure %S\n" label m
  | exception e -> Printf.printf "%s: %s\n" label (Printexc.to_string e)

let () =
  let k = capture () and k2 = capture () in
  let o = Obj.repr k in
  Printf.printf "tag %d (cont_tag %d), size %d, is_block %b\n" (Obj.tag o) Obj.cont_tag (Obj.size o) (Obj.is_block o);
  attempt "k == k" (fun () -> string_of_bool (k == k));
  attempt "k == k2" (fun () -> string_of_bool (k == k2));
  attempt "compare k k" (fun () -> string_of_int (compare k k));
  attempt "compare k k2" (fun () -> string_of_int (compare k k2));
  attempt "k = k2" (fun () -> string_of_bool (k = k2));
  attempt "k <> k2" (fun () -> string_of_bool (k <> k2));
  attempt "compare in a tuple" (fun () -> string_of_int (compare (1, k) (2, k2)));
  attempt "compare in a tuple, equal prefix" (fun () -> string_of_int (compare (1, k) (1, k2)));
  attempt "Hashtbl.hash k = Hashtbl.hash k2" (fun () -> string_of_bool (Hashtbl.hash k = Hashtbl.hash k2));
  attempt "Hashtbl.hash (1, k)" (fun () -> string_of_int (Hashtbl.hash (1, k)));
  attempt "Marshal k" (fun () -> string_of_int (String.length (Marshal.to_string k [])));
  attempt "Marshal [k] with Closures" (fun () -> string_of_int (String.length (Marshal.to_string [k] [Marshal.Closures])));
  attempt "Marshal (fun () -> k)" (fun () -> string_of_int (String.length (Marshal.to_string (fun () -> ignore k) [Marshal.Closures])));
  let h = Hashtbl.create 4 in
  Hashtbl.replace h "k" k;
  attempt "continue after all that" (fun () -> string_of_int (continue (Hashtbl.find h "k") 41));
  attempt "k2 still fine" (fun () -> string_of_int (continue k2 1))
