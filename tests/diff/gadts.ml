(* GADTs: a typed expression language, existentials and type witnesses. *)
type _ expr =
  | Int : int -> int expr
  | Bool : bool -> bool expr
  | Add : int expr * int expr -> int expr
  | Mul : int expr * int expr -> int expr
  | If : bool expr * 'a expr * 'a expr -> 'a expr
  | Eq : int expr * int expr -> bool expr
  | Pair : 'a expr * 'b expr -> ('a * 'b) expr
  | Fst : ('a * 'b) expr -> 'a expr

let rec eval : type a. a expr -> a = function
  | Int n -> n
  | Bool b -> b
  | Add (a, b) -> eval a + eval b
  | Mul (a, b) -> eval a * eval b
  | If (c, t, e) -> if eval c then eval t else eval e
  | Eq (a, b) -> eval a = eval b
  | Pair (a, b) -> (eval a, eval b)
  | Fst p -> fst (eval p)

let rec show : type a. a expr -> string = function
  | Int n -> string_of_int n
  | Bool b -> string_of_bool b
  | Add (a, b) -> "(" ^ show a ^ " + " ^ show b ^ ")"
  | Mul (a, b) -> show a ^ " * " ^ show b
  | If (c, t, e) -> "if " ^ show c ^ " then " ^ show t ^ " else " ^ show e
  | Eq (a, b) -> show a ^ " = " ^ show b
  | Pair (a, b) -> "<" ^ show a ^ ", " ^ show b ^ ">"
  | Fst p -> "fst " ^ show p

type (_, _) eq = Refl : ('a, 'a) eq
type _ ty = TInt : int ty | TString : string ty | TList : 'a ty -> 'a list ty

let rec ty_equal : type a b. a ty -> b ty -> (a, b) eq option = fun a b ->
  match a, b with
  | TInt, TInt -> Some Refl
  | TString, TString -> Some Refl
  | TList a, TList b -> (match ty_equal a b with Some Refl -> Some Refl | None -> None)
  | _ -> None

type dyn = Dyn : 'a ty * 'a -> dyn

let rec to_string : type a. a ty -> a -> string = fun t v ->
  match t with
  | TInt -> string_of_int v
  | TString -> Printf.sprintf "%S" v
  | TList t -> "[" ^ String.concat "; " (List.map (to_string t) v) ^ "]"

let get_int (Dyn (t, v)) : int option = match ty_equal t TInt with Some Refl -> Some v | None -> None

type counter = C : { state : 's; next : 's -> 's; read : 's -> int } -> counter

let run (C c) n =
  let s = ref c.state in
  for _ = 1 to n do s := c.next !s done;
  c.read !s

let () =
  let e = If (Eq (Add (Int 2, Int 3), Int 5), Mul (Int 6, Int 7), Int 0) in
  Printf.printf "%s => %d\n" (show e) (eval e);
  let p = Pair (Int 1, Bool false) in
  let a, b = eval p in
  Printf.printf "%s => (%d, %b)\n" (show p) a b;
  Printf.printf "%s => %d\n" (show (Fst p)) (eval (Fst p));
  let dyns = [ Dyn (TInt, 42); Dyn (TString, "hi"); Dyn (TList TInt, [1; 2]); Dyn (TList (TList TString), [["a"]; []]) ] in
  List.iter (fun (Dyn (t, v)) -> print_endline (to_string t v)) dyns;
  List.iter (fun d -> print_endline (match get_int d with Some n -> "int " ^ string_of_int n | None -> "not an int")) dyns;
  let counters = [ C { state = 0; next = succ; read = Fun.id }; C { state = ""; next = (fun s -> s ^ "x"); read = String.length };
                   C { state = (1, 1); next = (fun (a, b) -> (b, (a + b) mod 1000007)); read = fst } ] in
  List.iter (fun c -> Printf.printf "counter %d\n" (run c 1000)) counters;
  (* Deep GADT evaluation. *)
  let rec build n = if n = 0 then Int 1 else Add (build (n - 1), Int n) in
  Printf.printf "deep %d\n" (eval (build 10_000))
