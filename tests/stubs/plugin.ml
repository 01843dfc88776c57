(* Loaded by dynhost.ml with Dynlink: its C stubs come from dllmcstub.so. *)
external build : (int -> string) -> int -> (int * string) list = "mcs_build"
external fail : string -> unit = "mcs_fail"
external six : int -> int -> int -> int -> int -> int -> int = "mcs_six_byte" "mcs_six_native"

let () =
  let l = build (fun i -> ignore (Sys.opaque_identity (Array.make 3000 i, List.init 100 Fun.id)); string_of_int i) 300 in
  Printf.printf "plugin: build %d\n" (List.length l);
  (try fail "in plugin" with Failure m -> Printf.printf "plugin: caught %S\n" m);
  Printf.printf "plugin: six %d\n%!" (six 6 5 4 3 2 1)
