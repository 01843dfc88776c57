/* A third-party C stub library, compiled against stock OCaml's headers and
 * linked by stock ocamlmklib: tests/stublibs-check.sh runs the programs
 * using it (stubtest.ml, plugin.ml) on stock ocamlrun and on mcrun. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <caml/mlvalues.h>
#include <caml/memory.h>
#include <caml/alloc.h>
#include <caml/callback.h>
#include <caml/custom.h>
#include <caml/fail.h>
#include <caml/signals.h>

/* A list of n pairs (i, f i), built in C while f allocates (and may run
 * the GC): every intermediate value lives in a CAMLlocal. */
value mcs_build(value f, value n) {
  CAMLparam2(f, n);
  CAMLlocal3(list, item, pair);
  list = Val_emptylist;
  for (long i = Long_val(n) - 1; i >= 0; i--) {
    item = caml_callback(f, Val_long(i));
    pair = caml_alloc_tuple(2);
    Store_field(pair, 0, Val_long(i));
    Store_field(pair, 1, item);
    item = caml_alloc_small(2, 0);  /* a cons cell: fields set at once */
    Field(item, 0) = pair;
    Field(item, 1) = list;
    list = item;
  }
  CAMLreturn(list);
}

/* CAMLlocalN and several frames deep, with a callback in the innermost. */
static value nested(value f, int depth) {
  CAMLparam1(f);
  CAMLlocalN(tab, 4);
  for (int i = 0; i < 4; i++) tab[i] = caml_copy_string("x");
  if (depth == 0) tab[0] = caml_callback(f, Val_unit);
  else tab[0] = nested(f, depth - 1);
  for (int i = 1; i < 4; i++) {
    tab[i] = caml_alloc_initialized_string(caml_string_length(tab[0]) + 1,
                                           "yyyyyyyyyyyyyyyyyyyyyyyy");
    tab[0] = tab[i];
  }
  CAMLreturn(tab[0]);
}
value mcs_nested(value f) { return nested(f, 5); }

/* Raising from C, inside CAMLparam frames. */
value mcs_fail(value msg) {
  CAMLparam1(msg);
  CAMLlocal1(copy);
  copy = caml_copy_string(String_val(msg));
  caml_failwith(String_val(copy));
  CAMLreturn(Val_unit);
}

value mcs_not_found(value unit) {
  (void)unit;
  caml_raise_not_found();
}

value mcs_invalid(value unit) {
  (void)unit;
  caml_invalid_argument("mcs_invalid");
}

/* A callback that raises, seen through caml_callback_exn. */
value mcs_try(value f, value arg) {
  CAMLparam2(f, arg);
  CAMLlocal2(res, out);
  res = caml_callback_exn(f, arg);
  if (Is_exception_result(res)) {
    res = Extract_exception(res);
    out = caml_alloc(1, 1);  /* Error exn */
  } else {
    out = caml_alloc(1, 0);  /* Ok v */
  }
  Store_field(out, 0, res);
  CAMLreturn(out);
}

/* Six arguments: bytecode gets an array. */
value mcs_six_byte(value *argv, int argc) {
  long s = 0;
  for (int i = 0; i < argc; i++) s = s * 10 + Long_val(argv[i]);
  return Val_long(s * 100 + argc);
}
value mcs_six_native(value a, value b, value c, value d, value e, value f) {
  value argv[6] = {a, b, c, d, e, f};
  return mcs_six_byte(argv, 6);
}

/* Boxed numbers and variants. */
value mcs_boxes(value unit) {
  CAMLparam1(unit);
  CAMLlocal2(res, v);
  res = caml_alloc_tuple(5);
  v = caml_copy_double(2.5);
  Store_field(res, 0, v);
  v = caml_copy_int32(-7);
  Store_field(res, 1, v);
  v = caml_copy_int64(1LL << 40);
  Store_field(res, 2, v);
  v = caml_copy_nativeint(-3);
  Store_field(res, 3, v);
  Store_field(res, 4, caml_hash_variant("Foo"));
  CAMLreturn(res);
}

value mcs_strings(value unit) {
  static const char *const words[] = {"alpha", "beta", "gamma", NULL};
  (void)unit;
  return caml_copy_string_array(words);
}

/* A value kept by C between calls. */
static value kept = Val_unit;
value mcs_keep(value v) {
  if (kept == Val_unit) {
    kept = v;
    caml_register_generational_global_root(&kept);
  } else {
    caml_modify_generational_global_root(&kept, v);
  }
  return Val_unit;
}
value mcs_kept(value unit) {
  (void)unit;
  return kept;
}

/* A named value, called from C. */
value mcs_call_named(value arg) {
  CAMLparam1(arg);
  const value *f = caml_named_value("mcs_named");
  if (f == NULL) caml_failwith("mcs_named is not registered");
  CAMLreturn(caml_callback(*f, arg));
}

/* A blocking section with a sleep: other threads run meanwhile. */
value mcs_sleep_ms(value ms, value f) {
  CAMLparam2(ms, f);
  CAMLlocal1(r);
  r = caml_copy_string("before");
  caml_enter_blocking_section();
  usleep((useconds_t)Long_val(ms) * 1000);
  caml_leave_blocking_section();
  r = caml_callback(f, r);
  CAMLreturn(r);
}

/* Custom blocks with a finaliser, comparison and hash. */
static long finalised = 0;
static void counter_finalize(value v) {
  (void)v;
  finalised++;
}
static int counter_compare(value a, value b) {
  long x = *(long *)Data_custom_val(a), y = *(long *)Data_custom_val(b);
  return (x > y) - (x < y);
}
static intnat counter_hash(value v) { return *(long *)Data_custom_val(v) * 7; }
static struct custom_operations counter_ops = {
    "mcstub.counter",      counter_finalize,           counter_compare,
    counter_hash,          custom_serialize_default,   custom_deserialize_default,
    custom_compare_ext_default, custom_fixed_length_default};

value mcs_counter(value n) {
  value v = caml_alloc_custom(&counter_ops, sizeof(long), 0, 1);
  *(long *)Data_custom_val(v) = Long_val(n);
  return v;
}
value mcs_counter_get(value v) { return Val_long(*(long *)Data_custom_val(v)); }
value mcs_finalised(value unit) {
  (void)unit;
  return Val_long(finalised);
}
