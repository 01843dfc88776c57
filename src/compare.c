/* compare.c: polymorphic structural comparison (compare, =, <>, <, <=, >, >=).
 *
 * The two values are walked in step, depth first, left to right.  The walk
 * keeps its own stack of partly compared block pairs on the C heap, so the
 * depth of the data never costs C stack.  Fields 1.. of a pair wait on that
 * stack while field 0 is compared at once, so lists and other right-leaning
 * structures need a single frame per level of left nesting only.
 */
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "prims.h"
#include "runtime.h"

enum {
  INLINE_FRAMES = 16,     /* frames held in the stack record itself */
  POLL_INTERVAL = 1024,   /* pairs compared between checks for pending actions */
};
/* Nesting (in frames) beyond which stock gives up with Out_of_memory. */
#define MAX_FRAMES ((size_t)1 << 19)

#define UNORDERED MC_COMPARE_UNORDERED

/* The work stack.  Frame k compares blocks[2k] with blocks[2k+1]; fields
 * span[2k] .. span[2k+1]-1 remain to be compared.  Block values are kept
 * apart from the counters so that they can be registered as GC roots in
 * one piece while pending actions run. */
struct work {
  value *blocks;
  mlsize_t *span;
  size_t depth, cap;
  value inline_blocks[2 * INLINE_FRAMES];
  mlsize_t inline_span[2 * INLINE_FRAMES];
};

static void work_init(struct work *w) {
  w->blocks = w->inline_blocks;
  w->span = w->inline_span;
  w->depth = 0;
  w->cap = INLINE_FRAMES;
}

static void work_release(struct work *w) {
  if (w->blocks != w->inline_blocks) {
    free(w->blocks);
    free(w->span);
  }
  w->blocks = w->inline_blocks;
  w->span = w->inline_span;
}

/* Raise Invalid_argument after releasing the work stack. */
static _Noreturn void reject(mc_domain *d, struct work *w, const char *msg) {
  work_release(w);
  mc_invalid_argument(d, msg);
}

static _Noreturn void too_deep(mc_domain *d, struct work *w) {
  work_release(w);
  mc_raise_out_of_memory(d);
}

/* Doubles the capacity of the work stack, moving it to the heap the first
 * time.  Gives up with Out_of_memory at MAX_FRAMES, like stock. */
static void work_grow(mc_domain *d, struct work *w) {
  size_t cap = w->cap * 2;
  if (cap > MAX_FRAMES) too_deep(d, w);
  value *blocks = malloc(2 * cap * sizeof *blocks);
  mlsize_t *span = malloc(2 * cap * sizeof *span);
  if (blocks == NULL || span == NULL) {
    free(blocks);
    free(span);
    too_deep(d, w);
  }
  memcpy(blocks, w->blocks, 2 * w->depth * sizeof *blocks);
  memcpy(span, w->span, 2 * w->depth * sizeof *span);
  work_release(w);
  w->blocks = blocks;
  w->span = span;
  w->cap = cap;
}

/* Remembers that fields 1 .. n-1 of a and b are still to be compared. */
static void work_push(mc_domain *d, struct work *w, value a, value b, mlsize_t n) {
  if (w->depth == w->cap) work_grow(d, w);
  size_t k = 2 * w->depth++;
  w->blocks[k] = a;
  w->blocks[k + 1] = b;
  w->span[k] = 1;
  w->span[k + 1] = n;
}

/* Takes the next pair of fields from the top frame, dropping the frame
 * once its last pair is out.  The stack must not be empty. */
static void work_next(struct work *w, value *pa, value *pb) {
  size_t k = 2 * (w->depth - 1);
  mlsize_t i = w->span[k]++;
  *pa = field(w->blocks[k], i);
  *pb = field(w->blocks[k + 1], i);
  if (w->span[k] == w->span[k + 1]) w->depth--;
}

/* Runs pending actions (signals, finalisers, GC requests) in the middle of
 * a long comparison.  They may move blocks, so the current pair and every
 * block on the work stack are roots meanwhile; if they raise, the work
 * stack is released before the exception goes on. */
static void run_pending(mc_domain *d, struct work *w, value *pa, value *pb) {
  GC_ROOTS(d, pa, pb);
  GC_ROOTS_ARRAY(d, w->blocks, 2 * w->depth);
  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    mc_process_pending(d);
    mc_catch_leave(d, &c);
  } else {
    work_release(w);
    mc_raise(d, c.exn);
  }
}

/* Order of two floats.  Under the total order NaN equals NaN and lies below
 * every other float; otherwise a NaN makes the pair unordered. */
static intptr_t order_doubles(double x, double y, bool total) {
  if (x < y) return -1;
  if (x > y) return 1;
  if (x == y) return 0;
  if (!total) return UNORDERED;
  if (x == x) return 1;   /* only y is NaN */
  if (y == y) return -1;  /* only x is NaN */
  return 0;
}

/* What comparing one pair of values concluded. */
enum outcome {
  SAME,     /* equal: go on with the next pending pair */
  DESCEND,  /* *pa and *pb were replaced by the pair to compare instead */
  DIFFER,   /* decided: the result is in *res */
};

/* Result of a custom comparison; SAME when it says equal. */
static enum outcome custom_result(int r, int unordered, bool total, intptr_t *res) {
  if (unordered && !total) {
    *res = UNORDERED;
    return DIFFER;
  }
  if (r == 0) return SAME;
  *res = r;
  return DIFFER;
}

/* An integer against a block (exactly one of *pa, *pb is immediate).  A
 * Forward block is seen through; a custom block may know how to compare
 * itself with an integer; any other block is above every integer. */
static enum outcome mixed_pair(value *pa, value *pb, bool total, intptr_t *res) {
  bool int_first = is_long(*pa);
  value *blk = int_first ? pb : pa;
  switch (tag_val(*blk)) {
  case FORWARD_TAG:
    *blk = field(*blk, 0);
    return DESCEND;
  case CUSTOM_TAG: {
    int (*cmp_ext)(value, value, int *) = custom_ops_val(*blk)->compare_ext;
    if (cmp_ext == NULL) break;
    int unordered = 0;
    int r = cmp_ext(*pa, *pb, &unordered);
    return custom_result(r, unordered, total, res);
  }
  default:
    break;
  }
  *res = int_first ? -1 : 1;
  return DIFFER;
}

/* Two blocks of the same tag that hold no fields for us to walk. */
static enum outcome leaf_pair(mc_domain *d, struct work *w, tag_t tag, value a, value b,
                              bool total, intptr_t *res) {
  switch (tag) {
  case STRING_TAG: {
    if (a == b) return SAME;
    mlsize_t la = string_length(a), lb = string_length(b);
    int c = memcmp(string_val(a), string_val(b), la < lb ? la : lb);
    if (c != 0) *res = c < 0 ? -1 : 1;
    else if (la != lb) *res = (intptr_t)(la - lb);
    else return SAME;
    return DIFFER;
  }
  case DOUBLE_TAG:
    *res = order_doubles(double_val(a), double_val(b), total);
    return *res == 0 ? SAME : DIFFER;
  case DOUBLE_ARRAY_TAG: {
    mlsize_t la = wosize_val(a), lb = wosize_val(b);
    if (la != lb) {
      *res = (intptr_t)(la - lb);
      return DIFFER;
    }
    for (mlsize_t i = 0; i < la; i++) {
      *res = order_doubles(double_flat_field(a, i), double_flat_field(b, i), total);
      if (*res != 0) return DIFFER;
    }
    return SAME;
  }
  case OBJECT_TAG: {
    /* Objects compare by their unique ids. */
    intptr_t ia = long_val(field(a, 1)), ib = long_val(field(b, 1));
    if (ia == ib) return SAME;
    *res = ia - ib;
    return DIFFER;
  }
  case CUSTOM_TAG: {
    const struct mc_custom_ops *oa = custom_ops_val(a), *ob = custom_ops_val(b);
    if (oa->compare != ob->compare) {
      /* Custom blocks of different kinds: order by identifier. */
      *res = strcmp(oa->identifier, ob->identifier) < 0 ? -1 : 1;
      return DIFFER;
    }
    if (oa->compare == NULL) reject(d, w, "compare: abstract value");
    int unordered = 0;
    int r = oa->compare(a, b, &unordered);
    return custom_result(r, unordered, total, res);
  }
  case ABSTRACT_TAG:
    reject(d, w, "compare: abstract value");
  case CLOSURE_TAG:
  case INFIX_TAG:
    reject(d, w, "compare: functional value");
  case CONT_TAG:
    reject(d, w, "compare: continuation value");
  default:
    mc_panic("compare: unexpected tag %u", tag);
  }
}

/* Compares one pair of values, pushing a frame when the pair is made of
 * blocks with fields. */
static enum outcome compare_pair(mc_domain *d, struct work *w, value *pa, value *pb, bool total,
                                 intptr_t *res) {
  value a = *pa, b = *pb;
  /* Identical immediates are always equal; identical blocks only under the
   * total order (so that a NaN is not equal to itself under (=)). */
  if (a == b && (total || is_long(a))) return SAME;
  if (is_long(a) && is_long(b)) {
    *res = long_val(a) - long_val(b);
    return DIFFER;
  }
  if (is_long(a) || is_long(b)) return mixed_pair(pa, pb, total, res);

  tag_t ta = tag_val(a), tb = tag_val(b);
  if (ta != tb) {
    /* Forward blocks may stand for a value of any type, and an infix
     * pointer is a closure; any other mismatch orders by tag. */
    if (ta == FORWARD_TAG) {
      *pa = field(a, 0);
      return DESCEND;
    }
    if (tb == FORWARD_TAG) {
      *pb = field(b, 0);
      return DESCEND;
    }
    tag_t ka = ta == INFIX_TAG ? CLOSURE_TAG : ta;
    tag_t kb = tb == INFIX_TAG ? CLOSURE_TAG : tb;
    if (ka != kb) {
      *res = (intptr_t)ka - (intptr_t)kb;
      return DIFFER;
    }
    ta = ka;
  }
  if (ta == FORWARD_TAG) {
    *pa = field(a, 0);
    *pb = field(b, 0);
    return DESCEND;
  }
  if (ta >= NO_SCAN_TAG || ta == CLOSURE_TAG || ta == INFIX_TAG || ta == OBJECT_TAG ||
      ta == CONT_TAG)
    return leaf_pair(d, w, ta, a, b, total, res);

  /* Ordinary blocks: sizes first, then fields left to right. */
  mlsize_t n = wosize_val(a), nb = wosize_val(b);
  if (n != nb) {
    *res = (intptr_t)(n - nb);
    return DIFFER;
  }
  if (n == 0) return SAME;
  if (n > 1) work_push(d, w, a, b, n);
  *pa = field(a, 0);
  *pb = field(b, 0);
  return DESCEND;
}

/* The comparison loop over a work stack that starts empty. */
static intptr_t compare_loop(mc_domain *d, struct work *w, value a, value b, bool total) {
  unsigned countdown = POLL_INTERVAL;
  for (;;) {
    if (--countdown == 0) {
      countdown = POLL_INTERVAL;
      if (atomic_load_explicit(&d->action_pending, memory_order_relaxed))
        run_pending(d, w, &a, &b);
    }
    intptr_t res = 0;
    enum outcome o = compare_pair(d, w, &a, &b, total, &res);
    if (o == DIFFER) return res;
    if (o == SAME) {
      if (w->depth == 0) return 0;
      work_next(w, &a, &b);
    }
  }
}

intptr_t mc_compare_values(mc_domain *d, value a, value b, bool total) {
  struct work w;
  work_init(&w);
  intptr_t res = compare_loop(d, &w, a, b, total);
  work_release(&w);
  return res;
}

/* ---- Primitives ---- */

value caml_compare(mc_domain *d, value a, value b) {
  intptr_t r = mc_compare_values(d, a, b, true);
  return val_int((r > 0) - (r < 0));
}

value caml_equal(mc_domain *d, value a, value b) {
  return val_bool(mc_compare_values(d, a, b, false) == 0);
}

value caml_notequal(mc_domain *d, value a, value b) {
  return val_bool(mc_compare_values(d, a, b, false) != 0);
}

/* UNORDERED is negative: it must not count as "less". */
value caml_lessthan(mc_domain *d, value a, value b) {
  intptr_t r = mc_compare_values(d, a, b, false);
  return val_bool(r < 0 && r != UNORDERED);
}

value caml_lessequal(mc_domain *d, value a, value b) {
  intptr_t r = mc_compare_values(d, a, b, false);
  return val_bool(r <= 0 && r != UNORDERED);
}

value caml_greaterthan(mc_domain *d, value a, value b) {
  return val_bool(mc_compare_values(d, a, b, false) > 0);
}

value caml_greaterequal(mc_domain *d, value a, value b) {
  return val_bool(mc_compare_values(d, a, b, false) >= 0);
}

const struct mc_primdef mc_prims_compare[] = {
    PRIM(caml_compare, 2),
    PRIM(caml_equal, 2),
    PRIM(caml_notequal, 2),
    PRIM(caml_lessthan, 2),
    PRIM(caml_lessequal, 2),
    PRIM(caml_greaterthan, 2),
    PRIM(caml_greaterequal, 2),
    PRIM_END,
};
