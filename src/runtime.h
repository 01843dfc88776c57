/* runtime.h: runtime-wide services used across subsystems. */
#ifndef MC_RUNTIME_H
#define MC_RUNTIME_H

#include "domain.h"

/* Ends the program with the given exit status: prints GC statistics if
 * OCAMLRUNPARAM asks for them, flushes nothing on the OCaml side (at_exit
 * has already run in Stdlib.exit), and exits the process. */
_Noreturn void mc_exit(mc_domain *d, int status);

/* Runs pending actions (signals, finalisers, GC requests) at a safepoint.
 * May run OCaml code and raise. */
void mc_process_pending(mc_domain *d);

/* Asks domain d to reach a safepoint soon (any thread, async-signal-safe). */
void mc_request_safepoint(mc_domain *d);

/* Signals (signals.c): true if a signal is waiting to be handled, and the
 * function that runs the OCaml handlers of pending signals. */
bool mc_signals_pending(mc_runtime *rt);
void mc_signals_process(mc_domain *d);

/* Blocking sections: call leave/enter around a system call that may block
 * (read, write, sleep, wait), so that other domains and threads can run.
 * No OCaml value may be touched between the two calls. */
void mc_enter_blocking_section(mc_domain *d);
void mc_leave_blocking_section(mc_domain *d);

/* Code fragments (interp.c / loader.c).  Lookup by any address inside the
 * fragment, or by the MD5 digest of its code (computed on demand); NULL if
 * none.  The digest is that of the bytecode as stored in the executable. */
struct mc_code_fragment *mc_code_fragment_at(mc_runtime *rt, int id);
int mc_code_fragment_count(mc_runtime *rt);
const struct mc_code_fragment *mc_find_code_fragment(mc_runtime *rt, const void *pc);
const struct mc_code_fragment *mc_find_code_fragment_by_digest(mc_runtime *rt,
                                                               const unsigned char digest[16]);
/* The digest of a fragment (computing it if not yet done). */
const unsigned char *mc_code_fragment_digest(mc_runtime *rt, const struct mc_code_fragment *f);

/* The program's Sys.argv and executable name are in rt->argv, rt->exe_name. */

#endif
