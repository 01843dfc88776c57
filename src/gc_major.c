/* gc_major.c: the major heap and its incremental mark-and-sweep collector.
 *
 * Heap layout
 * -----------
 * Small blocks (up to MAX_SMALL_WHSIZE words with header) live in pools:
 * 32 KiB aligned areas that each hold slots of one size class, carved out
 * of bigger malloc'd chunks (an aligned allocation per pool would waste
 * pages on padding).  A free slot has header 0 and links to the next free
 * slot through its first field.  Larger blocks are malloc'd one by one,
 * behind a small list node.
 * Every pool and large block belongs to the domain that allocated it; a
 * domain allocates, sweeps and frees only its own (a later stage lets
 * surviving domains adopt the heap of a domain that terminates).
 *
 * Colours and cycles
 * ------------------
 * Three of the four header colours rotate.  Within a cycle:
 *   unmarked  not found reachable yet;
 *   marked    found reachable, or allocated during this cycle;
 *   garbage   unreachable at the end of the previous cycle.
 * A cycle starts right after a minor collection, when no young block
 * exists: the colours rotate (marked -> unmarked, unmarked -> garbage) and
 * the roots are darkened.  Marking then proceeds in slices: a marked
 * block's fields are darkened (unmarked -> marked, pushed on the mark
 * stack).  Sweeping, also in slices and lazily on allocation, frees the
 * garbage slots of the previous cycle.  The cycle ends when both are done.
 * Marking is snapshot-at-the-beginning: everything reachable when the cycle
 * started gets marked, because mc_modify darkens the values it overwrites
 * while marking is on, and blocks allocated or promoted during the cycle
 * are born marked.  No pass ever has to reset colours, and the header
 * layout is the one a concurrent marker needs (a mark is one
 * compare-and-swap on the colour bits).
 *
 * The end of marking handles weak structures, in order: ephemerons whose
 * keys are all marked get their data marked (repeated to a fixpoint);
 * Gc.finalise values found unmarked are queued and resurrected (marked),
 * and marking resumes; then dead ephemeron keys are cleared and
 * Gc.finalise_last functions queued.
 *
 * Pacing: each slice does work proportional to the words allocated in the
 * major heap since the previous slice, so that a cycle completes before
 * the heap grows beyond live * (1 + space_overhead/100).  Sweeping done
 * by allocation (to find free slots) counts as work done.  Budget left
 * when a cycle ends goes to the next cycle in the same slice.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "gc.h"
#include "gc_internal.h"
#include "fiber.h"
#include "domain_internal.h"

#define POOL_BYTES ((size_t)1 << 15)
#define POOL_WSIZE (POOL_BYTES / sizeof(value))
#define MAX_SMALL_WHSIZE 128
#define FREE_POOLS_KEPT 16

/* Slot sizes (header included) of the size classes: exact up to 18 words,
 * then steps of at most 1/8, so that rounding wastes little. */
static const uint16_t class_whsize[] = {2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14,
                                        15, 16, 17, 18, 20, 22, 24, 26, 28, 30, 32, 36, 40,
                                        44, 48, 52, 56, 64, 72, 80, 88, 96, 112, 128};
#define NUM_CLASSES ((int)(sizeof class_whsize / sizeof class_whsize[0]))

/* A pool's slots are, in address order: slots used at least once since the
 * pool was given its size class (live, garbage, or free and on free_list),
 * then the fresh tail from `fresh` on, never used, not on the free list and
 * not initialised (a reused pool holds stale words there).  Only the used
 * part is swept or walked, so a pool's pages are touched as it fills up. */
struct mc_pool {
  struct mc_pool *next;
  value *free_list;       /* first free used slot (its header word), or NULL */
  value *fresh;           /* first slot of the fresh tail */
  mc_domain *owner;
  uint32_t free_slots;    /* free used slots + fresh slots */
  uint16_t sizeclass;
  uint16_t whsize;
};
#define POOL_HEADER_WORDS ((sizeof(struct mc_pool) + sizeof(value) - 1) / sizeof(value))

static inline value *pool_first_slot(struct mc_pool *p) { return (value *)p + POOL_HEADER_WORDS; }
static inline uint32_t pool_nslots(unsigned whsize) {
  return (uint32_t)((POOL_WSIZE - POOL_HEADER_WORDS) / whsize);
}
/* The number of used slots (those before the fresh tail). */
static inline uint32_t pool_nused(struct mc_pool *p) {
  return (uint32_t)((p->fresh - pool_first_slot(p)) / p->whsize);
}

struct mc_large {
  struct mc_large *next;
  size_t whsize;
  /* followed by the block's header and fields */
};
#define LARGE_NODE_WORDS ((sizeof(struct mc_large) + sizeof(value) - 1) / sizeof(value))
static inline value large_block(struct mc_large *l) {
  return (value)((value *)l + LARGE_NODE_WORDS + 1);
}

/* A domain's share of the heap.  Owner domain only. */
struct mc_heap {
  struct mc_pool *avail[NUM_CLASSES];    /* swept this cycle, with free slots */
  struct mc_pool *full[NUM_CLASSES];     /* swept this cycle, no free slot */
  struct mc_pool *unswept[NUM_CLASSES];  /* not yet swept this cycle */
  struct mc_large *large;                /* swept this cycle */
  struct mc_large *unswept_large;
  intptr_t pool_words, large_words;      /* words held (pools counted whole) */
  intptr_t live_words, live_blocks;      /* allocated and not yet swept (with headers) */
  intptr_t swept_on_alloc;               /* sweeping done by allocation, not yet
                                          * deducted from a slice's work */
};

/* A domain's marking work.  Owner domain only. */
struct mark_entry {
  value block;
  mlsize_t next;  /* next field to scan */
};
struct mc_mark {
  struct mark_entry *stack;
  size_t len, cap;
  bool roots_done;    /* this domain's roots were darkened for the current cycle */
};

/* ---- Verbose messages ---- */

void mc_gc_message(mc_runtime *rt, uvalue level, const char *fmt, ...) {
  if ((gc_param(rt->gc, verbose) & level) == 0) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fflush(stderr);
}

void mc_valvec_push(struct mc_valvec *v, value x) {
  if (v->len == v->cap) {
    v->cap = v->cap ? 2 * v->cap : 64;
    v->base = mc_xrealloc(v->base, v->cap * sizeof(value));
  }
  v->base[v->len++] = x;
}

/* ---- Pools ---- */

/* Pools per chunk, and the bytes of a chunk (one pool more, for alignment). */
#define CHUNK_POOLS 32
#define CHUNK_BYTES ((CHUNK_POOLS + 1) * POOL_BYTES)

static size_t page_bytes = 4096;

/* The first pool of a chunk, and the end of its last one. */
static inline char *chunk_first(void *mem) {
  return (char *)(((uintptr_t)mem + POOL_BYTES - 1) & ~(uintptr_t)(POOL_BYTES - 1));
}
static inline char *chunk_limit(void *mem) {
  return (char *)(((uintptr_t)mem + CHUNK_BYTES) & ~(uintptr_t)(POOL_BYTES - 1));
}

/* A pool never used yet, from the newest chunk or a new one.  pool_lock held. */
static struct mc_pool *chunk_take(struct mc_gc_shared *g) {
  if (g->chunk_next == g->chunk_end) {
    if (g->nchunks == g->chunks_cap) {
      size_t cap = g->chunks_cap ? 2 * g->chunks_cap : 16;
      void **a = realloc(g->chunks, cap * sizeof(void *));
      if (a == NULL) return NULL;
      g->chunks = a;
      g->chunks_cap = cap;
    }
    void *mem = malloc(CHUNK_BYTES);
    if (mem == NULL) return NULL;
    g->chunks[g->nchunks++] = mem;
    g->chunk_next = chunk_first(mem);
    g->chunk_end = chunk_limit(mem);
  }
  struct mc_pool *p = (struct mc_pool *)g->chunk_next;
  g->chunk_next += POOL_BYTES;
  return p;
}

/* Give the pages of a free pool back to the system, but its first one
 * (which holds the list link). */
static void pool_make_cold(struct mc_pool *p) {
  if (page_bytes < POOL_BYTES) madvise((char *)p + page_bytes, POOL_BYTES - page_bytes, MADV_DONTNEED);
}

static struct mc_pool *pool_new(mc_domain *d, int cls) {
  mc_runtime *rt = d->rt;
  struct mc_gc_shared *g = rt->gc;
  struct mc_pool *p = NULL;
  pthread_mutex_lock(&g->pool_lock);
  if (g->free_pools != NULL) {
    p = g->free_pools;
    g->free_pools = p->next;
    g->nfree_pools--;
  } else if (g->cold_pools != NULL) {
    p = g->cold_pools;
    g->cold_pools = p->next;
    g->ncold_pools--;
  } else {
    p = chunk_take(g);
  }
  pthread_mutex_unlock(&g->pool_lock);
  if (p == NULL) return NULL;
  unsigned whsize = class_whsize[cls];
  uint32_t n = pool_nslots(whsize);
  p->owner = d;
  p->sizeclass = (uint16_t)cls;
  p->whsize = (uint16_t)whsize;
  p->free_slots = n;
  p->free_list = NULL;
  p->fresh = pool_first_slot(p);  /* every slot fresh: no page touched yet */
  d->heap->pool_words += (intptr_t)POOL_WSIZE;
  atomic_fetch_add_explicit(&g->heap_words, (intptr_t)POOL_WSIZE, memory_order_relaxed);
  atomic_fetch_add_explicit(&g->pool_count, 1, memory_order_relaxed);
  intptr_t hw = atomic_load_explicit(&g->heap_words, memory_order_relaxed);
  if (hw > atomic_load_explicit(&g->top_heap_words, memory_order_relaxed))
    atomic_store_explicit(&g->top_heap_words, hw, memory_order_relaxed);
  return p;
}

static void pool_release(mc_domain *d, struct mc_pool *p) {
  struct mc_gc_shared *g = d->rt->gc;
  d->heap->pool_words -= (intptr_t)POOL_WSIZE;
  atomic_fetch_sub_explicit(&g->heap_words, (intptr_t)POOL_WSIZE, memory_order_relaxed);
  atomic_fetch_sub_explicit(&g->pool_count, 1, memory_order_relaxed);
  /* Keep the pages of as many free pools as a quarter of the pools in use
   * (at least FREE_POOLS_KEPT): a heap that churns reuses them without
   * page faults, a heap that shrinks gives the rest back. */
  size_t keep = (size_t)atomic_load_explicit(&g->pool_count, memory_order_relaxed) / 4;
  if (keep < FREE_POOLS_KEPT) keep = FREE_POOLS_KEPT;
  pthread_mutex_lock(&g->pool_lock);
  if (g->nfree_pools < keep) {
    p->next = g->free_pools;
    g->free_pools = p;
    g->nfree_pools++;
    pthread_mutex_unlock(&g->pool_lock);
    return;
  }
  pthread_mutex_unlock(&g->pool_lock);
  /* The pages go before the pool is listed: nobody else can use it yet. */
  pool_make_cold(p);
  pthread_mutex_lock(&g->pool_lock);
  p->next = g->cold_pools;
  g->cold_pools = p;
  g->ncold_pools++;
  pthread_mutex_unlock(&g->pool_lock);
}

/* Release what a dying block owns outside the heap: a custom block's
 * finaliser, a continuation's stacks. */
static inline void finalise_dead(mc_domain *d, value v) {
  tag_t tag = tag_val(v);
  if (tag == CUSTOM_TAG) {
    const struct mc_custom_ops *ops = custom_ops_val(v);
    if (ops->finalize != NULL) ops->finalize(v);
  } else if (tag == CONT_TAG) {
    mc_cont_free_stacks(d, v);
  }
}

/* Sweep one pool: free its garbage slots and rebuild its free list.
 * Returns the number of words of work done. */
static intptr_t pool_sweep(mc_domain *d, struct mc_pool *p) {
  header_t garbage = d->rt->gc->colors.garbage;
  unsigned whsize = p->whsize;
  uint32_t n = pool_nused(p);
  value *slot = pool_first_slot(p);
  /* Slots already free stay on the free list as they are; freed ones are
   * pushed in front (only they are written). */
  value *free_list = p->free_list;
  uint32_t nfree = p->free_slots;
  intptr_t freed_words = 0, freed_blocks = 0;
  for (uint32_t i = 0; i < n; i++, slot += whsize) {
    /* Other domains may be marking live blocks here: read atomically. */
    header_t hd = __atomic_load_n((header_t *)slot, __ATOMIC_RELAXED);
    if (hd != 0 && hd_color(hd) == garbage) {
      finalise_dead(d, (value)(slot + 1));
      freed_words += (intptr_t)whsize_wosize(hd_wosize(hd));
      freed_blocks++;
      slot[0] = 0;
      slot[1] = (value)free_list;
      free_list = slot;
      nfree++;
    }
  }
  p->free_list = free_list;
  p->free_slots = nfree;
  d->heap->live_words -= freed_words;
  d->heap->live_blocks -= freed_blocks;
  return (intptr_t)(n * whsize);
}

/* Sweep the next unswept pool of class cls; returns false if none. */
static bool sweep_one_pool(mc_domain *d, int cls, intptr_t *work) {
  struct mc_heap *h = d->heap;
  struct mc_pool *p = h->unswept[cls];
  if (p == NULL) return false;
  h->unswept[cls] = p->next;
  *work += pool_sweep(d, p);
  uint32_t n = pool_nslots(p->whsize);
  if (p->free_slots == n) {
    pool_release(d, p);
  } else if (p->free_slots == 0) {
    p->next = h->full[cls];
    h->full[cls] = p;
  } else {
    p->next = h->avail[cls];
    h->avail[cls] = p;
  }
  return true;
}

static bool sweep_one_large(mc_domain *d, intptr_t *work) {
  struct mc_heap *h = d->heap;
  struct mc_large *l = h->unswept_large;
  if (l == NULL) return false;
  h->unswept_large = l->next;
  value v = large_block(l);
  *work += 4;
  if (hd_color(hd_load(v)) == d->rt->gc->colors.garbage) {
    finalise_dead(d, v);
    h->large_words -= (intptr_t)l->whsize;
    h->live_words -= (intptr_t)l->whsize;
    h->live_blocks--;
    atomic_fetch_sub_explicit(&d->rt->gc->heap_words, (intptr_t)l->whsize, memory_order_relaxed);
    atomic_fetch_sub_explicit(&d->rt->gc->large_count, 1, memory_order_relaxed);
    free(l);
  } else {
    l->next = h->large;
    h->large = l;
  }
  return true;
}

static bool sweep_done(mc_domain *d) {
  struct mc_heap *h = d->heap;
  if (h->unswept_large != NULL) return false;
  for (int c = 0; c < NUM_CLASSES; c++)
    if (h->unswept[c] != NULL) return false;
  return true;
}

/* Sweep until `budget` words of work are done or nothing is left. */
static intptr_t sweep_slice(mc_domain *d, intptr_t budget) {
  intptr_t work = 0;
  for (int c = 0; c < NUM_CLASSES && work < budget; c++)
    while (work < budget && sweep_one_pool(d, c, &work)) {
    }
  while (work < budget && sweep_one_large(d, &work)) {
  }
  return work;
}

/* A slice works in steps of SLICE_STEP words.  After each step it stops
 * early if another domain has asked for a stop-the-world section: that
 * domain is waiting, and would otherwise wait for the whole slice (a
 * slice after a big allocation can be millions of words).  What is left
 * of the budget becomes the domain's major_debt. */
#define SLICE_STEP 8192

static inline bool stw_waiting(mc_domain *d) {
  return atomic_load_explicit(&d->stw_requested, memory_order_relaxed) != 0;
}

/* sweep_slice in steps, stopping early for a waiting section. */
static intptr_t sweep_steps(mc_domain *d, intptr_t budget) {
  intptr_t work = 0;
  while (work < budget) {
    intptr_t step = budget - work < SLICE_STEP ? budget - work : SLICE_STEP;
    intptr_t w = sweep_slice(d, step);
    work += w;
    if (w < step || stw_waiting(d)) break;
  }
  return work;
}

/* ---- Allocation ---- */

static value alloc_large(mc_domain *d, mlsize_t wosize, tag_t tag) {
  size_t whsize = whsize_wosize(wosize);
  if (whsize > (SIZE_MAX / sizeof(value)) - LARGE_NODE_WORDS - 1) return 0;
  struct mc_large *l = malloc((LARGE_NODE_WORDS + whsize) * sizeof(value));
  if (l == NULL) return 0;
  l->whsize = whsize;
  l->next = d->heap->large;
  d->heap->large = l;
  d->heap->large_words += (intptr_t)whsize;
  d->heap->live_words += (intptr_t)whsize;
  d->heap->live_blocks++;
  struct mc_gc_shared *g = d->rt->gc;
  atomic_fetch_add_explicit(&g->heap_words, (intptr_t)whsize, memory_order_relaxed);
  atomic_fetch_add_explicit(&g->large_count, 1, memory_order_relaxed);
  intptr_t hw = atomic_load_explicit(&g->heap_words, memory_order_relaxed);
  if (hw > atomic_load_explicit(&g->top_heap_words, memory_order_relaxed))
    atomic_store_explicit(&g->top_heap_words, hw, memory_order_relaxed);
  value v = large_block(l);
  hd_val(v) = make_header(wosize, tag, g->colors.marked);
  return v;
}

value mc_major_alloc(mc_domain *d, mlsize_t wosize, tag_t tag) {
  mc_runtime *rt = d->rt;
  size_t whsize = whsize_wosize(wosize);
  d->stats.major_words += (double)whsize;
  d->alloc_since_slice += (double)whsize;
  if (whsize > MAX_SMALL_WHSIZE) {
    value v = alloc_large(d, wosize, tag);
    /* Ask for a slice soon if large allocations outpace the minor GC. */
    if (d->alloc_since_slice > (double)(d->young_end - d->young_start)) mc_request_major_slice(d);
    return v;
  }
  int cls = rt->gc->sizeclass_of_whsize[whsize];
  struct mc_heap *h = d->heap;
  struct mc_pool *p = h->avail[cls];
  if (p == NULL) {
    intptr_t work = 0;
    while (h->avail[cls] == NULL && sweep_one_pool(d, cls, &work)) {
    }
    h->swept_on_alloc += work;  /* done for the collector: the next slice owes less */
    p = h->avail[cls];
    if (p == NULL) {
      p = pool_new(d, cls);
      if (p == NULL) return 0;
      p->next = NULL;
      h->avail[cls] = p;
    }
  }
  value *slot = p->free_list;
  if (slot != NULL) {
    p->free_list = (value *)slot[1];
  } else {
    slot = p->fresh;  /* free_slots > 0 and no free used slot: one is fresh */
    p->fresh = slot + p->whsize;
  }
  if (--p->free_slots == 0) {
    h->avail[cls] = p->next;
    p->next = h->full[cls];
    h->full[cls] = p;
  }
  slot[0] = (value)make_header(wosize, tag, rt->gc->colors.marked);
  h->live_words += (intptr_t)whsize;
  h->live_blocks++;
  return (value)(slot + 1);
}

/* ---- Marking ---- */

static __attribute__((noinline)) void mark_grow(mc_domain *d, struct mc_mark *m) {
  m->cap = m->cap ? 2 * m->cap : 4096;
  m->stack = mc_xrealloc(m->stack, m->cap * sizeof(struct mark_entry));
  _Atomic(intptr_t) *peak = &d->rt->gc->mark_stack_peak;
  intptr_t seen = atomic_load_explicit(peak, memory_order_relaxed);
  while (seen < (intptr_t)m->cap &&
         !atomic_compare_exchange_weak_explicit(peak, &seen, (intptr_t)m->cap,
                                                memory_order_relaxed, memory_order_relaxed)) {
  }
}

static inline void mark_push(mc_domain *d, value v, mlsize_t from) {
  struct mc_mark *m = d->mark;
  if (__builtin_expect(m->len == m->cap, 0)) mark_grow(d, m);
  if (m->len == 0) atomic_store_explicit(&d->mark_nonempty, 1, memory_order_relaxed);
  m->stack[m->len].block = v;
  m->stack[m->len].next = from;
  m->len++;
}

/* What darkening needs, read once per batch of work (the acquire loads of
 * fields would otherwise make the compiler reload it for every field). */
struct mark_env {
  uvalue young_lo, young_span;
  header_t unmarked, marked;
  bool alone;  /* a single domain: nobody else marks or changes headers now */
};

static inline void mark_env_init(mc_domain *d, struct mark_env *e) {
  struct mc_gc_shared *g = d->rt->gc;
  e->young_lo = g->young_lo;
  e->young_span = g->young_hi - g->young_lo;
  e->unmarked = g->colors.unmarked;
  e->marked = g->colors.marked;
  /* Other domains are created by running ones, never during a slice of
   * the only one. */
  e->alone = atomic_load_explicit(&d->rt->ndomains_live, memory_order_acquire) == 1;
}

/* Mark a major block if unmarked, and queue its fields for scanning on
 * d's mark stack.  Several domains may darken the same block at once:
 * the colour changes by compare-and-swap, so exactly one of them queues
 * it.  Tag changes (lazy values, let-rec dummies) also use CAS on the
 * header, so no update is lost.  A domain alone needs no CAS. */
static inline void darken_with(mc_domain *d, const struct mark_env *e, value v) {
  header_t *hp = hp_val(v);
  header_t hd = __atomic_load_n(hp, __ATOMIC_RELAXED);
  if (hd_tag(hd) == INFIX_TAG) {
    v -= (value)infix_offset_hd(hd);
    hp = hp_val(v);
    hd = __atomic_load_n(hp, __ATOMIC_RELAXED);
  }
  if (hd_color(hd) != e->unmarked) return;
  if (e->alone) {
    __atomic_store_n(hp, hd_with_color(hd, e->marked), __ATOMIC_RELAXED);
  } else {
    while (!__atomic_compare_exchange_n(hp, &hd, hd_with_color(hd, e->marked), true,
                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
      if (hd_color(hd) != e->unmarked) return;
    }
  }
  tag_t tag = hd_tag(hd);
  if (tag < NO_SCAN_TAG) {
    mlsize_t start = (tag == CLOSURE_TAG) ? closinfo_startenv(closinfo_val(v)) : 0;
    if (start < hd_wosize(hd)) mark_push(d, v, start);
  }
}

static inline void darken_block(mc_domain *d, value v) {
  struct mark_env e;
  mark_env_init(d, &e);
  darken_with(d, &e, v);
}

void mc_darken(mc_domain *d, value v) {
  if (is_block(v) && !gc_is_young(d->rt, v)) darken_block(d, v);
}

bool mc_mark_is_marked(mc_domain *d, value v) {
  if (!is_block(v) || gc_is_young(d->rt, v)) return true;
  header_t hd = __atomic_load_n(hp_val(v), __ATOMIC_RELAXED);
  if (hd_tag(hd) == INFIX_TAG)
    hd = __atomic_load_n(hp_val(v - (value)infix_offset_hd(hd)), __ATOMIC_RELAXED);
  return hd_color(hd) != d->rt->gc->colors.unmarked;
}

bool mc_is_unmarked_major(mc_domain *d, value v) { return !mc_mark_is_marked(d, v); }

static void darken_root(mc_domain *d, value *p, void *ctx) {
  (void)ctx;
  mc_darken(d, *p);
}

/* Roots enumerated for another domain: darken onto the worker's stack. */
static void darken_root_for(mc_domain *owner, value *p, void *ctx) {
  (void)owner;
  mc_darken(ctx, *p);
}

void mc_darken_stack(mc_domain *d, struct mc_stack *s) {
  for (value *p = s->sp; p < s->high; p++) mc_darken(d, *p);
  mc_darken(d, s->handle_value);
  mc_darken(d, s->handle_exn);
  mc_darken(d, s->handle_effect);
}

#define MARK_RING 16 /* a power of two */

/* Scan fields from src's mark stack (d does the work and takes the new
 * entries) until `budget` words are done.  Fields are read with acquire
 * loads: other domains may be writing them. */
static intptr_t mark_from(mc_domain *d, mc_domain *src, intptr_t budget) {
  struct mc_mark *m = src->mark;
  struct mark_env env;
  mark_env_init(d, &env);
  intptr_t work = 0;
  /* Children to darken wait in a small ring after a prefetch of their
   * header, so that the cache misses of a large heap overlap instead of
   * stalling one after the other. */
  value ring[MARK_RING];
  unsigned rhead = 0, rlen = 0;
#define RING_DARKEN_OLDEST()                          \
  do {                                                \
    darken_with(d, &env, ring[rhead]);                \
    rhead = (rhead + 1) & (MARK_RING - 1);            \
    rlen--;                                           \
  } while (0)
  while (work < budget) {
    if (m->len == 0) {
      if (rlen == 0) break;
      RING_DARKEN_OLDEST();  /* may push more to scan */
      continue;
    }
    struct mark_entry *e = &m->stack[m->len - 1];
    value v = e->block;
    if (tag_val(v) == CONT_TAG) {
      /* A continuation: mark what its suspended stacks hold. */
      m->len--;
      mc_cont_scan(d, v, darken_root, NULL);
      work += 16;
      continue;
    }
    mlsize_t n = wosize_val(v);
    mlsize_t first = e->next;
    /* A block may have become a closure since it was pushed (let rec
     * dummies are updated in place): never scan its code pointers. */
    if (tag_val(v) == CLOSURE_TAG) {
      mlsize_t start = closinfo_startenv(closinfo_val(v));
      if (first < start) first = start;
    }
    if (first > n) first = n;
    mlsize_t stop = n;
    if (stop - first > 1024) stop = first + 1024;  /* big blocks in pieces */
    if (stop == n) m->len--;
    else e->next = stop;
    /* darken_block may grow (move) the mark stack: e is dead from here. */
    for (mlsize_t i = first; i < stop; i++) {
      value f = __atomic_load_n(&field(v, i), __ATOMIC_ACQUIRE);
      if (is_block(f) && (uvalue)f - env.young_lo >= env.young_span) {
        __builtin_prefetch(hp_val(f), 1);
        if (rlen == MARK_RING) RING_DARKEN_OLDEST();
        ring[(rhead + rlen) & (MARK_RING - 1)] = f;
        rlen++;
      }
    }
    work += (intptr_t)(stop - first) + 1;
  }
  while (rlen > 0) RING_DARKEN_OLDEST();
#undef RING_DARKEN_OLDEST
  if (d->mark->len == 0) atomic_store_explicit(&d->mark_nonempty, 0, memory_order_relaxed);
  if (src->mark->len == 0) atomic_store_explicit(&src->mark_nonempty, 0, memory_order_relaxed);
  return work;
}

static intptr_t mark_slice(mc_domain *d, intptr_t budget) {
  intptr_t work = 0;
  while (work < budget && d->mark->len > 0) {
    intptr_t step = budget - work < SLICE_STEP ? budget - work : SLICE_STEP;
    work += mark_from(d, d, step);
    if (stw_waiting(d)) break;
  }
  return work;
}

/* ---- Cycles ----
 * The phase and the colours change only inside stop-the-world sections;
 * between them every domain marks its own stack and sweeps its own pools
 * concurrently with the others. */

/* Drain every domain's mark stack (leader, inside a section). */
static void drain_all_marking(mc_domain *d) {
  mc_runtime *rt = d->rt;
  bool again = true;
  while (again) {
    again = false;
    FOR_EACH_DOMAIN(rt, o) {
      if (o->mark->len > 0) {
        mark_from(d, o, INTPTR_MAX / 2);
        again = true;
      }
    }
  }
}

/* Leader, inside a section: finish marking of the whole heap, with the
 * weak passes in order: ephemerons whose keys are marked get their data
 * marked (to a fixpoint); Gc.finalise values found unmarked are queued
 * and resurrected, and marking resumes; then dead ephemeron keys are
 * cleared and Gc.finalise_last functions queued. */
static void finish_marking(mc_domain *d) {
  mc_runtime *rt = d->rt;
  struct mc_gc_shared *g = rt->gc;
  for (;;) {
    drain_all_marking(d);
    bool more = false;
    FOR_EACH_DOMAIN(rt, o) more |= mc_ephe_mark_pass(d, o);
    if (more) continue;
    if (g->phase == PHASE_MARK) {
      g->phase = PHASE_MARK_FINAL;
      FOR_EACH_DOMAIN(rt, o) more |= mc_final_first_pass(d, o);
      if (more) continue;
    }
    break;
  }
  FOR_EACH_DOMAIN(rt, o) {
    mc_ephe_clean_all(d, o);
    mc_final_last_pass(d, o);
  }
  g->phase = PHASE_SWEEP_ONLY;
}

/* Move every pool and large block of o to its unswept lists. */
static void reset_sweep(mc_domain *o) {
  struct mc_heap *h = o->heap;
  h->swept_on_alloc = 0;  /* credit of the cycle that ended */
  for (int cls = 0; cls < NUM_CLASSES; cls++) {
    struct mc_pool *lists[2] = {h->avail[cls], h->full[cls]};
    for (int k = 0; k < 2; k++) {
      struct mc_pool *p = lists[k];
      while (p != NULL) {
        struct mc_pool *next = p->next;
        p->next = h->unswept[cls];
        h->unswept[cls] = p;
        p = next;
      }
    }
    h->avail[cls] = h->full[cls] = NULL;
  }
  while (h->large != NULL) {
    struct mc_large *l = h->large;
    h->large = l->next;
    l->next = h->unswept_large;
    h->unswept_large = l;
  }
  atomic_store_explicit(&o->sweep_pending, 1, memory_order_relaxed);
}

struct boundary_args {
  bool force;  /* finish the current cycle even if not due */
};

/* A cycle boundary, run by all domains in one section: empty the minor
 * heaps; the leader completes marking and sweeping (the part of blocked
 * domains, or everything when forced), closes the cycle and rotates the
 * colours; then every domain resets its sweep and darkens its roots for
 * the new cycle (the leader also for the global roots and for blocked
 * domains). */
static void stw_cycle_boundary(mc_domain *d, void *arg, bool leader) {
  struct boundary_args *a = arg;
  mc_runtime *rt = d->rt;
  struct mc_gc_shared *g = rt->gc;
  /* Two domains may ask for the same boundary at once: the second section
   * finds the next cycle already marking and does nothing (closing that
   * cycle now would mark and sweep the whole heap inside the section).
   * Everybody decides (reading the leader's arguments and the phase)
   * before the barrier, so before the leader can change the phase or end
   * the section. */
  bool skip = !a->force && gc_marking(rt);
  mc_stw_barrier(d);
  if (skip) return;
  mc_stw_minor_collection(d, leader);
  if (leader) {
    if (g->phase != PHASE_IDLE) {
      if (gc_marking(rt)) finish_marking(d);
      FOR_EACH_DOMAIN(rt, o) {
        sweep_slice(o, INTPTR_MAX / 2);
        atomic_store_explicit(&o->sweep_pending, 0, memory_order_relaxed);
      }
      g->cycles_completed++;
      d->stats.major_collections++;
      mc_gc_message(rt, 0x01, "Completed major GC cycle\n");
    }
    struct mc_colors c = g->colors;
    g->colors.unmarked = c.marked;
    g->colors.garbage = c.unmarked;
    g->colors.marked = c.garbage;
    g->phase = PHASE_MARK;
    mc_gc_message(rt, 0x01, "Starting new major GC cycle\n");
  }
  mc_stw_barrier(d);
  reset_sweep(d);
  mc_scan_roots(d, darken_root, NULL, false);
  if (leader) {
    mc_scan_global_roots(d, darken_root, NULL);
    FOR_EACH_DOMAIN(rt, o) {
      if (o->stw_participant) continue;
      reset_sweep(o);
      mc_scan_roots(o, darken_root_for, d, false);
    }
  }
  d->alloc_since_slice = 0;
}

/* arg: the number of cycles completed when the end of marking was asked
 * for; if a boundary came in between, the marking is a new cycle's. */
static void stw_end_marking(mc_domain *d, void *arg, bool leader) {
  if (leader && gc_marking(d->rt) && d->rt->gc->cycles_completed == *(intptr_t *)arg)
    finish_marking(d);
}

static void stw_sweep_all(mc_domain *d, void *arg, bool leader) {
  (void)arg;
  if (!leader) return;
  FOR_EACH_DOMAIN(d->rt, o) sweep_slice(o, INTPTR_MAX / 2);
}

static void major_slice(mc_domain *d, intptr_t work);

/* Is any other running domain still marking (or sweeping)? */
static bool others_busy(mc_domain *d, bool marking) {
  mc_runtime *rt = d->rt;
  bool busy = false;
  pthread_mutex_lock(&rt->stw.lock);
  FOR_EACH_DOMAIN(rt, o) {
    if (o == d || o->status != DOMAIN_RUNNING) continue;
    if (marking ? atomic_load_explicit(&o->mark_nonempty, memory_order_relaxed)
                : atomic_load_explicit(&o->sweep_pending, memory_order_relaxed))
      busy = true;
  }
  pthread_mutex_unlock(&rt->stw.lock);
  return busy;
}

void mc_major_slice(mc_domain *d, intptr_t work) {
  uint64_t t0 = mc_now_ns();
  major_slice(d, work);
  mc_pause_record(&d->pauses, PAUSE_MAJOR_SLICE, mc_now_ns() - t0);
}

static void major_slice(mc_domain *d, intptr_t work) {
  mc_runtime *rt = d->rt;
  struct mc_gc_shared *g = rt->gc;
  intptr_t budget = work;
  if (work <= 0) {
    /* Work per allocated word that finishes a cycle (mark the live set and
     * sweep the heap) while the heap grows by space_overhead percent: a
     * cycle's work is about live + heap = live * (2 + o/100), spread over
     * the o/100 * live words allocated meanwhile, so (200 + o) / o per
     * word; times 1.5, because not all of the free space is available to
     * allocation (stock's model counts 2/3 of it, the same factor 1.5;
     * measured on the benchmarks, it keeps the peak heaps at or near
     * stock's). */
    uvalue so = gc_param(g, space_overhead);
    double o = so ? (double)so : 1.0;
    budget = (intptr_t)(d->alloc_since_slice * 1.5 * (200.0 + o) / o) + 256;
    /* Sweeping that allocation did (lazily, to find free slots) is part
     * of that work, and was done in this pause: it is deducted, but from
     * half of the budget at most, the rest carried to the next slices.
     * Deducted from the whole budget, it starved marking right after a
     * cycle boundary (when promotion sweeps a lot) for dozens of slices,
     * while the write barrier's mark stack grew by hundreds of thousands
     * of entries. */
    struct mc_heap *h = d->heap;
    intptr_t credit = h->swept_on_alloc < budget / 2 ? h->swept_on_alloc : budget / 2;
    h->swept_on_alloc -= credit;
    budget -= credit;
  }
  budget += d->major_debt;
  d->major_debt = 0;
  d->alloc_since_slice = 0;
  d->request_major_slice = false;
  if (g->phase == PHASE_IDLE) {
    struct boundary_args args = {false};
    mc_stw_run(d, PAUSE_STW, stw_cycle_boundary, &args);
  }
  /* Mark, then sweep.  A cycle that ends while budget remains is followed
   * by the next one in the same slice (once): the budget of a big block
   * allocated directly in the major heap (a large array) then also pays
   * for the cycle that frees the previous big block, instead of the heap
   * holding one more of them until the next slice. */
  intptr_t done = 0, swept = 0, marked = 0;
  int boundaries = 0;
  for (;;) {
    if (done < budget && gc_marking(rt)) {
      intptr_t w = mark_slice(d, budget - done);
      marked += w;
      done += w;
      if (stw_waiting(d)) break;
      if (d->mark->len == 0 && !others_busy(d, true)) {
        intptr_t cycle = g->cycles_completed;
        mc_stw_run(d, PAUSE_STW, stw_end_marking, &cycle);
      }
    }
    if (done < budget) {
      intptr_t w = sweep_steps(d, budget - done);
      swept += w;
      done += w;
      if (stw_waiting(d)) break;
    }
    if (!sweep_done(d)) break;
    atomic_store_explicit(&d->sweep_pending, 0, memory_order_relaxed);
    if (g->phase != PHASE_SWEEP_ONLY || others_busy(d, false)) break;
    struct boundary_args args = {false};
    mc_stw_run(d, PAUSE_STW, stw_cycle_boundary, &args);
    if (++boundaries > 1 || done >= budget) break;
  }
  if (done < budget && stw_waiting(d)) {
    /* Interrupted: carry the rest over, and go on right after the section. */
    d->major_debt = budget - done;
    d->request_major_slice = true;
  }
  mc_gc_message(rt, 0x40, "Major slice: budget %ld, swept %ld, marked %ld, heap %ld words\n",
                (long)budget, (long)swept, (long)marked,
                (long)atomic_load_explicit(&g->heap_words, memory_order_relaxed));
}

void mc_finish_major_cycle(mc_domain *d) {
  struct boundary_args args = {true};
  mc_stw_run(d, PAUSE_STW, stw_cycle_boundary, &args);
}

void mc_full_major(mc_domain *d) {
  /* The current cycle may have started before some blocks became
   * unreachable; the next two cycles find and free them all. */
  for (int i = 0; i < 3; i++) mc_finish_major_cycle(d);
  mc_stw_run(d, PAUSE_STW, stw_sweep_all, NULL);
  d->stats.forced_major_collections++;
}

static int cmp_addr(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;
  return x < y ? -1 : x > y;
}

/* Gc.compact: free the chunks all of whose pools are free; the other free
 * pools give their pages back. */
static void release_free_chunks(struct mc_gc_shared *g) {
  pthread_mutex_lock(&g->pool_lock);
  size_t n = g->nfree_pools + g->ncold_pools, k = 0;
  void **fp = malloc((n ? n : 1) * sizeof(void *));
  if (fp == NULL) {
    pthread_mutex_unlock(&g->pool_lock);
    return;
  }
  struct mc_pool *lists[2] = {g->free_pools, g->cold_pools};
  for (int i = 0; i < 2; i++)
    for (struct mc_pool *p = lists[i]; p != NULL; p = p->next) fp[k++] = p;
  qsort(fp, k, sizeof(void *), cmp_addr);
  qsort(g->chunks, g->nchunks, sizeof(void *), cmp_addr);
  g->free_pools = g->cold_pools = NULL;
  g->nfree_pools = g->ncold_pools = 0;
  size_t j = 0, kept = 0;
  for (size_t c = 0; c < g->nchunks; c++) {
    char *lo = chunk_first(g->chunks[c]), *hi = chunk_limit(g->chunks[c]);
    bool current = g->chunk_next >= lo && g->chunk_next < hi;
    while (j < k && (char *)fp[j] < lo) j++;  /* (every free pool is in some chunk) */
    size_t start = j;
    while (j < k && (char *)fp[j] < hi) j++;
    size_t used = (size_t)((current ? g->chunk_next : hi) - lo) / POOL_BYTES;
    if (j - start == used) {
      if (current) g->chunk_next = g->chunk_end = NULL;
      free(g->chunks[c]);
      continue;
    }
    for (size_t i = start; i < j; i++) {
      struct mc_pool *p = fp[i];
      pool_make_cold(p);
      p->next = g->cold_pools;
      g->cold_pools = p;
      g->ncold_pools++;
    }
    g->chunks[kept++] = g->chunks[c];
  }
  g->nchunks = kept;
  pthread_mutex_unlock(&g->pool_lock);
  free(fp);
}

void mc_compact(mc_domain *d) {
  mc_full_major(d);
  release_free_chunks(d->rt->gc);
  d->stats.compactions++;
}

/* ---- Minor collection entry points ---- */

void mc_minor_collection(mc_domain *d) {
  mc_empty_minor_heap(d);
  mc_major_slice(d, 0);
}

void mc_request_minor_gc(mc_domain *d) {
  d->request_minor_gc = true;
  atomic_store_explicit(&d->young_limit, UINTPTR_MAX, memory_order_relaxed);
}

void mc_request_major_slice(mc_domain *d) {
  d->request_major_slice = true;
  atomic_store_explicit(&d->young_limit, UINTPTR_MAX, memory_order_relaxed);
}

/* The minor heap is full, or an action was requested: collect and service
 * GC requests, leaving room for at least one small block.  Runs no OCaml
 * code (signals and finalisers wait for the interpreter's next poll). */
void mc_alloc_slow_path(mc_domain *d) {
  mc_handle_gc_interrupt(d);
  bool need_minor = d->young_ptr - d->young_start < (ptrdiff_t)whsize_wosize(MAX_YOUNG_WOSIZE);
#if MC_GC_STRESS
  need_minor = true;
#endif
  if (need_minor) mc_minor_collection(d);
  mc_reset_young_limit(d);
}

void mc_reset_young_limit(mc_domain *d) {
  uvalue limit = (uvalue)d->young_start;
  if (atomic_load_explicit(&d->action_pending, memory_order_relaxed) ||
      atomic_load_explicit(&d->stw_requested, memory_order_relaxed) || d->request_minor_gc ||
      d->request_major_slice)
    limit = UINTPTR_MAX;
  atomic_store_explicit(&d->young_limit, limit, memory_order_relaxed);
}

/* Give the heap of a terminating domain to heir: pools, large blocks,
 * pending marking, ephemerons, finalisers.  Inside a section, after a
 * minor collection (nothing of `dying` is young any more). */
void mc_gc_adopt(mc_domain *heir, mc_domain *dying) {
  struct mc_heap *h = heir->heap, *x = dying->heap;
  for (int cls = 0; cls < NUM_CLASSES; cls++) {
    struct mc_pool **lists[3][2] = {{&h->avail[cls], &x->avail[cls]},
                                    {&h->full[cls], &x->full[cls]},
                                    {&h->unswept[cls], &x->unswept[cls]}};
    for (int k = 0; k < 3; k++) {
      struct mc_pool *p = *lists[k][1];
      while (p != NULL) {
        struct mc_pool *next = p->next;
        p->owner = heir;
        p->next = *lists[k][0];
        *lists[k][0] = p;
        p = next;
      }
      *lists[k][1] = NULL;
    }
  }
  struct mc_large **llists[2][2] = {{&h->large, &x->large}, {&h->unswept_large, &x->unswept_large}};
  for (int k = 0; k < 2; k++) {
    while (*llists[k][1] != NULL) {
      struct mc_large *l = *llists[k][1];
      *llists[k][1] = l->next;
      l->next = *llists[k][0];
      *llists[k][0] = l;
    }
  }
  h->pool_words += x->pool_words;
  h->large_words += x->large_words;
  h->live_words += x->live_words;
  h->live_blocks += x->live_blocks;
  x->pool_words = x->large_words = x->live_words = x->live_blocks = 0;
  if (atomic_load_explicit(&dying->sweep_pending, memory_order_relaxed))
    atomic_store_explicit(&heir->sweep_pending, 1, memory_order_relaxed);
  for (size_t i = 0; i < dying->mark->len; i++)
    mark_push(heir, dying->mark->stack[i].block, dying->mark->stack[i].next);
  dying->mark->len = 0;
  mc_ephe_adopt(heir, dying);
  mc_final_adopt(heir, dying);
  heir->stats.promoted_words += dying->stats.promoted_words;
  heir->stats.minor_words += dying->stats.minor_words;
  heir->stats.major_words += dying->stats.major_words;
}

/* ---- Counters for Gc.stat and Gc.quick_stat ----
 * Kept up to date by allocation and sweeping, so reading them is O(1).
 * "Live" counts blocks not yet swept, as stock's counters do. */

void mc_heap_census(mc_domain *d, struct mc_heap_census *out) {
  memset(out, 0, sizeof *out);
  struct mc_heap *h = d->heap;
  out->heap_words = h->pool_words + h->large_words;
  out->live_words = h->live_words;
  out->live_blocks = h->live_blocks;
  out->free_words = out->heap_words - h->live_words;
  if (out->free_words < 0) out->free_words = 0;
  out->free_blocks = 0;
  out->largest_free = 0;
  out->fragments = 0;
}

/* ---- Initialisation ---- */

void mc_gc_free(mc_runtime *rt) {
  struct mc_gc_shared *g = rt->gc;
  /* Every pool, free or not, is part of a chunk. */
  for (size_t c = 0; c < g->nchunks; c++) free(g->chunks[c]);
  free(g->chunks);
  pthread_mutex_destroy(&g->pool_lock);
  free(g);
  rt->gc = NULL;
}

void mc_gc_init(mc_runtime *rt) {
  struct mc_gc_shared *g = mc_xcalloc(1, sizeof *g);
  rt->gc = g;
  g->colors.unmarked = (header_t)0 << HD_COLOR_SHIFT;
  g->colors.marked = (header_t)1 << HD_COLOR_SHIFT;
  g->colors.garbage = (header_t)2 << HD_COLOR_SHIFT;
  g->phase = PHASE_IDLE;
  int cls = 0;
  for (unsigned w = 0; w <= MAX_SMALL_WHSIZE; w++) {
    while (class_whsize[cls] < w) cls++;
    g->sizeclass_of_whsize[w] = (unsigned char)cls;
  }
  pthread_mutex_init(&g->pool_lock, NULL);
  long pg = sysconf(_SC_PAGESIZE);
  if (pg > 0) page_bytes = (size_t)pg;
  g->space_overhead = rt->params.space_overhead;
  g->custom_major_ratio = rt->params.custom_major_ratio;
  g->custom_minor_ratio = rt->params.custom_minor_ratio;
  g->custom_minor_max_bsz = rt->params.custom_minor_max_bsz;
  g->max_stack_wsize = rt->params.max_stack_wsz;
  g->verbose = rt->params.verbose;
}

void mc_gc_major_domain_init(mc_domain *d) {
  d->heap = mc_xcalloc(1, sizeof(struct mc_heap));
  d->mark = mc_xcalloc(1, sizeof(struct mc_mark));
}

/* Run the finaliser of every custom block still in d's major heap (at
 * shutdown, before the heap is freed). */
void mc_gc_finalise_all(mc_domain *d) {
  struct mc_heap *h = d->heap;
  for (int cls = 0; cls < NUM_CLASSES; cls++) {
    struct mc_pool *lists[3] = {h->avail[cls], h->full[cls], h->unswept[cls]};
    for (int k = 0; k < 3; k++)
      for (struct mc_pool *p = lists[k]; p != NULL; p = p->next) {
        uint32_t n = pool_nused(p);
        value *slot = pool_first_slot(p);
        for (uint32_t i = 0; i < n; i++, slot += p->whsize)
          if (slot[0] != 0) finalise_dead(d, (value)(slot + 1));
      }
  }
  struct mc_large *lists[2] = {h->large, h->unswept_large};
  for (int k = 0; k < 2; k++)
    for (struct mc_large *l = lists[k]; l != NULL; l = l->next) finalise_dead(d, large_block(l));
}

void mc_gc_major_domain_free(mc_domain *d) {
  struct mc_heap *h = d->heap;
  /* The pools belong to chunks, freed with the runtime (mc_gc_free). */
  struct mc_large *lists[2] = {h->large, h->unswept_large};
  for (int k = 0; k < 2; k++) {
    struct mc_large *l = lists[k];
    while (l != NULL) {
      struct mc_large *next = l->next;
      free(l);
      l = next;
    }
  }
  free(h);
  free(d->mark->stack);
  free(d->mark);
  d->heap = NULL;
  d->mark = NULL;
}
