/* callback.h: calling OCaml closures from C, and named values. */
#ifndef MC_CALLBACK_H
#define MC_CALLBACK_H

#include "domain.h"

/* Apply closure f to the arguments.  The plain versions propagate an OCaml
 * exception to the caller's catch point; the _exn versions return true
 * and store the exception in *result instead. */
value mc_callback(mc_domain *d, value f, value a);
value mc_callback2(mc_domain *d, value f, value a, value b);
value mc_callback3(mc_domain *d, value f, value a, value b, value c);
value mc_callbackN(mc_domain *d, value f, int n, const value *args);
bool mc_callbackN_exn(mc_domain *d, value f, int n, const value *args, value *result)
    __attribute__((warn_unused_result));

/* Callback.register: NULL if no value has that name. */
const value *mc_named_value(mc_runtime *rt, const char *name);

#endif
