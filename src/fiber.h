/* fiber.h: effect handlers' fibers and continuations (fiber.c). */
#ifndef MC_FIBER_H
#define MC_FIBER_H

#include "domain.h"
#include "gc.h"

/* The exception Effect.Unhandled(eff), allocated. */
value mc_make_unhandled_effect_exn(mc_domain *d, value eff);
_Noreturn void mc_raise_continuation_already_resumed(mc_domain *d);
/* Take the stack chain out of a continuation (NULL if already taken). */
struct mc_stack *mc_continuation_take(mc_domain *d, value cont);
/* The same, inline for the interpreter: a domain running alone outside a
 * marking phase (or with a young continuation) just empties field 0. */
static inline struct mc_stack *mc_continuation_take_inline(mc_domain *d, value cont) {
  mc_runtime *rt = d->rt;
  if (__builtin_expect(atomic_load_explicit(&rt->ndomains_live, memory_order_relaxed) == 1, 1) &&
      (!gc_marking(rt) || gc_is_young(rt, cont))) {
    value v = field(cont, 0);
    field(cont, 0) = val_ptr(NULL);
    return ptr_val(v);
  }
  return mc_continuation_take(d, cont);
}

/* GC support: call f on every value slot of the stacks held by a
 * continuation; free the stacks of a continuation that died. */
void mc_cont_scan(mc_domain *d, value cont, mc_root_fn f, void *ctx);
void mc_cont_free_stacks(mc_domain *d, value cont);
void mc_cont_mark_shared(value cont);
/* Hold a continuation's chain against other domains' scans (fiber.c). */
value mc_cont_lock(value cont);
void mc_cont_unlock(value cont, value v);
/* The closure that raises its argument (resumes a fiber with an exception). */
value mc_raise_closure(mc_runtime *rt);
void mc_fiber_init(mc_runtime *rt, mc_domain *d);

#endif
