/* unix.c: the unix library's shared machinery (Unix_error, argument
 * conversions) and its primitive table; the primitives themselves live in
 * unix_files.c, unix_proc.c and unix_net.c. */

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "callback.h"
#include "fail.h"
#include "prims.h"
#include "unix.h"

/* ------------------------------------------------------------------ */
/* Error codes                                                         */
/* ------------------------------------------------------------------ */

/* The constant constructors of Unix.error, in declaration order.  Each
 * is named after the errno macro it stands for. */
#define UNIX_ERROR_CONSTRUCTORS(X)                                             \
  X(E2BIG) X(EACCES) X(EAGAIN) X(EBADF) X(EBUSY) X(ECHILD) X(EDEADLK) X(EDOM) \
  X(EEXIST) X(EFAULT) X(EFBIG) X(EINTR) X(EINVAL) X(EIO) X(EISDIR)            \
  X(EMFILE) X(EMLINK) X(ENAMETOOLONG) X(ENFILE) X(ENODEV) X(ENOENT)           \
  X(ENOEXEC) X(ENOLCK) X(ENOMEM) X(ENOSPC) X(ENOSYS) X(ENOTDIR)               \
  X(ENOTEMPTY) X(ENOTTY) X(ENXIO) X(EPERM) X(EPIPE) X(ERANGE) X(EROFS)        \
  X(ESPIPE) X(ESRCH) X(EXDEV)                                                  \
  /* sockets */                                                                \
  X(EWOULDBLOCK) X(EINPROGRESS) X(EALREADY) X(ENOTSOCK) X(EDESTADDRREQ)       \
  X(EMSGSIZE) X(EPROTOTYPE) X(ENOPROTOOPT) X(EPROTONOSUPPORT)                  \
  X(ESOCKTNOSUPPORT) X(EOPNOTSUPP) X(EPFNOSUPPORT) X(EAFNOSUPPORT)             \
  X(EADDRINUSE) X(EADDRNOTAVAIL) X(ENETDOWN) X(ENETUNREACH) X(ENETRESET)      \
  X(ECONNABORTED) X(ECONNRESET) X(ENOBUFS) X(EISCONN) X(ENOTCONN)             \
  X(ESHUTDOWN) X(ETOOMANYREFS) X(ETIMEDOUT) X(ECONNREFUSED) X(EHOSTDOWN)      \
  X(EHOSTUNREACH) X(ELOOP) X(EOVERFLOW)

#define ERRNO_OF(name) name,
static const int constructor_errno[] = {UNIX_ERROR_CONSTRUCTORS(ERRNO_OF)};
#undef ERRNO_OF

_Static_assert(sizeof constructor_errno / sizeof constructor_errno[0] == MC_UNIX_NERRORS,
               "Unix.error has 68 constant constructors");

int mc_unix_error_index(int err) {
  if (err == ENOTSUP) err = EOPNOTSUPP;
  return mc_unix_index_of(err, constructor_errno, MC_UNIX_NERRORS, -1);
}

int mc_unix_errno_of_index(int index) {
  return index >= 0 && index < MC_UNIX_NERRORS ? constructor_errno[index] : -1;
}

int mc_unix_errno_of_error(value err) {
  if (is_block(err)) return int_val(field(err, 0));  /* EUNKNOWNERR n */
  return mc_unix_errno_of_index(int_val(err));
}

value mc_unix_error_of_errno(mc_domain *d, int err) {
  int index = mc_unix_error_index(err);
  if (index >= 0) return val_int(index);
  value unknown = mc_alloc_small(d, 1, 0);
  field(unknown, 0) = val_int(err);
  return unknown;
}

/* Builds the exception bucket (Unix_error, code, function, argument) and
 * raises it.  The named exception is looked up each time: the registry
 * is the runtime's, and a raise is not a fast path.
 *
 * Pending asynchronous work runs first, as stock's raise does: a system
 * call cut short by a signal (EINTR) then has the signal's OCaml handler
 * run before Unix_error is raised, and an exception from the handler is
 * raised instead. */
_Noreturn void mc_unix_raise(mc_domain *d, int err, const char *fn, value arg) {
  if (mc_named_value(d->rt, "Unix.Unix_error") == NULL)
    mc_invalid_argument(d, "Exception Unix.Unix_error not initialized, please link unix.cma");
  value what = arg == MC_UNIX_NO_ARG ? val_unit : arg;
  value name = val_unit, code = val_unit;
  GC_ROOTS(d, &what, &name, &code);
  if (atomic_load_explicit(&d->action_pending, memory_order_relaxed) || mc_signals_pending(d->rt))
    mc_process_pending(d);
  if (arg == MC_UNIX_NO_ARG) what = mc_copy_string(d, "");
  name = mc_copy_string(d, fn);
  code = mc_unix_error_of_errno(d, err);
  value bucket = mc_alloc_small(d, 4, 0);
  field(bucket, 0) = *mc_named_value(d->rt, "Unix.Unix_error");
  field(bucket, 1) = code;
  field(bucket, 2) = name;
  field(bucket, 3) = what;
  mc_raise(d, bucket);
}

_Noreturn void mc_unix_raise_errno(mc_domain *d, const char *fn, value arg) {
  mc_unix_raise(d, errno, fn, arg);
}

/* Unix.error_message: the C library's text for the code. */
value caml_unix_error_message(mc_domain *d, value err) {
  int code = mc_unix_errno_of_error(err);
  char scratch[512];
  const char *text = strerror_r(code, scratch, sizeof scratch);
  return mc_copy_string(d, text);
}

/* ------------------------------------------------------------------ */
/* Argument conversions                                                */
/* ------------------------------------------------------------------ */

bool mc_unix_c_safe(value s) {
  return memchr(string_val(s), '\0', string_length(s)) == NULL;
}

char *mc_unix_path(mc_domain *d, value path, const char *fn) {
  if (!mc_unix_c_safe(path)) mc_unix_raise(d, ENOENT, fn, path);
  return mc_xstrdup(string_val(path));
}

/* All strings are checked before any is copied, so that a failure
 * leaves nothing to free. */
char **mc_unix_strings(mc_domain *d, value arr, const char *fn) {
  mlsize_t n = wosize_val(arr);
  for (mlsize_t i = 0; i < n; i++)
    if (!mc_unix_c_safe(field(arr, i))) mc_unix_raise(d, EINVAL, fn, field(arr, i));
  char **v = mc_xmalloc((n + 1) * sizeof *v);
  for (mlsize_t i = 0; i < n; i++) v[i] = mc_xstrdup(string_val(field(arr, i)));
  v[n] = NULL;
  return v;
}

void mc_unix_free_strings(char **v) {
  if (v == NULL) return;
  for (char **p = v; *p != NULL; p++) free(*p);
  free(v);
}

int mc_unix_flag_list(value list, const int *table) {
  int bits = 0;
  for (; list != val_emptylist; list = field(list, 1)) bits |= table[int_val(field(list, 0))];
  return bits;
}

int mc_unix_index_of(int key, const int *table, int n, int fallback) {
  for (int i = 0; i < n; i++)
    if (table[i] == key) return i;
  return fallback;
}

bool mc_unix_cloexec_wanted(value opt) {
  return is_block(opt) ? bool_val(field(opt, 0)) : false;
}

void mc_unix_set_cloexec(mc_domain *d, int fd, bool on, const char *fn) {
  int bits = fcntl(fd, F_GETFD, 0);
  if (bits != -1) bits = fcntl(fd, F_SETFD, on ? bits | FD_CLOEXEC : bits & ~FD_CLOEXEC);
  if (bits == -1) mc_unix_raise_errno(d, fn, MC_UNIX_NO_ARG);
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

#define TABLE_ENTRY(f, arity) PRIM(f, arity),
const struct mc_primdef mc_prims_unix[] = {MC_UNIX_PRIMITIVES(TABLE_ENTRY) PRIM_END};
#undef TABLE_ENTRY
