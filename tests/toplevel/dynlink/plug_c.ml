(* Uses Str, which the host links. *)
let () = Registry.register "str" (fun x ->
  String.length (Str.global_replace (Str.regexp "a") "bb" (String.make x 'a')))
