/* custom.c: custom blocks and the registry of custom operations used by
 * unmarshalling. */
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "gc.h"

struct mc_custom_ops_node {
  const struct mc_custom_ops *ops;
  struct mc_custom_ops_node *next;
};

value mc_alloc_custom(mc_domain *d, const struct mc_custom_ops *ops, uintptr_t bsize,
                      uintptr_t mem, uintptr_t max) {
  mlsize_t wosize = 1 + (bsize + sizeof(value) - 1) / sizeof(value);
  value v;
  if (wosize <= MAX_YOUNG_WOSIZE) {
    v = mc_alloc_small(d, wosize, CUSTOM_TAG);
    if (ops->finalize != NULL || mem != 0) mc_register_young_custom(d, v);
  } else {
    v = mc_alloc_shr(d, wosize, CUSTOM_TAG);
  }
  custom_ops_val(v) = ops;
  if (mem != 0) {
    /* Out-of-heap memory speeds up the major GC: count mem/max of a heap's
     * worth of allocation. */
    if (max == 0) max = 1;
    double heap = (double)atomic_load_explicit(&d->rt->gc->heap_words, memory_order_relaxed);
    if (heap < (double)d->minor_heap_wsize) heap = (double)d->minor_heap_wsize;
    double frac = (double)mem / (double)max;
    if (frac > 1.0) frac = 1.0;
    mc_adjust_gc_speed(d, (mlsize_t)(frac * heap), (mlsize_t)heap);
  }
  return v;
}

value mc_alloc_custom_mem(mc_domain *d, const struct mc_custom_ops *ops, uintptr_t bsize,
                          uintptr_t mem) {
  /* mem bytes held outside the heap count as that many words of major
   * allocation, scaled by the custom_major_ratio (percent of the heap
   * that may float as garbage). */
  uvalue ratio = gc_param(d->rt->gc, custom_major_ratio);
  if (ratio == 0) ratio = 44;
  double heap = (double)atomic_load_explicit(&d->rt->gc->heap_words, memory_order_relaxed);
  if (heap < (double)d->minor_heap_wsize) heap = (double)d->minor_heap_wsize;
  uintptr_t max = (uintptr_t)(heap * sizeof(value) * (double)ratio / 100.0);
  return mc_alloc_custom(d, ops, bsize, mem, max ? max : 1);
}

void mc_adjust_gc_speed(mc_domain *d, mlsize_t res, mlsize_t max) {
  if (max == 0) max = 1;
  d->alloc_since_slice += (double)res;
  if (d->alloc_since_slice > (double)d->minor_heap_wsize) mc_request_major_slice(d);
}

void mc_register_custom_ops(mc_runtime *rt, const struct mc_custom_ops *ops) {
  struct mc_custom_ops_node *n = mc_xmalloc(sizeof *n);
  n->ops = ops;
  pthread_mutex_lock(&rt->roots_lock);
  n->next = rt->custom_ops;
  rt->custom_ops = n;
  pthread_mutex_unlock(&rt->roots_lock);
}

const struct mc_custom_ops *mc_find_custom_ops(mc_runtime *rt, const char *identifier) {
  const struct mc_custom_ops *found = NULL;
  pthread_mutex_lock(&rt->roots_lock);
  for (struct mc_custom_ops_node *n = rt->custom_ops; n != NULL; n = n->next)
    if (strcmp(n->ops->identifier, identifier) == 0) {
      found = n->ops;
      break;
    }
  pthread_mutex_unlock(&rt->roots_lock);
  return found;
}

/* Operations known to every runtime.  Weak, so a module can be absent. */
extern const struct mc_custom_ops mc_int32_ops __attribute__((weak));
extern const struct mc_custom_ops mc_int64_ops __attribute__((weak));
extern const struct mc_custom_ops mc_nativeint_ops __attribute__((weak));
extern const struct mc_custom_ops mc_bigarray_ops __attribute__((weak));

void mc_custom_init(mc_runtime *rt) {
  const struct mc_custom_ops *builtin[] = {&mc_int32_ops, &mc_int64_ops, &mc_nativeint_ops,
                                           &mc_bigarray_ops};
  for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
    if (builtin[i] != NULL) mc_register_custom_ops(rt, builtin[i]);
}

void mc_custom_free(mc_runtime *rt) {
  struct mc_custom_ops_node *n = rt->custom_ops;
  while (n != NULL) {
    struct mc_custom_ops_node *next = n->next;
    free(n);
    n = next;
  }
  rt->custom_ops = NULL;
}
