/* Stub libraries that cannot load on mcrun (tests/stublibs-check.sh). */
#include <caml/mlvalues.h>
#ifdef UNDEFINED
/* A function that exists nowhere: stock fails to load it too. */
extern value mcs_nowhere(value);
value broken_call(value v) { return mcs_nowhere(v); }
#else
/* A function of stock's runtime that mcrun does not export: mcrun's own
 * caml_* functions have other signatures and must stay invisible. */
extern value caml_abs_float(value);
value broken_call(value v) { return caml_abs_float(v); }
#endif
