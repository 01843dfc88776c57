/* bigarray.c: Bigarray primitives and the "_bigarr02" custom operations. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bigarray.h"
#include "alloc.h"
#include "fail.h"
#include "hash.h"
#include "marshal.h"
#include "prims.h"
#include "runtime.h"

const unsigned char mc_ba_element_size[MC_BA_NUM_KINDS] = {
    [MC_BA_FLOAT32] = 4,   [MC_BA_FLOAT64] = 8,    [MC_BA_SINT8] = 1,
    [MC_BA_UINT8] = 1,     [MC_BA_SINT16] = 2,     [MC_BA_UINT16] = 2,
    [MC_BA_INT32] = 4,     [MC_BA_INT64] = 8,      [MC_BA_CAML_INT] = sizeof(value),
    [MC_BA_NATIVE_INT] = sizeof(intptr_t),         [MC_BA_COMPLEX32] = 8,
    [MC_BA_COMPLEX64] = 16, [MC_BA_CHAR] = 1,      [MC_BA_FLOAT16] = 2};

/* Blits and fills at least this large run outside the runtime lock. */
#define BIG_COPY_BYTES 32768
#define BIG_FILL_STORES 4096

static inline int kind_of(const struct mc_bigarray *b) { return (int)(b->flags & MC_BA_KIND_MASK); }
static inline size_t elt_size(const struct mc_bigarray *b) { return mc_ba_element_size[kind_of(b)]; }
static inline bool is_fortran(const struct mc_bigarray *b) {
  return (b->flags & MC_BA_LAYOUT_MASK) == MC_BA_FORTRAN_LAYOUT;
}

uintptr_t mc_ba_num_elts(const struct mc_bigarray *b) {
  uintptr_t n = 1;
  for (intptr_t i = 0; i < b->num_dims; i++) n *= (uintptr_t)b->dim[i];
  return n;
}

uintptr_t mc_ba_byte_size(const struct mc_bigarray *b) { return mc_ba_num_elts(b) * elt_size(b); }

/* ---- Half precision ---- */

/* Exact widening; NaN payloads move to the top of the single mantissa. */
static float half_to_single(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000) << 16;
  uint32_t expo = (h >> 10) & 0x1f, frac = h & 0x3ff;
  uint32_t bits;
  if (expo == 0) {
    float mag = ldexpf((float)frac, -24);  /* zero or subnormal */
    return sign ? -mag : mag;
  }
  if (expo == 0x1f)
    bits = sign | 0x7f800000u | (frac << 13);
  else
    bits = sign | ((expo + (127 - 15)) << 23) | (frac << 13);
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

/* Rounds to nearest, ties to even.  Every NaN becomes the quiet NaN 0x7e00
 * (sign kept); magnitudes from 65520 up round to infinity. */
static uint16_t single_to_half(float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  uint16_t sign = (uint16_t)((bits >> 16) & 0x8000);
  uint32_t mag = bits & 0x7fffffffu;
  if (mag > 0x7f800000u) return sign | 0x7e00;
  if (mag >= 0x47800000u) return sign | 0x7c00;  /* 2^16 and up */
  if (mag < 0x38800000u) {                        /* below 2^-14 */
    float a;
    memcpy(&a, &mag, sizeof a);
    return sign | (uint16_t)nearbyintf(a * 16777216.0f);  /* units of 2^-24 */
  }
  uint32_t h = ((mag >> 23) - (127 - 15)) << 10 | ((mag >> 13) & 0x3ff);
  uint32_t dropped = mag & 0x1fff;
  if (dropped > 0x1000 || (dropped == 0x1000 && (h & 1))) h++;  /* may carry into Inf */
  return sign | (uint16_t)h;
}

double mc_ba_float16_to_double(uint16_t h) { return (double)half_to_single(h); }
uint16_t mc_ba_double_to_float16(double x) { return single_to_half((float)x); }

/* ---- Reading and writing elements ---- */

/* Element i of an integer-valued kind, widened. */
static int64_t int_elt(int kind, const void *data, uintptr_t i) {
  switch (kind) {
    case MC_BA_SINT8: return ((const int8_t *)data)[i];
    case MC_BA_UINT8:
    case MC_BA_CHAR: return ((const uint8_t *)data)[i];
    case MC_BA_SINT16: return ((const int16_t *)data)[i];
    case MC_BA_UINT16: return ((const uint16_t *)data)[i];
    case MC_BA_INT32: return ((const int32_t *)data)[i];
    case MC_BA_INT64: return ((const int64_t *)data)[i];
    default: return ((const intptr_t *)data)[i];  /* CAML_INT, NATIVE_INT */
  }
}

/* Scalar i of a float-valued kind; complex kinds count two scalars per
 * element (real part first). */
static double real_elt(int kind, const void *data, uintptr_t i) {
  switch (kind) {
    case MC_BA_FLOAT16: return half_to_single(((const uint16_t *)data)[i]);
    case MC_BA_FLOAT32:
    case MC_BA_COMPLEX32: return ((const float *)data)[i];
    default: return ((const double *)data)[i];  /* FLOAT64, COMPLEX64 */
  }
}

static bool is_real_kind(int kind) {
  return kind == MC_BA_FLOAT16 || kind == MC_BA_FLOAT32 || kind == MC_BA_FLOAT64 ||
         kind == MC_BA_COMPLEX32 || kind == MC_BA_COMPLEX64;
}
static bool is_complex_kind(int kind) { return kind == MC_BA_COMPLEX32 || kind == MC_BA_COMPLEX64; }

/* The OCaml value of element `off` (allocates; reads b first). */
static value box_elt(mc_domain *d, const struct mc_bigarray *b, intptr_t off) {
  int kind = kind_of(b);
  const void *p = b->data;
  switch (kind) {
    case MC_BA_FLOAT16:
    case MC_BA_FLOAT32:
    case MC_BA_FLOAT64: return mc_copy_double(d, real_elt(kind, p, (uintptr_t)off));
    case MC_BA_INT32: return mc_copy_int32(d, ((const int32_t *)p)[off]);
    case MC_BA_INT64: return mc_copy_int64(d, ((const int64_t *)p)[off]);
    case MC_BA_NATIVE_INT: return mc_copy_nativeint(d, ((const intptr_t *)p)[off]);
    case MC_BA_COMPLEX32:
    case MC_BA_COMPLEX64: {
      double re = real_elt(kind, p, 2 * (uintptr_t)off);
      double im = real_elt(kind, p, 2 * (uintptr_t)off + 1);
      value c = mc_alloc_small(d, 2 * DOUBLE_WOSIZE, DOUBLE_ARRAY_TAG);
      store_double_flat_field(c, 0, re);
      store_double_flat_field(c, 1, im);
      return c;
    }
    default: return val_long(int_elt(kind, p, (uintptr_t)off));
  }
}

/* Stores the OCaml value v as element `off`, converting as stock does
 * (narrow integers and floats are truncated or rounded). */
static void store_elt(struct mc_bigarray *b, intptr_t off, value v) {
  void *p = b->data;
  switch (kind_of(b)) {
    case MC_BA_FLOAT16: ((uint16_t *)p)[off] = single_to_half((float)double_val(v)); break;
    case MC_BA_FLOAT32: ((float *)p)[off] = (float)double_val(v); break;
    case MC_BA_FLOAT64: ((double *)p)[off] = double_val(v); break;
    case MC_BA_SINT8:
    case MC_BA_UINT8:
    case MC_BA_CHAR: ((uint8_t *)p)[off] = (uint8_t)long_val(v); break;
    case MC_BA_SINT16:
    case MC_BA_UINT16: ((uint16_t *)p)[off] = (uint16_t)long_val(v); break;
    case MC_BA_INT32: ((int32_t *)p)[off] = int32_val(v); break;
    case MC_BA_INT64: ((int64_t *)p)[off] = int64_val(v); break;
    case MC_BA_NATIVE_INT: ((intptr_t *)p)[off] = nativeint_val(v); break;
    case MC_BA_CAML_INT: ((intptr_t *)p)[off] = long_val(v); break;
    case MC_BA_COMPLEX32:
      ((float *)p)[2 * off] = (float)double_flat_field(v, 0);
      ((float *)p)[2 * off + 1] = (float)double_flat_field(v, 1);
      break;
    case MC_BA_COMPLEX64:
      ((double *)p)[2 * off] = double_flat_field(v, 0);
      ((double *)p)[2 * off + 1] = double_flat_field(v, 1);
      break;
  }
}

/* ---- Custom operations ---- */

static void ba_finalize(value v) {
  struct mc_bigarray *b = mc_bigarray_val(v);
  if ((b->flags & MC_BA_MANAGED_MASK) != MC_BA_MANAGED) return;  /* not ours to free */
  struct mc_ba_proxy *px = b->proxy;
  if (px == NULL) {
    free(b->data);
  } else if (atomic_fetch_sub_explicit(&px->refcount, 1, memory_order_acq_rel) == 1) {
    free(px->data);
    free(px);
  }
}

/* Orders by kind and layout, then number of dimensions (both in reverse,
 * as stock does), then dimensions, then elements in memory order.  A NaN
 * sorts before every number and two NaNs are equal, as for floats in
 * polymorphic compare; both cases set *unordered. */
static int ba_compare(value v1, value v2, int *unordered) {
  const struct mc_bigarray *x = mc_bigarray_val(v1), *y = mc_bigarray_val(v2);
  intptr_t fx = x->flags & (MC_BA_KIND_MASK | MC_BA_LAYOUT_MASK);
  intptr_t fy = y->flags & (MC_BA_KIND_MASK | MC_BA_LAYOUT_MASK);
  if (fx != fy) return (int)(fy - fx);
  if (x->num_dims != y->num_dims) return (int)(y->num_dims - x->num_dims);
  for (intptr_t i = 0; i < x->num_dims; i++)
    if (x->dim[i] != y->dim[i]) return x->dim[i] < y->dim[i] ? -1 : 1;
  int kind = kind_of(x);
  uintptr_t n = mc_ba_num_elts(x);
  if (!is_real_kind(kind)) {
    for (uintptr_t i = 0; i < n; i++) {
      int64_t a = int_elt(kind, x->data, i), b = int_elt(kind, y->data, i);
      if (a != b) return a < b ? -1 : 1;
    }
    return 0;
  }
  if (is_complex_kind(kind)) n *= 2;
  for (uintptr_t i = 0; i < n; i++) {
    double a = real_elt(kind, x->data, i), b = real_elt(kind, y->data, i);
    if (a < b) return -1;
    if (a > b) return 1;
    if (a != b) {
      *unordered = 1;
      if (!isnan(a)) return 1;
      if (!isnan(b)) return -1;
    }
  }
  return 0;
}

/* Hashes at most the first 256 bytes' worth of elements (fewer for wide
 * kinds), each kind folded the way stock folds it. */
static intptr_t ba_hash(value v) {
  const struct mc_bigarray *b = mc_bigarray_val(v);
  uintptr_t n = mc_ba_num_elts(b);
  uint32_t h = 0;
  int kind = kind_of(b);
  switch (kind) {
    case MC_BA_CHAR:
    case MC_BA_SINT8:
    case MC_BA_UINT8: {
      const uint8_t *p = b->data;
      if (n > 256) n = 256;
      uintptr_t i = 0;
      for (; i + 4 <= n; i += 4)
        h = mc_hash_mix_uint32(h, (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 |
                                      (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24);
      if (i < n) {
        uint32_t w = 0;
        for (unsigned k = 0; i + k < n; k++) w |= (uint32_t)p[i + k] << (8 * k);
        h = mc_hash_mix_uint32(h, w);
      }
      break;
    }
    case MC_BA_SINT16:
    case MC_BA_UINT16: {
      const uint16_t *p = b->data;
      if (n > 128) n = 128;
      uintptr_t i = 0;
      for (; i + 2 <= n; i += 2) h = mc_hash_mix_uint32(h, (uint32_t)p[i] | (uint32_t)p[i + 1] << 16);
      if (i < n) h = mc_hash_mix_uint32(h, p[i]);
      break;
    }
    case MC_BA_INT32: {
      const uint32_t *p = b->data;
      if (n > 64) n = 64;
      for (uintptr_t i = 0; i < n; i++) h = mc_hash_mix_uint32(h, p[i]);
      break;
    }
    case MC_BA_CAML_INT:
    case MC_BA_NATIVE_INT: {
      const intptr_t *p = b->data;
      if (n > 64) n = 64;
      for (uintptr_t i = 0; i < n; i++) h = mc_hash_mix_intnat(h, p[i]);
      break;
    }
    case MC_BA_INT64: {
      const int64_t *p = b->data;
      if (n > 32) n = 32;
      for (uintptr_t i = 0; i < n; i++) h = mc_hash_mix_int64(h, p[i]);
      break;
    }
    case MC_BA_FLOAT16: {
      const uint16_t *p = b->data;
      if (n > 128) n = 128;
      for (uintptr_t i = 0; i < n; i++) {
        uint16_t x = p[i];
        if ((x & 0x7c00) == 0x7c00 && (x & 0x3ff) != 0) x = 0x7c01;  /* one NaN */
        else if (x == 0x8000) x = 0;                                  /* -0 is 0 */
        h = mc_hash_mix_uint32(h, x);
      }
      break;
    }
    case MC_BA_FLOAT32:
    case MC_BA_COMPLEX32: {
      const float *p = b->data;
      if (kind == MC_BA_COMPLEX32) n *= 2;
      if (n > 64) n = 64;
      for (uintptr_t i = 0; i < n; i++) h = mc_hash_mix_float(h, p[i]);
      break;
    }
    case MC_BA_FLOAT64:
    case MC_BA_COMPLEX64: {
      const double *p = b->data;
      if (kind == MC_BA_COMPLEX64) n *= 2;
      if (n > 32) n = 32;
      for (uintptr_t i = 0; i < n; i++) h = mc_hash_mix_double(h, p[i]);
      break;
    }
  }
  return (intptr_t)h;
}

/* OCaml ints and nativeints are written as 32-bit numbers (after a 0
 * byte) when they all fit in [lo, hi], else as 64-bit ones (after a 1). */
static void ser_words(struct mc_ser *s, const intptr_t *p, uintptr_t n, intptr_t lo, intptr_t hi) {
  uintptr_t i = 0;
  while (i < n && p[i] >= lo && p[i] <= hi) i++;
  if (i < n) {
    mc_ser_int_1(s, 1);
    mc_ser_block_8(s, p, n);
    return;
  }
  mc_ser_int_1(s, 0);
  for (i = 0; i < n; i++) mc_ser_int_4(s, (int32_t)p[i]);
}

/* Stock's format: number of dimensions and flags (kind and layout) as
 * 32-bit numbers; each dimension as 16 bits, or 0xffff and 64 bits; then
 * the elements, by the block writer of their scalar width. */
static void ba_serialize(struct mc_ser *s, value v, uintptr_t *bsize_32, uintptr_t *bsize_64) {
  const struct mc_bigarray *b = mc_bigarray_val(v);
  mc_ser_int_4(s, (int32_t)b->num_dims);
  mc_ser_int_4(s, (int32_t)(b->flags & (MC_BA_KIND_MASK | MC_BA_LAYOUT_MASK)));
  for (intptr_t i = 0; i < b->num_dims; i++) {
    if (b->dim[i] < 0xffff) {
      mc_ser_int_2(s, (int)b->dim[i]);
    } else {
      mc_ser_int_2(s, 0xffff);
      mc_ser_int_8(s, b->dim[i]);
    }
  }
  uintptr_t n = mc_ba_num_elts(b);
  switch (kind_of(b)) {
    case MC_BA_CHAR:
    case MC_BA_SINT8:
    case MC_BA_UINT8: mc_ser_block_1(s, b->data, n); break;
    case MC_BA_SINT16:
    case MC_BA_UINT16:
    case MC_BA_FLOAT16: mc_ser_block_2(s, b->data, n); break;
    case MC_BA_COMPLEX32: n *= 2; /* fall through */
    case MC_BA_FLOAT32:
    case MC_BA_INT32: mc_ser_block_4(s, b->data, n); break;
    case MC_BA_COMPLEX64: n *= 2; /* fall through */
    case MC_BA_FLOAT64:
    case MC_BA_INT64: mc_ser_block_8(s, b->data, n); break;
    case MC_BA_CAML_INT: ser_words(s, b->data, n, INT32_MIN / 2, INT32_MAX / 2); break;
    case MC_BA_NATIVE_INT: ser_words(s, b->data, n, INT32_MIN, INT32_MAX); break;
  }
  *bsize_32 = (uintptr_t)(4 + b->num_dims) * 4;
  *bsize_64 = (uintptr_t)(4 + b->num_dims) * 8;
}

static uintptr_t ba_deserialize(struct mc_deser *s, void *dst) {
  struct mc_bigarray *b = dst;
  uint32_t nd = mc_deser_uint_4(s);
  if (nd > MC_BA_MAX_NUM_DIMS)
    mc_deser_fail(s, "input_value: wrong number of bigarray dimensions");
  b->num_dims = nd;
  /* Only kind and layout come from the input: the data is ours. */
  b->flags = (intptr_t)(mc_deser_uint_4(s) & (MC_BA_KIND_MASK | MC_BA_LAYOUT_MASK)) | MC_BA_MANAGED;
  b->proxy = NULL;
  b->data = NULL;
  uintptr_t n = 1;
  bool overflow = false;
  for (uint32_t i = 0; i < nd; i++) {
    uint64_t len = (uint64_t)mc_deser_uint_2(s);
    if (len == 0xffff) len = mc_deser_uint_8(s);
    b->dim[i] = (intptr_t)len;
    if (__builtin_mul_overflow(n, (uintptr_t)len, &n)) overflow = true;
  }
  if (overflow) mc_deser_fail(s, "input_value: size overflow for bigarray");
  int kind = kind_of(b);
  if (kind >= MC_BA_NUM_KINDS) mc_deser_fail(s, "input_value: bad bigarray kind");
  uintptr_t bytes;
  if (__builtin_mul_overflow(n, (uintptr_t)mc_ba_element_size[kind], &bytes))
    mc_deser_fail(s, "input_value: size overflow for bigarray");
  b->data = malloc(bytes ? bytes : 1);
  if (b->data == NULL) mc_deser_fail(s, "input_value: out of memory for bigarray");
  switch (kind) {
    case MC_BA_CHAR:
    case MC_BA_SINT8:
    case MC_BA_UINT8: mc_deser_block_1(s, b->data, n); break;
    case MC_BA_SINT16:
    case MC_BA_UINT16:
    case MC_BA_FLOAT16: mc_deser_block_2(s, b->data, n); break;
    case MC_BA_COMPLEX32: n *= 2; /* fall through */
    case MC_BA_FLOAT32:
    case MC_BA_INT32: mc_deser_block_4(s, b->data, n); break;
    case MC_BA_COMPLEX64: n *= 2; /* fall through */
    case MC_BA_FLOAT64:
    case MC_BA_INT64: mc_deser_block_8(s, b->data, n); break;
    case MC_BA_CAML_INT:
    case MC_BA_NATIVE_INT:
      if (mc_deser_uint_1(s)) {
        mc_deser_block_8(s, b->data, n);
      } else {
        intptr_t *w = b->data;
        for (uintptr_t i = 0; i < n; i++) w[i] = mc_deser_sint_4(s);
      }
      break;
  }
  return sizeof(struct mc_bigarray) + nd * sizeof(intptr_t);
}

_Static_assert(sizeof(struct mc_bigarray) == 4 * sizeof(value), "stock's bigarray header size");

const struct mc_custom_ops mc_bigarray_ops = {
    .identifier = "_bigarr02",
    .finalize = ba_finalize,
    .compare = ba_compare,
    .hash = ba_hash,
    .serialize = ba_serialize,
    .deserialize = ba_deserialize,
};

/* ---- Allocation ---- */

value mc_ba_alloc(mc_domain *d, int flags, int num_dims, void *data, const intptr_t *dim) {
  intptr_t dims[MC_BA_MAX_NUM_DIMS];
  MC_CHECK(num_dims >= 0 && num_dims <= MC_BA_MAX_NUM_DIMS);
  memcpy(dims, dim, (size_t)num_dims * sizeof(intptr_t));  /* dim may be in the heap */
  uintptr_t n = 1, bytes;
  for (int i = 0; i < num_dims; i++)
    if (__builtin_mul_overflow(n, (uintptr_t)dims[i], &n)) mc_raise_out_of_memory(d);
  if (__builtin_mul_overflow(n, (uintptr_t)mc_ba_element_size[flags & MC_BA_KIND_MASK], &bytes))
    mc_raise_out_of_memory(d);
  if (data == NULL) {
    data = malloc(bytes);
    if (data == NULL && bytes != 0) mc_raise_out_of_memory(d);
    flags |= MC_BA_MANAGED;
  }
  bool owns = (flags & MC_BA_MANAGED_MASK) == MC_BA_MANAGED && !(flags & MC_BA_SUBARRAY);
  value res = mc_alloc_custom_mem(d, &mc_bigarray_ops,
                                  sizeof(struct mc_bigarray) + (size_t)num_dims * sizeof(intptr_t),
                                  owns ? bytes : 0);
  struct mc_bigarray *b = mc_bigarray_val(res);
  b->data = data;
  b->num_dims = num_dims;
  b->flags = flags;
  b->proxy = NULL;
  memcpy(b->dim, dims, (size_t)num_dims * sizeof(intptr_t));
  return res;
}

/* A new bigarray sharing the data of *vb (rooted by the caller): `data`
 * points inside it.  Managed data gets a reference-counted proxy, created
 * before allocating so that a failure leaves *vb consistent. */
static value make_view(mc_domain *d, value *vb, intptr_t flags, int num_dims, void *data,
                       const intptr_t *dim) {
  struct mc_bigarray *b = mc_bigarray_val(*vb);
  if ((b->flags & MC_BA_MANAGED_MASK) != 0 && b->proxy == NULL) {
    struct mc_ba_proxy *px = malloc(sizeof *px);
    if (px == NULL) mc_raise_out_of_memory(d);
    atomic_init(&px->refcount, 1);
    px->data = b->data;
    px->size = (b->flags & MC_BA_MAPPED_FILE) ? mc_ba_byte_size(b) : 0;
    b->proxy = px;
  }
  value res = mc_ba_alloc(d, (int)(flags | MC_BA_SUBARRAY), num_dims, data, dim);
  b = mc_bigarray_val(*vb);  /* the GC may have moved it */
  custom_ops_val(res) = custom_ops_val(*vb);  /* e.g. mapped files' own finaliser */
  if (b->proxy != NULL) {
    atomic_fetch_add_explicit(&b->proxy->refcount, 1, memory_order_relaxed);
    mc_bigarray_val(res)->proxy = b->proxy;
  }
  return res;
}

/* ---- Indexing ---- */

_Noreturn static void bound_error(mc_domain *d) { mc_invalid_argument(d, "index out of bounds"); }

/* Offset of the element at idx[0..num_dims), checking every index. */
static intptr_t elt_offset(mc_domain *d, const struct mc_bigarray *b, const intptr_t *idx) {
  intptr_t off = 0;
  if (is_fortran(b)) {
    for (intptr_t i = b->num_dims - 1; i >= 0; i--) {
      uintptr_t k = (uintptr_t)(idx[i] - 1);
      if (k >= (uintptr_t)b->dim[i]) bound_error(d);
      off = off * b->dim[i] + (intptr_t)k;
    }
  } else {
    for (intptr_t i = 0; i < b->num_dims; i++) {
      if ((uintptr_t)idx[i] >= (uintptr_t)b->dim[i]) bound_error(d);
      off = off * b->dim[i] + idx[i];
    }
  }
  return off;
}

/* Offset of the element named by n OCaml integers. */
static intptr_t locate(mc_domain *d, const struct mc_bigarray *b, const value *ix, mlsize_t n,
                       const char *arity_msg) {
  intptr_t idx[MC_BA_MAX_NUM_DIMS];
  if ((intptr_t)n != b->num_dims) mc_invalid_argument(d, arity_msg);
  for (mlsize_t i = 0; i < n; i++) idx[i] = long_val(ix[i]);
  return elt_offset(d, b, idx);
}

static value get_at(mc_domain *d, value vb, const value *ix, mlsize_t n) {
  const struct mc_bigarray *b = mc_bigarray_val(vb);
  intptr_t off = locate(d, b, ix, n, "Bigarray.get: wrong number of indices");
  return box_elt(d, b, off);
}

static value set_at(mc_domain *d, value vb, const value *ix, mlsize_t n, value v) {
  struct mc_bigarray *b = mc_bigarray_val(vb);
  intptr_t off = locate(d, b, ix, n, "Bigarray.set: wrong number of indices");
  store_elt(b, off, v);
  return val_unit;
}

value caml_ba_get_1(mc_domain *d, value vb, value i) { return get_at(d, vb, &i, 1); }

value caml_ba_get_2(mc_domain *d, value vb, value i, value j) {
  value ix[2] = {i, j};
  return get_at(d, vb, ix, 2);
}

value caml_ba_get_3(mc_domain *d, value vb, value i, value j, value k) {
  value ix[3] = {i, j, k};
  return get_at(d, vb, ix, 3);
}

value caml_ba_get_generic(mc_domain *d, value vb, value vind) {
  return get_at(d, vb, &field(vind, 0), wosize_val(vind));
}

value caml_ba_set_1(mc_domain *d, value vb, value i, value v) { return set_at(d, vb, &i, 1, v); }

value caml_ba_set_2(mc_domain *d, value vb, value i, value j, value v) {
  value ix[2] = {i, j};
  return set_at(d, vb, ix, 2, v);
}

value caml_ba_set_3(mc_domain *d, value vb, value i, value j, value k, value v) {
  value ix[3] = {i, j, k};
  return set_at(d, vb, ix, 3, v);
}

value caml_ba_set_generic(mc_domain *d, value vb, value vind, value v) {
  return set_at(d, vb, &field(vind, 0), wosize_val(vind), v);
}

/* ---- Unaligned little-endian access to a char/uint8 bigarray ----
 * The index must leave room for all the bytes inside dimension 0. */
static uint8_t *bytes_at(mc_domain *d, value vb, value vind, intptr_t width) {
  const struct mc_bigarray *b = mc_bigarray_val(vb);
  intptr_t i = long_val(vind);
  if (i < 0 || i >= b->dim[0] - (width - 1)) bound_error(d);
  return (uint8_t *)b->data + i;
}

static uint64_t get_le(const uint8_t *p, int width) {
  uint64_t x = 0;
  while (width-- > 0) x = (x << 8) | p[width];
  return x;
}

static void put_le(uint8_t *p, int width, uint64_t x) {
  for (int i = 0; i < width; i++, x >>= 8) p[i] = (uint8_t)x;
}

value caml_ba_uint8_get16(mc_domain *d, value vb, value i) {
  return val_long((intptr_t)get_le(bytes_at(d, vb, i, 2), 2));
}

value caml_ba_uint8_get32(mc_domain *d, value vb, value i) {
  return mc_copy_int32(d, (int32_t)(uint32_t)get_le(bytes_at(d, vb, i, 4), 4));
}

value caml_ba_uint8_get64(mc_domain *d, value vb, value i) {
  return mc_copy_int64(d, (int64_t)get_le(bytes_at(d, vb, i, 8), 8));
}

value caml_ba_uint8_set16(mc_domain *d, value vb, value i, value v) {
  put_le(bytes_at(d, vb, i, 2), 2, (uint64_t)long_val(v));
  return val_unit;
}

value caml_ba_uint8_set32(mc_domain *d, value vb, value i, value v) {
  put_le(bytes_at(d, vb, i, 4), 4, (uint32_t)int32_val(v));
  return val_unit;
}

value caml_ba_uint8_set64(mc_domain *d, value vb, value i, value v) {
  put_le(bytes_at(d, vb, i, 8), 8, (uint64_t)int64_val(v));
  return val_unit;
}

/* ---- Shape ---- */

value caml_ba_num_dims(mc_domain *d, value vb) { return val_long(mc_bigarray_val(vb)->num_dims); }

value caml_ba_dim(mc_domain *d, value vb, value vn) {
  const struct mc_bigarray *b = mc_bigarray_val(vb);
  intptr_t n = long_val(vn);
  if (n < 0 || n >= b->num_dims) mc_invalid_argument(d, "Bigarray.dim");
  return val_long(b->dim[n]);
}

value caml_ba_dim_1(mc_domain *d, value vb) { return caml_ba_dim(d, vb, val_int(0)); }
value caml_ba_dim_2(mc_domain *d, value vb) { return caml_ba_dim(d, vb, val_int(1)); }
value caml_ba_dim_3(mc_domain *d, value vb) { return caml_ba_dim(d, vb, val_int(2)); }

value caml_ba_kind(mc_domain *d, value vb) { return val_int(kind_of(mc_bigarray_val(vb))); }

value caml_ba_layout(mc_domain *d, value vb) {
  return val_int((mc_bigarray_val(vb)->flags & MC_BA_LAYOUT_MASK) >> MC_BA_LAYOUT_SHIFT);
}

/* Reads the dimensions of an `int array`, with the error messages of the
 * primitive named `who`.  Returns how many there are. */
static int read_dims(mc_domain *d, value vdim, intptr_t *dims, const char *bad_count,
                     const char *negative) {
  mlsize_t n = wosize_val(vdim);
  if (n > MC_BA_MAX_NUM_DIMS) mc_invalid_argument(d, bad_count);
  for (mlsize_t i = 0; i < n; i++) {
    dims[i] = long_val(field(vdim, i));
    if (dims[i] < 0) mc_invalid_argument(d, negative);
  }
  return (int)n;
}

value caml_ba_create(mc_domain *d, value vkind, value vlayout, value vdim) {
  intptr_t dims[MC_BA_MAX_NUM_DIMS];
  int n = read_dims(d, vdim, dims, "Bigarray.create: bad number of dimensions",
                    "Bigarray.create: negative dimension");
  int flags = (int)long_val(vkind) | (int)(long_val(vlayout) << MC_BA_LAYOUT_SHIFT);
  return mc_ba_alloc(d, flags, n, NULL, dims);
}

value caml_ba_reshape(mc_domain *d, value vb, value vdim) {
  GC_ROOTS(d, &vb);
  intptr_t dims[MC_BA_MAX_NUM_DIMS];
  int n = read_dims(d, vdim, dims, "Bigarray.reshape: bad number of dimensions",
                    "Bigarray.reshape: negative dimension");
  uintptr_t count = 1;
  for (int i = 0; i < n; i++) count *= (uintptr_t)dims[i];
  const struct mc_bigarray *b = mc_bigarray_val(vb);
  if (count != mc_ba_num_elts(b)) mc_invalid_argument(d, "Bigarray.reshape: size mismatch");
  return make_view(d, &vb, b->flags, n, b->data, dims);
}

/* Bigarray.Genarray.slice_left / slice_right: fixes the first (C) or last
 * (Fortran) indices and keeps the remaining dimensions. */
value caml_ba_slice(mc_domain *d, value vb, value vind) {
  GC_ROOTS(d, &vb);
  const struct mc_bigarray *b = mc_bigarray_val(vb);
  intptr_t nd = b->num_dims;
  mlsize_t k = wosize_val(vind);
  if ((intptr_t)k > nd) mc_invalid_argument(d, "Bigarray.slice: too many indices");
  intptr_t idx[MC_BA_MAX_NUM_DIMS];
  const intptr_t *kept;
  if (is_fortran(b)) {
    for (intptr_t i = 0; i < nd; i++)
      idx[i] = i < nd - (intptr_t)k ? 1 : long_val(field(vind, i - (nd - (intptr_t)k)));
    kept = b->dim;
  } else {
    for (intptr_t i = 0; i < nd; i++) idx[i] = i < (intptr_t)k ? long_val(field(vind, i)) : 0;
    kept = b->dim + k;
  }
  intptr_t off = elt_offset(d, b, idx);
  char *at = (char *)b->data + off * (intptr_t)elt_size(b);
  return make_view(d, &vb, b->flags, (int)(nd - (intptr_t)k), at, kept);
}

/* Bigarray.*.sub: restricts the first (C) or last (Fortran) dimension to
 * len indices from ofs. */
value caml_ba_sub(mc_domain *d, value vb, value vofs, value vlen) {
  GC_ROOTS(d, &vb);
  const struct mc_bigarray *b = mc_bigarray_val(vb);
  intptr_t ofs = long_val(vofs), len = long_val(vlen);
  intptr_t nd = b->num_dims;
  if (nd == 0) mc_invalid_argument(d, "Bigarray.sub: bad sub-array");
  intptr_t which, stride = 1;
  if (is_fortran(b)) {
    which = nd - 1;
    for (intptr_t i = 0; i < which; i++) stride *= b->dim[i];
    ofs -= 1;
  } else {
    which = 0;
    for (intptr_t i = 1; i < nd; i++) stride *= b->dim[i];
  }
  if (ofs < 0 || len < 0 || ofs + len > b->dim[which])
    mc_invalid_argument(d, "Bigarray.sub: bad sub-array");
  intptr_t dims[MC_BA_MAX_NUM_DIMS];
  memcpy(dims, b->dim, (size_t)nd * sizeof(intptr_t));
  dims[which] = len;
  char *at = (char *)b->data + ofs * stride * (intptr_t)elt_size(b);
  return make_view(d, &vb, b->flags, (int)nd, at, dims);
}

/* Same data seen with the other layout: dimensions reversed. */
value caml_ba_change_layout(mc_domain *d, value vb, value vlayout) {
  GC_ROOTS(d, &vb);
  const struct mc_bigarray *b = mc_bigarray_val(vb);
  intptr_t layout = long_val(vlayout) << MC_BA_LAYOUT_SHIFT;
  if (layout == (b->flags & MC_BA_LAYOUT_MASK)) return vb;
  intptr_t dims[MC_BA_MAX_NUM_DIMS];
  for (intptr_t i = 0; i < b->num_dims; i++) dims[i] = b->dim[b->num_dims - 1 - i];
  intptr_t flags = (b->flags & (MC_BA_KIND_MASK | MC_BA_MANAGED_MASK)) | layout;
  return make_view(d, &vb, flags, (int)b->num_dims, b->data, dims);
}

/* ---- Bulk operations ---- */

value caml_ba_blit(mc_domain *d, value vsrc, value vdst) {
  GC_ROOTS(d, &vsrc, &vdst);
  const struct mc_bigarray *src = mc_bigarray_val(vsrc), *dst = mc_bigarray_val(vdst);
  bool same = src->num_dims == dst->num_dims;
  for (intptr_t i = 0; same && i < src->num_dims; i++) same = src->dim[i] == dst->dim[i];
  if (!same) mc_invalid_argument(d, "Bigarray.blit: dimension mismatch");
  size_t bytes = mc_ba_byte_size(src);
  void *to = dst->data;
  const void *from = src->data;
  bool release = bytes >= BIG_COPY_BYTES || ((src->flags | dst->flags) & MC_BA_MAPPED_FILE);
  if (release) mc_enter_blocking_section(d);
  memmove(to, from, bytes);
  if (release) mc_leave_blocking_section(d);
  return val_unit;
}

/* Stores copies of one element pattern of `width` bytes n times. */
static void fill_pattern(void *data, uintptr_t n, const void *pat, size_t width) {
  unsigned char *p = data;
  for (uintptr_t i = 0; i < n; i++, p += width) memcpy(p, pat, width);
}

value caml_ba_fill(mc_domain *d, value vb, value v) {
  GC_ROOTS(d, &vb);
  const struct mc_bigarray *b = mc_bigarray_val(vb);
  uintptr_t n = mc_ba_num_elts(b);
  int kind = kind_of(b);
  /* Build one element's bytes in the array's own representation. */
  union {
    unsigned char bytes[16];
    uint8_t u8;
    uint16_t u16;
    int32_t i32;
    int64_t i64;
    intptr_t word;
    float f32[2];
    double f64[2];
  } pat;
  switch (kind) {
    case MC_BA_FLOAT16: pat.u16 = single_to_half((float)double_val(v)); break;
    case MC_BA_FLOAT32: pat.f32[0] = (float)double_val(v); break;
    case MC_BA_FLOAT64: pat.f64[0] = double_val(v); break;
    case MC_BA_SINT8:
    case MC_BA_UINT8:
    case MC_BA_CHAR: pat.u8 = (uint8_t)long_val(v); break;
    case MC_BA_SINT16:
    case MC_BA_UINT16: pat.u16 = (uint16_t)long_val(v); break;
    case MC_BA_INT32: pat.i32 = int32_val(v); break;
    case MC_BA_INT64: pat.i64 = int64_val(v); break;
    case MC_BA_NATIVE_INT: pat.word = nativeint_val(v); break;
    case MC_BA_CAML_INT: pat.word = long_val(v); break;
    case MC_BA_COMPLEX32:
      pat.f32[0] = (float)double_flat_field(v, 0);
      pat.f32[1] = (float)double_flat_field(v, 1);
      break;
    case MC_BA_COMPLEX64:
      pat.f64[0] = double_flat_field(v, 0);
      pat.f64[1] = double_flat_field(v, 1);
      break;
  }
  uintptr_t stores = is_complex_kind(kind) ? 2 * n : n;
  bool release = stores >= BIG_FILL_STORES || (b->flags & MC_BA_MAPPED_FILE);
  void *data = b->data;
  size_t width = elt_size(b);
  if (release) mc_enter_blocking_section(d);
  fill_pattern(data, n, pat.bytes, width);
  if (release) mc_leave_blocking_section(d);
  return val_unit;
}

const struct mc_primdef mc_prims_bigarray[] = {
    PRIM(caml_ba_create, 3),
    PRIM(caml_ba_get_1, 2),
    PRIM(caml_ba_get_2, 3),
    PRIM(caml_ba_get_3, 4),
    PRIM(caml_ba_get_generic, 2),
    PRIM(caml_ba_set_1, 3),
    PRIM(caml_ba_set_2, 4),
    PRIM(caml_ba_set_3, 5),
    PRIM(caml_ba_set_generic, 3),
    PRIM(caml_ba_uint8_get16, 2),
    PRIM(caml_ba_uint8_get32, 2),
    PRIM(caml_ba_uint8_get64, 2),
    PRIM(caml_ba_uint8_set16, 3),
    PRIM(caml_ba_uint8_set32, 3),
    PRIM(caml_ba_uint8_set64, 3),
    PRIM(caml_ba_num_dims, 1),
    PRIM(caml_ba_dim, 2),
    PRIM(caml_ba_dim_1, 1),
    PRIM(caml_ba_dim_2, 1),
    PRIM(caml_ba_dim_3, 1),
    PRIM(caml_ba_kind, 1),
    PRIM(caml_ba_layout, 1),
    PRIM(caml_ba_change_layout, 2),
    PRIM(caml_ba_sub, 3),
    PRIM(caml_ba_slice, 2),
    PRIM(caml_ba_blit, 2),
    PRIM(caml_ba_fill, 2),
    PRIM(caml_ba_reshape, 2),
    PRIM_END};
