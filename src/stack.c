/* stack.c: allocation and growth of interpreter stacks.
 *
 * A stack is a malloc'd array of words used from the top down.  Growing it
 * copies the used part to the top of a larger array; every pointer into a
 * stack that outlives the move is an offset from `high` (trap frames) or
 * is re-read from s->sp by its owner (the interpreter, after C calls). */
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "fail.h"
#include "gc.h"
#include "prims.h"
#include "stack.h"

struct mc_stack *mc_stack_new(mc_domain *d, size_t wsize) {
  struct mc_stack *s = mc_xcalloc(1, sizeof *s);
  s->base = mc_xmalloc(wsize * sizeof(value));
  s->separate_buffer = true;
  s->shared = false;
  s->size_words = wsize;
  s->high = s->base + wsize;
  s->sp = s->high;
  s->parent = NULL;
  s->handle_value = s->handle_exn = s->handle_effect = val_unit;
  s->id = d->next_stack_id++;
  return s;
}

void mc_stack_free(mc_domain *d, struct mc_stack *s) {
  (void)d;
  if (s->separate_buffer) free(s->base);
  free(s);
}

/* Fiber stacks: the struct and a first buffer of MC_FIBER_INIT_WSIZE words
 * in one allocation; growth moves the contents to a separate buffer, the
 * struct never moves (continuations and parent links point to it).  Free
 * fiber stacks are kept per domain (up to MC_FIBER_CACHE_MAX), reset to
 * their inline buffer, so that taking one is a few stores (stack.h). */
struct mc_stack *mc_fiber_stack_new_slow(mc_domain *d) {
  struct mc_stack *s = d->free_stacks;
  if (s != NULL) return mc_fiber_stack_new_inline(d);
  s = malloc(sizeof *s + MC_FIBER_INIT_WSIZE * sizeof(value));
  if (s == NULL) return NULL;
  s->base = s->inline_words;
  s->separate_buffer = false;
  s->size_words = MC_FIBER_INIT_WSIZE;
  s->high = s->base + MC_FIBER_INIT_WSIZE;
  s->sp = s->high;
  s->parent = NULL;
  s->next_free = NULL;
  s->shared = false;
  s->handle_value = s->handle_exn = s->handle_effect = val_unit;
  s->id = d->next_stack_id++;
  return s;
}

struct mc_stack *mc_fiber_stack_new(mc_domain *d) { return mc_fiber_stack_new_inline(d); }

void mc_fiber_stack_release_slow(mc_domain *d, struct mc_stack *s) {
  if (s->shared) return;  /* a copy of its continuation may still use it */
  s->parent = NULL;
  if (s->separate_buffer) {
    free(s->base);
    s->separate_buffer = false;
    s->base = s->inline_words;
    s->size_words = MC_FIBER_INIT_WSIZE;
    s->high = s->base + MC_FIBER_INIT_WSIZE;
  }
  if (d->nfree_stacks >= MC_FIBER_CACHE_MAX) {
    free(s);
    return;
  }
  s->handle_value = s->handle_exn = s->handle_effect = val_unit;
  s->next_free = d->free_stacks;
  d->free_stacks = s;
  d->nfree_stacks++;
}

void mc_fiber_stack_release(mc_domain *d, struct mc_stack *s) { mc_fiber_stack_release_inline(d, s); }

void mc_fiber_cache_free(mc_domain *d) {
  while (d->free_stacks != NULL) {
    struct mc_stack *s = d->free_stacks;
    d->free_stacks = s->next_free;
    free(s);
  }
  d->nfree_stacks = 0;
}

bool mc_stack_grow(mc_domain *d, struct mc_stack *s, size_t needed) {
  size_t used = (size_t)(s->high - s->sp);
  size_t want = used + needed + MC_STACK_THRESHOLD;
  if ((size_t)(s->sp - s->base) >= needed + MC_STACK_THRESHOLD) return true;
  size_t limit = gc_param(d->rt->gc, max_stack_wsize);
  if (want > limit) return false;
  size_t size = s->size_words;
  while (size < want) size *= 2;
  if (size > limit) size = limit;
  value *nb = malloc(size * sizeof(value));
  if (nb == NULL) return false;
  value *nhigh = nb + size;
  memcpy(nhigh - used, s->sp, used * sizeof(value));
  if (s->separate_buffer) free(s->base);
  s->separate_buffer = true;
  s->base = nb;
  s->high = nhigh;
  s->sp = nhigh - used;
  s->size_words = size;
  d->stats.stack_grow++;
  mc_gc_message(d->rt, 0x08, "Growing stack to %zuk bytes\n", size * sizeof(value) / 1024);
  return true;
}

/* caml_ensure_stack_capacity: called by functions whose frames need more
 * than the guaranteed threshold. */
static value caml_ensure_stack_capacity(mc_domain *d, value words) {
  intptr_t n = long_val(words);
  if (n < 0) n = 0;
  /* The C call frame (2 words) sits on top of the caller's frame. */
  if (!mc_stack_grow(d, d->stack, (size_t)n + 2)) mc_raise_stack_overflow(d);
  return val_unit;
}

const struct mc_primdef mc_prims_stack[] = {
    PRIM(caml_ensure_stack_capacity, 1),
    PRIM_END,
};
