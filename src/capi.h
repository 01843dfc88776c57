/* capi.h: stock's C API for the stubs of third-party libraries (capi.c). */
#ifndef MC_CAPI_H
#define MC_CAPI_H

#include "domain.h"
#include "gc.h"

/* Make d the domain of the calling OS thread for foreign stubs (sets the
 * thread-local `caml_state`); NULL when the thread stops running OCaml.
 * Called by every thread that runs OCaml code: the main thread, domain
 * threads and systhreads. */
void mc_capi_thread_attach(mc_domain *d);
/* The domain the calling thread runs for foreign stubs, or NULL. */
mc_domain *mc_capi_current(void);

/* The values registered by foreign stubs' CAMLparam/CAMLlocal frames in
 * the chain starting at `chain` (a saved d->capi_state[MC_CAPI_LOCAL_ROOTS]),
 * given to f as GC roots. */
void mc_capi_scan_roots(mc_domain *d, void *chain, mc_root_fn f, void *ctx);

/* At runtime teardown, after the last finaliser ran. */
void mc_capi_free(mc_runtime *rt);

#endif
