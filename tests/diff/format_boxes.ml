(* Format: boxes, break hints, margins, max indent, %a, tabulations. *)
open Format

let rec pp_list pp ppf = function
  | [] -> ()
  | [x] -> pp ppf x
  | x :: r -> fprintf ppf "%a;@ %a" pp x (pp_list pp) r

type tree = Leaf of int | Node of string * tree list
let rec pp_tree ppf = function
  | Leaf n -> fprintf ppf "%d" n
  | Node (name, kids) -> fprintf ppf "@[<hv 2>%s(@,%a)@]" name (pp_list pp_tree) kids

let () =
  let words = List.init 30 (fun i -> "word" ^ string_of_int i) in
  List.iter (fun margin ->
    set_margin margin;
    printf "--- margin %d@." margin;
    printf "@[<hov 2>hov:@ %a@]@." (pp_list pp_print_string) words;
    printf "@[<hv 2>hv:@ %a@]@." (pp_list pp_print_string) (List.filteri (fun i _ -> i < 8) words);
    printf "@[<v 3>v:@,%a@]@." (pp_list pp_print_string) (List.filteri (fun i _ -> i < 4) words);
    printf "@[<h>h:@ %a@]@." (pp_list pp_print_string) (List.filteri (fun i _ -> i < 12) words);
    printf "@[<b 1>b:@ %a@]@." (pp_list pp_print_string) (List.filteri (fun i _ -> i < 15) words))
    [ 20; 40; 78 ];
  set_margin 30;
  let t = Node ("root", [ Node ("left", [ Leaf 1; Leaf 2; Leaf 3 ]); Leaf 4; Node ("right", [ Node ("deep", [ Leaf 5; Leaf 6666666 ]); Leaf 7 ]) ]) in
  printf "%a@." pp_tree t;
  set_margin 80;
  printf "%a@." pp_tree t;
  (* Break hints with offsets and custom breaks. *)
  printf "@[<v 0>first@;<1 4>indented by 4@;<0 2>by 2@]@.";
  printf "@[<hov 0>a@ b@ c@;<5 0>wide@]@.";
  printf "@[<hov 2>%t@]@." (pp_print_custom_break ~fits:("[", 1, "]") ~breaks:("{", 2, "}"));
  (* Tabulations. *)
  open_tbox (); set_tab (); print_string "name"; print_tab (); set_tab (); print_string "value"; set_tab ();
  print_tab (); print_string "alpha"; print_tab (); print_string "1"; close_tbox (); print_newline ();
  (* Max indent and ellipsis. *)
  set_margin 40; set_max_indent 20;
  printf "@[<hov 25>deeply indented box:@ %a@]@." (pp_list pp_print_int) (List.init 12 Fun.id);
  set_max_boxes 3; set_ellipsis_text "<...>";
  printf "@[a@[b@[c@[d@[e@]@]@]@]@]@.";
  set_max_boxes max_int;
  Printf.printf "margin %d max_indent %d\n" (get_margin ()) (get_max_indent ());
  set_margin 78; set_max_indent 68;
  (* Flushing: @. and @? and print_flush. *)
  printf "no newline yet@?";
  print_string " (Printf stdout)"; print_newline ();
  printf "@[<h>%s %d %f %b %c %S %C@]@." "str" 42 1.5 true 'x' "quoted" 'q';
  printf "percent %% at @@ sign@.";
  printf "%a and %t@." pp_print_bool false (fun ppf -> pp_print_string ppf "thunk");
  printf "@[list: %a@]@." (pp_print_list ~pp_sep:(fun ppf () -> fprintf ppf ",@ ") pp_print_int) [1; 2; 3];
  printf "@[array: %a@]@." (pp_print_array ~pp_sep:pp_print_space pp_print_float) [| 1.5; 2.5 |];
  printf "@[seq: %a@]@." (pp_print_seq pp_print_char) (String.to_seq "abc");
  printf "@[text: %a@]@." pp_print_text "some text with spaces\nand a newline";
  printf "@[option: %a %a@]@." (pp_print_option pp_print_int) (Some 3) (pp_print_option ~none:(fun ppf () -> pp_print_string ppf "none") pp_print_int) None;
  printf "@[result: %a@]@." (pp_print_result ~ok:pp_print_int ~error:pp_print_string) (Error "bad");
  printf "@[either: %a@]@." (pp_print_either ~left:pp_print_int ~right:pp_print_string) (Either.Right "r")
