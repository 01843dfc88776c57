/* backtrace.h: exception backtraces and debug information. */
#ifndef MC_BACKTRACE_H
#define MC_BACKTRACE_H

#include "domain.h"

/* Record the code pointers of the frames between sp and the innermost trap
 * frame into d's backtrace buffer.  Without reraise, or for a different
 * exception, the buffer restarts. */
void mc_stash_backtrace(mc_domain *d, value exn, value *sp, bool reraise);

/* Print the backtrace recorded for the last exception (stock's format) to
 * stderr, as the default uncaught-exception handler does. */
void mc_print_exception_backtrace(mc_domain *d);

/* Load the DBUG section of the main program (lazily, on first use). */
void mc_debuginfo_set_source(mc_runtime *rt, const char *path, int64_t offset, int64_t length);
/* The program's code is not in a bytecode file (embedded, src/embed.c):
 * backtraces say so as stock does ("wrong magic number"). */
void mc_debuginfo_set_not_bytecode(mc_runtime *rt, const char *path);

/* Debug events of code loaded at run time, and their removal. */
void mc_debuginfo_add(mc_domain *d, code_t code, size_t len, value events);
void mc_debuginfo_remove(mc_runtime *rt, code_t code, size_t len);

/* Read the debug events now (they are otherwise read on first use). */
void mc_debuginfo_load(mc_domain *d);

#endif
