/* compare.h: OCaml's polymorphic structural comparison, for C callers. */
#ifndef MC_COMPARE_H
#define MC_COMPARE_H

#include <stdbool.h>
#include "domain.h"

/* The result of a non-total comparison whose operands are unordered (a NaN
 * was met, or a custom comparison said so). */
#define MC_COMPARE_UNORDERED INTPTR_MIN

/* Compares a and b structurally, as stock OCaml does.  Returns a negative
 * number, zero or a positive number (not necessarily -1 or 1).
 *
 * total = true gives `compare`'s total order: physically equal values are
 * equal, and NaN equals itself and is below every other float.
 * total = false gives the order of (=), (<), ...: NaN is unordered with
 * everything, and the result is then MC_COMPARE_UNORDERED.
 *
 * Raises Invalid_argument "compare: functional value" (closures),
 * "compare: abstract value" (abstract blocks, custom blocks without a
 * comparison) or "compare: continuation value", and Out_of_memory when the
 * structures are too deeply nested.  Uses a heap-allocated work stack, not
 * C recursion.  May run pending actions (signal handlers, finalisers), and
 * so may run a GC: values held by the caller must be rooted. */
intptr_t mc_compare_values(mc_domain *d, value a, value b, bool total);

#endif
