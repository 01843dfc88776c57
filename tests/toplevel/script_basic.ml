(* A script: printing, modules, functors, exceptions, an uncaught one last. *)
let () = Printf.printf "hello %d %s %.3f %c %S\n" 42 "world" 3.14159 'x' "q\"uote"

module type SHOW = sig type t val x : t val show : t -> string end
module Twice (X : SHOW) = struct let s = X.show X.x ^ X.show X.x end
module I = Twice (struct type t = int let x = 3 let show = string_of_int end)
let () = print_endline I.s

module Stack = struct
  type 'a t = 'a list ref
  let create () : 'a t = ref []
  let push x s = s := x :: !s
  let pop s = match !s with [] -> None | x :: r -> s := r; Some x
end
let () =
  let s = Stack.create () in
  List.iter (fun x -> Stack.push x s) [1; 2; 3];
  match Stack.pop s with Some x -> Printf.printf "popped %d\n" x | None -> ()

exception E of string * int
let () = try raise (E ("boom", 7)) with E (s, n) -> Printf.printf "caught %s %d\n" s n
let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)
let () = Printf.printf "fib 22 = %d\n" (fib 22)
let () = Format.printf "@[<v 2>format:@,%a@]@." (Format.pp_print_list Format.pp_print_int) [1; 2; 3]
let () = Printf.eprintf "to stderr\n%!"
let () = at_exit (fun () -> print_endline "at_exit ran")
let () = raise (E ("uncaught", 1))
