/* startup.h: runtime creation and program execution (startup.c). */
#ifndef MC_STARTUP_H
#define MC_STARTUP_H

#include "domain.h"

struct mc_exec;

void mc_parse_ocamlrunparam(struct mc_params *p);
mc_runtime *mc_runtime_new(void);
/* Prepare the interpreter (threaded-code tables, callback code). */
void mc_runtime_init_interp(mc_runtime *rt, mc_domain *d);
/* Domain 0 of a configured runtime, attached to the calling thread, with
 * the interpreter prepared (main.c and embed.c). */
mc_domain *mc_start_main_domain(mc_runtime *rt);
/* Load the opened executable and run it; returns when the program ends
 * normally, exits on an uncaught exception. */
int mc_run_program(mc_runtime *rt, mc_domain *d, const char *path, struct mc_exec *ex);
/* Run loaded code (malloc'd, owned by rt from now on) with its global
 * data, once primitives are bound; `path` names the program in errors.
 * Returns true, with the exception in *res, if it raised. */
bool mc_start_code(mc_runtime *rt, mc_domain *d, const char *path, char *code, size_t code_len,
                   const char *data, size_t data_len, value *res);
/* Stock's C rendering of an exception, e.g. Failure("x") or Not_found. */
void mc_format_exception(mc_domain *d, value exn, char *buf, size_t cap);
_Noreturn void mc_fatal_uncaught_exception(mc_domain *d, value exn);

#endif
