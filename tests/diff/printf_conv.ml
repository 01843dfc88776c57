(* Printf: every conversion, flag, width and precision. *)
let () =
  let ints = [0; 1; -1; 42; -42; 255; max_int; min_int] in
  List.iter (fun n ->
    Printf.printf "d[%d] i[%i] u[%u] x[%x] X[%X] o[%o] #x[%#x] #X[%#X] #o[%#o]\n" n n n n n n n n n;
    Printf.printf "5d[%5d] -5d[%-5d|] 05d[%05d] +d[%+d] sp[% d] .3d[%.3d] 8.3d[%8.3d] #d[%#d] #u[%#u]\n" n n n n n n n n n)
    ints;
  Printf.printf "%c%c%c\n" 'a' 'b' 'c';
  Printf.printf "%C %C %C %C\n" 'a' '\'' '\n' '\200';
  Printf.printf "[%s] [%10s] [%-10s]\n" "hello" "hello" "hello";
  Printf.printf "%S %S %S\n" "plain" "with \"quotes\" and \\" "tab\tnl\n\001\255";
  Printf.printf "%b %B %b\n" true false (1 < 2);
  Printf.printf "%ld %li %lu %lx %lX %lo\n" 42l (-42l) (-1l) 255l 255l 8l;
  Printf.printf "%Ld %Li %Lu %Lx %LX %Lo\n" 42L (-42L) (-1L) 255L 255L 8L;
  Printf.printf "%nd %ni %nu %nx %nX %no\n" 42n (-42n) (-1n) 255n 255n 8n;
  Printf.printf "[%*d] [%-*d] [%.*d]\n" 6 42 6 42 4 42;
  Printf.printf "100%% done%!\n";
  Printf.printf "%a|%t\n" (fun oc s -> output_string oc (String.uppercase_ascii s)) "custom"
    (fun oc -> output_string oc "thunk");
  Printf.printf "@[not a box@]\n";
  Printf.printf "%s\n" (Printf.sprintf "%d-%s-%c-%f" 1 "two" '3' 4.);
  Printf.printf "%5s|%-5s|%05x|%+5d|% 5d\n" "ab" "ab" 171 7 7;
  Printf.printf "%x %X %o\n" (-1) (-255) (-8);
  Printf.printf "%lx %Lx %nx\n" Int32.min_int Int64.min_int Nativeint.min_int;
  Printf.printf "%ld %Ld %nd\n" Int32.max_int Int64.max_int Nativeint.max_int;
  Printf.printf "%#x %#o %#lx %#Lx\n" 0 0 0l 0L;
  Printf.printf "%.0d|%.0x|%5.0d|\n" 0 0 0;
  print_newline ()
