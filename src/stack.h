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
void mc_fiber_cache_free(mc_domain *d);
void mc_stack_free(mc_domain *d, struct mc_stack *s);
/* Ensure at least `needed` free words below s->sp (s->sp is updated if the
 * stack moves).  False if that would exceed the stack limit. */
bool mc_stack_grow(mc_domain *d, struct mc_stack *s, size_t needed)
    __attribute__((warn_unused_result));

#endif
