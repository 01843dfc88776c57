/* gc.h: the garbage collector's internal interface.
 *
 * Design (the full essay is at the top of gc_major.c):
 *   - each domain allocates young blocks by bumping young_ptr down through
 *     its minor heap; all minor heaps sit in one reserved address range,
 *     so "is this value young" is a range check;
 *   - a minor collection copies the live young blocks of one domain into
 *     the major heap (promotion), following roots and the remembered set;
 *   - the major heap is made of size-class pools plus large blocks; it is
 *     collected by an incremental snapshot-at-the-beginning mark and a lazy
 *     sweep, with three rotating colours so that no pass is needed to
 *     reset marks between cycles.
 */
#ifndef MC_GC_H
#define MC_GC_H

#include "domain.h"

/* Rotating colours.  The runtime keeps which header colour currently means
 * what; cycle_rotate permutes them. */
struct mc_colors {
  header_t unmarked;  /* not (yet) found reachable this cycle */
  header_t marked;    /* found reachable, or allocated this cycle */
  header_t garbage;   /* unreachable at the end of the last cycle: sweep frees it */
};

enum mc_gc_phase {
  PHASE_IDLE,         /* no cycle started yet */
  PHASE_MARK,         /* marking roots' transitive closure */
  PHASE_MARK_FINAL,   /* Gc.finalise values resurrected; marking what they reach */
  PHASE_SWEEP_ONLY,   /* marking done and cleaned; finishing the sweep */
};

/* Shared GC state (one per runtime).  With several domains, written only
 * during stop-the-world sections; read by the owner domains in between. */
struct mc_gc_shared {
  struct mc_colors colors;
  enum mc_gc_phase phase;
  uvalue young_lo, young_hi;       /* reserved range of all minor heaps */
  size_t young_reserved_wsize;     /* per-domain reserved words */
  intptr_t cycles_completed;       /* major cycles finished */
  intptr_t minor_collections;      /* minor collections finished (leader writes) */
  unsigned char sizeclass_of_whsize[129];
  /* Pools are carved out of chunks of several pools (malloc'd, so that no
   * alignment padding is wasted per pool).  Free pools are kept for reuse:
   * a few with their pages, the others with their pages given back.  All
   * protected by pool_lock. */
  pthread_mutex_t pool_lock;
  struct mc_pool *free_pools;      /* pages kept */
  size_t nfree_pools;
  struct mc_pool *cold_pools;      /* pages returned to the system */
  size_t ncold_pools;
  char *chunk_next, *chunk_end;    /* pools of the newest chunk not handed out yet */
  void **chunks;                   /* every chunk, as malloc returned it */
  size_t nchunks, chunks_cap;
  /* Heap size accounting (words), updated by the owner domains: relaxed. */
  _Atomic(intptr_t) heap_words;    /* words in pools and large blocks */
  _Atomic(intptr_t) top_heap_words;
  _Atomic(intptr_t) pool_count;
  _Atomic(intptr_t) large_count;
  /* The largest capacity (entries) that any domain's mark stack grew to
   * (relaxed, only grows): reported by OCAMLRUNPARAM=v=0x400. */
  _Atomic(intptr_t) mark_stack_peak;
  /* Parameters set by OCAMLRUNPARAM at start-up and by Gc.set on any
   * domain while others read them: accessed with gc_param/gc_param_set
   * (relaxed atomics; each is a self-contained setting). */
  uvalue space_overhead;
  uvalue custom_major_ratio, custom_minor_ratio, custom_minor_max_bsz;
  uvalue max_stack_wsize;
  uvalue verbose;
  /* Out-of-heap memory held by custom blocks since the last cycle. */
  double extra_heap_resources;
};

#define gc_param(g, f) __atomic_load_n(&(g)->f, __ATOMIC_RELAXED)
#define gc_param_set(g, f, x) __atomic_store_n(&(g)->f, (x), __ATOMIC_RELAXED)

/* ---- Young test ---- */
static inline bool gc_is_young(const mc_runtime *rt, value v) {
  return (uvalue)v - rt->gc->young_lo < rt->gc->young_hi - rt->gc->young_lo;
}

/* ---- Lifecycle ---- */
void mc_gc_init(mc_runtime *rt);
void mc_gc_domain_init(mc_domain *d);
void mc_gc_domain_free(mc_domain *d);
void mc_gc_free(mc_runtime *rt);
/* Shutdown: run the finalisers of all custom blocks of d (young and old). */
void mc_gc_finalise_all(mc_domain *d);

/* ---- Collections ---- */
/* Empties d's minor heap, then does a major slice if one is due. */
void mc_minor_collection(mc_domain *d);
/* Only the minor collection. */
void mc_empty_minor_heap(mc_domain *d);
/* A major slice of `work` words (0: the amount the allocation rate calls
 * for).  Runs a minor collection first when starting a cycle. */
void mc_major_slice(mc_domain *d, intptr_t work);
/* Finish the current cycle and run complete cycles until everything
 * unreachable now is freed (Gc.full_major). */
void mc_full_major(mc_domain *d);
/* Gc.compact: full major, then give empty pools back. */
void mc_compact(mc_domain *d);
/* Finish the current major cycle (Gc.major). */
void mc_finish_major_cycle(mc_domain *d);

/* Called by the allocator when the minor heap is full. */
void mc_alloc_slow_path(mc_domain *d);
/* Ask d for a minor collection at its next safepoint (d itself only). */
void mc_request_minor_gc(mc_domain *d);
/* Ask for a major slice at the next allocation or poll. */
void mc_request_major_slice(mc_domain *d);
/* Recompute young_limit from the pending requests of d. */
void mc_reset_young_limit(mc_domain *d);
/* Per-domain parts of the major heap (gc_major.c). */
void mc_gc_major_domain_init(mc_domain *d);
void mc_gc_major_domain_free(mc_domain *d);

/* ---- Major heap allocation (gc_major.c) ----
 * Returns a block with its header set (colour: marked) and fields unset,
 * or 0 if memory is exhausted. */
value mc_major_alloc(mc_domain *d, mlsize_t wosize, tag_t tag);

/* ---- Marking hooks ---- */
/* Marks v if it is an unmarked major block (deletion barrier, Weak.get). */
void mc_darken(mc_domain *d, value v);
/* Darken every value held by one stack (a stack joining a continuation
 * that may already be marked). */
void mc_darken_stack(mc_domain *d, struct mc_stack *s);
/* True while a marking phase is in progress (the barrier must darken). */
static inline bool gc_marking(const mc_runtime *rt) {
  return rt->gc->phase == PHASE_MARK || rt->gc->phase == PHASE_MARK_FINAL;
}
/* True if v is a major block found unreachable so far (for ephemeron reads
 * after marking). */
bool mc_is_unmarked_major(mc_domain *d, value v);

/* ---- Remembered set ---- */
void mc_remember(mc_domain *d, value *fp);
/* Empty d's remembered set (after a minor collection). */
void mc_remembered_reset(mc_domain *d);

/* ---- Root enumeration, shared by minor and major collections ----
 * Calls f on the address of every root of domain d (stack slots, local
 * roots, handler closures) and, if with_global is true, of the runtime
 * (global data, named values, global roots). */
typedef void (*mc_root_fn)(mc_domain *d, value *p, void *ctx);
void mc_scan_roots(mc_domain *d, mc_root_fn f, void *ctx, bool with_global);
void mc_scan_global_roots(mc_domain *d, mc_root_fn f, void *ctx);
/* The slots and handlers of a chain of stacks (a stack and its parents). */
void mc_scan_stack_roots(mc_domain *d, struct mc_stack *s, mc_root_fn f, void *ctx);
/* Body of a minor collection inside a stop-the-world section. */
void mc_stw_minor_collection(mc_domain *d, bool leader);
/* Give the heap of a terminating domain to heir (inside a section). */
void mc_gc_adopt(mc_domain *heir, mc_domain *dying);

/* ---- Custom blocks, ephemerons and finalisers ---- */
void mc_register_young_custom(mc_domain *d, value v);
/* Ephemerons (weak.c): the list of all live ephemerons of a domain is
 * threaded through their link field. */
/* Weak structures owned by domain o, processed by w (which promotes). */
bool mc_ephe_minor_mark(mc_domain *w, mc_domain *o);  /* promote data of live-key ephemerons */
void mc_ephe_minor_clean(mc_domain *w, mc_domain *o); /* clear dead young keys and data */
/* Major collection, end of marking (leader d working on o's structures). */
bool mc_ephe_mark_pass(mc_domain *d, mc_domain *o);  /* marks data of live-key ephes; true if it marked */
void mc_ephe_clean_all(mc_domain *d, mc_domain *o);  /* drop dead keys, unlink dead ephemerons */
void mc_ephe_adopt(mc_domain *heir, mc_domain *dying);
void mc_final_minor_first(mc_domain *w, mc_domain *o); /* gc_final.c: Gc.finalise */
void mc_final_minor_last(mc_domain *w, mc_domain *o);  /* Gc.finalise_last */
bool mc_final_first_pass(mc_domain *d, mc_domain *o); /* resurrect Gc.finalise values; true if any */
void mc_final_last_pass(mc_domain *d, mc_domain *o);  /* queue Gc.finalise_last functions */
void mc_final_adopt(mc_domain *heir, mc_domain *dying);
void mc_final_scan_roots(mc_domain *d, mc_root_fn f, void *ctx);
void mc_run_finalisers(mc_domain *d);

/* The unique "no value" marker stored in empty ephemeron slots. */
extern const header_t mc_ephe_none_block[2];
#define EPHE_NONE ((value)&mc_ephe_none_block[1])
#define EPHE_LINK 0
#define EPHE_DATA 1
#define EPHE_FIRST_KEY 2

/* Statistics and verbose messages (OCAMLRUNPARAM=v). */
void mc_gc_message(mc_runtime *rt, uvalue level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Words currently allocated in the minor heap of d. */
static inline size_t gc_minor_words_used(mc_domain *d) { return (size_t)(d->young_end - d->young_ptr); }

/* Major-heap counters for Gc.stat (gc_major.c). */
struct mc_heap_census {
  intptr_t heap_words, live_words, live_blocks, free_words, free_blocks, largest_free, fragments;
};
void mc_heap_census(mc_domain *d, struct mc_heap_census *out);

#endif
