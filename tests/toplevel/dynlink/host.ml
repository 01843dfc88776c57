(* Loads plugins in .cmo and .cma form and reports what Dynlink says. *)
let load f =
  try Dynlink.loadfile f; Printf.printf "loaded %s\n" f
  with Dynlink.Error e -> Printf.printf "error %s: %s\n" f (Dynlink.error_message e)

let () =
  Printf.printf "native %b\n" Dynlink.is_native;
  ignore (Str.regexp "linked");
  load "plug_a.cmo";
  load "plugs.cma";
  load "nothere.cmo";
  load "plug_bad.cmo";
  load "plug_raise.cmo";
  load "plug_c.cmo";
  load "plug_d.cmo";
  (try Dynlink.loadfile_private "plug_a.cmo"
   with Dynlink.Error e -> print_endline (Dynlink.error_message e));
  Dynlink.loadfile_private "plug_e.cmo";
  List.iter
    (fun (n, f) ->
      match f 7 with
      | v -> Printf.printf "%s 7 = %d\n" n v
      | exception e ->
          Printf.printf "%s 7 raised %s\n%s" n (Printexc.to_string e) (Printexc.get_backtrace ()))
    (List.rev !Registry.plugins);
  Printf.printf "main units include Registry: %b\n" (List.mem "Registry" (Dynlink.main_program_units ()));
  Printf.printf "loaded units include Plug_a: %b\n" (List.mem "Plug_a" (Dynlink.all_units ()))
