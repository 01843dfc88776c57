/* The C side of tests/embed: starts the OCaml program (prog.ml) with
 * caml_startup or caml_startup_exn, calls back into it, and provides the
 * C primitives it calls. */
#include <stdio.h>
#include <string.h>
#include <caml/mlvalues.h>
#include <caml/alloc.h>
#include <caml/callback.h>
#include <caml/memory.h>

value host_twice(value x) { return Val_long(2 * Long_val(x)); }

value host_concat(value sep, value list) {
  CAMLparam2(sep, list);
  CAMLlocal1(res);
  char buf[256] = "";
  for (value l = list; l != Val_emptylist; l = Field(l, 1)) {
    if (buf[0] != 0) strncat(buf, String_val(sep), sizeof buf - strlen(buf) - 1);
    strncat(buf, String_val(Field(l, 0)), sizeof buf - strlen(buf) - 1);
  }
  res = caml_copy_string(buf);
  CAMLreturn(res);
}

static value call(const char *name, value arg) {
  const value *f = caml_named_value(name);
  if (f == NULL) {
    printf("no %s\n", name);
    return Val_unit;
  }
  return caml_callback(*f, arg);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "plain";
  if (strcmp(mode, "exn") == 0) {
    value r = caml_startup_exn(argv);
    printf("startup_exn: exception %d\n", Is_exception_result(r));
    if (Is_exception_result(r)) return 3;
  } else {
    caml_startup(argv);
  }
  /* A second start does nothing. */
  caml_startup(argv);
  CAMLparam0();
  CAMLlocal2(key, v);
  for (long k = 1; k <= 5; k++) {
    v = caml_alloc_sprintf("value-%ld", k * 11);
    printf("remember %ld: %ld\n", k, Long_val(caml_callback2(*caml_named_value("remember"), Val_long(k), v)));
  }
  key = Val_long(3);
  v = call("lookup", key);
  printf("lookup 3: %s\n", String_val(v));
  value r = caml_callback_exn(*caml_named_value("lookup"), Val_long(99));
  printf("lookup 99 raised: %d\n", Is_exception_result(r));
  printf("twice_via_c 20: %ld\n", Long_val(call("twice_via_c", Val_long(20))));
  r = caml_callback_exn(*caml_named_value("fail"), caml_copy_string("boom"));
  printf("fail raised: %d\n", Is_exception_result(r));
  fflush(stdout);
  call("print", caml_copy_string("printed by OCaml\n"));
  if (strcmp(mode, "uncaught") == 0) call("fail", caml_copy_string("uncaught in a callback"));
  /* caml_startup ran twice: the second caml_shutdown runs at_exit. */
  caml_shutdown();
  printf("after the first shutdown\n");
  fflush(stdout);
  caml_shutdown();
  printf("after the second shutdown\n");
  fflush(stdout);
  if (strcmp(mode, "restart") == 0) caml_startup(argv);
  if (strcmp(mode, "shutdown3") == 0) caml_shutdown();
  CAMLreturnT(int, 0);
}
