/* alloc.h: allocating OCaml values from C, and the write barrier.
 *
 * GC rule: every function here may run a minor collection, which moves
 * young blocks.  A C variable holding a value that is used after an
 * allocation must be registered with GC_ROOTS (domain.h) first.
 */
#ifndef MC_ALLOC_H
#define MC_ALLOC_H

#include "domain.h"

/* Small block in the minor heap (1 <= wosize <= MAX_YOUNG_WOSIZE).  Fields
 * are NOT initialised: store into every field with plain writes (field())
 * before the next allocation. */
value mc_alloc_small(mc_domain *d, mlsize_t wosize, tag_t tag);

/* Block of any size.  Scannable fields are initialised to val_unit, so
 * writes into a block that may be in the major heap must use
 * mc_initialize or mc_modify.  wosize 0 returns the tag's atom. */
value mc_alloc(mc_domain *d, mlsize_t wosize, tag_t tag);

/* Block in the major heap.  Never runs a GC.  Scannable fields are
 * initialised to val_unit.  Raises Out_of_memory on failure. */
value mc_alloc_shr(mc_domain *d, mlsize_t wosize, tag_t tag);

/* Strings and bytes: the contents are uninitialised (mc_alloc_string) or
 * copied.  The padding bytes are set so that string_length works. */
value mc_alloc_string(mc_domain *d, mlsize_t len);
value mc_copy_string(mc_domain *d, const char *s);
value mc_copy_string_len(mc_domain *d, const char *s, mlsize_t len);
/* Array of strings from a NULL-terminated C array. */
value mc_copy_string_array(mc_domain *d, const char *const *arr);

value mc_copy_double(mc_domain *d, double x);
value mc_alloc_float_array(mc_domain *d, mlsize_t len);  /* contents 0.0 */

/* Tuples and options: arguments are values, rooted by the callee. */
value mc_alloc_pair(mc_domain *d, tag_t tag, value a, value b);
value mc_alloc_some(mc_domain *d, value v);
value mc_alloc_tuple(mc_domain *d, mlsize_t n, const value *fields); /* fields must not move: */
                                                                      /* pass rooted or immediate values */

/* Reserve `whsize` words (headers included) at once in the minor heap,
 * running a minor GC first if needed, and return the address of the first
 * word.  The caller lays out complete blocks (header, then fields) over the
 * whole region, headers made with make_header(wosize, tag, 0), before its
 * next allocation.  whsize must not exceed mc_young_reserve_max(d).
 * Used by unmarshalling to build a whole small message without a GC. */
value *mc_young_reserve(mc_domain *d, mlsize_t whsize);
mlsize_t mc_young_reserve_max(mc_domain *d);

/* Write barrier for a field of a block that may live in the major heap. */
void mc_modify(mc_domain *d, value *fp, value v);
/* Initialising write into a freshly allocated major block (no old value). */
void mc_initialize(mc_domain *d, value *fp, value v);

/* True if v points into some domain's minor heap. */
bool mc_is_young(const mc_runtime *rt, value v);

/* Allocation accounting for out-of-heap memory held by custom blocks. */
void mc_adjust_gc_speed(mc_domain *d, mlsize_t res, mlsize_t max);

/* ---- GC roots held by C data structures ---- */
void mc_register_global_root(mc_domain *d, value *root);
void mc_remove_global_root(mc_domain *d, value *root);
/* The same from a thread that has no domain any more. */
void mc_remove_global_root_rt(mc_runtime *rt, value *root);

/* ---- Raw memory ----
 * malloc/realloc that exit with a clear message on failure (for runtime
 * bookkeeping, never for OCaml values). */
void *mc_xmalloc(size_t n);
void *mc_xcalloc(size_t n, size_t size);
void *mc_xrealloc(void *p, size_t n);
char *mc_xstrdup(const char *s);

#endif
