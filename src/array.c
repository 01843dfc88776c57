/* array.c: array primitives: creation, access, blit, fill, sub/append/concat.
 *
 * With flat float arrays (stock's default), an array whose elements are
 * floats is a DOUBLE_ARRAY_TAG block holding the unboxed doubles; any other
 * array is a tag-0 block of values (a "uniform" array).  Empty arrays are
 * atoms: normally atom 0, but stock's float-array sub/append/concat return
 * the DOUBLE_ARRAY_TAG atom for an empty result, and we do the same since
 * compare and hash can tell them apart.
 */
#include <string.h>
#include "alloc.h"
#include "fail.h"
#include "gc.h"
#include "prims.h"

static _Noreturn void out_of_bounds(mc_domain *d) { mc_invalid_argument(d, "index out of bounds"); }

static inline bool is_float_array(value a) { return tag_val(a) == DOUBLE_ARRAY_TAG; }

/* The checked index `vi` into a block of `n` words (or doubles). */
static inline mlsize_t checked(mc_domain *d, value vi, mlsize_t n) {
  intptr_t i = long_val(vi);
  if (i < 0 || (mlsize_t)i >= n) out_of_bounds(d);
  return (mlsize_t)i;
}

/* ---- Element access ---- */

value caml_array_get_addr(mc_domain *d, value a, value i) {
  return field(a, checked(d, i, wosize_val(a)));
}

value caml_floatarray_get(mc_domain *d, value a, value i) {
  double x = double_flat_field_atomic(a, checked(d, i, wosize_val(a)));
  return mc_copy_double(d, x);
}

value caml_array_get(mc_domain *d, value a, value i) {
  return is_float_array(a) ? caml_floatarray_get(d, a, i) : caml_array_get_addr(d, a, i);
}

value caml_array_set_addr(mc_domain *d, value a, value i, value x) {
  mc_modify(d, &field(a, checked(d, i, wosize_val(a))), x);
  return val_unit;
}

value caml_floatarray_set(mc_domain *d, value a, value i, value x) {
  store_double_flat_field_atomic(a, checked(d, i, wosize_val(a)), double_val(x));
  return val_unit;
}

value caml_array_set(mc_domain *d, value a, value i, value x) {
  return is_float_array(a) ? caml_floatarray_set(d, a, i, x) : caml_array_set_addr(d, a, i, x);
}

value caml_floatarray_unsafe_get(mc_domain *d, value a, value i) {
  return mc_copy_double(d, double_flat_field_atomic(a, (mlsize_t)long_val(i)));
}

value caml_array_unsafe_get(mc_domain *d, value a, value i) {
  if (is_float_array(a)) return caml_floatarray_unsafe_get(d, a, i);
  return field(a, long_val(i));
}

value caml_floatarray_unsafe_set(mc_domain *d, value a, value i, value x) {
  store_double_flat_field_atomic(a, (mlsize_t)long_val(i), double_val(x));
  return val_unit;
}

value caml_array_unsafe_set(mc_domain *d, value a, value i, value x) {
  if (is_float_array(a)) return caml_floatarray_unsafe_set(d, a, i, x);
  mc_modify(d, &field(a, long_val(i)), x);
  return val_unit;
}

/* ---- Creation ---- */

/* Float.Array.create n: contents unspecified (zeros here). */
value caml_floatarray_create(mc_domain *d, value len) {
  mlsize_t n = (mlsize_t)long_val(len);
  if (n == 0) return atom(0);
  if (n > MAX_WOSIZE) mc_invalid_argument(d, "Float.Array.create");
  return mc_alloc_float_array(d, n);
}

value caml_array_create_float(mc_domain *d, value len) { return caml_floatarray_create(d, len); }

/* Float.Array.make n x, and Array.make n x for a float x. */
value caml_floatarray_make(mc_domain *d, value len, value init) {
  mlsize_t n = (mlsize_t)long_val(len);
  double x = double_val(init);
  if (n == 0) return atom(0);
  if (n > MAX_WOSIZE) mc_invalid_argument(d, "Array.make");
  value res = mc_alloc(d, n, DOUBLE_ARRAY_TAG);
  for (mlsize_t i = 0; i < n; i++) store_double_flat_field(res, i, x);
  return res;
}

/* An array of n copies of a value (never flattened). */
value caml_uniform_array_make(mc_domain *d, value len, value init) {
  mlsize_t n = (mlsize_t)long_val(len);
  if (n == 0) return atom(0);
  if (n > MAX_WOSIZE) mc_invalid_argument(d, "Array.make");
  GC_ROOTS(d, &init);
  if (n <= MAX_YOUNG_WOSIZE) {
    value res = mc_alloc_small(d, n, 0);
    for (mlsize_t i = 0; i < n; i++) field(res, i) = init;
    return res;
  }
  /* A young init would need a remembered-set entry per field: promote it
   * first with a minor collection, as stock does. */
  if (mc_is_young(d->rt, init)) mc_minor_collection(d);
  value res = mc_alloc(d, n, 0);  /* in the major heap, fields unit */
  if (is_block(init)) {
    for (mlsize_t i = 0; i < n; i++) mc_initialize(d, &field(res, i), init);
  } else if (init != val_unit) {
    for (mlsize_t i = 0; i < n; i++) field(res, i) = init;
  }
  return res;
}

value caml_array_make(mc_domain *d, value len, value init) {
  if (is_block(init) && tag_val(init) == DOUBLE_TAG) return caml_floatarray_make(d, len, init);
  return caml_uniform_array_make(d, len, init);
}

/* Array literals: the compiler builds a block of values and passes it here;
 * a block of boxed floats becomes a flat float array, anything else is
 * returned as is. */
value caml_array_of_uniform_array(mc_domain *d, value init) {
  mlsize_t n = wosize_val(init);
  if (n == 0 || is_long(field(init, 0)) || tag_val(field(init, 0)) != DOUBLE_TAG) return init;
  GC_ROOTS(d, &init);
  value res = mc_alloc(d, n, DOUBLE_ARRAY_TAG);
  for (mlsize_t i = 0; i < n; i++) store_double_flat_field(res, i, double_val(field(init, i)));
  return res;
}

/* Names used before OCaml 5.3, still accepted. */
value caml_make_vect(mc_domain *d, value len, value init) { return caml_array_make(d, len, init); }
value caml_make_float_vect(mc_domain *d, value len) { return caml_floatarray_create(d, len); }
value caml_make_array(mc_domain *d, value init) { return caml_array_of_uniform_array(d, init); }

/* ---- Blit and fill (ranges checked by the OCaml callers) ---- */

value caml_floatarray_blit(mc_domain *d, value src, value src_off, value dst, value dst_off,
                           value len) {
  intptr_t n = long_val(len);
  if (n == 0) return val_unit;  /* empty float arrays are atom 0: nothing to touch */
  memmove((double *)dst + long_val(dst_off), (double *)src + long_val(src_off),
          (size_t)n * sizeof(double));
  return val_unit;
}

/* Copying values into a young block needs no write barrier; into a major
 * block, every store goes through mc_modify, in the direction that is safe
 * when source and destination overlap. */
value caml_uniform_array_blit(mc_domain *d, value src, value src_off, value dst, value dst_off,
                              value len) {
  intptr_t n = long_val(len);
  if (n == 0) return val_unit;
  value *from = &field(src, long_val(src_off));
  value *to = &field(dst, long_val(dst_off));
  if (mc_is_young(d->rt, dst)) {
    memmove(to, from, (size_t)n * sizeof(value));
  } else if (to > from) {
    for (intptr_t k = n - 1; k >= 0; k--) mc_modify(d, &to[k], from[k]);
  } else {
    for (intptr_t k = 0; k < n; k++) mc_modify(d, &to[k], from[k]);
  }
  return val_unit;
}

value caml_array_blit(mc_domain *d, value src, value src_off, value dst, value dst_off,
                      value len) {
  if (is_float_array(dst)) return caml_floatarray_blit(d, src, src_off, dst, dst_off, len);
  return caml_uniform_array_blit(d, src, src_off, dst, dst_off, len);
}

value caml_floatarray_fill(mc_domain *d, value a, value off, value len, value x) {
  double v = double_val(x);
  mlsize_t start = (mlsize_t)long_val(off);
  for (intptr_t k = 0; k < long_val(len); k++) store_double_flat_field_atomic(a, start + (mlsize_t)k, v);
  return val_unit;
}

value caml_uniform_array_fill(mc_domain *d, value a, value off, value len, value x) {
  value *p = &field(a, long_val(off));
  intptr_t n = long_val(len);
  if (mc_is_young(d->rt, a)) {
    for (intptr_t k = 0; k < n; k++) p[k] = x;
  } else {
    for (intptr_t k = 0; k < n; k++) mc_modify(d, &p[k], x);
  }
  return val_unit;
}

value caml_array_fill(mc_domain *d, value a, value off, value len, value x) {
  if (is_float_array(a)) return caml_floatarray_fill(d, a, off, len, x);
  return caml_uniform_array_fill(d, a, off, len, x);
}

/* ---- Sub, append, concat ----
 * All three build a fresh array out of slices of existing arrays.  The
 * slices come either from an OCaml list of whole arrays (concat) or from at
 * most two explicit slices (sub, append). */

struct slices {
  value list;        /* concat: the arrays still to visit; else empty list */
  value arr[2];      /* sub, append: the arrays ... */
  mlsize_t ofs[2];   /* ... the first element of each slice ... */
  mlsize_t len[2];   /* ... and its length */
  int count;         /* number of explicit slices */
};

/* A cursor over the slices; no allocation may happen while it is in use. */
struct cursor {
  const struct slices *s;
  value rest;
  int k;
};

static void cursor_start(struct cursor *c, const struct slices *s) {
  c->s = s;
  c->rest = s->list;
  c->k = 0;
}

/* The next slice, or false at the end. */
static bool cursor_next(struct cursor *c, value *arr, mlsize_t *ofs, mlsize_t *len) {
  if (c->k < c->s->count) {
    *arr = c->s->arr[c->k];
    *ofs = c->s->ofs[c->k];
    *len = c->s->len[c->k];
    c->k++;
    return true;
  }
  if (c->rest == val_emptylist) return false;
  *arr = field(c->rest, 0);
  *ofs = 0;
  *len = wosize_val(*arr);
  c->rest = field(c->rest, 1);
  return true;
}

enum kind { KIND_GUESS, KIND_FLOAT, KIND_UNIFORM };

/* Builds the concatenation of the slices.  With KIND_GUESS the first
 * non-empty source array (not slice: stock looks at the whole array)
 * decides between a float array and a uniform one.  Raises
 * Invalid_argument "Array.concat" when the total is too large. */
static value gather(mc_domain *d, struct slices *s, enum kind kind) {
  struct cursor c;
  value arr;
  mlsize_t ofs, len, total = 0;

  cursor_start(&c, s);
  while (cursor_next(&c, &arr, &ofs, &len)) {
    if (kind == KIND_GUESS && wosize_val(arr) != 0)
      kind = is_float_array(arr) ? KIND_FLOAT : KIND_UNIFORM;
    if (len > (mlsize_t)-1 - total) mc_invalid_argument(d, "Array.concat");
    total += len;
  }
  if (kind == KIND_GUESS) kind = KIND_UNIFORM;
  if (total > MAX_WOSIZE) mc_invalid_argument(d, "Array.concat");
  if (total == 0) return kind == KIND_FLOAT ? atom(DOUBLE_ARRAY_TAG) : atom(0);

  GC_ROOTS(d, &s->list, &s->arr[0], &s->arr[1]);
  value res;
  mlsize_t pos = 0;
  if (kind == KIND_FLOAT || total <= MAX_YOUNG_WOSIZE) {
    /* Doubles, or a young block: raw copies, every field written before
     * any other allocation. */
    res = kind == KIND_FLOAT ? mc_alloc(d, total, DOUBLE_ARRAY_TAG) : mc_alloc_small(d, total, 0);
    cursor_start(&c, s);
    while (cursor_next(&c, &arr, &ofs, &len)) {
      memcpy((value *)res + pos, (value *)arr + ofs, len * sizeof(value));
      pos += len;
    }
  } else {
    res = mc_alloc(d, total, 0);  /* major heap */
    cursor_start(&c, s);
    while (cursor_next(&c, &arr, &ofs, &len))
      for (mlsize_t i = 0; i < len; i++) mc_initialize(d, &field(res, pos++), field(arr, ofs + i));
  }
  return res;
}

static value sub(mc_domain *d, value a, value ofs, value len, enum kind kind) {
  struct slices s = {val_emptylist, {a, val_unit}, {(mlsize_t)long_val(ofs), 0},
                     {(mlsize_t)long_val(len), 0}, 1};
  return gather(d, &s, kind);
}

static value append(mc_domain *d, value a, value b, enum kind kind) {
  struct slices s = {val_emptylist, {a, b}, {0, 0}, {wosize_val(a), wosize_val(b)}, 2};
  return gather(d, &s, kind);
}

value caml_floatarray_sub(mc_domain *d, value a, value o, value n) { return sub(d, a, o, n, KIND_FLOAT); }
value caml_uniform_array_sub(mc_domain *d, value a, value o, value n) { return sub(d, a, o, n, KIND_UNIFORM); }
value caml_array_sub(mc_domain *d, value a, value o, value n) { return sub(d, a, o, n, KIND_GUESS); }

value caml_floatarray_append(mc_domain *d, value a, value b) { return append(d, a, b, KIND_FLOAT); }
value caml_uniform_array_append(mc_domain *d, value a, value b) { return append(d, a, b, KIND_UNIFORM); }
value caml_array_append(mc_domain *d, value a, value b) { return append(d, a, b, KIND_GUESS); }

value caml_array_concat(mc_domain *d, value arrays) {
  struct slices s = {arrays, {val_unit, val_unit}, {0, 0}, {0, 0}, 0};
  return gather(d, &s, KIND_GUESS);
}

const struct mc_primdef mc_prims_array[] = {
    PRIM(caml_array_get_addr, 2),
    PRIM(caml_floatarray_get, 2),
    PRIM(caml_array_get, 2),
    PRIM(caml_array_set_addr, 3),
    PRIM(caml_floatarray_set, 3),
    PRIM(caml_array_set, 3),
    PRIM(caml_floatarray_unsafe_get, 2),
    PRIM(caml_array_unsafe_get, 2),
    PRIM(caml_floatarray_unsafe_set, 3),
    PRIM(caml_array_unsafe_set, 3),
    PRIM(caml_floatarray_create, 1),
    PRIM(caml_array_create_float, 1),
    PRIM(caml_floatarray_make, 2),
    PRIM(caml_uniform_array_make, 2),
    PRIM(caml_array_make, 2),
    PRIM(caml_array_of_uniform_array, 1),
    PRIM(caml_make_vect, 2),
    PRIM(caml_make_float_vect, 1),
    PRIM(caml_make_array, 1),
    PRIM(caml_floatarray_blit, 5),
    PRIM(caml_uniform_array_blit, 5),
    PRIM(caml_array_blit, 5),
    PRIM(caml_floatarray_fill, 4),
    PRIM(caml_uniform_array_fill, 4),
    PRIM(caml_array_fill, 4),
    PRIM(caml_floatarray_sub, 3),
    PRIM(caml_uniform_array_sub, 3),
    PRIM(caml_array_sub, 3),
    PRIM(caml_floatarray_append, 2),
    PRIM(caml_uniform_array_append, 2),
    PRIM(caml_array_append, 2),
    PRIM(caml_array_concat, 1),
    PRIM_END,
};
