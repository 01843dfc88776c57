/* gc_ctrl.c: the Gc module's primitives (statistics and parameters). */
#include <stdio.h>
#include "alloc.h"
#include "callback.h"
#include "fail.h"
#include "gc.h"
#include "gc_internal.h"
#include "prims.h"
#include "runtime.h"

static double minor_words(mc_domain *d) {
  return d->stats.minor_words + (double)gc_minor_words_used(d);
}

static value make_stat(mc_domain *d, bool full) {
  struct mc_heap_census c;
  mc_heap_census(d, &c);
  struct mc_gc_shared *g = d->rt->gc;
  double mw = minor_words(d), pw = d->stats.promoted_words, jw = d->stats.major_words;
  value res = val_unit, f0 = val_unit, f1 = val_unit, f2 = val_unit;
  GC_ROOTS(d, &res, &f0, &f1, &f2);
  f0 = mc_copy_double(d, mw);
  f1 = mc_copy_double(d, pw);
  f2 = mc_copy_double(d, jw);
  res = mc_alloc(d, 17, 0);
  mc_modify(d, &field(res, 0), f0);
  mc_modify(d, &field(res, 1), f1);
  mc_modify(d, &field(res, 2), f2);
  field(res, 3) = val_long(d->stats.minor_collections);
  field(res, 4) = val_long(g->cycles_completed);
  field(res, 5) = val_long(c.heap_words);
  field(res, 6) = val_long(c.fragments ? c.fragments : 0);
  field(res, 7) = val_long(full ? c.live_words : 0);
  field(res, 8) = val_long(full ? c.live_blocks : 0);
  field(res, 9) = val_long(full ? c.free_words : 0);
  field(res, 10) = val_long(0);
  field(res, 11) = val_long(0);
  field(res, 12) = val_long(0);
  field(res, 13) = val_long(d->stats.compactions);
  field(res, 14) = val_long(atomic_load_explicit(&g->top_heap_words, memory_order_relaxed));
  field(res, 15) = val_long((intptr_t)(d->stack->size_words));
  field(res, 16) = val_long(d->stats.forced_major_collections);
  return res;
}

static value caml_gc_quick_stat(mc_domain *d, value unit) {
  (void)unit;
  return make_stat(d, true);
}

static value caml_gc_stat(mc_domain *d, value unit) {
  (void)unit;
  mc_full_major(d);
  mc_run_finalisers(d);
  return make_stat(d, true);
}

static value caml_gc_minor_words(mc_domain *d, value unit) {
  (void)unit;
  return mc_copy_double(d, minor_words(d));
}

static value caml_gc_counters(mc_domain *d, value unit) {
  (void)unit;
  double mw = minor_words(d), pw = d->stats.promoted_words, jw = d->stats.major_words;
  value a = val_unit, b = val_unit, c = val_unit;
  GC_ROOTS(d, &a, &b, &c);
  a = mc_copy_double(d, mw);
  b = mc_copy_double(d, pw);
  c = mc_copy_double(d, jw);
  value res = mc_alloc_small(d, 3, 0);
  field(res, 0) = a;
  field(res, 1) = b;
  field(res, 2) = c;
  return res;
}

static value caml_gc_get(mc_domain *d, value unit) {
  (void)unit;
  struct mc_gc_shared *g = d->rt->gc;
  value res = mc_alloc(d, 11, 0);
  field(res, 0) = val_long(d->minor_heap_wsize);                 /* s */
  field(res, 1) = val_long(0);                                   /* i (unused) */
  field(res, 2) = val_long(gc_param(g, space_overhead));                   /* o */
  field(res, 3) = val_long(gc_param(g, verbose));                          /* v */
  field(res, 4) = val_long(0);                                   /* (unused) */
  field(res, 5) = val_long(gc_param(g, max_stack_wsize));                  /* l */
  field(res, 6) = val_long(0);                                   /* (unused) */
  field(res, 7) = val_long(0);                                   /* (unused) */
  field(res, 8) = val_long(gc_param(g, custom_major_ratio));               /* M */
  field(res, 9) = val_long(gc_param(g, custom_minor_ratio));               /* m */
  field(res, 10) = val_long(gc_param(g, custom_minor_max_bsz));            /* n */
  return res;
}

static uvalue at_least_one(intptr_t x) { return x < 1 ? 1 : (uvalue)x; }

static value caml_gc_set(mc_domain *d, value v) {
  struct mc_gc_shared *g = d->rt->gc;
  size_t minor = mc_minor_size_clamp((size_t)at_least_one(long_val(field(v, 0))));
  uvalue overhead = at_least_one(long_val(field(v, 2)));
  if (overhead != gc_param(g, space_overhead)) {
    gc_param_set(g, space_overhead, overhead);
    mc_gc_message(d->rt, 0x20, "New space overhead: %lu%%\n", (unsigned long)overhead);
  }
  gc_param_set(g, verbose, (uvalue)long_val(field(v, 3)));
  intptr_t stack = long_val(field(v, 5));
  if (stack > 0) {
    size_t used = (size_t)(d->stack->high - d->stack->sp);
    uvalue limit = (uvalue)stack < used ? used : (uvalue)stack;
    gc_param_set(g, max_stack_wsize, limit);
    mc_gc_message(d->rt, 0x20, "Changing stack limit to %luk bytes\n",
                  (unsigned long)(limit * sizeof(value) / 1024));
  }
  if (wosize_val(v) >= 11) {
    gc_param_set(g, custom_major_ratio, at_least_one(long_val(field(v, 8))));
    gc_param_set(g, custom_minor_ratio, at_least_one(long_val(field(v, 9))));
    gc_param_set(g, custom_minor_max_bsz, (uvalue)long_val(field(v, 10)));
  }
  if (minor != d->minor_heap_wsize) {
    mc_gc_message(d->rt, 0x20, "New minor heap size: %luk words\n", (unsigned long)(minor / 1024));
    mc_empty_minor_heap(d);
    mc_set_minor_heap_size(d, minor);
  }
  return val_unit;
}

static value caml_gc_minor(mc_domain *d, value unit) {
  (void)unit;
  mc_minor_collection(d);
  mc_process_pending(d);
  return val_unit;
}

static value caml_gc_major(mc_domain *d, value unit) {
  (void)unit;
  mc_empty_minor_heap(d);
  mc_finish_major_cycle(d);
  mc_process_pending(d);
  return val_unit;
}

static value caml_gc_full_major(mc_domain *d, value unit) {
  (void)unit;
  mc_full_major(d);
  mc_process_pending(d);
  return val_unit;
}

static value caml_gc_major_slice(mc_domain *d, value work) {
  mc_empty_minor_heap(d);
  mc_major_slice(d, long_val(work));
  mc_process_pending(d);
  return val_long(0);
}

static value caml_gc_compaction(mc_domain *d, value unit) {
  (void)unit;
  mc_compact(d);
  mc_process_pending(d);
  return val_unit;
}

static value caml_get_minor_free(mc_domain *d, value unit) {
  (void)unit;
  return val_long(d->young_ptr - d->young_start);
}

static value caml_runtime_variant(mc_domain *d, value unit) {
  (void)unit;
  return mc_copy_string(d, "");
}

static value caml_runtime_parameters(mc_domain *d, value unit) {
  (void)unit;
  struct mc_gc_shared *g = d->rt->gc;
  struct mc_params *p = &d->rt->params;
  char buf[512];
  snprintf(buf, sizeof buf,
           "b=%d,c=%lu,e=%lu,l=%lu,M=%lu,m=%lu,n=%lu,o=%lu,p=%d,s=%lu,t=%lu,v=%lu,V=%lu,W=%lu",
           (int)d->backtrace_active, (unsigned long)p->cleanup_on_exit,
           (unsigned long)p->runtime_events_log_wsize, (unsigned long)gc_param(g, max_stack_wsize),
           (unsigned long)gc_param(g, custom_major_ratio), (unsigned long)gc_param(g, custom_minor_ratio),
           (unsigned long)gc_param(g, custom_minor_max_bsz), (unsigned long)gc_param(g, space_overhead),
           (int)d->parser_trace, (unsigned long)d->minor_heap_wsize,
           (unsigned long)p->trace_level, (unsigned long)gc_param(g, verbose), (unsigned long)p->verify_heap,
           (unsigned long)p->runtime_warnings);
  return mc_copy_string(d, buf);
}

static value caml_ml_enable_runtime_warnings(mc_domain *d, value flag) {
  d->rt->params.runtime_warnings = (uvalue)bool_val(flag);
  return val_unit;
}

static value caml_ml_runtime_warnings_enabled(mc_domain *d, value unit) {
  (void)unit;
  return val_bool(d->rt->params.runtime_warnings != 0);
}

const struct mc_primdef mc_prims_gc[] = {
    PRIM(caml_gc_quick_stat, 1),
    PRIM(caml_gc_stat, 1),
    PRIM(caml_gc_minor_words, 1),
    PRIM(caml_gc_counters, 1),
    PRIM(caml_gc_get, 1),
    PRIM(caml_gc_set, 1),
    PRIM(caml_gc_minor, 1),
    PRIM(caml_gc_major, 1),
    PRIM(caml_gc_full_major, 1),
    PRIM(caml_gc_major_slice, 1),
    PRIM(caml_gc_compaction, 1),
    PRIM(caml_get_minor_free, 1),
    PRIM(caml_runtime_variant, 1),
    PRIM(caml_runtime_parameters, 1),
    PRIM(caml_ml_enable_runtime_warnings, 1),
    PRIM(caml_ml_runtime_warnings_enabled, 1),
    PRIM_END,
};
