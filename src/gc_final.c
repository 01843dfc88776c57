/* gc_final.c: finalisers (Gc.finalise, Gc.finalise_last).
 *
 * Two tables per domain hold (value, function) pairs.  Values are weak;
 * functions are roots.  When a collection finds a value unreachable, its
 * pair moves to the domain's to-do queue:
 *   - Gc.finalise: the value is resurrected (kept alive) and passed to the
 *     function;
 *   - Gc.finalise_last: the function is called with ().
 * The queue is run at safepoints by mc_run_finalisers, in FIFO order.
 * Young values are handled by the minor collector, old ones at the end of
 * major marking.
 */
#include "alloc.h"
#include "callback.h"
#include "fail.h"
#include "gc.h"
#include "gc_internal.h"
#include "prims.h"
#include "runtime.h"

static void table_add(struct mc_finaltab *t, value v, value fn) {
  if (t->len == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 32;
    t->items = mc_xrealloc(t->items, t->cap * sizeof(struct mc_final));
  }
  t->items[t->len].val = v;
  t->items[t->len].fn = fn;
  t->items[t->len].age = 0;
  t->len++;
}

static void todo_add(mc_domain *d, value fn, value arg) {
  mc_valvec_push(&d->final_todo, fn);
  mc_valvec_push(&d->final_todo, arg);
  atomic_store_explicit(&d->action_pending, 1, memory_order_relaxed);
  mc_reset_young_limit(d);
}

/* Minor collection: settle the entries added since the last one. */
static void minor_table(mc_domain *d, struct mc_finaltab *t, bool resurrect) {
  size_t out = t->young;
  for (size_t i = t->young; i < t->len; i++) {
    struct mc_final e = t->items[i];
    if (mc_minor_is_alive(d, e.val)) {
      e.val = mc_minor_forwarded(d, e.val);
      t->items[out++] = e;
    } else if (resurrect) {
      mc_minor_oldify(d, &e.val);
      mc_minor_drain(d);
      todo_add(d, e.fn, e.val);
    } else {
      todo_add(d, e.fn, val_unit);
    }
  }
  t->len = out;
  t->young = out;
}

void mc_final_minor_pass(mc_domain *d) {
  minor_table(d, &d->final_first, true);
  minor_table(d, &d->final_last, false);
}

bool mc_final_first_pass(mc_domain *d) {
  struct mc_finaltab *t = &d->final_first;
  size_t out = 0, young = 0;
  bool any = false;
  for (size_t i = 0; i < t->len; i++) {
    struct mc_final e = t->items[i];
    if (mc_mark_is_marked(d, e.val)) {
      if (i < t->young) young++;
      t->items[out++] = e;
    } else {
      todo_add(d, e.fn, e.val);
      mc_darken(d, e.val);
      any = true;
    }
  }
  t->young = young;
  t->len = out;
  return any;
}

void mc_final_last_pass(mc_domain *d) {
  struct mc_finaltab *t = &d->final_last;
  size_t out = 0, young = 0;
  for (size_t i = 0; i < t->len; i++) {
    struct mc_final e = t->items[i];
    if (mc_mark_is_marked(d, e.val)) {
      if (i < t->young) young++;
      t->items[out++] = e;
    } else {
      todo_add(d, e.fn, val_unit);
    }
  }
  t->young = young;
  t->len = out;
}

void mc_final_scan_roots(mc_domain *d, mc_root_fn f, void *ctx) {
  struct mc_finaltab *tabs[2] = {&d->final_first, &d->final_last};
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; i < tabs[k]->len; i++)
      if (is_block(tabs[k]->items[i].fn)) f(d, &tabs[k]->items[i].fn, ctx);
  struct mc_valvec *q = &d->final_todo;
  for (size_t i = 0; i < q->len; i++)
    if (is_block(q->base[i])) f(d, &q->base[i], ctx);
}

/* Run queued finalisers.  An exception from one propagates to the caller
 * (the remaining ones stay queued). */
void mc_run_finalisers(mc_domain *d) {
  if (d->running_finalisers) return;
  struct mc_valvec *q = &d->final_todo;
  while (q->len >= 2) {
    value fn = q->base[0], arg = q->base[1];
    memmove(q->base, q->base + 2, (q->len - 2) * sizeof(value));
    q->len -= 2;
    d->running_finalisers = true;
    value res;
    bool raised = mc_callbackN_exn(d, fn, 1, &arg, &res);
    d->running_finalisers = false;
    if (raised) mc_raise(d, res);
  }
}

static value register_final(mc_domain *d, struct mc_finaltab *t, value f, value v) {
  if (!is_block(v)) mc_invalid_argument(d, "Gc.finalise");
  tag_t tag = tag_val(v);
  if (tag == LAZY_TAG || tag == DOUBLE_TAG || tag == FORCING_TAG || tag == FORWARD_TAG)
    mc_invalid_argument(d, "Gc.finalise");
  table_add(t, v, f);
  return val_unit;
}

static value caml_final_register(mc_domain *d, value f, value v) {
  return register_final(d, &d->final_first, f, v);
}

static value caml_final_register_called_without_value(mc_domain *d, value f, value v) {
  return register_final(d, &d->final_last, f, v);
}

static value caml_final_release(mc_domain *d, value unit) {
  (void)unit;
  d->running_finalisers = false;
  return val_unit;
}

const struct mc_primdef mc_prims_finalise[] = {
    PRIM(caml_final_register, 2),
    PRIM(caml_final_register_called_without_value, 2),
    PRIM(caml_final_release, 1),
    PRIM_END,
};
