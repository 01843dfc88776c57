/* fail.c: raising OCaml exceptions from C, and fatal errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "alloc.h"
#include "callback.h"
#include "fail.h"
#include "startup.h"
#include "io.h"

static bool globals_loaded(mc_domain *d, int index) {
  value g = d->rt->global_data;
  return is_block(g) && (mlsize_t)index < wosize_val(g);
}

/* Before the global data exists (while the loader reads it), a predefined
 * exception is raised as its index, an immediate the loader's catch point
 * recognises; the message goes to rt->early_failure. */
value mc_predef_exn(mc_domain *d, int index) {
  if (!globals_loaded(d, index)) {
    if (d->catch_point == NULL) mc_fatal(d->rt, "exception raised before the program's global data is loaded");
    return val_int(index);
  }
  return field(d->rt->global_data, index);
}

_Noreturn void mc_raise(mc_domain *d, value exn) {
  struct mc_catch *c = d->catch_point;
  if (c == NULL) {
    /* Raised by a callback from a C program that embeds mcrun
     * (src/embed.c) with no handler left: uncaught, as on stock. */
    if (is_block(d->rt->global_data)) mc_fatal_uncaught_exception(d, exn);
    mc_fatal(d->rt, "exception raised outside of any OCaml code");
  }
  d->catch_point = c->prev;
  d->local_roots = c->roots;
  d->capi_state[MC_CAPI_LOCAL_ROOTS] = (uintptr_t)c->capi_roots;
  c->exn = exn;
  longjmp(c->buf, 1);
}

_Noreturn void mc_raise_constant(mc_domain *d, value tag) { mc_raise(d, tag); }

_Noreturn void mc_raise_with_arg(mc_domain *d, value tag, value arg) {
  value exn = mc_alloc_pair(d, 0, tag, arg);
  mc_raise(d, exn);
}

_Noreturn void mc_raise_with_string(mc_domain *d, value tag, const char *msg) {
  if (!is_block(tag)) {
    snprintf(d->rt->early_failure, sizeof d->rt->early_failure, "%s", msg);
    mc_raise(d, tag);
  }
  GC_ROOTS(d, &tag);
  value s = mc_copy_string(d, msg);
  mc_raise_with_arg(d, tag, s);
}

_Noreturn void mc_failwith(mc_domain *d, const char *msg) {
  mc_raise_with_string(d, mc_predef_exn(d, EXN_FAILURE), msg);
}

_Noreturn void mc_failwith_value(mc_domain *d, value msg) {
  mc_raise_with_arg(d, mc_predef_exn(d, EXN_FAILURE), msg);
}

_Noreturn void mc_failwithf(mc_domain *d, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  mc_failwith(d, buf);
}

_Noreturn void mc_invalid_argument(mc_domain *d, const char *msg) {
  mc_raise_with_string(d, mc_predef_exn(d, EXN_INVALID_ARGUMENT), msg);
}

_Noreturn void mc_invalid_argument_value(mc_domain *d, value msg) {
  mc_raise_with_arg(d, mc_predef_exn(d, EXN_INVALID_ARGUMENT), msg);
}

_Noreturn void mc_raise_not_found(mc_domain *d) { mc_raise(d, mc_predef_exn(d, EXN_NOT_FOUND)); }

_Noreturn void mc_raise_end_of_file(mc_domain *d) { mc_raise(d, mc_predef_exn(d, EXN_END_OF_FILE)); }

_Noreturn void mc_raise_zero_divide(mc_domain *d) {
  mc_raise(d, mc_predef_exn(d, EXN_DIVISION_BY_ZERO));
}

_Noreturn void mc_raise_out_of_memory(mc_domain *d) {
  mc_raise(d, mc_predef_exn(d, EXN_OUT_OF_MEMORY));
}

_Noreturn void mc_raise_stack_overflow(mc_domain *d) {
  mc_raise(d, mc_predef_exn(d, EXN_STACK_OVERFLOW));
}

_Noreturn void mc_raise_sys_blocked_io(mc_domain *d) {
  mc_raise(d, mc_predef_exn(d, EXN_SYS_BLOCKED_IO));
}

_Noreturn void mc_raise_sys_error(mc_domain *d, value msg) {
  mc_raise_with_arg(d, mc_predef_exn(d, EXN_SYS_ERROR), msg);
}

_Noreturn void mc_raise_sys_error_errno(mc_domain *d, const char *arg, int errnum) {
  const char *err = strerror(errnum);
  if (arg == NULL) mc_raise_with_string(d, mc_predef_exn(d, EXN_SYS_ERROR), err);
  size_t n = strlen(arg) + strlen(err) + 3;
  char *buf = mc_xmalloc(n);
  snprintf(buf, n, "%s: %s", arg, err);
  value tag = mc_predef_exn(d, EXN_SYS_ERROR);
  GC_ROOTS(d, &tag);
  value s = mc_copy_string(d, buf);
  free(buf);
  mc_raise_with_arg(d, tag, s);
}

_Noreturn void mc_raise_named(mc_domain *d, const char *name, const char *msg) {
  const value *exn = mc_named_value(d->rt, name);
  if (exn == NULL) mc_failwithf(d, "exception %s not registered", name);
  mc_raise_with_string(d, *exn, msg);
}

_Noreturn void mc_fatal(mc_runtime *rt, const char *fmt, ...) {
  if (rt != NULL) mc_flush_all_channels(rt);
  va_list ap;
  va_start(ap, fmt);
  fputs("mcrun: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
#if MC_SANITIZE
  /* A fatal error leaves the runtime's memory allocated: skip the leak
   * check that exit() would run. */
  fflush(NULL);
  _exit(2);
#else
  exit(2);
#endif
}

_Noreturn void mc_panic(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("mcrun: internal error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  abort();
}
