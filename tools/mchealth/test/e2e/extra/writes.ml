(* e2e: writes out.txt. *)
let () =
  let oc = open_out "out.txt" in
  output_string oc "payload\n";
  close_out oc
