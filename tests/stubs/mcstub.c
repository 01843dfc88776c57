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
#include <caml/intext.h>
#include <caml/bigarray.h>
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

/* Custom blocks that marshal: a labelled point (variable length, written
 * with every caml_serialize_* width) and a fixed-length pair. */
struct point {
  int64_t x;
  double y;
  float z;
  int16_t w;
  char label[16];
};
static void point_serialize(value v, uintnat *bsize_32, uintnat *bsize_64) {
  struct point *p = Data_custom_val(v);
  uint32_t len = (uint32_t)strlen(p->label);
  caml_serialize_int_8(p->x);
  caml_serialize_float_8(p->y);
  caml_serialize_float_4(p->z);
  caml_serialize_int_2(p->w);
  caml_serialize_int_1(-3);
  caml_serialize_int_4((int32_t)len);
  caml_serialize_block_1(p->label, len);
  int32_t four[2] = {-1, 70000};
  caml_serialize_block_4(four, 2);
  *bsize_32 = *bsize_64 = sizeof(struct point);
}
static uintnat point_deserialize(void *dst) {
  struct point *p = dst;
  p->x = caml_deserialize_sint_8();
  p->y = caml_deserialize_float_8();
  p->z = caml_deserialize_float_4();
  p->w = (int16_t)caml_deserialize_sint_2();
  if (caml_deserialize_sint_1() != -3) caml_deserialize_error("mcstub.point: bad marker");
  uint32_t len = caml_deserialize_uint_4();
  if (len > 10) caml_deserialize_error("mcstub.point: label too long");
  caml_deserialize_block_1(p->label, len);
  p->label[len] = 0;
  int32_t four[2];
  caml_deserialize_block_4(four, 2);
  if (four[0] != -1 || four[1] != 70000) caml_deserialize_error("mcstub.point: bad block");
  if (p->x < 0) caml_deserialize_error("mcstub.point: negative x");
  return sizeof(struct point);
}
static int point_compare(value a, value b) {
  struct point *p = Data_custom_val(a), *q = Data_custom_val(b);
  return (p->x > q->x) - (p->x < q->x);
}
static struct custom_operations point_ops = {
    "mcstub.point",        custom_finalize_default,    point_compare,
    custom_hash_default,   point_serialize,            point_deserialize,
    custom_compare_ext_default, custom_fixed_length_default};

static void pair_serialize(value v, uintnat *bsize_32, uintnat *bsize_64) {
  int32_t *p = Data_custom_val(v);
  caml_serialize_int_4(p[0]);
  caml_serialize_int_4(p[1]);
  *bsize_32 = *bsize_64 = 8;
}
static uintnat pair_deserialize(void *dst) {
  int32_t *p = dst;
  p[0] = caml_deserialize_sint_4();
  p[1] = (int32_t)caml_deserialize_uint_4();
  return 8;
}
static const struct custom_fixed_length pair_length = {8, 8};
static struct custom_operations pair_ops = {
    "mcstub.pair",         custom_finalize_default,    custom_compare_default,
    custom_hash_default,   pair_serialize,             pair_deserialize,
    custom_compare_ext_default, &pair_length};

value mcs_register(value unit) {
  (void)unit;
  caml_register_custom_operations(&point_ops);
  caml_register_custom_operations(&pair_ops);
  return Val_unit;
}
value mcs_point(value x, value label) {
  CAMLparam2(x, label);
  value v = caml_alloc_custom(&point_ops, sizeof(struct point), 0, 1);
  struct point *p = Data_custom_val(v);
  memset(p, 0, sizeof *p);
  p->x = Long_val(x);
  p->y = (double)Long_val(x) / 4;
  p->z = (float)Long_val(x) * 1.5f;
  p->w = (int16_t)(-Long_val(x));
  snprintf(p->label, sizeof p->label, "%s", String_val(label));
  CAMLreturn(v);
}
value mcs_point_show(value v) {
  struct point *p = Data_custom_val(v);
  char buf[128];
  snprintf(buf, sizeof buf, "%lld/%g/%g/%d/%s", (long long)p->x, p->y, (double)p->z, p->w,
           p->label);
  return caml_copy_string(buf);
}
value mcs_pair(value a, value b) {
  value v = caml_alloc_custom(&pair_ops, 8, 0, 1);
  int32_t *p = Data_custom_val(v);
  p[0] = (int32_t)Long_val(a);
  p[1] = (int32_t)Long_val(b);
  return v;
}
value mcs_pair_sum(value v) {
  int32_t *p = Data_custom_val(v);
  return Val_long((long)p[0] + p[1]);
}

/* More of the allocation API: caml_alloc_N, caml_alloc_sprintf,
 * caml_convert_flag_list, caml_alloc_final, and bigarrays made in C. */
value mcs_alloc_n(value a, value b) {
  CAMLparam2(a, b);
  CAMLlocal3(s, t, u);
  s = caml_alloc_sprintf("%s-%ld-%.2f-%s", "x", Long_val(a), 2.5, String_val(b));
  t = caml_alloc_3(0, a, s, b);
  u = caml_alloc_9(1, Val_int(1), Val_int(2), Val_int(3), Val_int(4), t, Val_int(6),
                   Val_int(7), Val_int(8), caml_alloc_sprintf("%0300d", 7));
  CAMLreturn(caml_alloc_2(0, t, u));
}
value mcs_flags(value list) {
  static const int bits[] = {1, 2, 4, 8};
  return Val_int(caml_convert_flag_list(list, bits));
}
static long finals = 0;
static void final_fn(value v) { finals += *(long *)Data_custom_val(v); }
value mcs_final(value n) {
  value v = caml_alloc_final(2, final_fn, 0, 1);
  *(long *)Data_custom_val(v) = Long_val(n);
  return v;
}
value mcs_finals(value unit) {
  (void)unit;
  return Val_long(finals);
}
static double external_data[6] = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5};
value mcs_bigarrays(value n) {
  CAMLparam1(n);
  CAMLlocal3(a, e, r);
  a = caml_ba_alloc_dims(CAML_BA_FLOAT64 | CAML_BA_C_LAYOUT, 1, NULL, (intnat)Long_val(n));
  double *p = Caml_ba_data_val(a);
  for (long i = 0; i < Long_val(n); i++) p[i] = (double)i * 0.25;
  intnat dims[2] = {2, 3};
  e = caml_ba_alloc(CAML_BA_FLOAT64 | CAML_BA_C_LAYOUT, 2, external_data, dims);
  r = caml_alloc_tuple(4);  /* the last field: the kind of e */
  Store_field(r, 0, a);
  Store_field(r, 1, e);
  Store_field(r, 2, Val_long(caml_ba_byte_size(Caml_ba_array_val(a)) + caml_ba_num_elts(Caml_ba_array_val(e))));
  Store_field(r, 3, Val_int(Caml_ba_array_val(e)->flags & CAML_BA_KIND_MASK));
  CAMLreturn(r);
}
