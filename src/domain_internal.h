/* domain_internal.h: the stop-the-world protocol and domain lifecycle
 * (domain.c), for the collector and the startup code. */
#ifndef MC_DOMAIN_INTERNAL_H
#define MC_DOMAIN_INTERNAL_H

#include "domain.h"

void mc_domains_init(mc_runtime *rt);
mc_domain *mc_domain_new(mc_runtime *rt, mc_domain *creator);
/* Called by a domain's own thread when its computation has finished:
 * hands its heap over and frees it.  d is invalid afterwards. */
void mc_domain_terminate(mc_domain *d);

/* An exiting thread of a threaded domain leaves the domain for good. */
void mc_domain_give_up(mc_domain *d);

/* True once a second domain has been created (stock refuses Unix.fork
 * from then on: the backup threads it starts would be lost). */
bool mc_domain_ever_spawned(mc_runtime *rt);

/* Run fn on every running domain at once (see domain.c); returns when the
 * section is over.  fn's `leader` is true on the calling domain, which
 * also does the part of domains that are blocked. */
void mc_stw_run(mc_domain *d, enum mc_pause_kind kind, mc_stw_fn fn, void *arg);
/* The same, for a function that can do every participant's part alone
 * (mc_stw_serial): when more domains take part than there are processors,
 * the leader runs it alone while the others just wait for the end, which
 * saves the rounds of wake-ups of its barriers. */
void mc_stw_run_may_serialise(mc_domain *d, enum mc_pause_kind kind, mc_stw_fn fn, void *arg);
/* Inside a section: is the leader doing every participant's part? */
bool mc_stw_serial(mc_runtime *rt);
/* Take part in a section that interrupted d (from a safepoint). */
void mc_stw_participate(mc_domain *d);
/* All participants reach this point before any goes on. */
void mc_stw_barrier(mc_domain *d);
/* More than one domain is taking part in the running section. */
bool mc_stw_parallel(mc_runtime *rt);
/* Safepoint work that runs no OCaml code (STW, GC requests). */
void mc_handle_gc_interrupt(mc_domain *d);

/* Iterate over the domains that exist; valid during a section (the set
 * cannot change then) or under rt->stw.lock. */
#define FOR_EACH_DOMAIN(rt, var)                          \
  for (int var##_i = 0; var##_i < (rt)->nslots; var##_i++) \
    for (mc_domain *var = (rt)->domains[var##_i]; var != NULL; var = NULL)

#endif
