/* gc_internal.h: functions shared by the collector's files only. */
#ifndef MC_GC_INTERNAL_H
#define MC_GC_INTERNAL_H

#include "gc.h"

/* Minor collection (gc_minor.c), for weak.c and gc_final.c. */
void mc_minor_oldify(mc_domain *d, value *fp);   /* promote *fp if young, update it */
void mc_minor_drain(mc_domain *d);               /* scan everything promoted so far */
bool mc_minor_is_alive(mc_domain *d, value v);   /* not young, or young and promoted */
value mc_minor_forwarded(mc_domain *d, value v); /* new address of a promoted value */

/* Minor heap areas (gc_minor.c). */
void mc_gc_reserve_minor_area(mc_runtime *rt);
void mc_gc_release_minor_area(mc_runtime *rt);
size_t mc_minor_size_clamp(size_t wsize);
void mc_set_minor_heap_size(mc_domain *d, size_t wsize);

/* Marking (gc_major.c). */
bool mc_mark_is_marked(mc_domain *d, value v);   /* immediates, young, unmarkable: true */

/* Small growable value vectors. */
void mc_valvec_push(struct mc_valvec *v, value x);

#endif
