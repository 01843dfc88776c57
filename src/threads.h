/* threads.h: the threads library's hooks into the runtime (threads.c). */
#ifndef MC_THREADS_H
#define MC_THREADS_H

#include "domain.h"
#include "gc.h"

/* Blocking sections of a threaded domain (domain.c calls these in order):
 * save the running thread's state into its record and clear the domain's,
 * release the domain lock; then take the lock (waiting for the other
 * threads), and load the calling thread's state. */
void mc_threads_save(mc_domain *d);
void mc_threads_unlock(mc_domain *d);
void mc_threads_lock(mc_domain *d);
void mc_threads_load(mc_domain *d);
/* Roots held by the domain's threads that are not running. */
void mc_threads_scan_roots(mc_domain *d, mc_root_fn f, void *ctx);
/* Safepoint: yield to a waiting thread if the tick thread asked. */
void mc_threads_maybe_yield(mc_domain *d);
/* A domain's main computation ended: join the domain's other threads. */
void mc_threads_domain_stop(mc_domain *d);
void mc_threads_domain_free(mc_domain *d);
/* Thread.yield. */
void mc_thread_yield(mc_domain *d);

#endif
