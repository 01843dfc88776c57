(* Functors, first-class modules, recursive modules and include. *)
module type ORDERED = sig type t val compare : t -> t -> int val name : string end
module type COLLECTION = sig
  type elt
  type t
  val empty : t
  val add : elt -> t -> t
  val to_list : t -> elt list
  val describe : string
end

module SortedList (O : ORDERED) : COLLECTION with type elt = O.t = struct
  type elt = O.t
  type t = elt list
  let empty = []
  let rec add x = function [] -> [x] | y :: r as l -> if O.compare x y <= 0 then x :: l else y :: add x r
  let to_list l = l
  let describe = "sorted list of " ^ O.name
end

module IntOrd = struct type t = int let compare = compare let name = "int" end
module RevStr = struct type t = string let compare a b = compare b a let name = "string (reversed)" end
module SL = SortedList (IntOrd)
module SR = SortedList (RevStr)

module Counter () = struct
  let n = ref 0
  let next () = incr n; !n
end
module C1 = Counter ()
module C2 = Counter ()

module type SHOW = sig type t val show : t -> string end
let show_all (type a) (module S : SHOW with type t = a) (l : a list) = String.concat ", " (List.map S.show l)
module ShowInt = struct type t = int let show = string_of_int end
module ShowPair (A : SHOW) (B : SHOW) = struct type t = A.t * B.t let show (a, b) = "(" ^ A.show a ^ " " ^ B.show b ^ ")" end

module rec Even : sig val is : int -> bool end = struct let is n = n = 0 || Odd.is (n - 1) end
and Odd : sig val is : int -> bool end = struct let is n = n <> 0 && Even.is (n - 1) end

module Extended = struct
  include List
  let sum = fold_left ( + ) 0
end

module type ADDER = sig val add : int -> int end

let make_stack (type a) () =
  let module M = struct
    type t = a list ref
    let s : t = ref []
    let push x = s := x :: !s
    let pop () = match !s with [] -> None | x :: r -> s := r; Some x
  end in
  (M.push, M.pop)

let () =
  let l = List.fold_left (fun acc x -> SL.add x acc) SL.empty [5; 1; 4; 2; 3] in
  Printf.printf "%s: %s\n" SL.describe (String.concat " " (List.map string_of_int (SL.to_list l)));
  let r = List.fold_left (fun acc x -> SR.add x acc) SR.empty ["b"; "d"; "a"; "c"] in
  Printf.printf "%s: %s\n" SR.describe (String.concat " " (SR.to_list r));
  Printf.printf "generative: %d %d %d\n" (C1.next ()) (C1.next ()) (C2.next ());
  print_endline (show_all (module ShowInt) [1; 2; 3]);
  let module P = ShowPair (ShowInt) (struct type t = string let show s = s end) in
  print_endline (show_all (module P) [ (1, "a"); (2, "b") ]);
  let mods : (module SHOW with type t = int) list = [ (module ShowInt); (module struct type t = int let show n = String.make n '*' end) ] in
  List.iter (fun (module M : SHOW with type t = int) -> print_endline (M.show 5)) mods;
  Printf.printf "even 10 %b odd 7 %b even 7 %b\n" (Even.is 10) (Odd.is 7) (Even.is 7);
  Printf.printf "extended sum %d length %d\n" (Extended.sum [1; 2; 3]) (Extended.length [1; 2]);
  let push, pop = make_stack () in
  push "x"; push "y";
  Printf.printf "local module stack %s %s %s\n" (Option.get (pop ())) (Option.get (pop ())) (Option.value ~default:"empty" (pop ()));
  (* A functor applied many times at run time through first-class modules. *)
  let make_adder n = (module struct let add x = x + n end : ADDER) in
  let total = ref 0 in
  for i = 1 to 1000 do let module A = (val make_adder i) in total := A.add !total done;
  Printf.printf "total %d\n" !total;
  let module M = Map.Make (struct type t = int * int let compare = compare end) in
  let m = M.add (1, 2) "a" (M.add (0, 5) "b" M.empty) in
  M.iter (fun (a, b) v -> Printf.printf "(%d,%d)=%s " a b v) m; print_newline ()
