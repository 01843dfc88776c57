/* roots.c: enumeration of GC roots, shared by the minor and major
 * collectors.
 *
 * Roots of a domain: the slots of its running stack and of the stacks of
 * the effect handlers around it, the handler closures of those stacks,
 * the C local root frames (mcrun's and foreign stubs'), DLS, the last exception of the backtrace.
 * Roots of the runtime: the global data, named values and C global roots.
 * Saved code pointers on the stack are tagged (odd), so they read as
 * integers and are skipped like any immediate.
 */
#include "capi.h"
#include "gc.h"
#include "threads.h"

static void scan_stack(mc_domain *d, struct mc_stack *s, mc_root_fn f, void *ctx) {
  for (value *p = s->sp; p < s->high; p++)
    if (is_block(*p)) f(d, p, ctx);
  if (is_block(s->handle_value)) f(d, &s->handle_value, ctx);
  if (is_block(s->handle_exn)) f(d, &s->handle_exn, ctx);
  if (is_block(s->handle_effect)) f(d, &s->handle_effect, ctx);
}

void mc_scan_stack_roots(mc_domain *d, struct mc_stack *s, mc_root_fn f, void *ctx) {
  for (; s != NULL; s = s->parent) scan_stack(d, s, f, ctx);
}

void mc_scan_roots(mc_domain *d, mc_root_fn f, void *ctx, bool with_global) {
  /* With threads, the domain may hold no thread's state (all blocked). */
  if (d->stack != NULL) mc_scan_stack_roots(d, d->stack, f, ctx);
  if (d->threads != NULL) mc_threads_scan_roots(d, f, ctx);
  for (struct mc_rootframe *fr = d->local_roots; fr != NULL; fr = fr->prev) {
    for (size_t i = 0; i < fr->count; i++)
      if (is_block(*fr->slots[i])) f(d, fr->slots[i], ctx);
    for (size_t i = 0; i < fr->array_len; i++)
      if (is_block(fr->array[i])) f(d, &fr->array[i], ctx);
  }
  mc_capi_scan_roots(d, (void *)d->capi_state[MC_CAPI_LOCAL_ROOTS], f, ctx);
  if (is_block(d->dls_root)) f(d, &d->dls_root, ctx);
  if (is_block(d->backtrace_last_exn)) f(d, &d->backtrace_last_exn, ctx);
  if (is_block(d->memprof_config)) f(d, &d->memprof_config, ctx);
  mc_final_scan_roots(d, f, ctx);
  if (with_global) mc_scan_global_roots(d, f, ctx);
}

/* The runtime's roots: global data, named values, C global roots. */
void mc_scan_global_roots(mc_domain *d, mc_root_fn f, void *ctx) {
  mc_runtime *rt = d->rt;
  if (is_block(rt->global_data)) f(d, &rt->global_data, ctx);
  pthread_mutex_lock(&rt->roots_lock);
  for (struct mc_named_value *n = rt->named_values; n != NULL; n = n->next)
    if (is_block(n->val)) f(d, &n->val, ctx);
  for (struct mc_global_root *g = rt->global_roots; g != NULL; g = g->next)
    if (is_block(*g->ptr)) f(d, g->ptr, ctx);
  pthread_mutex_unlock(&rt->roots_lock);
}
