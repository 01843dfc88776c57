/* fiber.c: fibers and continuations for effect handlers.
 *
 * A fiber is an interpreter stack (struct mc_stack) created by
 * Effect.Deep/Shallow for the computation under a handler; its parent is
 * the stack of the code that installed the handler, and it holds the
 * handler's three closures.  The interpreter switches stacks on PERFORM
 * (to the parent, calling the effect clause), RESUME (to a continuation's
 * fiber), RETURN from the fiber's bottom frame (value clause) and on an
 * exception that no trap of the fiber catches (exception clause).
 *
 * A continuation is a CONT_TAG block of two fields, both tagged pointers
 * (so the GC does not follow them): the innermost fiber of a suspended
 * chain, and the outermost ("last fiber", whose parent is NULL).  The
 * continuation owns the chain: the GC scans the chain's stacks through the
 * continuation, and frees them when the continuation dies unresumed.
 * Taking a continuation (continue, discontinue) empties field 0 with a
 * compare-and-swap, so a continuation resumes at most once.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include "alloc.h"
#include "backtrace.h"
#include "callback.h"
#include "fail.h"
#include "fiber.h"
#include "gc_internal.h"
#include "loader.h"
#include "opcodes.h"
#include "prims.h"
#include "stack.h"

#define NULL_STACK val_ptr(NULL)
/* Field 0 while a domain scans or extends the chain (mc_cont_lock). */
#define LOCKED_STACK val_ptr((void *)2)

/* Claim a continuation's chain of stacks against the other domains: wait
 * while another one holds it, then leave LOCKED_STACK in field 0 until
 * mc_cont_unlock.  A marker scanning the chain and a mutator taking it
 * (resume) or extending it (reperform) thus never overlap: the mutator
 * runs on, grows and frees those stacks as soon as it has them.  Holders
 * keep it for a scan or a few stores, never across a safepoint.  Returns
 * field 0's value; NULL_STACK (taken already) locks nothing. */
value mc_cont_lock(value cont) {
  _Atomic(value) *f = (_Atomic(value) *)&field(cont, 0);
  value v = atomic_load_explicit(f, memory_order_relaxed);
  for (unsigned spins = 0;; spins++) {
    if (v == NULL_STACK) return NULL_STACK;
    if (v == LOCKED_STACK) {
      if (spins < 256) mc_cpu_pause();
      else sched_yield();
      v = atomic_load_explicit(f, memory_order_relaxed);
      continue;
    }
    if (atomic_compare_exchange_weak_explicit(f, &v, LOCKED_STACK, memory_order_acquire,
                                              memory_order_relaxed))
      return v;
  }
}

void mc_cont_unlock(value cont, value v) {
  atomic_store_explicit((_Atomic(value) *)&field(cont, 0), v, memory_order_release);
}

/* The exception registered by the Effect module under `name`.  A program
 * that does not link Effect cannot catch it: report it as stock does. */
static const value *effect_exception(mc_domain *d, const char *name) {
  const value *exn = mc_named_value(d->rt, name);
  if (exn == NULL) {
    fprintf(stderr, "Fatal error: exception %s\n", name);
    exit(2);
  }
  return exn;
}

value mc_make_unhandled_effect_exn(mc_domain *d, value eff) {
  return mc_alloc_pair(d, 0, *effect_exception(d, "Effect.Unhandled"), eff);
}

_Noreturn void mc_raise_continuation_already_resumed(mc_domain *d) {
  mc_raise(d, *effect_exception(d, "Effect.Continuation_already_resumed"));
}

static void darken_slot(mc_domain *d, value *p, void *ctx) {
  (void)ctx;
  mc_darken(d, *p);
}

/* Obj.dup of a continuation: both copies refer to the same stacks, which
 * the GC must then never free. */
void mc_cont_mark_shared(value cont) {
  value v = mc_cont_lock(cont);
  if (v == NULL_STACK) return;
  for (struct mc_stack *s = ptr_val(v); s != NULL; s = s->parent) s->shared = true;
  mc_cont_unlock(cont, v);
}

struct mc_stack *mc_continuation_take(mc_domain *d, value cont) {
  /* While marking, the stacks become mutable roots: mark what they hold
   * first, so that nothing reachable from them at the snapshot is lost. */
  if (gc_marking(d->rt) && !gc_is_young(d->rt, cont)) {
    mc_darken(d, cont);
    mc_cont_scan(d, cont, darken_slot, NULL);
  }
  _Atomic(value) *f = (_Atomic(value) *)&field(cont, 0);
  if (atomic_load_explicit(&d->rt->ndomains_live, memory_order_relaxed) == 1) {
    /* Alone: no other domain can take or scan it at the same time. */
    value v = atomic_load_explicit(f, memory_order_relaxed);
    if (v == NULL_STACK) return NULL;
    atomic_store_explicit(f, NULL_STACK, memory_order_relaxed);
    return ptr_val(v);
  }
  value v = mc_cont_lock(cont);
  if (v == NULL_STACK) return NULL;
  mc_cont_unlock(cont, NULL_STACK);
  return ptr_val(v);
}

void mc_cont_scan(mc_domain *d, value cont, mc_root_fn fn, void *ctx) {
  /* Locked: the mutator of another domain may want to take it meanwhile. */
  value v = mc_cont_lock(cont);
  if (v == NULL_STACK) return;
  for (struct mc_stack *s = ptr_val(v); s != NULL; s = s->parent) {
    for (value *p = s->sp; p < s->high; p++)
      if (is_block(*p)) fn(d, p, ctx);
    if (is_block(s->handle_value)) fn(d, &s->handle_value, ctx);
    if (is_block(s->handle_exn)) fn(d, &s->handle_exn, ctx);
    if (is_block(s->handle_effect)) fn(d, &s->handle_effect, ctx);
  }
  mc_cont_unlock(cont, v);
}

void mc_cont_free_stacks(mc_domain *d, value cont) {
  value v = field(cont, 0);
  if (v == NULL_STACK || !is_long(v)) return;
  for (struct mc_stack *s = ptr_val(v); s != NULL; s = s->parent)
    if (s->shared) return;
  field(cont, 0) = NULL_STACK;
  struct mc_stack *s = ptr_val(v);
  while (s != NULL) {
    struct mc_stack *parent = s->parent;
    mc_fiber_stack_release(d, s);
    s = parent;
  }
}

/* ---- Primitives ---- */

static value caml_alloc_stack(mc_domain *d, value hval, value hexn, value heff) {
  struct mc_stack *s = mc_fiber_stack_new(d);
  if (s == NULL) mc_raise_out_of_memory(d);
  s->handle_value = hval;
  s->handle_exn = hexn;
  s->handle_effect = heff;
  /* The fiber starts with one word: its (empty) trap offset. */
  s->sp = s->high - 1;
  s->sp[0] = val_long(1);
  return val_ptr(s);
}

static value caml_continuation_use_noexc(mc_domain *d, value cont) {
  return val_ptr(mc_continuation_take(d, cont));
}

static value caml_continuation_use(mc_domain *d, value cont) {
  struct mc_stack *s = mc_continuation_take(d, cont);
  if (s == NULL) mc_raise_continuation_already_resumed(d);
  return val_ptr(s);
}

static value caml_continuation_use_and_update_handler_noexc(mc_domain *d, value cont, value hval,
                                                            value hexn, value heff) {
  struct mc_stack *s = mc_continuation_take(d, cont);
  if (s == NULL) return NULL_STACK;
  struct mc_stack *last = s;
  while (last->parent != NULL) last = last->parent;
  last->handle_value = hval;
  last->handle_exn = hexn;
  last->handle_effect = heff;
  return val_ptr(s);
}

extern value mc_callstack_of_stack(mc_domain *d, struct mc_stack *s, intptr_t max);

static value caml_get_continuation_callstack(mc_domain *d, value cont, value max) {
  struct mc_stack *s = mc_continuation_take(d, cont);
  if (s == NULL) mc_raise_continuation_already_resumed(d);
  /* Put the stacks back before anything can allocate. */
  mc_cont_unlock(cont, val_ptr(s));
  GC_ROOTS(d, &cont);
  return mc_callstack_of_stack(d, ptr_val(field(cont, 0)), long_val(max));
}

/* ---- The closure that raises its argument ---- */

value mc_raise_closure(mc_runtime *rt) { return rt->raise_closure; }

void mc_fiber_init(mc_runtime *rt, mc_domain *d) {
  code_t code = mc_xmalloc(3 * sizeof(opcode_t));
  code[0] = OP_ACC;
  code[1] = 0;
  code[2] = OP_RAISE;
  mc_thread_code(rt, code, 3, 0, "internal code");
  mc_register_code_fragment(rt, code, 3 * sizeof(opcode_t), false);
  rt->raise_code = code;
  value clos = mc_alloc_shr(d, 2, CLOSURE_TAG);
  field(clos, 0) = (value)code;
  field(clos, 1) = make_closinfo(0, 2);
  rt->raise_closure = clos;
  mc_register_global_root(d, &rt->raise_closure);
}

const struct mc_primdef mc_prims_fiber[] = {
    PRIM(caml_alloc_stack, 3),
    PRIM(caml_continuation_use_noexc, 1),
    PRIM(caml_continuation_use, 1),
    PRIM(caml_continuation_use_and_update_handler_noexc, 4),
    PRIM(caml_get_continuation_callstack, 2),
    PRIM_END,
};
