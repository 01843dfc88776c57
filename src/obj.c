/* obj.c: Obj, lazy values, object ids, let-rec dummies. */
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "fiber.h"
#include "gc.h"
#include "prims.h"

#define INT_TAG 1000
#define UNALIGNED_TAG 1002

static int obj_tag(value v) {
  if (is_long(v)) return INT_TAG;
  if (v & (value)(sizeof(value) - 1)) return UNALIGNED_TAG;
  return (int)hd_tag(__atomic_load_n(hp_val(v), __ATOMIC_ACQUIRE));
}

static value caml_obj_tag(mc_domain *d, value v) {
  (void)d;
  return val_int(obj_tag(v));
}

static value caml_obj_raw_field(mc_domain *d, value v, value pos) {
  return mc_copy_nativeint(d, field(v, long_val(pos)));
}

static value caml_obj_set_raw_field(mc_domain *d, value v, value pos, value bits) {
  (void)d;
  field(v, long_val(pos)) = nativeint_val(bits);
  return val_unit;
}

static value caml_obj_block(mc_domain *d, value tagv, value sizev) {
  intptr_t size = long_val(sizev);
  tag_t tag = (tag_t)long_val(tagv);
  if (size < 0) mc_invalid_argument(d, "Obj.new_block");
  mlsize_t sz = (mlsize_t)size;
  value res;
  switch (tag) {
    case CLOSURE_TAG:
      if (sz < 2) mc_invalid_argument(d, "Obj.new_block");
      res = mc_alloc(d, sz, tag);
      closinfo_val(res) = make_closinfo(0, 2);
      return res;
    case STRING_TAG:
      if (sz == 0) mc_invalid_argument(d, "Obj.new_block");
      res = mc_alloc(d, sz, tag);
      field(res, sz - 1) = 0;
      return res;
    case CUSTOM_TAG:
      mc_invalid_argument(d, "Obj.new_block");
    default:
      res = mc_alloc(d, sz, tag);
      /* No-scan blocks are not initialised by mc_alloc; zero them so that
       * their contents are at least deterministic. */
      if (tag >= NO_SCAN_TAG && sz > 0) memset((void *)res, 0, sz * sizeof(value));
      return res;
  }
}

static value caml_obj_with_tag(mc_domain *d, value tagv, value v) {
  mlsize_t sz = wosize_val(v);
  tag_t tag = (tag_t)long_val(tagv);
  if (sz == 0) return atom(tag);
  if (tag_val(v) == CONT_TAG) mc_cont_mark_shared(v);
  GC_ROOTS(d, &v);
  value res;
  if (tag >= NO_SCAN_TAG) {
    res = mc_alloc(d, sz, tag);
    memcpy((void *)res, (void *)v, sz * sizeof(value));
  } else if (sz <= MAX_YOUNG_WOSIZE) {
    res = mc_alloc_small(d, sz, tag);
    for (mlsize_t i = 0; i < sz; i++) field(res, i) = field(v, i);
  } else {
    res = mc_alloc_shr(d, sz, tag);
    for (mlsize_t i = 0; i < sz; i++) mc_initialize(d, &field(res, i), field(v, i));
  }
  return res;
}

static value caml_obj_dup(mc_domain *d, value v) {
  if (is_long(v)) return v;
  return caml_obj_with_tag(d, val_long(tag_val(v)), v);
}

static value caml_obj_add_offset(mc_domain *d, value v, value ofs) {
  (void)d;
  return v + (value)(uint32_t)int32_val(ofs);
}

static value caml_obj_compare_and_swap(mc_domain *d, value v, value f, value oldv, value newv) {
  value *p = &field(v, long_val(f));
  if (*p != oldv) return val_int(0);
  mc_modify(d, p, newv);
  return val_int(1);
}

static value caml_obj_is_shared(mc_domain *d, value v) {
  return val_bool(is_long(v) || !gc_is_young(d->rt, v));
}

/* ---- Lazy ---- */

static value caml_lazy_make_forward(mc_domain *d, value v) {
  GC_ROOTS(d, &v);
  value res = mc_alloc_small(d, 1, FORWARD_TAG);
  field(res, 0) = v;
  return res;
}

/* Change the tag of blk from old_tag to new_tag atomically; false if its
 * tag was not old_tag. */
static bool update_tag(value blk, tag_t old_tag, tag_t new_tag) {
  header_t *hp = hp_val(blk);
  header_t hd = __atomic_load_n(hp, __ATOMIC_ACQUIRE);
  for (;;) {
    if (hd_tag(hd) != old_tag) return false;
    header_t nhd = (hd & ~(header_t)0xFF) | new_tag;
    if (__atomic_compare_exchange_n(hp, &hd, nhd, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      return true;
  }
}

static value caml_lazy_reset_to_lazy(mc_domain *d, value v) {
  (void)d;
  update_tag(v, FORCING_TAG, LAZY_TAG);
  return val_unit;
}

static value caml_lazy_update_to_forward(mc_domain *d, value v) {
  (void)d;
  update_tag(v, FORCING_TAG, FORWARD_TAG);
  return val_unit;
}

static value caml_lazy_read_result(mc_domain *d, value v) {
  (void)d;
  if (obj_tag(v) == FORWARD_TAG) return field(v, 0);
  return v;
}

static value caml_lazy_update_to_forcing(mc_domain *d, value v) {
  (void)d;
  if (is_block(v) && update_tag(v, LAZY_TAG, FORCING_TAG)) return val_int(0);
  return val_int(1);
}

/* ---- Objects ---- */

static value caml_get_public_method(mc_domain *d, value obj, value tag) {
  (void)d;
  value meths = field(obj, 0);
  intptr_t lo = 3, hi = (intptr_t)field(meths, 0);
  while (lo < hi) {
    intptr_t mid = ((lo + hi) >> 1) | 1;
    if (tag < field(meths, mid)) hi = mid - 2;
    else lo = mid;
  }
  return tag == field(meths, lo) ? field(meths, lo - 1) : 0;
}

#define OO_ID_CHUNK 1024

value mc_fresh_oo_id(mc_domain *d) {
  if (d->oo_next_id_local % OO_ID_CHUNK == 0)
    d->oo_next_id_local =
        atomic_fetch_add_explicit(&d->rt->oo_next_id, OO_ID_CHUNK, memory_order_relaxed);
  return val_long(d->oo_next_id_local++);
}

static value caml_fresh_oo_id(mc_domain *d, value unit) {
  (void)unit;
  return mc_fresh_oo_id(d);
}

static value caml_set_oo_id(mc_domain *d, value obj) {
  field(obj, 1) = mc_fresh_oo_id(d);
  return obj;
}

static value caml_int_as_pointer(mc_domain *d, value n) {
  (void)d;
  return n - 1;
}

/* ---- Obj.reachable_words: words of the heap blocks reachable from v ---- */

struct addr_set {
  uvalue *slots;
  size_t cap, len;
};

static bool set_add(struct addr_set *s, uvalue a) {
  if (2 * (s->len + 1) > s->cap) {
    size_t ncap = s->cap ? 2 * s->cap : 1024;
    uvalue *ns = mc_xcalloc(ncap, sizeof(uvalue));
    for (size_t i = 0; i < s->cap; i++) {
      uvalue x = s->slots[i];
      if (x == 0) continue;
      size_t h = (x >> 3) * 0x9E3779B97F4A7C15u % ncap;
      while (ns[h] != 0) h = (h + 1) % ncap;
      ns[h] = x;
    }
    free(s->slots);
    s->slots = ns;
    s->cap = ncap;
  }
  size_t h = (a >> 3) * 0x9E3779B97F4A7C15u % s->cap;
  while (s->slots[h] != 0) {
    if (s->slots[h] == a) return false;
    h = (h + 1) % s->cap;
  }
  s->slots[h] = a;
  s->len++;
  return true;
}

static value caml_obj_reachable_words(mc_domain *d, value v) {
  struct addr_set seen = {0};
  struct mc_valvec todo = {0};
  intptr_t words = 0;
  if (is_block(v)) {
    todo.base = mc_xmalloc(64 * sizeof(value));
    todo.cap = 64;
    todo.base[todo.len++] = v;
  }
  while (todo.len > 0) {
    value x = todo.base[--todo.len];
    if (tag_val(x) == INFIX_TAG) x -= (value)infix_offset_val(x);
    if (hd_color(hd_load(x)) == COLOR_NOT_MARKABLE) continue;  /* static data */
    if (!set_add(&seen, (uvalue)x)) continue;
    mlsize_t n = wosize_val(x);
    words += (intptr_t)whsize_wosize(n);
    if (tag_val(x) >= NO_SCAN_TAG) continue;
    mlsize_t i = tag_val(x) == CLOSURE_TAG ? closinfo_startenv(closinfo_val(x)) : 0;
    for (; i < n; i++) {
      value f = field(x, i);
      if (!is_block(f)) continue;
      if (todo.len == todo.cap) {
        todo.cap *= 2;
        todo.base = mc_xrealloc(todo.base, todo.cap * sizeof(value));
      }
      todo.base[todo.len++] = f;
    }
  }
  free(seen.slots);
  free(todo.base);
  (void)d;
  return val_long(words);
}

/* ---- let rec dummies ---- */

static value caml_alloc_dummy(mc_domain *d, value size) {
  return mc_alloc(d, (mlsize_t)long_val(size), 0);
}

static value caml_alloc_dummy_function(mc_domain *d, value size, value arity) {
  (void)arity;
  return mc_alloc(d, (mlsize_t)long_val(size), 0);
}

static value caml_alloc_dummy_float(mc_domain *d, value size) {
  return mc_alloc(d, (mlsize_t)long_val(size) * DOUBLE_WOSIZE, 0);
}

static value caml_alloc_dummy_infix(mc_domain *d, value vsize, value voffset) {
  mlsize_t size = (mlsize_t)long_val(vsize), ofs = (mlsize_t)long_val(voffset);
  value v = mc_alloc(d, size, CLOSURE_TAG);
  /* A start of environment past the end: the GC skips the whole block,
   * which holds no heap pointer until it is updated. */
  closinfo_val(v) = make_closinfo(0, size);
  if (ofs > 0) {
    v += (value)(ofs * sizeof(value));
    hd_val(v) = make_header(ofs, INFIX_TAG, 0);
  }
  return v;
}

static value caml_update_dummy(mc_domain *d, value dummy, value newval) {
  tag_t tag = tag_val(newval);
  if (wosize_val(dummy) == 0) return val_unit;  /* atoms are never updated */
  if (tag == DOUBLE_ARRAY_TAG) {
    hd_set_tag(dummy, DOUBLE_ARRAY_TAG);
    mlsize_t n = wosize_val(newval) / DOUBLE_WOSIZE;
    for (mlsize_t i = 0; i < n; i++) store_double_flat_field(dummy, i, double_flat_field(newval, i));
  } else if (tag == INFIX_TAG) {
    value clos = newval - (value)infix_offset_val(newval);
    dummy -= (value)infix_offset_val(dummy);
    mlsize_t n = wosize_val(clos);
    for (mlsize_t i = 0; i < n; i++) mc_modify(d, &field(dummy, i), field(clos, i));
  } else {
    hd_set_tag(dummy, tag);
    mlsize_t n = wosize_val(newval);
    for (mlsize_t i = 0; i < n; i++) mc_modify(d, &field(dummy, i), field(newval, i));
  }
  return val_unit;
}

const struct mc_primdef mc_prims_obj[] = {
    PRIM(caml_obj_tag, 1),
    PRIM(caml_obj_raw_field, 2),
    PRIM(caml_obj_set_raw_field, 3),
    PRIM(caml_obj_block, 2),
    PRIM(caml_obj_with_tag, 2),
    PRIM(caml_obj_dup, 1),
    PRIM(caml_obj_add_offset, 2),
    PRIM(caml_obj_compare_and_swap, 4),
    PRIM(caml_obj_is_shared, 1),
    PRIM(caml_obj_reachable_words, 1),
    PRIM(caml_lazy_make_forward, 1),
    PRIM(caml_lazy_reset_to_lazy, 1),
    PRIM(caml_lazy_update_to_forward, 1),
    PRIM(caml_lazy_read_result, 1),
    PRIM(caml_lazy_update_to_forcing, 1),
    PRIM(caml_get_public_method, 2),
    PRIM(caml_fresh_oo_id, 1),
    PRIM(caml_set_oo_id, 1),
    PRIM(caml_int_as_pointer, 1),
    PRIM_END,
};

const struct mc_primdef mc_prims_alloc[] = {
    PRIM(caml_alloc_dummy, 1),
    PRIM(caml_alloc_dummy_function, 2),
    PRIM(caml_alloc_dummy_float, 1),
    PRIM(caml_alloc_dummy_infix, 2),
    PRIM(caml_update_dummy, 2),
    PRIM_END,
};
