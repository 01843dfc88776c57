(* libs: unix *)
(* Record locks with lockf, and files mapped as bigarrays. *)

open Bigarray

let report what f =
  match f () with
  | () -> Printf.printf "%s: ok\n" what
  | exception Unix.Unix_error (e, fn, _) -> Printf.printf "%s: %s (%s)\n" what (Unix.error_message e) fn

let () =
  let fd = Unix.openfile "locked" [Unix.O_CREAT; Unix.O_RDWR; Unix.O_TRUNC] 0o600 in
  ignore (Unix.write_substring fd (String.make 100 'l') 0 100);
  ignore (Unix.lseek fd 0 Unix.SEEK_SET);
  report "lock" (fun () -> Unix.lockf fd Unix.F_LOCK 10);
  report "test own lock" (fun () -> Unix.lockf fd Unix.F_TEST 10);
  flush stdout;
  (match Unix.fork () with
   | 0 ->
       let fd2 = Unix.openfile "locked" [Unix.O_RDWR] 0 in
       let code =
         (try Unix.lockf fd2 Unix.F_TLOCK 10; 0 with Unix.Unix_error (Unix.EAGAIN, _, _) -> 1
                                               | Unix.Unix_error (Unix.EACCES, _, _) -> 2
                                               | _ -> 3) * 10
         + (try Unix.lockf fd2 Unix.F_TEST 5; 0 with Unix.Unix_error (Unix.EACCES, _, _) -> 1 | _ -> 2)
         + (try ignore (Unix.lseek fd2 50 Unix.SEEK_SET); Unix.lockf fd2 Unix.F_TLOCK 10; 0 with _ -> 5) in
       Unix._exit code
   | pid ->
       (match Unix.waitpid [] pid with
        | _, Unix.WEXITED c -> Printf.printf "child lock results: %d\n" c
        | _ -> print_endline "child died"));
  report "unlock" (fun () -> Unix.lockf fd Unix.F_ULOCK 10);
  report "read lock" (fun () -> Unix.lockf fd Unix.F_RLOCK 0);
  report "try read lock" (fun () -> Unix.lockf fd Unix.F_TRLOCK (-5));
  report "lockf bad fd" (fun () -> Unix.lockf (Obj.magic 999) Unix.F_TLOCK 1);
  Unix.close fd;
  (* mapped files *)
  let fd = Unix.openfile "mapped" [Unix.O_CREAT; Unix.O_RDWR; Unix.O_TRUNC] 0o600 in
  let a = array1_of_genarray (Unix.map_file fd char c_layout true [| 16 |]) in
  Printf.printf "file grew to %d\n" (Unix.fstat fd).Unix.st_size;
  String.iteri (fun i c -> a.{i} <- c) "mapped contents!";
  let ic = open_in_bin "mapped" in
  Printf.printf "through the file: %s\n" (really_input_string ic 16);
  close_in ic;
  let b = Unix.map_file fd char c_layout false [| -1 |] in
  Printf.printf "inferred dims: %d\n" (Genarray.nth_dim b 0);
  let m = Unix.map_file fd int32 c_layout false [| -1; 2 |] in
  Printf.printf "int32 matrix: %dx%d\n" (Genarray.nth_dim m 0) (Genarray.nth_dim m 1);
  let f = Unix.map_file fd int16_unsigned fortran_layout false [| 2; -1 |] in
  Printf.printf "fortran: %dx%d first=%d\n" (Genarray.nth_dim f 0) (Genarray.nth_dim f 1)
    (Genarray.get f [| 1; 1 |]);
  let off = Unix.map_file ~pos:4L fd char c_layout false [| -1 |] in
  Printf.printf "from offset 4: %d, first %c\n" (Genarray.nth_dim off 0) (Genarray.get off [| 0 |]);
  let sub = Array1.sub (array1_of_genarray off) 2 3 in
  Printf.printf "sub view: %c%c%c\n" sub.{0} sub.{1} sub.{2};
  (match Unix.map_file fd int64 c_layout false [| -1 |] with
   | g -> Printf.printf "int64 inferred: %d\n" (Genarray.nth_dim g 0)
   | exception Failure m -> Printf.printf "Failure: %s\n" m);
  (match Unix.map_file fd float64 c_layout false [| -1; 3 |] with
   | _ -> print_endline "mismatch accepted?"
   | exception Failure m -> Printf.printf "Failure: %s\n" m);
  (match Unix.map_file ~pos:100L fd char c_layout false [| -1 |] with
   | _ -> print_endline "beyond end accepted?"
   | exception Failure m -> Printf.printf "Failure: %s\n" m);
  (match Unix.map_file fd char c_layout false [| -2 |] with
   | _ -> print_endline "negative accepted?"
   | exception Invalid_argument m -> Printf.printf "Invalid_argument: %s\n" m);
  (match Unix.map_file fd char c_layout false [| |] with
   | _ -> print_endline "no dims accepted?"
   | exception Invalid_argument m -> Printf.printf "Invalid_argument: %s\n" m);
  let empty = Unix.map_file fd char c_layout false [| 0 |] in
  Printf.printf "empty map: %d\n" (Genarray.nth_dim empty 0);
  (* a private mapping does not write through *)
  let p = array1_of_genarray (Unix.map_file fd char c_layout false [| 16 |]) in
  p.{0} <- 'X';
  Printf.printf "private write: map=%c shared=%c\n" p.{0} a.{0};
  (match Unix.map_file (Obj.magic 999) char c_layout false [| 1 |] with
   | _ -> ()
   | exception Unix.Unix_error (e, f, _) -> Printf.printf "bad fd: %s %s\n" (Unix.error_message e) f);
  Unix.close fd;
  Gc.full_major ();
  Unix.unlink "mapped";
  Unix.unlink "locked"
