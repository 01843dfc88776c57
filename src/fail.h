/* fail.h: raising OCaml exceptions from C, and fatal errors.
 *
 * mc_raise and friends do not return: they unwind to the innermost catch
 * point (an interpreter activation or mc_catch_push), restoring the local
 * root chain saved there.  C resources held across a raising call must be
 * released before it.
 */
#ifndef MC_FAIL_H
#define MC_FAIL_H

#include <stdarg.h>
#include "domain.h"

/* Indices of the predefined exceptions in the global data. */
enum {
  EXN_OUT_OF_MEMORY = 0,
  EXN_SYS_ERROR = 1,
  EXN_FAILURE = 2,
  EXN_INVALID_ARGUMENT = 3,
  EXN_END_OF_FILE = 4,
  EXN_DIVISION_BY_ZERO = 5,
  EXN_NOT_FOUND = 6,
  EXN_MATCH_FAILURE = 7,
  EXN_STACK_OVERFLOW = 8,
  EXN_SYS_BLOCKED_IO = 9,
  EXN_ASSERT_FAILURE = 10,
  EXN_UNDEFINED_RECURSIVE_MODULE = 11
};

/* The exception constructor of a predefined exception. */
value mc_predef_exn(mc_domain *d, int index);

_Noreturn void mc_raise(mc_domain *d, value exn);
_Noreturn void mc_raise_constant(mc_domain *d, value tag);
_Noreturn void mc_raise_with_arg(mc_domain *d, value tag, value arg);
_Noreturn void mc_raise_with_string(mc_domain *d, value tag, const char *msg);
_Noreturn void mc_failwith(mc_domain *d, const char *msg);
_Noreturn void mc_failwith_value(mc_domain *d, value msg);
_Noreturn void mc_invalid_argument(mc_domain *d, const char *msg);
_Noreturn void mc_invalid_argument_value(mc_domain *d, value msg);
_Noreturn void mc_raise_not_found(mc_domain *d);
_Noreturn void mc_raise_end_of_file(mc_domain *d);
_Noreturn void mc_raise_zero_divide(mc_domain *d);
_Noreturn void mc_raise_out_of_memory(mc_domain *d);
_Noreturn void mc_raise_stack_overflow(mc_domain *d);
_Noreturn void mc_raise_sys_blocked_io(mc_domain *d);
/* Sys_error with the message "<arg>: <strerror(errnum)>" (or just the
 * strerror text when arg is NULL), as stock's caml_sys_error builds it. */
_Noreturn void mc_raise_sys_error_errno(mc_domain *d, const char *arg, int errnum);
_Noreturn void mc_raise_sys_error(mc_domain *d, value msg);
/* Failure with a printf-formatted message. */
_Noreturn void mc_failwithf(mc_domain *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Raises the exception registered under `name` (Callback.register_exception)
 * with a string argument; Failure if not registered. */
_Noreturn void mc_raise_named(mc_domain *d, const char *name, const char *msg);

/* Catch points: run code that may raise and intercept the exception.
 *
 *   struct mc_catch c;
 *   mc_catch_enter(d, &c);
 *   if (setjmp(c.buf) == 0) { ... body ...; mc_catch_leave(d, &c); }
 *   else { exn = c.exn; ... handle ... }
 *
 * When an exception arrives, the catch point has already been popped and
 * the local roots restored.  Locals changed in the body and read in the
 * handler must be volatile. */
static inline void mc_catch_enter(mc_domain *d, struct mc_catch *c) {
  c->prev = d->catch_point;
  c->roots = d->local_roots;
  c->capi_roots = (void *)d->capi_state[MC_CAPI_LOCAL_ROOTS];
  c->exn = val_unit;
  d->catch_point = c;
}
static inline void mc_catch_leave(mc_domain *d, struct mc_catch *c) { d->catch_point = c->prev; }

/* Fatal errors: print "mcrun: <message>" on one line to stderr, flush the
 * OCaml channels, and exit with status 2. */
_Noreturn void mc_fatal(mc_runtime *rt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Bug in mcrun itself: message and abort (for the debugger and sanitizers). */
_Noreturn void mc_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define MC_CHECK(cond) \
  ((cond) ? (void)0 : mc_panic("check failed: %s (%s:%d)", #cond, __FILE__, __LINE__))
#if MC_DEBUG
#define MC_ASSERT(cond) MC_CHECK(cond)
#else
#define MC_ASSERT(cond) ((void)0)
#endif
#if MC_EXPENSIVE_CHECKS
#define MC_ASSERT_EXPENSIVE(cond) MC_CHECK(cond)
#else
#define MC_ASSERT_EXPENSIVE(cond) ((void)0)
#endif

#endif
