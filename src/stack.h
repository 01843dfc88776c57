/* stack.h: interpreter stacks (the main stack and, later, fibers). */
#ifndef MC_STACK_H
#define MC_STACK_H

#include "domain.h"

/* Free words guaranteed at every function entry.  The bytecode compiler
 * relies on this figure (32): functions that need more call
 * caml_ensure_stack_capacity first. */
#define MC_STACK_THRESHOLD 32
/* Initial size of the main stack, in words. */
#define MC_MAIN_STACK_INIT_WSIZE 4096

/* Initial size of a fiber's stack, in words, and how many free fiber
 * stacks a domain keeps for reuse. */
#define MC_FIBER_INIT_WSIZE 64
#define MC_FIBER_CACHE_MAX 1024

struct mc_stack *mc_stack_new(mc_domain *d, size_t wsize);
/* Fiber stacks (see stack.c): NULL if memory is exhausted. */
struct mc_stack *mc_fiber_stack_new(mc_domain *d);
void mc_fiber_stack_release(mc_domain *d, struct mc_stack *s);
/* The out-of-line parts of the two inline functions below. */
struct mc_stack *mc_fiber_stack_new_slow(mc_domain *d);
void mc_fiber_stack_release_slow(mc_domain *d, struct mc_stack *s);

/* A stack in the domain's cache is ready for use: its first buffer is the
 * inline one (base, high and size_words say so), parent and next_free are
 * NULL once it leaves the cache, it is not shared.  Taking one only sets
 * what differs between fibers. */
static inline struct mc_stack *mc_fiber_stack_new_inline(mc_domain *d) {
  struct mc_stack *s = d->free_stacks;
  if (__builtin_expect(s == NULL, 0)) return mc_fiber_stack_new_slow(d);
  d->free_stacks = s->next_free;
  d->nfree_stacks--;
  s->next_free = NULL;
  s->sp = s->high;
  s->id = d->next_stack_id++;
  return s;
}

/* Release a fiber's stack when its fiber ends or its continuation dies:
 * back to the cache (the common case: a stack that never grew and a cache
 * that is not full), else the slow path. */
static inline void mc_fiber_stack_release_inline(mc_domain *d, struct mc_stack *s) {
  if (__builtin_expect(s->shared | s->separate_buffer, 0) || d->nfree_stacks >= MC_FIBER_CACHE_MAX) {
    mc_fiber_stack_release_slow(d, s);
    return;
  }
  s->parent = NULL;
  s->handle_value = s->handle_exn = s->handle_effect = val_unit;
  s->next_free = d->free_stacks;
  d->free_stacks = s;
  d->nfree_stacks++;
}
void mc_fiber_cache_free(mc_domain *d);
void mc_stack_free(mc_domain *d, struct mc_stack *s);
/* Ensure at least `needed` free words below s->sp (s->sp is updated if the
 * stack moves).  False if that would exceed the stack limit. */
bool mc_stack_grow(mc_domain *d, struct mc_stack *s, size_t needed)
    __attribute__((warn_unused_result));

#endif
