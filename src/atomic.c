/* atomic.c: the Atomic module's primitives.
 *
 * An atomic reference is a one-field block (or a padded block from
 * make_contended).  Every access to field 0 is a C11 atomic operation on
 * the field, sequentially consistent, as the OCaml memory model requires
 * for Atomic; stores go through the write barrier for the GC's sake. */
#include "alloc.h"
#include "fail.h"
#include "gc.h"
#include "prims.h"

static inline _Atomic(value) *cell(value ref) { return (_Atomic(value) *)&field(ref, 0); }

/* The GC's part of a store of v over old into a field of ref. */
static void barrier(mc_domain *d, value ref, value old, value v) {
  mc_runtime *rt = d->rt;
  if (gc_is_young(rt, ref)) return;
  bool old_young = is_block(old) && gc_is_young(rt, old);
  if (!old_young && is_block(old) && gc_marking(rt)) mc_darken(d, old);
  if (!old_young && is_block(v) && gc_is_young(rt, v)) mc_remember(d, &field(ref, 0));
}

static value caml_atomic_load(mc_domain *d, value ref) {
  (void)d;
  return atomic_load_explicit(cell(ref), memory_order_seq_cst);
}

static value caml_atomic_exchange(mc_domain *d, value ref, value v) {
  value old = atomic_exchange_explicit(cell(ref), v, memory_order_seq_cst);
  barrier(d, ref, old, v);
  return old;
}

static value caml_atomic_cas(mc_domain *d, value ref, value oldv, value newv) {
  value expected = oldv;
  if (atomic_compare_exchange_strong_explicit(cell(ref), &expected, newv, memory_order_seq_cst,
                                              memory_order_seq_cst)) {
    barrier(d, ref, oldv, newv);
    return val_int(1);
  }
  return val_int(0);
}

static value caml_atomic_fetch_add(mc_domain *d, value ref, value incr) {
  (void)d;
  /* Tagged arithmetic: adding 2n to 2m+1 gives 2(m+n)+1. */
  return atomic_fetch_add_explicit(cell(ref), (value)((uvalue)long_val(incr) << 1),
                                   memory_order_seq_cst);
}

/* A block padded to a cache line (64 bytes), so that a contended atomic
 * does not share its line with other data. */
static value caml_atomic_make_contended(mc_domain *d, value v) {
  GC_ROOTS(d, &v);
  mlsize_t size = 64 / sizeof(value) - 1;
  value res = mc_alloc_shr(d, size, 0);
  mc_initialize(d, &field(res, 0), v);
  return res;
}

const struct mc_primdef mc_prims_atomic[] = {
    PRIM(caml_atomic_load, 1),
    PRIM(caml_atomic_exchange, 2),
    PRIM(caml_atomic_cas, 3),
    PRIM(caml_atomic_fetch_add, 2),
    PRIM(caml_atomic_make_contended, 1),
    PRIM_END,
};
