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

/* The program's Sys.argv and executable name are in rt->argv, rt->exe_name. */

#endif
