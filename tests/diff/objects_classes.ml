(* Objects and classes: inheritance, self, virtual methods, Oo.copy, Oo.id,
   functional update, initializers, private methods. *)
class virtual shape name = object (self)
  val name : string = name
  method name = name
  method virtual area : float
  method describe = Printf.sprintf "%s with area %.2f" self#name self#area
end

class circle r = object
  inherit shape "circle"
  val mutable radius = r
  method area = 3.14159 *. radius *. radius
  method grow k = radius <- radius *. k
end

class square s = object (self)
  inherit shape "square" as super
  method area = s *. s
  method! describe = "[" ^ super#describe ^ "]" ^ self#extra
  method private extra = "!"
end

class counter = object
  val mutable n = 0
  method incr = n <- n + 1; n
  method get = n
  method reset = {< n = 0 >}
end

class logger prefix = object
  val mutable log = []
  initializer log <- [prefix ^ " created"]
  method add s = log <- s :: log
  method dump = List.rev log
end

class ['a] stack = object
  val mutable items : 'a list = []
  method push (x : 'a) = items <- x :: items
  method pop = match items with [] -> None | x :: r -> items <- r; Some x
  method size = List.length items
end

class point x y = object
  method x : int = x
  method y : int = y
  method move dx dy = new point (x + dx) (y + dy)
end

class colored_point x y (c : string) = object
  inherit point x y
  method color = c
end

let () =
  let shapes : shape list = [ (new circle 1.0 :> shape); (new square 2.0 :> shape) ] in
  List.iter (fun s -> print_endline s#describe) shapes;
  let c = new circle 2.0 in
  c#grow 1.5;
  Printf.printf "grown area %.3f\n" c#area;
  let k = new counter in
  ignore (k#incr); ignore (k#incr);
  let k2 = Oo.copy k in
  ignore (k2#incr);
  let k3 = k#reset in
  Printf.printf "counter %d copy %d reset %d\n" k#get k2#get k3#get;
  let l = new logger "log" in
  l#add "one"; l#add "two";
  print_endline (String.concat "; " l#dump);
  let s = new stack in
  s#push 1; s#push 2; s#push 3;
  Printf.printf "stack size %d pop %d\n" s#size (Option.get s#pop);
  let p = new colored_point 1 2 "red" in
  let p2 = p#move 10 10 in
  Printf.printf "point (%d,%d) %s moved (%d,%d)\n" p#x p#y p#color p2#x p2#y;
  (* Immediate objects and structural typing. *)
  let o = object val v = 10 method v = v method twice = 2 * v end in
  let show_v (x : < v : int; .. >) = x#v in
  Printf.printf "immediate %d %d %d\n" (show_v o) o#twice (show_v (object method v = 99 end));
  (* Oo.id is increasing; only print differences. *)
  let a = object end and b = object end in
  Printf.printf "ids differ by %d, copy gets new id: %b\n" (Oo.id b - Oo.id a) (Oo.id (Oo.copy a) <> Oo.id a);
  Printf.printf "object equality: %b %b\n" (a = a) (a = Oo.copy a);
  (* Method dispatch in a loop over several classes. *)
  let objs = Array.init 100 (fun i -> if i mod 2 = 0 then (new circle (float i) :> shape) else (new square (float i) :> shape)) in
  let total = ref 0. in
  for _ = 1 to 1000 do Array.iter (fun o -> total := !total +. o#area) objs done;
  Printf.printf "total area %.1f\n" !total;
  (* Objects with polymorphic methods. *)
  let mapper = object method map : 'a 'b. ('a -> 'b) -> 'a list -> 'b list = List.map end in
  Printf.printf "poly method %s %s\n" (String.concat "," (mapper#map string_of_int [1; 2]))
    (String.concat "," (mapper#map (fun s -> s ^ s) ["a"]));
  (* Object tag and size. *)
  Printf.printf "object tag %d\n" (Obj.tag (Obj.repr o));
  (* Self-returning methods and chaining. *)
  let builder = object (self)
    val buf = Buffer.create 16
    method add s = Buffer.add_string buf s; self
    method result = Buffer.contents buf
  end in
  print_endline ((builder#add "a")#add "b" |> fun b -> (b#add "c")#result)
