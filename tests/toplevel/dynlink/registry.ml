(* Plugins register named functions here; the host lists them. *)
let plugins : (string * (int -> int)) list ref = ref []
let register name f = plugins := (name, f) :: !plugins
