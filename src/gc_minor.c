/* gc_minor.c: the minor collector — copies live young blocks into the
 * major heap, for all domains at once.
 *
 * A minor collection is a stop-the-world section (domain.c): every running
 * domain promotes from its own roots (stack, local roots, remembered set)
 * into its own major-heap pools, in parallel; the leader also does the
 * global roots and the roots of blocked domains.  A domain's roots may
 * reach another domain's young blocks (read from a shared major field),
 * so promotion claims a block with a compare-and-swap on its header:
 *   header -> BUSY (claimed, being copied) -> 0 (forwarded; field 0 holds
 *   the new address, published with release order).
 * A domain that finds BUSY waits (briefly: one block's copy).  Newly
 * promoted blocks are pushed on the promoting domain's to-do stack and
 * scanned afterwards, so nothing recurses on data depth.
 *
 * After a barrier, the leader settles the weak structures of every domain
 * (ephemerons, finalisers, young custom blocks, dead continuations) in one
 * sequence, then each domain resets its own minor heap.  With one domain
 * the same code runs without the atomics' contention.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include "alloc.h"
#include "custom.h"
#include "domain_internal.h"
#include "fail.h"
#include "gc.h"
#include "gc_internal.h"
#include "fiber.h"

/* The header of a young block claimed by a promoting domain.  No real
 * block has size 0, so it cannot be mistaken for one. */
#define HD_BUSY make_header(0, 255, 0)

static void todo_push(mc_domain *d, value v) {
  struct mc_valvec *t = &d->minor_todo;
  if (t->len == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 1024;
    t->base = mc_xrealloc(t->base, t->cap * sizeof(value));
  }
  t->base[t->len++] = v;
}

static inline header_t load_hd(value v) {
  return __atomic_load_n(hp_val(v), __ATOMIC_ACQUIRE);
}

/* The new address of a block forwarded by some domain. */
static value forwarded_to(value v) { return __atomic_load_n(&field(v, 0), __ATOMIC_RELAXED); }

/* Promote the young block v (not an infix pointer) into d's major heap,
 * returning its new address.  Fields are copied raw and fixed when the
 * copy is scanned. */
static value promote(mc_domain *d, value v) {
  header_t hd = load_hd(v);
  for (;;) {
    if (hd == 0) return forwarded_to(v);
    if (hd != HD_BUSY) {
      if (__atomic_compare_exchange_n(hp_val(v), &hd, HD_BUSY, false, __ATOMIC_ACQUIRE,
                                      __ATOMIC_ACQUIRE))
        break;
      continue;  /* hd now holds the current header */
    }
    sched_yield();
    hd = load_hd(v);
  }
  mlsize_t wosize = hd_wosize(hd);
  tag_t tag = hd_tag(hd);
  value nv = mc_major_alloc(d, wosize, tag);
  if (nv == 0) mc_fatal(d->rt, "out of memory during minor collection");
  memcpy((void *)nv, (void *)v, wosize * sizeof(value));
  __atomic_store_n(&field(v, 0), nv, __ATOMIC_RELAXED);
  __atomic_store_n(hp_val(v), (header_t)0, __ATOMIC_RELEASE);
  d->stats.promoted_words += (double)whsize_wosize(wosize);
  if (tag < NO_SCAN_TAG) todo_push(d, nv);
  return nv;
}

/* *fp may be a field that another domain's minor collection also updates
 * (both store the same forwarded address): relaxed atomic accesses. */
void mc_minor_oldify(mc_domain *d, value *fp) {
  value v = __atomic_load_n(fp, __ATOMIC_RELAXED);
  if (!is_block(v) || !gc_is_young(d->rt, v)) return;
  header_t hd = load_hd(v);
  if (hd_tag(hd) == INFIX_TAG && hd != HD_BUSY) {
    /* A pointer into a set of mutually recursive closures: promote the
     * whole closure block and keep the same offset into it.  (Infix
     * headers sit inside the closure and are never rewritten.) */
    uvalue off = infix_offset_hd(hd);
    value clos = v - (value)off;
    __atomic_store_n(fp, promote(d, clos) + (value)off, __ATOMIC_RELAXED);
    return;
  }
  __atomic_store_n(fp, promote(d, v), __ATOMIC_RELAXED);
}

bool mc_minor_is_alive(mc_domain *d, value v) {
  if (!is_block(v) || !gc_is_young(d->rt, v)) return true;
  header_t hd = load_hd(v);
  if (hd == 0) return true;
  if (hd_tag(hd) == INFIX_TAG) return load_hd(v - (value)infix_offset_hd(hd)) == 0;
  return false;
}

value mc_minor_forwarded(mc_domain *d, value v) {
  if (!is_block(v) || !gc_is_young(d->rt, v)) return v;
  header_t hd = load_hd(v);
  if (hd == 0) return forwarded_to(v);
  if (hd_tag(hd) == INFIX_TAG) {
    uvalue off = infix_offset_hd(hd);
    value clos = v - (value)off;
    if (load_hd(clos) == 0) return forwarded_to(clos) + (value)off;
  }
  return v;
}

static void oldify_slot(mc_domain *d, value *p, void *ctx) {
  (void)ctx;
  mc_minor_oldify(d, p);
}

/* Roots are enumerated per owner domain; ctx is the domain promoting. */
static void oldify_root(mc_domain *owner, value *p, void *ctx) {
  (void)owner;
  mc_minor_oldify(ctx, p);
}

/* Scan promoted blocks until none is left to scan. */
void mc_minor_drain(mc_domain *d) {
  struct mc_valvec *t = &d->minor_todo;
  while (t->len > 0) {
    value v = t->base[--t->len];
    if (tag_val(v) == CONT_TAG) {
      mc_cont_scan(d, v, oldify_slot, NULL);
      continue;
    }
    mlsize_t n = wosize_val(v);
    mlsize_t i = 0;
    if (tag_val(v) == CLOSURE_TAG) i = closinfo_startenv(closinfo_val(v));
    for (; i < n; i++) mc_minor_oldify(d, &field(v, i));
  }
}

/* Promote everything reachable from the roots owned by `o`, into w's
 * heap.  w == o except when the leader works for a blocked domain. */
static void promote_domain_roots(mc_domain *w, mc_domain *o) {
  o->stats.minor_words += (double)gc_minor_words_used(o);
  mc_scan_roots(o, oldify_root, w, false);
  for (value **r = o->remembered.base; r < o->remembered.ptr; r++) mc_minor_oldify(w, *r);
  for (size_t i = 0; i < o->dirty_conts.len; i++)
    mc_cont_scan(w, o->dirty_conts.base[i], oldify_slot, NULL);
  o->dirty_conts.len = 0;
  mc_minor_drain(w);
}

/* Leader only, after every domain's strong pass: the weak structures of
 * all domains, in the order that keeps their meanings.  Data held by
 * ephemerons with live keys is reachable; Gc.finalise values found dead
 * are resurrected (which may make more keys live); Gc.finalise_last values
 * found dead are gone; then dead keys are cleared, dead custom blocks
 * finalised and the stacks of dead continuations freed. */
static void settle_weak(mc_domain *w) {
  mc_runtime *rt = w->rt;
  bool changed;
  do {
    changed = false;
    FOR_EACH_DOMAIN(rt, o) changed |= mc_ephe_minor_mark(w, o);
  } while (changed);
  FOR_EACH_DOMAIN(rt, o) mc_final_minor_first(w, o);
  do {
    changed = false;
    FOR_EACH_DOMAIN(rt, o) changed |= mc_ephe_minor_mark(w, o);
  } while (changed);
  FOR_EACH_DOMAIN(rt, o) {
    mc_final_minor_last(w, o);
    mc_ephe_minor_clean(w, o);
    struct mc_valvec *cu = &o->young_customs;
    for (size_t i = 0; i < cu->len; i++) {
      value v = cu->base[i];
      if (hd_val(v) != 0) {
        const struct mc_custom_ops *ops = custom_ops_val(v);
        if (ops->finalize != NULL) ops->finalize(v);
      }
    }
    cu->len = 0;
    struct mc_valvec *yc = &o->young_conts;
    for (size_t i = 0; i < yc->len; i++) {
      value c = yc->base[i];
      /* Dead, and never resumed: its stacks are free to go. */
      if (hd_val(c) != 0 && field(c, 0) != val_ptr(NULL)) mc_cont_free_stacks(o, c);
    }
    yc->len = 0;
  }
}

static void reset_minor_heap(mc_domain *o) {
  mc_remembered_reset(o);
#if MC_DEBUG
  memset(o->young_start, 0xd7, (size_t)(o->young_end - o->young_start) * sizeof(value));
#endif
  o->young_ptr = o->young_end;
  o->stats.minor_collections++;
}

/* The body of a minor collection, run by every participant of a
 * stop-the-world section. */
void mc_stw_minor_collection(mc_domain *d, bool leader) {
  mc_runtime *rt = d->rt;
  if (mc_stw_serial(rt)) {
    /* The leader alone, for everybody (more domains than processors). */
    mc_gc_message(rt, 0x02, "<");
    FOR_EACH_DOMAIN(rt, o) promote_domain_roots(d, o);
    mc_scan_global_roots(d, oldify_root, d);
    mc_minor_drain(d);
    settle_weak(d);
    FOR_EACH_DOMAIN(rt, o) reset_minor_heap(o);
    rt->gc->minor_collections++;
    mc_gc_message(rt, 0x02, ">");
    return;
  }
  promote_domain_roots(d, d);
  if (leader) {
    mc_gc_message(rt, 0x02, "<");
    mc_scan_global_roots(d, oldify_root, d);
    FOR_EACH_DOMAIN(rt, o) if (!o->stw_participant) promote_domain_roots(d, o);
    mc_minor_drain(d);
  }
  mc_stw_barrier(d);
  if (leader) {
    settle_weak(d);
    FOR_EACH_DOMAIN(rt, o) if (!o->stw_participant) reset_minor_heap(o);
    rt->gc->minor_collections++;
    mc_gc_message(rt, 0x02, ">");
  }
  mc_stw_barrier(d);
  reset_minor_heap(d);
}

static void stw_minor(mc_domain *d, void *arg, bool leader) {
  (void)arg;
  mc_stw_minor_collection(d, leader);
  /* Every domain then does its own major slice (the initiator right away,
   * the others at their next safepoint). */
  if (!leader) d->request_major_slice = true;
  if (leader && mc_stw_serial(d->rt))
    FOR_EACH_DOMAIN(d->rt, o) if (o != d && o->stw_participant) o->request_major_slice = true;
}

void mc_empty_minor_heap(mc_domain *d) {
  mc_runtime *rt = d->rt;
  if (atomic_load_explicit(&rt->ndomains_live, memory_order_acquire) == 1 &&
      gc_minor_words_used(d) == 0 && d->remembered.ptr == d->remembered.base &&
      d->dirty_conts.len == 0)
    return;
  mc_stw_run_may_serialise(d, PAUSE_MINOR, stw_minor, NULL);
}

void mc_register_young_custom(mc_domain *d, value v) {
  struct mc_valvec *cu = &d->young_customs;
  if (cu->len == cu->cap) {
    cu->cap = cu->cap ? 2 * cu->cap : 64;
    cu->base = mc_xrealloc(cu->base, cu->cap * sizeof(value));
  }
  cu->base[cu->len++] = v;
}

/* ---- Minor heap areas ----
 * One address range is reserved for the minor heaps of all possible
 * domains, so that gc_is_young is one comparison.  Domain i owns the i-th
 * slice and commits the part it uses. */

#include <sys/mman.h>
#if MC_SANITIZE
#include <sanitizer/lsan_interface.h>
#endif

#define MINOR_RESERVE_WSIZE ((size_t)1 << 25) /* 256 MiB of address space per domain */

void mc_gc_reserve_minor_area(mc_runtime *rt) {
  struct mc_gc_shared *g = rt->gc;
  size_t bytes = MINOR_RESERVE_WSIZE * sizeof(value) * (size_t)MC_MAX_DOMAINS;
  void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) mc_fatal(rt, "cannot reserve address space for the minor heaps");
  g->young_lo = (uvalue)p;
  g->young_hi = (uvalue)p + bytes;
  g->young_reserved_wsize = MINOR_RESERVE_WSIZE;
#if MC_SANITIZE
  /* Young custom blocks point to malloc'd data: let the leak checker see
   * the (readable parts of the) minor heaps. */
  __lsan_register_root_region(p, bytes);
#endif
}

void mc_gc_release_minor_area(mc_runtime *rt) {
  struct mc_gc_shared *g = rt->gc;
#if MC_SANITIZE
  if (g->young_lo != 0) __lsan_unregister_root_region((void *)g->young_lo, g->young_hi - g->young_lo);
#endif
  if (g->young_lo != 0) munmap((void *)g->young_lo, g->young_hi - g->young_lo);
  g->young_lo = g->young_hi = 0;
}

/* Clamp a requested minor heap size (words) to what the area allows. */
size_t mc_minor_size_clamp(size_t wsize) {
  if (wsize < 4096) wsize = 4096;
  if (wsize > MINOR_RESERVE_WSIZE) wsize = MINOR_RESERVE_WSIZE;
  return wsize;
}

/* (Re)size d's minor heap to wsize words.  The heap must be empty. */
void mc_set_minor_heap_size(mc_domain *d, size_t wsize) {
  mc_runtime *rt = d->rt;
  struct mc_gc_shared *g = rt->gc;
  wsize = mc_minor_size_clamp(wsize);
  value *base = (value *)g->young_lo + (size_t)d->id * g->young_reserved_wsize;
  if (d->young_start != NULL) {
    /* Give back the old pages: they are re-committed below. */
    size_t old = (size_t)(d->young_end - d->young_start);
    madvise(d->young_start, old * sizeof(value), MADV_DONTNEED);
    mprotect(d->young_start, old * sizeof(value), PROT_NONE);
  }
  if (mprotect(base, wsize * sizeof(value), PROT_READ | PROT_WRITE) != 0)
    mc_fatal(rt, "cannot allocate a minor heap of %zu words", wsize);
  d->young_start = base;
  d->young_end = base + wsize;
  d->young_ptr = d->young_end;
  d->minor_heap_wsize = wsize;
  mc_reset_young_limit(d);
}

void mc_gc_domain_init(mc_domain *d) {
  mc_gc_major_domain_init(d);
  mc_set_minor_heap_size(d, d->rt->params.init_minor_heap_wsz);
  d->ephe_list = val_unit;
}

void mc_gc_domain_free(mc_domain *d) {
  mc_gc_major_domain_free(d);
  free(d->remembered.base);
  free(d->young_customs.base);
  free(d->young_ephes.base);
  free(d->young_conts.base);
  free(d->dirty_conts.base);
  free(d->minor_todo.base);
  free(d->final_first.items);
  free(d->final_last.items);
  free(d->final_todo.base);
  memset(&d->remembered, 0, sizeof d->remembered);
}
