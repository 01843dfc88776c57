/* test_strings_arrays.c: unit tests for hashing (hash.c), polymorphic
 * comparison (compare.c) and the non-allocating string/array primitives.
 *
 * Values are laid out by hand in static arenas, outside any heap, so that
 * the tests run without a loaded program.  Expected hashes were obtained by
 * running the same values through stock ocamlrun 5.3 (Hashtbl.hash and
 * friends) and through stock's exported mixing functions. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "custom.h"
#include "domain.h"
#include "hash.h"
#include "value.h"

value caml_hash(mc_domain *d, value count, value limit, value seed, value obj);
value caml_string_hash(mc_domain *d, value seed, value s);
value caml_string_compare(mc_domain *d, value a, value b);
value caml_string_equal(mc_domain *d, value a, value b);
value caml_string_lessthan(mc_domain *d, value a, value b);
value caml_string_get(mc_domain *d, value s, value i);
value caml_string_get16(mc_domain *d, value s, value i);
value caml_bytes_set16(mc_domain *d, value s, value i, value x);
value caml_bytes_set32(mc_domain *d, value s, value i, value x);
value caml_bytes_set64(mc_domain *d, value s, value i, value x);
value caml_blit_bytes(mc_domain *d, value a, value ao, value b, value bo, value n);
value caml_fill_bytes(mc_domain *d, value s, value o, value n, value c);
value caml_ml_string_length(mc_domain *d, value s);
value caml_compare(mc_domain *d, value a, value b);
value caml_equal(mc_domain *d, value a, value b);
value caml_notequal(mc_domain *d, value a, value b);
value caml_lessthan(mc_domain *d, value a, value b);
value caml_lessequal(mc_domain *d, value a, value b);
value caml_greaterthan(mc_domain *d, value a, value b);
value caml_greaterequal(mc_domain *d, value a, value b);
value caml_array_get_addr(mc_domain *d, value a, value i);
value caml_floatarray_blit(mc_domain *d, value a, value ao, value b, value bo, value n);
value caml_floatarray_fill(mc_domain *d, value a, value o, value n, value x);

static int failures, checks;

#define EXPECT_EQ(what, got, want)                                                         \
  do {                                                                                     \
    long long g_ = (long long)(got), w_ = (long long)(want);                               \
    checks++;                                                                              \
    if (g_ != w_) {                                                                        \
      failures++;                                                                          \
      fprintf(stderr, "FAIL %s:%d: %s: got %lld, want %lld\n", __FILE__, __LINE__, what, g_, \
              w_);                                                                         \
    }                                                                                      \
  } while (0)

/* ---- A bump arena of hand-made blocks ---- */

static value arena[1 << 15];
static size_t arena_top;

static value *words(size_t n) {
  if (arena_top + n > sizeof arena / sizeof arena[0]) {
    fprintf(stderr, "test arena exhausted\n");
    exit(2);
  }
  value *p = &arena[arena_top];
  arena_top += n;
  return p;
}

static value block(tag_t tag, mlsize_t n, ...) {
  value *p = words(n + 1);
  p[0] = (value)make_header(n, tag, 0);
  va_list ap;
  va_start(ap, n);
  for (mlsize_t i = 0; i < n; i++) p[1 + i] = va_arg(ap, value);
  va_end(ap);
  return (value)(p + 1);
}

static value str(const char *s) {
  size_t len = strlen(s), wo = wosize_of_string_length(len);
  value *p = words(wo + 1);
  p[0] = (value)make_header(wo, STRING_TAG, 0);
  memset(p + 1, 0, wo * sizeof(value));
  memcpy(p + 1, s, len);
  ((unsigned char *)(p + 1))[wo * sizeof(value) - 1] = (unsigned char)(wo * sizeof(value) - 1 - len);
  return (value)(p + 1);
}

static value dbl(double x) {
  value *p = words(2);
  p[0] = (value)make_header(1, DOUBLE_TAG, 0);
  store_double_val((value)(p + 1), x);
  return (value)(p + 1);
}

static value farr(mlsize_t n, const double *xs) {
  value *p = words(n + 1);
  p[0] = (value)make_header(n, DOUBLE_ARRAY_TAG, 0);
  for (mlsize_t i = 0; i < n; i++) store_double_flat_field((value)(p + 1), i, xs[i]);
  return (value)(p + 1);
}

static value cons(value hd, value tl) { return block(0, 2, hd, tl); }

static value int_list(int n, ...) {
  int xs[64];
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) xs[i] = va_arg(ap, int);
  va_end(ap);
  value l = val_emptylist;
  for (int i = n - 1; i >= 0; i--) l = cons(val_int(xs[i]), l);
  return l;
}

static intptr_t hash_of(value v) { return long_val(caml_hash(NULL, val_int(10), val_int(100), val_int(0), v)); }

/* ---- Custom blocks with hand-made operations ----
 * The payload is one native integer; negative payloads are "NaN-like". */

static intptr_t payload(value v) { return (intptr_t)field(v, 1); }

static int toy_compare(value a, value b, int *unordered) {
  intptr_t x = payload(a), y = payload(b);
  if (x < 0 || y < 0) {
    *unordered = 1;
    return x < 0 ? (y < 0 ? 0 : -1) : 1;
  }
  return (x > y) - (x < y);
}

/* Compares against immediates: argument order as given by the caller. */
static int toy_compare_ext(value a, value b, int *unordered) {
  intptr_t x = is_long(a) ? long_val(a) : payload(a);
  intptr_t y = is_long(b) ? long_val(b) : payload(b);
  return (x > y) - (x < y);
}

static intptr_t toy_hash(value v) { return payload(v) + ((intptr_t)1 << 40); }

static const struct mc_custom_ops toy_ops = {
    "_toy", NULL, toy_compare, toy_hash, NULL, NULL, toy_compare_ext, NULL};
static const struct mc_custom_ops other_ops = {
    "_other", NULL, toy_compare_ext, NULL, NULL, NULL, NULL, NULL};

static value toy(const struct mc_custom_ops *ops, intptr_t n) {
  return block(CUSTOM_TAG, 2, (value)ops, (value)n);
}

/* ---- Hashing ---- */

static void test_mixers(void) {
  EXPECT_EQ("mix_uint32(0,0)", mc_hash_mix_uint32(0, 0), 3864292196u);
  EXPECT_EQ("mix_uint32", mc_hash_mix_uint32(12345, 0xdeadbeefu), 756316568u);
  EXPECT_EQ("mix_intnat -5", mc_hash_mix_intnat(7, -5), 3799358143u);
  EXPECT_EQ("mix_intnat 2^40", mc_hash_mix_intnat(7, (intptr_t)1 << 40), 1092338376u);
  EXPECT_EQ("mix_int64", mc_hash_mix_int64(1, INT64_C(0x123456789abcdef0)), 1679230745u);
  EXPECT_EQ("mix_double 1.5", mc_hash_mix_double(0, 1.5), 3782144157u);
  EXPECT_EQ("mix_double -0", mc_hash_mix_double(0, -0.0), 2842917718u);
  EXPECT_EQ("mix_double +0", mc_hash_mix_double(0, 0.0), 2842917718u);
  EXPECT_EQ("mix_double -nan", mc_hash_mix_double(0, -NAN), 2608315952u);
  EXPECT_EQ("mix_float 1.5", mc_hash_mix_float(0, 1.5f), 3491297409u);
  EXPECT_EQ("mix_float -0", mc_hash_mix_float(0, -0.0f), 3864292196u);
  EXPECT_EQ("mix_float nan", mc_hash_mix_float(3, NAN), 441933366u);
  EXPECT_EQ("variant `Foo", long_val(mc_hash_variant("Foo")), 3505894);
}

static void test_hash_values(void) {
  static const struct { const char *s; intptr_t h; } strs[] = {
      {"", 0}, {"a", 721651713}, {"ab", 856662637}, {"abc", 767105082},
      {"abcd", 65890154}, {"abcde", 335633756}, {"hello world!", 774705101}};
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
    value s = str(strs[i].s);
    EXPECT_EQ(strs[i].s, hash_of(s), strs[i].h);
    EXPECT_EQ(strs[i].s, long_val(caml_string_hash(NULL, val_int(0), s)), strs[i].h);
  }
  EXPECT_EQ("String.seeded_hash 99", long_val(caml_string_hash(NULL, val_int(99), str("abc"))),
            589580386);
  EXPECT_EQ("seeded 42 abc",
            long_val(caml_hash(NULL, val_int(10), val_int(100), val_int(42), str("abc"))),
            93182985);

  static const struct { intptr_t n; intptr_t h; } ints[] = {
      {0, 129913994}, {1, 883721435}, {-1, 911466517}, {42, 395478795},
      {MAX_LONG, 952257787}, {MIN_LONG, 69827754}, {(intptr_t)1 << 40, 268849449},
      {-((intptr_t)1 << 35), 907022066}};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
    EXPECT_EQ("hash int", hash_of(val_long(ints[i].n)), ints[i].h);

  static const struct { double x; intptr_t h; } floats[] = {
      {0.0, 256347020}, {-0.0, 256347020}, {1.0, 57497256}, {1.5, 819188451},
      {NAN, 841516429}, {-NAN, 841516429}, {INFINITY, 602560251}, {-INFINITY, 94337138},
      {1e300, 147390276}};
  for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++)
    EXPECT_EQ("hash float", hash_of(dbl(floats[i].x)), floats[i].h);

  EXPECT_EQ("hash [1;2;3]", hash_of(int_list(3, 1, 2, 3)), 794519639);
  EXPECT_EQ("hash (1,\"a\")", hash_of(block(0, 2, val_int(1), str("a"))), 973911938);
  EXPECT_EQ("hash Some 3.5", hash_of(block(0, 1, dbl(3.5))), 430750629);
  double fa[] = {1.0, 2.0, -0.0};
  EXPECT_EQ("hash [|1.;2.;-0.|]", hash_of(farr(3, fa)), 852216256);
  EXPECT_EQ("hash record", hash_of(block(0, 3, val_int(1), str("x"), dbl(2.5))), 953140371);
  EXPECT_EQ("seeded 7 [1;2]",
            long_val(caml_hash(NULL, val_int(10), val_int(100), val_int(7), int_list(2, 1, 2))),
            201731440);
  value l5 = int_list(5, 1, 2, 3, 4, 5);
  EXPECT_EQ("hash_param 2 10",
            long_val(caml_hash(NULL, val_int(2), val_int(10), val_int(0), l5)), 352505901);
  EXPECT_EQ("hash_param 10 2",
            long_val(caml_hash(NULL, val_int(10), val_int(2), val_int(0), l5)), 335935117);
  EXPECT_EQ("hash_param 0 0",
            long_val(caml_hash(NULL, val_int(0), val_int(0), val_int(0), int_list(1, 1))), 0);
  value l100 = val_emptylist;
  for (int i = 99; i >= 0; i--) l100 = cons(val_int(i), l100);
  EXPECT_EQ("hash 0..99", hash_of(l100), 182325193);
  double twenty[20];
  for (int i = 0; i < 20; i++) twenty[i] = i;
  EXPECT_EQ("hash_param 3 10 floats",
            long_val(caml_hash(NULL, val_int(3), val_int(10), val_int(0), farr(20, twenty))),
            749279549);
  EXPECT_EQ("hash `Foo", hash_of(mc_hash_variant("Foo")), 81894422);
  EXPECT_EQ("hash ()", hash_of(val_unit), 129913994);
  EXPECT_EQ("hash [||]", hash_of(atom(0)), 1058613066);
  EXPECT_EQ("hash empty float atom", hash_of(atom(DOUBLE_ARRAY_TAG)), 0);
  value nested = cons(int_list(2, 1, 2), cons(int_list(1, 3), cons(val_emptylist, val_emptylist)));
  EXPECT_EQ("hash [[1;2];[3];[]]", hash_of(nested), 222786153);
  /* A forced lazy value is a Forward block (or the value itself). */
  EXPECT_EQ("hash forward 2", hash_of(block(FORWARD_TAG, 1, val_int(2))), 648017920);
  /* Custom hashes: low 32 bits of ops->hash, mixed in; no hash: skipped. */
  EXPECT_EQ("custom hash",
            hash_of(toy(&toy_ops, 77)),
            (intptr_t)(mc_hash_final_mix(mc_hash_mix_uint32(0, 77)) & 0x3fffffff));
  EXPECT_EQ("custom without hash", hash_of(toy(&other_ops, 77)), 0);
  /* Infix pointers hash as their closure, with the offset mixed first. */
  value clos = block(CLOSURE_TAG, 4, (value)0x1000, make_closinfo(1, 3), (value)make_header(3, INFIX_TAG, 0), val_int(5));
  value inf = (value)&field(clos, 3);  /* its infix header is field 2 */
  uint32_t hc = mc_hash_mix_uint32(0, (uint32_t)make_header(4, CLOSURE_TAG, 0));
  hc = mc_hash_mix_intnat(hc, 0x1000);
  hc = mc_hash_mix_intnat(hc, make_closinfo(1, 3));
  hc = mc_hash_mix_intnat(hc, (value)make_header(3, INFIX_TAG, 0));
  hc = mc_hash_mix_intnat(hc, val_int(5));
  EXPECT_EQ("closure hash", hash_of(clos), (intptr_t)(mc_hash_final_mix(hc) & 0x3fffffff));
  uint32_t hi = mc_hash_mix_uint32(0, 3 * sizeof(value));
  hi = mc_hash_mix_uint32(hi, (uint32_t)make_header(4, CLOSURE_TAG, 0));
  hi = mc_hash_mix_intnat(hi, 0x1000);
  hi = mc_hash_mix_intnat(hi, make_closinfo(1, 3));
  hi = mc_hash_mix_intnat(hi, (value)make_header(3, INFIX_TAG, 0));
  hi = mc_hash_mix_intnat(hi, val_int(5));
  EXPECT_EQ("infix hash", hash_of(inf), (intptr_t)(mc_hash_final_mix(hi) & 0x3fffffff));
  /* A cycle of Forward blocks is given up on after a bounded walk. */
  value fw = block(FORWARD_TAG, 1, val_unit);
  field(fw, 0) = fw;
  EXPECT_EQ("hash forward cycle", hash_of(fw), (intptr_t)(mc_hash_final_mix(0) & 0x3fffffff));
}

/* ---- Comparison ---- */

static struct mc_domain dom;  /* no pending actions: never polled for real */

static int cmp(value a, value b) { return (int)long_val(caml_compare(&dom, a, b)); }
static bool eq(value a, value b) { return bool_val(caml_equal(&dom, a, b)); }

static void test_compare(void) {
  mc_domain *d = &dom;
  EXPECT_EQ("compare 1 2", cmp(val_int(1), val_int(2)), -1);
  EXPECT_EQ("compare max min", cmp(val_long(MAX_LONG), val_long(MIN_LONG)), 1);
  EXPECT_EQ("compare int block", cmp(val_int(5), str("")), -1);
  EXPECT_EQ("compare block int", cmp(str(""), val_int(5)), 1);
  EXPECT_EQ("compare abc abd", cmp(str("abc"), str("abd")), -1);
  EXPECT_EQ("compare ab abc", cmp(str("ab"), str("abc")), -1);
  EXPECT_EQ("compare abc abc", cmp(str("abc"), str("abc")), 0);
  EXPECT_EQ("raw length difference", mc_compare_values(d, str("abcde"), str("ab"), true), 3);
  EXPECT_EQ("compare \\xff a", cmp(str("\xff"), str("a")), 1);

  value nan1 = dbl(NAN), nan2 = dbl(NAN), one = dbl(1.0);
  EXPECT_EQ("compare nan nan", cmp(nan1, nan2), 0);
  EXPECT_EQ("compare nan self", cmp(nan1, nan1), 0);
  EXPECT_EQ("compare nan 1.", cmp(nan1, one), -1);
  EXPECT_EQ("compare 1. nan", cmp(one, nan1), 1);
  EXPECT_EQ("nan = nan (same box)", eq(nan1, nan1), 0);
  EXPECT_EQ("nan <> nan", bool_val(caml_notequal(d, nan1, nan2)), 1);
  EXPECT_EQ("nan < 1.", bool_val(caml_lessthan(d, nan1, one)), 0);
  EXPECT_EQ("nan <= 1.", bool_val(caml_lessequal(d, nan1, one)), 0);
  EXPECT_EQ("nan > 1.", bool_val(caml_greaterthan(d, nan1, one)), 0);
  EXPECT_EQ("nan >= 1.", bool_val(caml_greaterequal(d, nan1, one)), 0);
  EXPECT_EQ("1. < nan", bool_val(caml_lessthan(d, one, nan1)), 0);
  EXPECT_EQ("unordered code", mc_compare_values(d, one, nan1, false), MC_COMPARE_UNORDERED);
  EXPECT_EQ("0. = -0.", eq(dbl(0.0), dbl(-0.0)), 1);
  EXPECT_EQ("compare 0. -0.", cmp(dbl(0.0), dbl(-0.0)), 0);

  double a3[] = {1.0, NAN, 3.0}, b3[] = {1.0, NAN, 2.0}, c2[] = {5.0, 6.0};
  EXPECT_EQ("compare float arrays", cmp(farr(3, a3), farr(3, b3)), 1);
  EXPECT_EQ("float arrays =", eq(farr(3, a3), farr(3, a3)), 0);
  EXPECT_EQ("float array sizes", cmp(farr(2, c2), farr(3, a3)), -1);
  EXPECT_EQ("empty arrays of both kinds", cmp(atom(0), atom(DOUBLE_ARRAY_TAG)), -1);

  EXPECT_EQ("lists", cmp(int_list(3, 1, 2, 3), int_list(3, 1, 2, 4)), -1);
  EXPECT_EQ("list prefix", cmp(int_list(2, 1, 2), int_list(3, 1, 2, 0)), -1);
  EXPECT_EQ("lists equal", eq(int_list(3, 1, 2, 3), int_list(3, 1, 2, 3)), 1);
  EXPECT_EQ("tags", cmp(block(1, 1, val_int(0)), block(0, 2, val_int(9), val_int(9))), 1);
  EXPECT_EQ("sizes", cmp(block(0, 1, val_int(9)), block(0, 2, val_int(0), val_int(0))), -1);
  EXPECT_EQ("first field decides",
            cmp(block(0, 3, val_int(1), val_int(9), val_int(9)),
                block(0, 3, val_int(2), val_int(0), val_int(0))), -1);
  EXPECT_EQ("last field decides",
            cmp(block(0, 3, val_int(1), str("x"), dbl(2.0)),
                block(0, 3, val_int(1), str("x"), dbl(1.0))), 1);
  /* Forward blocks are transparent, on either side and against ints. */
  EXPECT_EQ("forward vs int", cmp(block(FORWARD_TAG, 1, val_int(3)), val_int(3)), 0);
  EXPECT_EQ("int vs forward", cmp(val_int(4), block(FORWARD_TAG, 1, val_int(3))), 1);
  EXPECT_EQ("forward vs block", eq(block(FORWARD_TAG, 1, str("q")), str("q")), 1);
  EXPECT_EQ("both forward", cmp(block(FORWARD_TAG, 1, str("a")), block(FORWARD_TAG, 1, str("b"))), -1);
  /* Objects compare by id (field 1). */
  value o1 = block(OBJECT_TAG, 2, val_unit, val_int(10)), o2 = block(OBJECT_TAG, 2, val_unit, val_int(12));
  EXPECT_EQ("objects", cmp(o1, o2), -1);
  EXPECT_EQ("object self", eq(o1, o1), 1);

  /* Custom blocks: their own order, unordered results, kinds, integers. */
  EXPECT_EQ("custom 3 5", cmp(toy(&toy_ops, 3), toy(&toy_ops, 5)), -1);
  EXPECT_EQ("custom = custom", eq(toy(&toy_ops, 4), toy(&toy_ops, 4)), 1);
  EXPECT_EQ("custom unordered total", cmp(toy(&toy_ops, -1), toy(&toy_ops, -2)), 0);
  EXPECT_EQ("custom unordered =", eq(toy(&toy_ops, -1), toy(&toy_ops, -2)), 0);
  EXPECT_EQ("custom unordered <", bool_val(caml_lessthan(d, toy(&toy_ops, -1), toy(&toy_ops, 3))), 0);
  EXPECT_EQ("custom total with unordered", cmp(toy(&toy_ops, -1), toy(&toy_ops, 3)), -1);
  EXPECT_EQ("custom kinds", cmp(toy(&toy_ops, 9), toy(&other_ops, 1)), 1);
  EXPECT_EQ("custom kinds rev", cmp(toy(&other_ops, 9), toy(&toy_ops, 1)), -1);
  EXPECT_EQ("int vs custom ext", cmp(val_int(7), toy(&toy_ops, 5)), 1);
  EXPECT_EQ("custom ext vs int", cmp(toy(&toy_ops, 5), val_int(7)), -1);
  EXPECT_EQ("int = custom ext", eq(val_int(5), toy(&toy_ops, 5)), 1);
  EXPECT_EQ("int vs custom no ext", cmp(val_int(7), toy(&other_ops, 5)), -1);
  EXPECT_EQ("custom no ext vs int", cmp(toy(&other_ops, 5), val_int(7)), 1);
  EXPECT_EQ("in a list", cmp(cons(toy(&toy_ops, 2), val_emptylist), cons(toy(&toy_ops, 1), val_emptylist)), 1);

  /* Deep left nesting: needs a long work stack, not C recursion. */
  const size_t depth = 300000;
  value *mem = malloc(2 * depth * 3 * sizeof(value));
  value left[2];
  for (int side = 0; side < 2; side++) {
    value v = val_int(side);  /* the innermost leaves differ */
    for (size_t k = 0; k < depth; k++) {
      value *p = mem + (side * depth + k) * 3;
      p[0] = (value)make_header(2, 0, 0);
      p[1] = v;
      p[2] = val_int(7);
      v = (value)(p + 1);
    }
    left[side] = v;
  }
  EXPECT_EQ("deep compare", cmp(left[0], left[1]), -1);
  EXPECT_EQ("deep equal self", eq(left[0], left[0]), 1);
  free(mem);
}

/* ---- Strings and arrays (the parts that neither allocate nor raise) ---- */

static void test_strings(void) {
  mc_domain *d = &dom;
  EXPECT_EQ("string_compare", long_val(caml_string_compare(d, str("b"), str("abc"))), 1);
  EXPECT_EQ("string_compare prefix", long_val(caml_string_compare(d, str("ab"), str("abc"))), -1);
  EXPECT_EQ("string_equal", caml_string_equal(d, str("xyz"), str("xyz")), val_true);
  EXPECT_EQ("string_equal len", caml_string_equal(d, str("xyz"), str("xy")), val_false);
  EXPECT_EQ("string_lessthan", caml_string_lessthan(d, str(""), str("a")), val_true);
  EXPECT_EQ("length 13", long_val(caml_ml_string_length(d, str("hello, world!"))), 13);
  EXPECT_EQ("length 8", long_val(caml_ml_string_length(d, str("12345678"))), 8);
  value s = str("\x01\x02\x03\x04\x05\x06\x07\x08\x09");
  EXPECT_EQ("get", long_val(caml_string_get(d, s, val_int(8))), 9);
  EXPECT_EQ("get16", long_val(caml_string_get16(d, s, val_int(1))), 0x0302);
  caml_bytes_set16(d, s, val_int(0), val_int(0x1abcd));
  EXPECT_EQ("set16 lo", byte_u(s, 0), 0xcd);
  EXPECT_EQ("set16 hi", byte_u(s, 1), 0xab);
  value i32 = block(CUSTOM_TAG, 2, (value)0, (value)0);
  *(int32_t *)&field(i32, 1) = -2;
  caml_bytes_set32(d, s, val_int(2), i32);
  EXPECT_EQ("set32", byte_u(s, 2) + (byte_u(s, 5) << 8), 0xfffe);
  value i64 = block(CUSTOM_TAG, 2, (value)0, (value)0);
  int64_t x = INT64_C(0x0102030405060708);
  memcpy(&field(i64, 1), &x, 8);
  caml_bytes_set64(d, s, val_int(1), i64);
  EXPECT_EQ("set64 first", byte_u(s, 1), 8);
  EXPECT_EQ("set64 last", byte_u(s, 8), 1);
  value b = str("abcdefgh");
  caml_blit_bytes(d, b, val_int(0), b, val_int(2), val_int(5));
  EXPECT_EQ("overlapping blit", memcmp(string_val(b), "ababcdeh", 8), 0);
  caml_fill_bytes(d, b, val_int(6), val_int(2), val_int('z'));
  EXPECT_EQ("fill", memcmp(string_val(b), "ababcdzz", 8), 0);
  EXPECT_EQ("length after fill", long_val(caml_ml_string_length(d, b)), 8);
}

static void test_arrays(void) {
  mc_domain *d = &dom;
  value a = block(0, 3, val_int(4), val_int(5), val_int(6));
  EXPECT_EQ("array_get_addr", long_val(caml_array_get_addr(d, a, val_int(2))), 6);
  double xs[] = {1, 2, 3, 4, 5};
  value f = farr(5, xs);
  caml_floatarray_blit(d, f, val_int(0), f, val_int(1), val_int(4));
  EXPECT_EQ("float blit 1", (int)double_flat_field(f, 1), 1);
  EXPECT_EQ("float blit 4", (int)double_flat_field(f, 4), 4);
  caml_floatarray_fill(d, f, val_int(3), val_int(2), dbl(-7.5));
  EXPECT_EQ("float fill", (int)(2 * double_flat_field(f, 4)), -15);
  EXPECT_EQ("float fill keeps", (int)double_flat_field(f, 2), 2);
}

int main(void) {
  test_mixers();
  test_hash_values();
  test_compare();
  test_strings();
  test_arrays();
  if (failures != 0) {
    fprintf(stderr, "test_strings_arrays: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("test_strings_arrays: %d checks passed\n", checks);
  return 0;
}
