/* callback.c: calling OCaml closures from C, and named values
 * (Callback.register). */
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "callback.h"
#include "fail.h"
#include "interp.h"
#include "prims.h"
#include "stack.h"

#define TAG_PC(p) ((value)(p) | 1)

/* Push the arguments and a return frame that leads to a STOP, then run
 * the closure as APPLY would.  The interpreter returns at that STOP, or
 * with the exception that escaped. */
bool mc_callbackN_exn(mc_domain *d, value f, int n, const value *args, value *result) {
  struct mc_stack *s = d->stack;
  /* Room for the arguments and the frame; f and args are copied onto the
   * stack before anything can allocate. */
  if ((size_t)(s->sp - s->base) < (size_t)n + 3 + MC_STACK_THRESHOLD) {
    value saved[16];
    value *tmp = n <= 16 ? saved : mc_xmalloc((size_t)n * sizeof(value));
    memcpy(tmp, args, (size_t)n * sizeof(value));
    GC_ROOTS(d, &f);
    GC_ROOTS_ARRAY(d, tmp, (size_t)n);
    bool ok = mc_stack_grow(d, s, (size_t)n + 3);
    if (!ok) {
      if (tmp != saved) free(tmp);
      mc_raise_stack_overflow(d);
    }
    bool r = mc_callbackN_exn(d, f, n, tmp, result);
    if (tmp != saved) free(tmp);
    return r;
  }
  size_t depth = (size_t)(s->high - s->sp);
  value *sp = s->sp - (n + 3);
  for (int i = 0; i < n; i++) sp[i] = args[i];
  sp[n] = TAG_PC(d->rt->callback_code);
  sp[n + 1] = val_unit;
  sp[n + 2] = val_long(0);
  s->sp = sp;
  bool raised = mc_interpret(d, code_val(f), f, n - 1, result);
  d->stack->sp = d->stack->high - depth;
  return raised;
}

value mc_callbackN(mc_domain *d, value f, int n, const value *args) {
  value res;
  if (mc_callbackN_exn(d, f, n, args, &res)) mc_raise(d, res);
  return res;
}

value mc_callback(mc_domain *d, value f, value a) { return mc_callbackN(d, f, 1, &a); }

value mc_callback2(mc_domain *d, value f, value a, value b) {
  value args[2] = {a, b};
  return mc_callbackN(d, f, 2, args);
}

value mc_callback3(mc_domain *d, value f, value a, value b, value c) {
  value args[3] = {a, b, c};
  return mc_callbackN(d, f, 3, args);
}

/* ---- Named values ---- */

const value *mc_named_value(mc_runtime *rt, const char *name) {
  const value *found = NULL;
  pthread_mutex_lock(&rt->roots_lock);
  for (struct mc_named_value *n = rt->named_values; n != NULL; n = n->next)
    if (strcmp(n->name, name) == 0) {
      found = &n->val;
      break;
    }
  pthread_mutex_unlock(&rt->roots_lock);
  return found;
}

static value caml_register_named_value(mc_domain *d, value name, value v) {
  mc_runtime *rt = d->rt;
  const char *s = string_val(name);
  pthread_mutex_lock(&rt->roots_lock);
  struct mc_named_value *n;
  for (n = rt->named_values; n != NULL; n = n->next)
    if (strcmp(n->name, s) == 0) break;
  if (n == NULL) {
    n = mc_xmalloc(sizeof *n);
    n->name = mc_xstrdup(s);
    n->next = rt->named_values;
    rt->named_values = n;
  }
  /* A root outside the heap: no write barrier needed; the minor GC scans
   * named values. */
  n->val = v;
  pthread_mutex_unlock(&rt->roots_lock);
  return val_unit;
}

const struct mc_primdef mc_prims_callback[] = {
    PRIM(caml_register_named_value, 2),
    PRIM_END,
};
