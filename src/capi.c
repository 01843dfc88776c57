/* capi.c: the part of stock's C API that third-party stubs may call.
 *
 * Stubs are compiled against stock's headers and loaded with dlopen
 * (stublibs.c); the interpreter calls them with stock's convention
 * (OP_XFCALL*, interp.c).  What they see of the runtime is:
 *
 *   - the thread-local pointer `caml_state`, which stock's CAMLparam,
 *     CAMLlocal and CAMLreturn macros use to reach `local_roots`.  Each
 *     domain has a zeroed area with the layout of stock's domain state
 *     (d->capi_state; facts from stock's domain_state.tbl are in domain.h)
 *     and every thread that runs OCaml points caml_state at its domain's.
 *     The chain of stock frames there is a GC root, saved and restored
 *     with d->local_roots (catch points, systhread switches);
 *   - the functions below, with stock's names and signatures, built on
 *     mcrun's own.  Each finds its domain from caml_state.
 *
 * Only the names in capi.sym are exported from the executable (the
 * Makefile links with --dynamic-list): mcrun's other caml_* functions have
 * mcrun's own signatures and must stay invisible to stubs.  None of these
 * functions is called by mcrun itself, which is why no header declares
 * them.  docs/c-stubs.md lists what is supported.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "bigarray.h"
#include "callback.h"
#include "capi.h"
#include "custom.h"
#include "fail.h"
#include "hash.h"
#include "marshal.h"
#include "runtime.h"

/* Stock's fixed-size types, as its headers define them (facts). */
typedef uvalue mlsize_t_;      /* mlsize_t, asize_t, uintnat */
typedef unsigned int tag_t_;   /* tag_t */

__attribute__((visibility("default"))) _Thread_local void *caml_state;

_Noreturn void caml_bad_caml_state(void);

void caml_bad_caml_state(void) {
  fprintf(stderr, "mcrun: a C stub called the OCaml C API from a thread that runs no OCaml "
                  "(no domain lock held)\n");
  exit(2);
}

/* The domain of the calling thread. */
static inline mc_domain *cur(void) {
  void *s = caml_state;
  if (__builtin_expect(s == NULL, 0)) caml_bad_caml_state();
  return (mc_domain *)(void *)((char *)s - offsetof(mc_domain, capi_state));
}

mc_domain *mc_capi_current(void) {
  void *s = caml_state;
  return s == NULL ? NULL : (mc_domain *)(void *)((char *)s - offsetof(mc_domain, capi_state));
}

void mc_capi_thread_attach(mc_domain *d) {
  if (d == NULL) {
    caml_state = NULL;
    return;
  }
  int id = d->id;  /* stock's `int id` field: the first bytes of its word */
  memcpy(&d->capi_state[MC_CAPI_DOMAIN_ID], &id, sizeof id);
  caml_state = d->capi_state;
}

/* Stock's struct caml__roots_block (memory.h): a CAMLparam/CAMLlocal
 * frame with ntables tables of nitems values each. */
struct stock_roots {
  struct stock_roots *next;
  intptr_t ntables;
  intptr_t nitems;
  value *tables[5];
};

void mc_capi_scan_roots(mc_domain *d, void *chain, mc_root_fn f, void *ctx) {
  for (struct stock_roots *b = chain; b != NULL; b = b->next)
    for (intptr_t i = 0; i < b->ntables; i++)
      for (intptr_t j = 0; j < b->nitems; j++) {
        value *p = &b->tables[i][j];
        if (is_block(*p)) f(d, p, ctx);
      }
}

/* ---- Allocation ---- */

value caml_alloc(mlsize_t_ wosize, tag_t_ tag) { return mc_alloc(cur(), wosize, (tag_t)tag); }

value caml_alloc_small(mlsize_t_ wosize, tag_t_ tag) {
  mc_domain *d = cur();
  /* The caller fills the fields with plain stores: only a young block
   * allows that. */
  if (wosize == 0 || wosize > MAX_YOUNG_WOSIZE)
    mc_fatal(d->rt, "caml_alloc_small called with size %lu", (unsigned long)wosize);
  return mc_alloc_small(d, wosize, (tag_t)tag);
}

value caml_alloc_shr(mlsize_t_ wosize, tag_t_ tag) { return mc_alloc_shr(cur(), wosize, (tag_t)tag); }

value caml_alloc_tuple(mlsize_t_ n) { return mc_alloc(cur(), n, 0); }

value caml_alloc_string(mlsize_t_ len) { return mc_alloc_string(cur(), len); }

value caml_alloc_initialized_string(mlsize_t_ len, const char *s) {
  return mc_copy_string_len(cur(), s, len);
}

value caml_copy_string(const char *s) { return mc_copy_string(cur(), s); }

value caml_copy_string_array(const char *const *arr) { return mc_copy_string_array(cur(), arr); }

value caml_alloc_array(value (*fn)(const char *), const char *const *arr) {
  mc_domain *d = cur();
  mlsize_t n = 0;
  while (arr[n] != NULL) n++;
  value res = mc_alloc(d, n, 0), v = val_unit;
  GC_ROOTS(d, &res, &v);
  for (mlsize_t i = 0; i < n; i++) {
    v = fn(arr[i]);
    mc_modify(d, &field(res, i), v);
  }
  return res;
}

/* caml_alloc_1 ... caml_alloc_9: a block of n fields set from vals, which
 * stay roots while the block is allocated. */
static value alloc_fields(tag_t_ tag, mlsize_t n, value *vals) {
  mc_domain *d = cur();
  GC_ROOTS_ARRAY(d, vals, n);
  value b = mc_alloc(d, n, (tag_t)tag);
  for (mlsize_t i = 0; i < n; i++) mc_initialize(d, &field(b, i), vals[i]);
  return b;
}
#define ALLOC_N(n, ...) alloc_fields(tag, n, (value[]){__VA_ARGS__})
value caml_alloc_1(tag_t_ tag, value a) { return ALLOC_N(1, a); }
value caml_alloc_2(tag_t_ tag, value a, value b) { return ALLOC_N(2, a, b); }
value caml_alloc_3(tag_t_ tag, value a, value b, value c) { return ALLOC_N(3, a, b, c); }
value caml_alloc_4(tag_t_ tag, value a, value b, value c, value e) { return ALLOC_N(4, a, b, c, e); }
value caml_alloc_5(tag_t_ tag, value a, value b, value c, value e, value f) {
  return ALLOC_N(5, a, b, c, e, f);
}
value caml_alloc_6(tag_t_ tag, value a, value b, value c, value e, value f, value g) {
  return ALLOC_N(6, a, b, c, e, f, g);
}
value caml_alloc_7(tag_t_ tag, value a, value b, value c, value e, value f, value g, value h) {
  return ALLOC_N(7, a, b, c, e, f, g, h);
}
value caml_alloc_8(tag_t_ tag, value a, value b, value c, value e, value f, value g, value h,
                   value i) {
  return ALLOC_N(8, a, b, c, e, f, g, h, i);
}
value caml_alloc_9(tag_t_ tag, value a, value b, value c, value e, value f, value g, value h,
                   value i, value j) {
  return ALLOC_N(9, a, b, c, e, f, g, h, i, j);
}
#undef ALLOC_N

/* A string formatted as by printf. */
value caml_alloc_sprintf(const char *fmt, ...) {
  char small[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if ((size_t)n < sizeof small) return mc_copy_string_len(cur(), small, (size_t)n);
  char *big = malloc((size_t)n + 1);
  if (big == NULL) mc_raise_out_of_memory(cur());
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  value res = mc_copy_string_len(cur(), big, (size_t)n);
  free(big);
  return res;
}

/* The bits flags[k] of the constant constructors k in `list`, or-ed. */
int caml_convert_flag_list(value list, const int *flags) {
  int bits = 0;
  for (; is_block(list); list = field(list, 1)) bits |= flags[long_val(field(list, 0))];
  return bits;
}

value caml_alloc_float_array(mlsize_t_ len) { return mc_alloc_float_array(cur(), len); }

value caml_alloc_some(value v) { return mc_alloc_some(cur(), v); }

value caml_copy_double(double x) { return mc_copy_double(cur(), x); }
value caml_copy_int32(int32_t x) { return mc_copy_int32(cur(), x); }
value caml_copy_int64(int64_t x) { return mc_copy_int64(cur(), x); }
value caml_copy_nativeint(intptr_t x) { return mc_copy_nativeint(cur(), x); }

mlsize_t_ caml_string_length(value s) { return string_length(s); }

void caml_modify(volatile value *fp, value v) { mc_modify(cur(), (value *)fp, v); }
void caml_initialize(volatile value *fp, value v) { mc_initialize(cur(), (value *)fp, v); }

value caml_hash_variant(const char *tag) { return mc_hash_variant(tag); }

/* ---- Exceptions ---- */

/* Each raises in the calling domain (longjmp to its innermost catch
 * point), so none returns. */
_Noreturn void caml_raise(value exn) { mc_raise(cur(), exn); }
_Noreturn void caml_raise_constant(value tag) { mc_raise_constant(cur(), tag); }
_Noreturn void caml_raise_with_arg(value tag, value arg) { mc_raise_with_arg(cur(), tag, arg); }
_Noreturn void caml_raise_with_string(value tag, const char *msg) { mc_raise_with_string(cur(), tag, msg); }
_Noreturn void caml_failwith(const char *msg) { mc_failwith(cur(), msg); }
_Noreturn void caml_failwith_value(value msg) { mc_failwith_value(cur(), msg); }
_Noreturn void caml_invalid_argument(const char *msg) { mc_invalid_argument(cur(), msg); }
_Noreturn void caml_invalid_argument_value(value msg) { mc_invalid_argument_value(cur(), msg); }
_Noreturn void caml_raise_not_found(void) { mc_raise_not_found(cur()); }
_Noreturn void caml_raise_end_of_file(void) { mc_raise_end_of_file(cur()); }
_Noreturn void caml_raise_out_of_memory(void) { mc_raise_out_of_memory(cur()); }
_Noreturn void caml_raise_zero_divide(void) { mc_raise_zero_divide(cur()); }
_Noreturn void caml_raise_stack_overflow(void) { mc_raise_stack_overflow(cur()); }
_Noreturn void caml_raise_sys_blocked_io(void) { mc_raise_sys_blocked_io(cur()); }
_Noreturn void caml_raise_sys_error(value msg) { mc_raise_sys_error(cur(), msg); }
_Noreturn void caml_array_bound_error(void) { mc_invalid_argument(cur(), "index out of bounds"); }

/* ---- Callbacks ----
 * The _exn versions return an exception as stock encodes it in a value
 * (Make_exception_result: the pointer with bit 1 set); the _res versions
 * return stock's struct caml_result_private {int is_exception; value data;}. */

struct stock_result {
  int is_exception;
  value data;
};

static value encode(bool raised, value v) { return raised ? (v | 2) : v; }

value caml_callbackN_exn(value f, int n, value args[]) {
  value res;
  bool raised = mc_callbackN_exn(cur(), f, n, args, &res);
  return encode(raised, res);
}
value caml_callback_exn(value f, value a) { return caml_callbackN_exn(f, 1, &a); }
value caml_callback2_exn(value f, value a, value b) {
  return caml_callbackN_exn(f, 2, (value[]){a, b});
}
value caml_callback3_exn(value f, value a, value b, value c) {
  return caml_callbackN_exn(f, 3, (value[]){a, b, c});
}

value caml_callbackN(value f, int n, value args[]) { return mc_callbackN(cur(), f, n, args); }
value caml_callback(value f, value a) { return mc_callback(cur(), f, a); }
value caml_callback2(value f, value a, value b) { return mc_callback2(cur(), f, a, b); }
value caml_callback3(value f, value a, value b, value c) { return mc_callback3(cur(), f, a, b, c); }

struct stock_result caml_callbackN_res(value f, int n, value args[]) {
  struct stock_result r;
  r.is_exception = mc_callbackN_exn(cur(), f, n, args, &r.data);
  return r;
}
struct stock_result caml_callback_res(value f, value a) { return caml_callbackN_res(f, 1, &a); }
struct stock_result caml_callback2_res(value f, value a, value b) {
  return caml_callbackN_res(f, 2, (value[]){a, b});
}
struct stock_result caml_callback3_res(value f, value a, value b, value c) {
  return caml_callbackN_res(f, 3, (value[]){a, b, c});
}

const value *caml_named_value(const char *name) { return mc_named_value(cur()->rt, name); }

/* ---- Roots held by C data ----
 * mcrun scans every global root at each collection, so the generational
 * variants are the plain ones. */

void caml_register_global_root(value *r) { mc_register_global_root(cur(), r); }
void caml_remove_global_root(value *r) { mc_remove_global_root(cur(), r); }
void caml_register_generational_global_root(value *r) { mc_register_global_root(cur(), r); }
void caml_remove_generational_global_root(value *r) { mc_remove_global_root(cur(), r); }
void caml_modify_generational_global_root(value *r, value v) { *r = v; }

/* ---- Blocking sections and pending actions ---- */

void caml_enter_blocking_section(void) { mc_enter_blocking_section(cur()); }
void caml_leave_blocking_section(void) { mc_leave_blocking_section(cur()); }
void caml_process_pending_actions(void) { mc_process_pending(cur()); }

/* ---- Memory outside the heap ---- */

void *caml_stat_alloc_noexc(mlsize_t_ n) { return malloc(n ? n : 1); }
void *caml_stat_alloc(mlsize_t_ n) {
  void *p = malloc(n ? n : 1);
  if (p == NULL) caml_raise_out_of_memory();
  return p;
}
void *caml_stat_calloc_noexc(mlsize_t_ n, mlsize_t_ size) { return calloc(n ? n : 1, size ? size : 1); }
void *caml_stat_resize_noexc(void *p, mlsize_t_ n) { return realloc(p, n ? n : 1); }
void *caml_stat_resize(void *p, mlsize_t_ n) {
  void *q = realloc(p, n ? n : 1);
  if (q == NULL) caml_raise_out_of_memory();
  return q;
}
void caml_stat_free(void *p) { free(p); }
char *caml_stat_strdup(const char *s) {
  char *r = strdup(s);
  if (r == NULL) caml_raise_out_of_memory();
  return r;
}

/* ---- Custom blocks ----
 * A foreign custom block points to mcrun's operations, as all custom
 * blocks do; those stand for the stub's own (stock's struct
 * custom_operations, below) and call them.  One stand-in per stock table,
 * made on first use and kept until exit. */

struct stock_custom_ops {
  const char *identifier;
  void (*finalize)(value v);
  int (*compare)(value v1, value v2);
  intptr_t (*hash)(value v);
  void (*serialize)(value v, uvalue *bsize_32, uvalue *bsize_64);
  uvalue (*deserialize)(void *dst);
  int (*compare_ext)(value v1, value v2);
  const void *fixed_length;
};

struct mc_capi_custom {
  struct mc_custom_ops ops;              /* first: what the block points to */
  const struct stock_custom_ops *stock;
  struct stock_custom_ops *own_stock;    /* stock, when made here (caml_alloc_final) */
  struct mc_capi_custom *next;
};

static const struct stock_custom_ops *stock_ops_of(value v) {
  return ((const struct mc_capi_custom *)(const void *)custom_ops_val(v))->stock;
}

static void wrap_finalize(value v) { stock_ops_of(v)->finalize(v); }
static int wrap_compare(value a, value b, int *unordered) {
  (void)unordered;
  return stock_ops_of(a)->compare(a, b);
}
static intptr_t wrap_hash(value v) { return stock_ops_of(v)->hash(v); }
static int wrap_compare_ext(value a, value b, int *unordered) {
  (void)unordered;
  return stock_ops_of(is_block(a) ? a : b)->compare_ext(a, b);
}

/* Marshalling: the stub's serialize and deserialize functions take no
 * context, and write and read through stock's caml_serialize_* and
 * caml_deserialize_* functions (below), which find the marshalling in
 * progress in the calling domain (d->capi_ser, d->capi_deser). */
static void wrap_serialize(struct mc_ser *s, value v, uintptr_t *bsize_32, uintptr_t *bsize_64) {
  mc_domain *d = mc_ser_domain(s);
  struct mc_ser *outer = d->capi_ser;
  uvalue b32 = 0, b64 = 0;
  d->capi_ser = s;
  stock_ops_of(v)->serialize(v, &b32, &b64);
  d->capi_ser = outer;
  *bsize_32 = b32;
  *bsize_64 = b64;
}

static uintptr_t wrap_deserialize(struct mc_deser *s, void *dst) {
  mc_domain *d = mc_deser_domain(s);
  const struct mc_capi_custom *c = (const void *)mc_deser_custom_ops(s);
  struct mc_deser *outer = d->capi_deser;
  d->capi_deser = s;
  uvalue n = c->stock->deserialize(dst);
  d->capi_deser = outer;
  return n;
}

static const struct mc_custom_ops *stand_in(mc_runtime *rt, const struct stock_custom_ops *s) {
  pthread_mutex_lock(&rt->roots_lock);
  struct mc_capi_custom *c;
  for (c = rt->capi_customs; c != NULL; c = c->next)
    if (c->stock == s) break;
  if (c == NULL) {
    c = mc_xcalloc(1, sizeof *c);
    c->stock = s;
    c->ops.identifier = s->identifier;
    c->ops.finalize = s->finalize ? wrap_finalize : NULL;
    c->ops.compare = s->compare ? wrap_compare : NULL;
    c->ops.hash = s->hash ? wrap_hash : NULL;
    c->ops.compare_ext = s->compare_ext ? wrap_compare_ext : NULL;
    c->ops.serialize = s->serialize ? wrap_serialize : NULL;
    c->ops.deserialize = s->deserialize ? wrap_deserialize : NULL;
    /* Stock's struct custom_fixed_length is two intnat, as ours. */
    c->ops.fixed_length = s->fixed_length;
    c->next = rt->capi_customs;
    rt->capi_customs = c;
  }
  pthread_mutex_unlock(&rt->roots_lock);
  return &c->ops;
}

value caml_alloc_custom(const struct stock_custom_ops *ops, uvalue bsize, mlsize_t_ mem,
                        mlsize_t_ max) {
  mc_domain *d = cur();
  return mc_alloc_custom(d, stand_in(d->rt, ops), bsize, mem, max);
}

value caml_alloc_custom_mem(const struct stock_custom_ops *ops, uvalue bsize, mlsize_t_ mem) {
  mc_domain *d = cur();
  return mc_alloc_custom_mem(d, stand_in(d->rt, ops), bsize, mem);
}

/* Stock's older interface: a custom block of `len` words whose only
 * operation is the finaliser fn (identifier "_final", as on stock).  One
 * operations table per finaliser, made on first use. */
value caml_alloc_final(mlsize_t_ len, void (*fn)(value), mlsize_t_ mem, mlsize_t_ max) {
  mc_domain *d = cur();
  mc_runtime *rt = d->rt;
  const struct stock_custom_ops *ops = NULL;
  pthread_mutex_lock(&rt->roots_lock);
  for (struct mc_capi_custom *c = rt->capi_customs; c != NULL; c = c->next)
    if (c->own_stock != NULL && c->own_stock->finalize == fn) ops = c->own_stock;
  pthread_mutex_unlock(&rt->roots_lock);
  if (ops == NULL) {
    struct stock_custom_ops *made = mc_xcalloc(1, sizeof *made);
    made->identifier = "_final";
    made->finalize = fn;
    const struct mc_custom_ops *mine = stand_in(rt, made);
    struct mc_capi_custom *c = (struct mc_capi_custom *)(void *)mine;
    pthread_mutex_lock(&rt->roots_lock);  /* c is new: made is its own key */
    c->own_stock = made;
    pthread_mutex_unlock(&rt->roots_lock);
    ops = made;
  }
  return mc_alloc_custom(d, stand_in(rt, ops), len * sizeof(value), mem, max);
}

/* Makes the stub's operations known to input_value, by identifier. */
void caml_register_custom_operations(const struct stock_custom_ops *ops) {
  mc_domain *d = cur();
  mc_register_custom_ops(d->rt, stand_in(d->rt, ops));
}

/* ---- Stock's (de)serialisation functions for custom blocks ---- */

static struct mc_ser *ser_now(const char *fn) {
  mc_domain *d = cur();
  if (d->capi_ser == NULL) mc_fatal(d->rt, "%s called outside a custom block's serialize function", fn);
  return d->capi_ser;
}

static struct mc_deser *deser_now(const char *fn) {
  mc_domain *d = cur();
  if (d->capi_deser == NULL)
    mc_fatal(d->rt, "%s called outside a custom block's deserialize function", fn);
  return d->capi_deser;
}

void caml_serialize_int_1(int i) { mc_ser_int_1(ser_now(__func__), i); }
void caml_serialize_int_2(int i) { mc_ser_int_2(ser_now(__func__), i); }
void caml_serialize_int_4(int32_t i) { mc_ser_int_4(ser_now(__func__), i); }
void caml_serialize_int_8(int64_t i) { mc_ser_int_8(ser_now(__func__), i); }
void caml_serialize_float_4(float f) { mc_ser_block_4(ser_now(__func__), &f, 1); }
void caml_serialize_float_8(double f) { mc_ser_float_8(ser_now(__func__), f); }
void caml_serialize_block_1(void *data, uvalue len) { mc_ser_block_1(ser_now(__func__), data, len); }
void caml_serialize_block_2(void *data, uvalue len) { mc_ser_block_2(ser_now(__func__), data, len); }
void caml_serialize_block_4(void *data, uvalue len) { mc_ser_block_4(ser_now(__func__), data, len); }
void caml_serialize_block_8(void *data, uvalue len) { mc_ser_block_8(ser_now(__func__), data, len); }
void caml_serialize_block_float_8(void *data, uvalue len) {
  mc_ser_block_float_8(ser_now(__func__), data, len);
}

int caml_deserialize_uint_1(void) { return mc_deser_uint_1(deser_now(__func__)); }
int caml_deserialize_sint_1(void) { return mc_deser_sint_1(deser_now(__func__)); }
int caml_deserialize_uint_2(void) { return mc_deser_uint_2(deser_now(__func__)); }
int caml_deserialize_sint_2(void) { return mc_deser_sint_2(deser_now(__func__)); }
uint32_t caml_deserialize_uint_4(void) { return mc_deser_uint_4(deser_now(__func__)); }
int32_t caml_deserialize_sint_4(void) { return mc_deser_sint_4(deser_now(__func__)); }
uint64_t caml_deserialize_uint_8(void) { return mc_deser_uint_8(deser_now(__func__)); }
int64_t caml_deserialize_sint_8(void) { return mc_deser_sint_8(deser_now(__func__)); }
float caml_deserialize_float_4(void) {
  float f;
  mc_deser_block_4(deser_now(__func__), &f, 1);
  return f;
}
double caml_deserialize_float_8(void) { return mc_deser_float_8(deser_now(__func__)); }
void caml_deserialize_block_1(void *data, uvalue len) { mc_deser_block_1(deser_now(__func__), data, len); }
void caml_deserialize_block_2(void *data, uvalue len) { mc_deser_block_2(deser_now(__func__), data, len); }
void caml_deserialize_block_4(void *data, uvalue len) { mc_deser_block_4(deser_now(__func__), data, len); }
void caml_deserialize_block_8(void *data, uvalue len) { mc_deser_block_8(deser_now(__func__), data, len); }
void caml_deserialize_block_float_8(void *data, uvalue len) {
  mc_deser_block_float_8(deser_now(__func__), data, len);
}
void caml_deserialize_error(char *msg) { mc_deser_fail(deser_now(__func__), msg); }

/* ---- Bigarrays ----
 * mcrun's struct mc_bigarray has stock's struct caml_ba_array layout, and
 * the kind and flag bits are stock's, so stubs read bigarrays with stock's
 * macros (Caml_ba_array_val, Caml_ba_data_val) and make them here. */

value caml_ba_alloc(int flags, int num_dims, void *data, intptr_t *dim) {
  mc_domain *d = cur();
  if (num_dims < 0 || num_dims > MC_BA_MAX_NUM_DIMS)
    mc_invalid_argument(d, "caml_ba_alloc: bad number of dimensions");
  if ((flags & MC_BA_KIND_MASK) >= MC_BA_NUM_KINDS) mc_invalid_argument(d, "caml_ba_alloc: bad kind");
  return mc_ba_alloc(d, flags, num_dims, data, dim);
}

value caml_ba_alloc_dims(int flags, int num_dims, void *data, ...) {
  intptr_t dim[MC_BA_MAX_NUM_DIMS];
  if (num_dims < 0 || num_dims > MC_BA_MAX_NUM_DIMS)
    mc_invalid_argument(cur(), "caml_ba_alloc_dims: bad number of dimensions");
  va_list ap;
  va_start(ap, data);
  for (int i = 0; i < num_dims; i++) dim[i] = va_arg(ap, intptr_t);
  va_end(ap);
  return caml_ba_alloc(flags, num_dims, data, dim);
}

uvalue caml_ba_num_elts(struct mc_bigarray *b) { return mc_ba_num_elts(b); }
uvalue caml_ba_byte_size(struct mc_bigarray *b) { return mc_ba_byte_size(b); }

void mc_capi_free(mc_runtime *rt) {
  for (struct mc_capi_custom *c = rt->capi_customs, *next; c != NULL; c = next) {
    next = c->next;
    free(c->own_stock);
    free(c);
  }
  rt->capi_customs = NULL;
}
