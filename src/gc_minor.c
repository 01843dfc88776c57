/* gc_minor.c: the minor collector — copies a domain's live young blocks
 * into the major heap.
 *
 * A promoted block leaves a forwarding mark in its young copy: header 0
 * (no real block has size 0) and field 0 holding the new address.  Newly
 * promoted blocks are pushed on a to-do stack and scanned afterwards, so
 * the copy is iterative and never recurses on data depth.
 *
 * Roots: the domain's stacks and local roots, the runtime's global roots,
 * and the remembered set (major fields that point to young blocks).  After
 * the strong pass, ephemerons and finalisers get their turn (weak.c,
 * gc_final.c), then young custom blocks that died are finalised.
 */
#include <stdio.h>
#include <stdlib.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "gc.h"
#include "gc_internal.h"
#include "fiber.h"

static void todo_push(mc_domain *d, value v) {
  struct mc_valvec *t = &d->minor_todo;
  if (t->len == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 1024;
    t->base = mc_xrealloc(t->base, t->cap * sizeof(value));
  }
  t->base[t->len++] = v;
}

/* Promote the young block v (not an infix pointer), returning its new
 * address.  Fields are copied raw and fixed when the copy is scanned. */
static value promote(mc_domain *d, value v) {
  header_t hd = hd_val(v);
  if (hd == 0) return field(v, 0);  /* already forwarded */
  mlsize_t wosize = hd_wosize(hd);
  tag_t tag = hd_tag(hd);
  value nv = mc_major_alloc(d, wosize, tag);
  if (nv == 0) mc_fatal(d->rt, "out of memory during minor collection");
  memcpy((void *)nv, (void *)v, wosize * sizeof(value));
  hd_val(v) = 0;
  field(v, 0) = nv;
  d->stats.promoted_words += (double)whsize_wosize(wosize);
  if (tag < NO_SCAN_TAG) todo_push(d, nv);
  return nv;
}

void mc_minor_oldify(mc_domain *d, value *fp) {
  value v = *fp;
  if (!is_block(v) || !gc_is_young(d->rt, v)) return;
  if (tag_val(v) == INFIX_TAG && hd_val(v) != 0) {
    /* A pointer into a set of mutually recursive closures: promote the
     * whole closure block and keep the same offset into it. */
    uvalue off = infix_offset_val(v);
    value clos = v - (value)off;
    *fp = promote(d, clos) + (value)off;
    return;
  }
  *fp = promote(d, v);
}

bool mc_minor_is_alive(mc_domain *d, value v) {
  if (!is_block(v) || !gc_is_young(d->rt, v)) return true;
  if (hd_val(v) == 0) return true;
  if (tag_val(v) == INFIX_TAG) return hd_val(v - (value)infix_offset_val(v)) == 0;
  return false;
}

value mc_minor_forwarded(mc_domain *d, value v) {
  if (!is_block(v) || !gc_is_young(d->rt, v)) return v;
  if (hd_val(v) == 0) return field(v, 0);
  if (tag_val(v) == INFIX_TAG) {
    uvalue off = infix_offset_val(v);
    value clos = v - (value)off;
    if (hd_val(clos) == 0) return field(clos, 0) + (value)off;
  }
  return v;
}

static void oldify_slot(mc_domain *d, value *p, void *ctx) {
  (void)ctx;
  mc_minor_oldify(d, p);
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

static void oldify_root(mc_domain *d, value *p, void *ctx) {
  (void)ctx;
  mc_minor_oldify(d, p);
}

void mc_empty_minor_heap(mc_domain *d) {
  mc_runtime *rt = d->rt;
  size_t used = gc_minor_words_used(d);
  if (used == 0 && d->remembered.ptr == d->remembered.base) return;
  mc_gc_message(rt, 0x02, "<");
  d->stats.minor_words += (double)used;

  /* Strong roots and the remembered set. */
  mc_scan_roots(d, oldify_root, NULL, true);
  for (value **r = d->remembered.base; r < d->remembered.ptr; r++) mc_minor_oldify(d, *r);
  for (size_t i = 0; i < d->dirty_conts.len; i++) mc_cont_scan(d, d->dirty_conts.base[i], oldify_slot, NULL);
  d->dirty_conts.len = 0;
  mc_minor_drain(d);

  /* Weak structures, in the order that keeps their meanings: data held by
   * ephemerons with live keys is reachable; Gc.finalise values found dead
   * are resurrected (which may make more keys live); Gc.finalise_last
   * values found dead are gone; finally dead keys are cleared. */
  mc_ephe_minor_mark(d);
  mc_final_minor_first(d);
  mc_ephe_minor_mark(d);
  mc_final_minor_last(d);
  mc_ephe_minor_clean(d);

  /* Young custom blocks that died. */
  struct mc_valvec *cu = &d->young_customs;
  for (size_t i = 0; i < cu->len; i++) {
    value v = cu->base[i];
    if (hd_val(v) != 0) {
      const struct mc_custom_ops *ops = custom_ops_val(v);
      if (ops->finalize != NULL) ops->finalize(v);
    }
  }
  cu->len = 0;
  /* Continuations that died young release their stacks. */
  struct mc_valvec *yc = &d->young_conts;
  for (size_t i = 0; i < yc->len; i++)
    if (hd_val(yc->base[i]) != 0) mc_cont_free_stacks(d, yc->base[i]);
  yc->len = 0;

  d->remembered.ptr = d->remembered.base;
#if MC_DEBUG
  memset(d->young_start, 0xd7, (size_t)(d->young_end - d->young_start) * sizeof(value));
#endif
  d->young_ptr = d->young_end;
  d->stats.minor_collections++;
  mc_gc_message(rt, 0x02, ">");
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

#define MINOR_RESERVE_WSIZE ((size_t)1 << 25) /* 256 MiB of address space per domain */

void mc_gc_reserve_minor_area(mc_runtime *rt) {
  struct mc_gc_shared *g = rt->gc;
  size_t bytes = MINOR_RESERVE_WSIZE * sizeof(value) * (size_t)MC_MAX_DOMAINS;
  void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) mc_fatal(rt, "cannot reserve address space for the minor heaps");
  g->young_lo = (uvalue)p;
  g->young_hi = (uvalue)p + bytes;
  g->young_reserved_wsize = MINOR_RESERVE_WSIZE;
}

void mc_gc_release_minor_area(mc_runtime *rt) {
  struct mc_gc_shared *g = rt->gc;
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
