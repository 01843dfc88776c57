(* A small lexer used by scripts/tools-check.sh as ocamllex input: numbers,
   identifiers, strings with escapes, nested comments and operators. *)
{
type token =
  | INT of int | FLOAT of float | IDENT of string | STRING of string
  | OP of string | LPAREN | RPAREN | EOF

exception Error of string * int

let buf = Buffer.create 64
let depth = ref 0
}

let digit = ['0'-'9']
let alpha = ['a'-'z' 'A'-'Z' '_']
let blank = [' ' '\t' '\r' '\n']

rule token = parse
  | blank+ { token lexbuf }
  | "(*" { depth := 1; comment lexbuf; token lexbuf }
  | digit+ as n { INT (int_of_string n) }
  | digit+ '.' digit* (['e' 'E'] ['+' '-']? digit+)? as f { FLOAT (float_of_string f) }
  | alpha (alpha | digit | '\'')* as id { IDENT id }
  | '"' { Buffer.clear buf; string lexbuf; STRING (Buffer.contents buf) }
  | "<=" | ">=" | "<>" | "->" | ":=" | "&&" | "||" as op { OP op }
  | ['+' '-' '*' '/' '<' '>' '=' ';' ','] as c { OP (String.make 1 c) }
  | '(' { LPAREN }
  | ')' { RPAREN }
  | eof { EOF }
  | _ as c { raise (Error (Printf.sprintf "unexpected %C" c, Lexing.lexeme_start lexbuf)) }

and comment = parse
  | "(*" { incr depth; comment lexbuf }
  | "*)" { decr depth; if !depth > 0 then comment lexbuf }
  | eof { raise (Error ("unterminated comment", Lexing.lexeme_start lexbuf)) }
  | _ { comment lexbuf }

and string = parse
  | '"' { () }
  | '\\' (['\\' '"' 'n' 't'] as c)
      { Buffer.add_char buf (match c with 'n' -> '\n' | 't' -> '\t' | c -> c); string lexbuf }
  | '\\' (digit digit digit as d) { Buffer.add_char buf (Char.chr (int_of_string d land 255)); string lexbuf }
  | eof { raise (Error ("unterminated string", Lexing.lexeme_start lexbuf)) }
  | _ as c { Buffer.add_char buf c; string lexbuf }

{
let tokens s =
  let lb = Lexing.from_string s in
  let rec go acc = match token lb with EOF -> List.rev acc | t -> go (t :: acc) in
  go []
}
