(* Domain-local storage and domain queries on the main domain only. *)
let counter = Domain.DLS.new_key (fun () -> 0)
let names = Domain.DLS.new_key (fun () -> print_endline "initialiser runs lazily, once"; ["init"])
let split_key = Domain.DLS.new_key ~split_from_parent:(fun x -> x + 1) (fun () -> 100)

let () =
  Printf.printf "is_main_domain %b\n" (Domain.is_main_domain ());
  Printf.printf "self is 0: %b\n" ((Domain.self () :> int) = 0);
  Printf.printf "counter initial %d\n" (Domain.DLS.get counter);
  for _ = 1 to 10 do Domain.DLS.set counter (Domain.DLS.get counter + 1) done;
  Printf.printf "counter after 10 increments %d\n" (Domain.DLS.get counter);
  print_endline "before first get of names";
  Printf.printf "names %s\n" (String.concat "," (Domain.DLS.get names));
  Domain.DLS.set names ("second" :: Domain.DLS.get names);
  Printf.printf "names %s\n" (String.concat "," (Domain.DLS.get names));
  Printf.printf "split key on main %d\n" (Domain.DLS.get split_key);
  (* Many keys. *)
  let keys = Array.init 100 (fun i -> Domain.DLS.new_key (fun () -> i * i)) in
  Printf.printf "sum of 100 keys %d\n" (Array.fold_left (fun acc k -> acc + Domain.DLS.get k) 0 keys);
  Array.iteri (fun i k -> Domain.DLS.set k (-i)) keys;
  Printf.printf "after set %d\n" (Array.fold_left (fun acc k -> acc + Domain.DLS.get k) 0 keys);
  Printf.printf "recommended_domain_count >= 1: %b\n" (Domain.recommended_domain_count () >= 1);
  let at_exit_ran = ref false in
  Domain.at_exit (fun () -> at_exit_ran := true; print_endline "Domain.at_exit on main domain");
  Printf.printf "cpu_relax returns unit %b\n" (Domain.cpu_relax () = ())
