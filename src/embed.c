/* embed.c: mcrun inside a C program, through stock's caml_startup family.
 *
 * `ocamlc -output-obj` turns an OCaml program into a C object that holds
 * its bytecode, its global data and a table of the primitives it may call
 * (caml_builtin_cprim, with their names in caml_names_of_builtin_cprim),
 * and whose caml_startup(argv) calls caml_startup_code below.  Linked with
 * build/libmcrun.o instead of stock's libcamlrun.a, the program runs on
 * mcrun: the primitives mcrun knows are bound by name to its own, the
 * others (the program's C stubs, linked into the executable) are called
 * through the table with stock's calling convention.  After startup, the
 * calling thread stays attached to domain 0, so that the C program can
 * call OCaml through caml_named_value and caml_callback (capi.c).
 * docs/embedding.md is the user's guide. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "alloc.h"
#include "backtrace.h"
#include "callback.h"
#include "capi.h"
#include "crash.h"
#include "domain_internal.h"
#include "fail.h"
#include "gc.h"
#include "loader.h"
#include "prims.h"
#include "runtime.h"
#include "startup.h"
#include "stublibs.h"

/* Defined by the object that ocamlc -output-obj makes; absent (NULL) in
 * the mcrun executable. */
extern void *const caml_builtin_cprim[] __attribute__((weak));
extern const char *const caml_names_of_builtin_cprim[] __attribute__((weak));

/* Misuse of the startup functions by the C program: stock's words, and
 * an abort as with stock's caml_fatal_error. */
static _Noreturn void misuse(const char *msg) {
  fprintf(stderr, "Fatal error: %s\n", msg);
  fflush(stderr);
  abort();
}

/* Sys.executable_name: the running executable, as stock finds it. */
static char *executable_name(const char *argv0) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = 0;
    return mc_xstrdup(buf);
  }
  return mc_xstrdup(argv0 != NULL ? argv0 : "");
}

/* The program's primitive table: each name bound to mcrun's primitive of
 * that name, or else to the linked C function. */
static void bind_builtin_primitives(mc_runtime *rt) {
  if (caml_names_of_builtin_cprim == NULL || caml_builtin_cprim == NULL)
    mc_fatal(rt, "caml_startup_code: no primitive table (the program must be linked with the "
                 "object that ocamlc -output-obj makes)");
  size_t len = 0, n = 0;
  for (; caml_names_of_builtin_cprim[n] != NULL; n++) len += strlen(caml_names_of_builtin_cprim[n]) + 1;
  char *names = mc_xmalloc(len ? len : 1), *p = names;
  for (size_t k = 0; k < n; k++) {
    size_t l = strlen(caml_names_of_builtin_cprim[k]) + 1;
    memcpy(p, caml_names_of_builtin_cprim[k], l);
    p += l;
  }
  mc_resolve_primitives(rt, names, len);
  free(names);
  for (size_t k = 0; k < rt->nprims; k++)
    if (rt->prims[k] == NULL && caml_builtin_cprim[k] != NULL)
      mc_bind_primitive(rt, k, mc_foreign_primdef(rt, rt->prim_names[k], caml_builtin_cprim[k]));
}

/* Start a runtime in the calling thread and run the program's
 * initialisation.  Returns true, with the exception in *res, if it raised;
 * *res is unit if a runtime was already running in this thread (a second
 * call does nothing, as on stock). */
static bool start(const void *code, uvalue code_size, const char *data, uvalue data_size,
                  char **argv, mc_domain **dp, value *res) {
  *res = val_unit;
  *dp = mc_capi_current();
  if (*dp != NULL) {
    mc_runtime *rt = (*dp)->rt;
    if (rt->embed_shut_down)
      misuse("caml_startup was called after the runtime was shut down with caml_shutdown");
    rt->embed_starts++;
    return false;
  }
  mc_crash_handlers_install();
  mc_runtime *rt = mc_runtime_new();
  rt->embed_starts = 1;
  rt->exe_name = executable_name(argv != NULL ? argv[0] : NULL);
  static char *no_args[] = {NULL};
  rt->argv = argv != NULL ? argv : no_args;
  rt->argc = 0;
  while (rt->argv[rt->argc] != NULL) rt->argc++;
  mc_domain *d = mc_start_main_domain(rt);
  bind_builtin_primitives(rt);
  mc_debuginfo_set_not_bytecode(rt, rt->exe_name);
  if (code_size % sizeof(opcode_t) != 0) mc_fatal(rt, "caml_startup_code: corrupt code");
  char *copy = mc_xmalloc(code_size ? code_size : 1);
  memcpy(copy, code, code_size);
  *dp = d;
  return mc_start_code(rt, d, rt->exe_name, copy, code_size, data, data_size, res);
}

void caml_startup_code(void *code, uvalue code_size, char *data, uvalue data_size,
                       char *section_table, uvalue section_table_size, int pooling, char **argv) {
  (void)section_table, (void)section_table_size, (void)pooling;
  mc_domain *d;
  value res;
  if (start(code, code_size, data, data_size, argv, &d, &res)) mc_fatal_uncaught_exception(d, res);
}

/* The exception comes back encoded as stock's Make_exception_result does
 * (the pointer with bit 1 set). */
value caml_startup_code_exn(void *code, uvalue code_size, char *data, uvalue data_size,
                            char *section_table, uvalue section_table_size, int pooling,
                            char **argv) {
  (void)section_table, (void)section_table_size, (void)pooling;
  mc_domain *d;
  value res;
  bool raised = start(code, code_size, data, data_size, argv, &d, &res);
  return raised ? (res | 2) : res;
}

/* The call matching the first caml_startup runs the program's at_exit
 * functions (flushing its channels); the runtime stays in place (mcrun
 * does not unload it), and cannot be started again. */
void caml_shutdown(void) {
  mc_domain *d = mc_capi_current();
  if (d == NULL || d->rt->embed_starts <= 0)
    misuse("a call to caml_shutdown has no corresponding call to caml_startup");
  if (--d->rt->embed_starts > 0) return;
  d->rt->embed_shut_down = true;
  const char *hooks[] = {"Pervasives.do_at_exit", "Thread.at_shutdown"};
  for (size_t i = 0; i < sizeof hooks / sizeof hooks[0]; i++) {
    const value *f = mc_named_value(d->rt, hooks[i]);
    if (f != NULL) mc_callback(d, *f, val_unit);
  }
  fflush(stdout);
  fflush(stderr);
}
