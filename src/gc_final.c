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

/* Finalisers found due in the same collection run in the reverse order of
 * their registration, as stock runs them: entries are visited from the
 * end of the table. */

/* Minor collection: settle the entries added since the last one. */
static void minor_table(mc_domain *w, mc_domain *o, struct mc_finaltab *t, bool resurrect) {
  mc_domain *d = w;
  /* Decide who is dead before resurrecting anyone: several finalisers may
   * share a value. */
  for (size_t i = t->young; i < t->len; i++)
    t->items[i].age = mc_minor_is_alive(d, t->items[i].val) ? 1 : 0;
  for (size_t i = t->len; i-- > t->young;) {
    struct mc_final *e = &t->items[i];
    if (e->age) {
      e->val = mc_minor_forwarded(d, e->val);
    } else if (resurrect) {
      mc_minor_oldify(w, &e->val);
      mc_minor_drain(w);
      todo_add(o, e->fn, e->val);
      e->fn = 0;  /* done */
    } else {
      todo_add(o, e->fn, val_unit);
      e->fn = 0;
    }
  }
  size_t out = t->young;
  for (size_t i = t->young; i < t->len; i++)
    if (t->items[i].fn != 0) t->items[out++] = t->items[i];
  t->len = out;
  t->young = out;
}

void mc_final_minor_first(mc_domain *w, mc_domain *o) { minor_table(w, o, &o->final_first, true); }
void mc_final_minor_last(mc_domain *w, mc_domain *o) { minor_table(w, o, &o->final_last, false); }

/* Drop the entries whose function was queued (fn set to 0). */
static void compact_table(struct mc_finaltab *t) {
  size_t out = 0, young = 0;
  for (size_t i = 0; i < t->len; i++) {
    if (t->items[i].fn == 0) continue;
    if (i < t->young) young++;
    t->items[out++] = t->items[i];
  }
  t->len = out;
  t->young = young;
}

bool mc_final_first_pass(mc_domain *d, mc_domain *o) {
  struct mc_finaltab *t = &o->final_first;
  bool any = false;
  /* Decide who is dead before resurrecting anyone. */
  for (size_t i = 0; i < t->len; i++) t->items[i].age = mc_mark_is_marked(d, t->items[i].val);
  for (size_t i = t->len; i-- > 0;) {
    struct mc_final *e = &t->items[i];
    if (!e->age) {
      todo_add(o, e->fn, e->val);
      e->fn = 0;
      any = true;
    }
  }
  for (size_t i = 0; i < t->len; i++)
    if (t->items[i].fn == 0) mc_darken(d, t->items[i].val);
  compact_table(t);
  return any;
}

void mc_final_last_pass(mc_domain *d, mc_domain *o) {
  struct mc_finaltab *t = &o->final_last;
  for (size_t i = t->len; i-- > 0;) {
    struct mc_final *e = &t->items[i];
    if (!mc_mark_is_marked(d, e->val)) {
      todo_add(o, e->fn, val_unit);
      e->fn = 0;
    }
  }
  compact_table(t);
}

/* A terminating domain's finalisers become the heir's (stock hands them
 * over the same way: they run on the heir). */
void mc_final_adopt(mc_domain *heir, mc_domain *dying) {
  struct mc_finaltab *pairs[2][2] = {{&heir->final_first, &dying->final_first},
                                     {&heir->final_last, &dying->final_last}};
  for (int k = 0; k < 2; k++) {
    struct mc_finaltab *h = pairs[k][0], *x = pairs[k][1];
    for (size_t i = 0; i < x->len; i++) table_add(h, x->items[i].val, x->items[i].fn);
    h->young = h->len;  /* nothing is young after the section's minor GC */
    x->len = x->young = 0;
  }
  struct mc_valvec *q = &dying->final_todo;
  for (size_t i = 0; i + 1 < q->len; i += 2) todo_add(heir, q->base[i], q->base[i + 1]);
  q->len = 0;
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
