(* A lexer and recursive-descent parser over generated arithmetic
   programs, then evaluation: a compiler-front-end-like workload. *)
type token = NUM of int | ID of string | PLUS | MINUS | TIMES | LP | RP | LET | IN | EQ | EOF
type expr = Num of int | Var of string | Bin of char * expr * expr | Let of string * expr * expr

let lex s =
  let n = String.length s in
  let toks = ref [] in
  let i = ref 0 in
  while !i < n do
    let c = s.[!i] in
    if c = ' ' || c = '\n' then incr i
    else if c >= '0' && c <= '9' then begin
      let j = ref !i in
      while !j < n && s.[!j] >= '0' && s.[!j] <= '9' do incr j done;
      toks := NUM (int_of_string (String.sub s !i (!j - !i))) :: !toks; i := !j
    end else if c >= 'a' && c <= 'z' then begin
      let j = ref !i in
      while !j < n && s.[!j] >= 'a' && s.[!j] <= 'z' do incr j done;
      let w = String.sub s !i (!j - !i) in
      toks := (match w with "let" -> LET | "in" -> IN | _ -> ID w) :: !toks; i := !j
    end else begin
      toks := (match c with '+' -> PLUS | '-' -> MINUS | '*' -> TIMES | '(' -> LP | ')' -> RP | '=' -> EQ | _ -> failwith "lex") :: !toks;
      incr i
    end
  done;
  Array.of_list (List.rev (EOF :: !toks))

let parse toks =
  let pos = ref 0 in
  let peek () = toks.(!pos) and advance () = incr pos in
  let rec expr () =
    match peek () with
    | LET -> advance ();
      let x = (match peek () with ID x -> advance (); x | _ -> failwith "id") in
      (match peek () with EQ -> advance () | _ -> failwith "=");
      let e1 = expr () in
      (match peek () with IN -> advance () | _ -> failwith "in");
      Let (x, e1, expr ())
    | _ -> sum (term ())
  and sum acc = match peek () with
    | PLUS -> advance (); sum (Bin ('+', acc, term ()))
    | MINUS -> advance (); sum (Bin ('-', acc, term ()))
    | _ -> acc
  and term () = prod (atom ())
  and prod acc = match peek () with TIMES -> advance (); prod (Bin ('*', acc, atom ())) | _ -> acc
  and atom () = match peek () with
    | NUM n -> advance (); Num n
    | ID x -> advance (); Var x
    | LP -> advance (); let e = expr () in (match peek () with RP -> advance () | _ -> failwith ")"); e
    | _ -> failwith "atom"
  in
  expr ()

let rec eval env = function
  | Num n -> n
  | Var x -> List.assoc x env
  | Bin (op, a, b) -> let a = eval env a and b = eval env b in
    (match op with '+' -> a + b | '-' -> a - b | _ -> (a * b) land 0xFFFF)
  | Let (x, e1, e2) -> eval ((x, eval env e1) :: env) e2

let () =
  let n = try int_of_string Sys.argv.(1) with _ -> 4000 in
  let st = Random.State.make [| 11 |] in
  let rec gen d vars =
    if d = 0 || Random.State.int st 4 = 0 then
      (if vars <> [] && Random.State.bool st then List.nth vars (Random.State.int st (List.length vars)) else string_of_int (Random.State.int st 100))
    else match Random.State.int st 4 with
      | 0 -> let v = String.make 1 (Char.chr (97 + d mod 26)) ^ "v" in
        Printf.sprintf "(let %s = %s in %s)" v (gen (d - 1) vars) (gen (d - 1) (v :: vars))
      | 1 -> Printf.sprintf "(%s + %s)" (gen (d - 1) vars) (gen (d - 1) vars)
      | 2 -> Printf.sprintf "%s * %s" (gen (d - 1) vars) (gen (d - 1) vars)
      | _ -> Printf.sprintf "%s - (%s)" (gen (d - 1) vars) (gen (d - 1) vars)
  in
  let programs = Array.init 50 (fun _ -> gen 12 []) in
  let total = ref 0 and tokens = ref 0 in
  for i = 1 to n do
    let p = programs.(i mod 50) in
    let toks = lex p in
    tokens := !tokens + Array.length toks;
    total := (!total + eval [] (parse toks)) land 0xFFFFFFF
  done;
  Printf.printf "tokens %d result %d\n" !tokens !total
