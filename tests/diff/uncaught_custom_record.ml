(* Uncaught exception carrying an inline record and one with no arguments
   defined in a submodule. *)
module Inner = struct
  exception Rec of { code : int; what : string }
end

let () =
  if Array.length Sys.argv > 5 then raise Exit;
  raise (Inner.Rec { code = 7; what = "inline record" })
