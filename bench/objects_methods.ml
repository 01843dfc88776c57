(* Objects and method calls: virtual dispatch over a heterogeneous array,
   self calls and object copying. *)
class virtual shape = object (self)
  method virtual area : float
  method virtual scale : float -> unit
  method describe = self#area *. 2.
end

class square s = object
  inherit shape
  val mutable side = s
  method area = side *. side
  method scale k = side <- side *. k
end

class circle r = object
  inherit shape
  val mutable radius = r
  method area = 3.14159 *. radius *. radius
  method scale k = radius <- radius *. k
end

class counter = object
  val mutable n = 0
  method incr = n <- n + 1
  method get = n
end

let () =
  let rounds = try int_of_string Sys.argv.(1) with _ -> 16000 in
  let shapes = Array.init 1000 (fun i -> if i mod 2 = 0 then (new square (float i) :> shape) else (new circle (float i) :> shape)) in
  let total = ref 0. and c = new counter in
  for _ = 1 to rounds do
    Array.iter (fun s -> total := !total +. s#describe; c#incr) shapes;
    shapes.(c#get mod 1000)#scale 1.0001
  done;
  let copies = Array.map Oo.copy shapes in
  Array.iter (fun s -> s#scale 0.5) copies;
  Printf.printf "calls %d total %.6e copy area %.6e\n" c#get !total (Array.fold_left (fun a s -> a +. s#area) 0. copies)
