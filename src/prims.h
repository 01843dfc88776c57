/* prims.h: how primitives are defined and found.
 *
 * A primitive is a C function named after the primitive ("caml_foo") that
 * takes the domain first, then its OCaml arguments:
 *
 *   value caml_foo(mc_domain *d, value a, value b);          arity 1..5
 *   value caml_bar(mc_domain *d, value *argv, int argc);     arity > 5
 *
 * Each primitive file ends with a table that lists its primitives once:
 *
 *   const struct mc_primdef mc_prims_str[] = {
 *     PRIM(caml_string_length, 1),
 *     ...
 *     PRIM_END
 *   };
 *
 * and names its table in the MC_PRIM_MODULES list of prims.c.  The loader
 * resolves the names of the PRIM section against all tables, then against
 * the C stub libraries the program names (stublibs.c); names found nowhere
 * resolve to a stub that stops the program with a message naming the
 * primitive when it is first called.
 *
 * A primitive found in a stub library is "foreign" (MC_PRIM_FOREIGN): it
 * has stock's convention, without the domain argument,
 *
 *   value foo(value a, value b);                 arity 1..5
 *   value bar(value *argv, int argc);            arity > 5
 *
 * and an arity nobody knows (every C_CALL of it says how many arguments it
 * passes).  The loader gives each C_CALL of one an instruction of its own
 * that calls it that way (interp.c), so the common C_CALL path stays as it
 * is; docs/c-stubs.md describes the C API such stubs see.
 */
#ifndef MC_PRIMS_H
#define MC_PRIMS_H

#include "domain.h"

typedef void (*mc_prim_any)(void);
typedef value (*mc_prim1)(mc_domain *, value);
typedef value (*mc_prim2)(mc_domain *, value, value);
typedef value (*mc_prim3)(mc_domain *, value, value, value);
typedef value (*mc_prim4)(mc_domain *, value, value, value, value);
typedef value (*mc_prim5)(mc_domain *, value, value, value, value, value);
typedef value (*mc_primn)(mc_domain *, value *, int);
/* Primitives of C stub libraries: stock's convention, no domain. */
typedef value (*stock_prim1)(value);
typedef value (*stock_prim2)(value, value);
typedef value (*stock_prim3)(value, value, value);
typedef value (*stock_prim4)(value, value, value, value);
typedef value (*stock_prim5)(value, value, value, value, value);
typedef value (*stock_primn)(value *, int);

struct mc_primdef {
  const char *name;
  int arity;          /* -1 for a foreign primitive */
  mc_prim_any fn;
  unsigned flags;     /* MC_PRIM_* */
};

#define MC_PRIM_FOREIGN 1u  /* from a C stub library: stock's convention */

#define PRIM(name, arity) {#name, (arity), (mc_prim_any)(name)}
#define PRIM_END {NULL, 0, NULL}

/* Looks up a primitive by name in the built-in tables; NULL if none. */
const struct mc_primdef *mc_prim_lookup(const char *name);
/* Calls fn for every built-in primitive, in table order (for `mcrun -p`). */
void mc_prim_iter(void (*fn)(const struct mc_primdef *, void *), void *arg);

#endif
