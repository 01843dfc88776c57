/* sys.c: the Sys primitives (files, directories, environment, time,
 * process exit, argv, build constants). */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include "alloc.h"
#include "fail.h"
#include "io_internal.h"
#include "prims.h"
#include "runtime.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* Builds "<arg>: <message for err>" byte for byte (arg may hold NULs) and
 * raises it as Sys_error. */
_Noreturn void mc_sys_error_at(mc_domain *d, value arg, int err) {
  char scratch[256];
  const char *text = strerror_r(err, scratch, sizeof scratch);
  size_t text_len = strlen(text);
  GC_ROOTS(d, &arg);
  size_t arg_len = string_length(arg);
  value msg = mc_alloc_string(d, arg_len + 2 + text_len);
  char *out = string_val(msg);
  memcpy(out, string_val(arg), arg_len);
  out[arg_len] = ':';
  out[arg_len + 1] = ' ';
  memcpy(out + arg_len + 2, text, text_len);
  mc_raise_sys_error(d, msg);
}

/* True if the OCaml string has no NUL byte, so C sees all of it. */
static bool c_safe(value s) {
  return memchr(string_val(s), '\0', string_length(s)) == NULL;
}

/* A malloc'd C copy of a path, taken before any blocking section (the
 * string may move while the domain is released).  A path with a NUL byte
 * names no file: Sys_error "<path>: No such file or directory". */
static char *path_copy(mc_domain *d, value path) {
  if (!c_safe(path)) mc_sys_error_at(d, path, ENOENT);
  return mc_xstrdup(string_val(path));
}

/* Runs a path operation in a blocking section and returns its result with
 * errno preserved. */
#define BLOCKING_CALL(d, out, call)  \
  do {                               \
    mc_enter_blocking_section(d);    \
    (out) = (call);                  \
    int saved_errno_ = errno;        \
    mc_leave_blocking_section(d);    \
    errno = saved_errno_;            \
  } while (0)

/* ------------------------------------------------------------------ */
/* Files and directories                                               */
/* ------------------------------------------------------------------ */

/* Host bits for one constructor of Stdlib.open_flag (in declaration
 * order: Open_rdonly, Open_wronly, Open_append, Open_creat, Open_trunc,
 * Open_excl, Open_binary, Open_text, Open_nonblock). */
static int host_open_flag(intptr_t ctor) {
  switch (ctor) {
    case 0: return O_RDONLY;
    case 1: return O_WRONLY;
    case 2: return O_WRONLY | O_APPEND;
    case 3: return O_CREAT;
    case 4: return O_TRUNC;
    case 5: return O_EXCL;
    case 8: return O_NONBLOCK;
    default: return 0; /* binary and text mean nothing on Linux */
  }
}

value caml_sys_open(mc_domain *d, value path, value flag_list, value perm) {
  GC_ROOTS(d, &path);
  char *p = path_copy(d, path);
  int flags = O_CLOEXEC;
  for (value l = flag_list; is_block(l); l = field(l, 1)) flags |= host_open_flag(long_val(field(l, 0)));
  int fd;
  /* open() on a FIFO waits for the other end: a blocking section. */
  BLOCKING_CALL(d, fd, open(p, flags, int_val(perm)));
  int err = errno;
  free(p);
  if (fd == -1) mc_sys_error_at(d, path, err);
  return val_int(fd);
}

value caml_sys_close(mc_domain *d, value fd) {
  int rc;
  BLOCKING_CALL(d, rc, close(int_val(fd)));
  (void)rc;
  return val_unit;
}

/* st_mode of a file, or -1 with errno set (ENOENT for a path with a NUL). */
static int file_mode(mc_domain *d, value name) {
  if (!c_safe(name)) {
    errno = ENOENT;
    return -1;
  }
  char *p = mc_xstrdup(string_val(name));
  struct stat st;
  int rc;
  BLOCKING_CALL(d, rc, stat(p, &st));
  int err = errno;
  free(p);
  errno = err;
  return rc == -1 ? -1 : (int)st.st_mode;
}

value caml_sys_file_exists(mc_domain *d, value name) {
  return val_bool(file_mode(d, name) != -1);
}

value caml_sys_is_directory(mc_domain *d, value name) {
  int mode = file_mode(d, name);
  if (mode == -1) mc_sys_error_at(d, name, errno);
  return val_bool(S_ISDIR(mode));
}

value caml_sys_is_regular_file(mc_domain *d, value name) {
  int mode = file_mode(d, name);
  if (mode == -1) mc_sys_error_at(d, name, errno);
  return val_bool(S_ISREG(mode));
}

/* Shared shape of remove, chdir and rmdir: one path, one call, Sys_error
 * naming the path on failure. */
static value path_call(mc_domain *d, value path, int (*call)(const char *)) {
  GC_ROOTS(d, &path);
  char *p = path_copy(d, path);
  int rc;
  BLOCKING_CALL(d, rc, call(p));
  int err = errno;
  free(p);
  if (rc != 0) mc_sys_error_at(d, path, err);
  return val_unit;
}

value caml_sys_remove(mc_domain *d, value name) {
  return path_call(d, name, unlink);
}

value caml_sys_chdir(mc_domain *d, value dirname) {
  return path_call(d, dirname, chdir);
}

value caml_sys_rmdir(mc_domain *d, value path) {
  return path_call(d, path, rmdir);
}

value caml_sys_mkdir(mc_domain *d, value path, value perm) {
  GC_ROOTS(d, &path);
  char *p = path_copy(d, path);
  int rc;
  BLOCKING_CALL(d, rc, mkdir(p, (mode_t)int_val(perm)));
  int err = errno;
  free(p);
  if (rc != 0) mc_sys_error_at(d, path, err);
  return val_unit;
}

/* Unlike the other path primitives, a failed rename reports the error
 * alone, without either name (as stock). */
value caml_sys_rename(mc_domain *d, value from, value to) {
  GC_ROOTS(d, &from, &to);
  char *p_from = path_copy(d, from);
  if (!c_safe(to)) {
    free(p_from);
    mc_sys_error_at(d, to, ENOENT);
  }
  char *p_to = mc_xstrdup(string_val(to));
  int rc;
  BLOCKING_CALL(d, rc, rename(p_from, p_to));
  int err = errno;
  free(p_from);
  free(p_to);
  if (rc != 0) mc_raise_sys_error_errno(d, NULL, err);
  return val_unit;
}

value caml_sys_getcwd(mc_domain *d, value unit) {
  char where[4096];
  if (getcwd(where, sizeof where) == NULL) mc_raise_sys_error_errno(d, NULL, errno);
  return mc_copy_string(d, where);
}

/* Entries of a directory except "." and "..", in the order readdir gives
 * them; NULL-terminated malloc'd array, or NULL with errno set. */
static char **list_directory(const char *dir) {
  DIR *h = opendir(dir);
  if (h == NULL) return NULL;
  size_t n = 0, cap = 16;
  char **names = mc_xmalloc(cap * sizeof *names);
  struct dirent *e;
  while ((e = readdir(h)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (n + 1 >= cap) {
      cap *= 2;
      names = mc_xrealloc(names, cap * sizeof *names);
    }
    names[n++] = mc_xstrdup(e->d_name);
  }
  closedir(h);
  names[n] = NULL;
  return names;
}

value caml_sys_read_directory(mc_domain *d, value path) {
  GC_ROOTS(d, &path);
  char *p = path_copy(d, path);
  char **names;
  BLOCKING_CALL(d, names, list_directory(p));
  int err = errno;
  free(p);
  if (names == NULL) mc_sys_error_at(d, path, err);
  value arr = mc_copy_string_array(d, (const char *const *)names);
  for (char **q = names; *q != NULL; q++) free(*q);
  free(names);
  return arr;
}

/* ------------------------------------------------------------------ */
/* Environment and processes                                           */
/* ------------------------------------------------------------------ */

/* Sys.getenv uses secure_getenv (nothing in set-uid programs),
 * Sys.unsafe_getenv plain getenv. */
static value lookup_env(mc_domain *d, value var, bool secure) {
  if (!c_safe(var)) mc_raise_not_found(d);
  const char *found = secure ? secure_getenv(string_val(var)) : getenv(string_val(var));
  if (found == NULL) mc_raise_not_found(d);
  return mc_copy_string(d, found);
}

value caml_sys_getenv(mc_domain *d, value var) {
  return lookup_env(d, var, true);
}

value caml_sys_unsafe_getenv(mc_domain *d, value var) {
  return lookup_env(d, var, false);
}

/* Sys.command: the shell's exit status, or 255 if it did not exit
 * normally.  A command with a NUL byte fails with EINVAL. */
value caml_sys_system_command(mc_domain *d, value cmd) {
  GC_ROOTS(d, &cmd);
  if (!c_safe(cmd)) mc_sys_error_at(d, cmd, EINVAL);
  char *c = mc_xstrdup(string_val(cmd));
  int status;
  BLOCKING_CALL(d, status, system(c));
  int err = errno;
  free(c);
  if (status == -1) mc_sys_error_at(d, cmd, err);
  return val_int(WIFEXITED(status) ? WEXITSTATUS(status) : 255);
}

value caml_sys_exit(mc_domain *d, value code) {
  mc_exit(d, int_val(code));
}

/* Processor time (user + system) of this process, and of its waited-for
 * children when asked. */
static double cpu_seconds(bool with_children) {
  struct rusage ru;
  double total = 0.0;
  int who[2] = {RUSAGE_SELF, RUSAGE_CHILDREN};
  for (int i = 0; i < (with_children ? 2 : 1); i++) {
    getrusage(who[i], &ru);
    total += (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
    total += (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  }
  return total;
}

value caml_sys_time(mc_domain *d, value unit) {
  return mc_copy_double(d, cpu_seconds(false));
}

value caml_sys_time_include_children(mc_domain *d, value with_children) {
  return mc_copy_double(d, cpu_seconds(bool_val(with_children)));
}

/* Seed material for Random.self_init: 12 bytes of kernel entropy, one per
 * array element (last byte first, as stock orders them), or if the kernel
 * gives none, whatever bytes it gave followed by the time of day and the
 * process ids.  Returns the number of elements (at most 16). */
static int gather_seed(intptr_t out[16]) {
  unsigned char bytes[12];
  ssize_t got = -1;
  if (getentropy(bytes, sizeof bytes) == 0) {
    got = (ssize_t)sizeof bytes;
  } else {
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd != -1) {
      got = read(fd, bytes, sizeof bytes);
      close(fd);
    }
  }
  int n = 0;
  for (ssize_t i = got - 1; i >= 0; i--) out[n++] = bytes[i];
  if (n >= 12) return n;
  struct timeval now;
  gettimeofday(&now, NULL);
  out[n++] = (intptr_t)now.tv_usec;
  out[n++] = (intptr_t)now.tv_sec;
  out[n++] = (intptr_t)getpid();
  out[n++] = (intptr_t)getppid();
  return n;
}

value caml_sys_random_seed(mc_domain *d, value unit) {
  intptr_t seed[16];
  int n = gather_seed(seed);
  value arr = mc_alloc_small(d, (mlsize_t)n, 0);
  for (int i = 0; i < n; i++) field(arr, i) = val_long(seed[i]);
  return arr;
}

/* ------------------------------------------------------------------ */
/* Program name and arguments                                          */
/* ------------------------------------------------------------------ */

/* Sys.argv: one array for the whole run, made on first use from the
 * arguments the loader kept, so that writes into it and
 * caml_sys_modify_argv are seen by every later use. */
value caml_sys_argv(mc_domain *d, value unit) {
  struct mc_sysstate *st = mc_sysstate(d);
  if (is_block(st->argv)) return st->argv;
  mc_runtime *rt = d->rt;
  mlsize_t n = rt->argc > 0 ? (mlsize_t)rt->argc : 0;
  value arr = mc_alloc(d, n, 0), s = val_unit;
  GC_ROOTS(d, &arr, &s);
  for (mlsize_t i = 0; i < n; i++) {
    s = mc_copy_string(d, rt->argv[i] != NULL ? rt->argv[i] : "");
    mc_modify(d, &field(arr, i), s);
  }
  pthread_mutex_lock(&st->lock);
  if (!is_block(st->argv)) st->argv = arr;
  pthread_mutex_unlock(&st->lock);
  return st->argv;
}

value caml_sys_modify_argv(mc_domain *d, value new_argv) {
  struct mc_sysstate *st = mc_sysstate(d);
  pthread_mutex_lock(&st->lock);
  st->argv = new_argv;
  pthread_mutex_unlock(&st->lock);
  return val_unit;
}

static const char *exe_name(mc_runtime *rt) {
  return rt->exe_name != NULL ? rt->exe_name : "";
}

value caml_sys_executable_name(mc_domain *d, value unit) {
  return mc_copy_string(d, exe_name(d->rt));
}

value caml_sys_get_argv(mc_domain *d, value unit) {
  value name = mc_copy_string(d, exe_name(d->rt)), args = val_unit;
  GC_ROOTS(d, &name, &args);
  args = caml_sys_argv(d, val_unit);
  return mc_alloc_pair(d, 0, name, args);
}

/* ------------------------------------------------------------------ */
/* Configuration constants                                             */
/* ------------------------------------------------------------------ */

value caml_sys_get_config(mc_domain *d, value unit) {
  value os = mc_copy_string(d, "Unix");
  GC_ROOTS(d, &os);
  value triple = mc_alloc_small(d, 3, 0);
  field(triple, 0) = os;
  field(triple, 1) = val_int(64); /* word size in bits */
  field(triple, 2) = val_false;   /* big endian */
  return triple;
}

value caml_sys_const_big_endian(mc_domain *d, value unit) {
  return val_bool(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
}

value caml_sys_const_word_size(mc_domain *d, value unit) {
  return val_int(8 * (int)sizeof(value));
}

value caml_sys_const_int_size(mc_domain *d, value unit) {
  return val_int(8 * (int)sizeof(value) - 1);
}

value caml_sys_const_max_wosize(mc_domain *d, value unit) {
  return val_long(MAX_WOSIZE);
}

value caml_sys_const_ostype_unix(mc_domain *d, value unit) {
  return val_true;
}

value caml_sys_const_ostype_win32(mc_domain *d, value unit) {
  return val_false;
}

value caml_sys_const_ostype_cygwin(mc_domain *d, value unit) {
  return val_false;
}

/* Sys.backend_type: constructor 1 of Native | Bytecode | Other of string. */
value caml_sys_const_backend_type(mc_domain *d, value unit) {
  return val_int(1);
}

value caml_sys_isatty(mc_domain *d, value vch) {
  return val_bool(isatty(mc_channel_of_value(vch)->fd));
}

/* Configuration directories for Windows only; Unix computes them in OCaml. */
value caml_xdg_defaults(mc_domain *d, value unit) {
  return val_emptylist;
}

const struct mc_primdef mc_prims_sys[] = {
    PRIM(caml_sys_open, 3),
    PRIM(caml_sys_close, 1),
    PRIM(caml_sys_file_exists, 1),
    PRIM(caml_sys_is_directory, 1),
    PRIM(caml_sys_is_regular_file, 1),
    PRIM(caml_sys_remove, 1),
    PRIM(caml_sys_rename, 2),
    PRIM(caml_sys_chdir, 1),
    PRIM(caml_sys_mkdir, 2),
    PRIM(caml_sys_rmdir, 1),
    PRIM(caml_sys_getcwd, 1),
    PRIM(caml_sys_read_directory, 1),
    PRIM(caml_sys_getenv, 1),
    PRIM(caml_sys_unsafe_getenv, 1),
    PRIM(caml_sys_system_command, 1),
    PRIM(caml_sys_exit, 1),
    PRIM(caml_sys_time, 1),
    PRIM(caml_sys_time_include_children, 1),
    PRIM(caml_sys_random_seed, 1),
    PRIM(caml_sys_argv, 1),
    PRIM(caml_sys_modify_argv, 1),
    PRIM(caml_sys_get_argv, 1),
    PRIM(caml_sys_executable_name, 1),
    PRIM(caml_sys_get_config, 1),
    PRIM(caml_sys_const_big_endian, 1),
    PRIM(caml_sys_const_word_size, 1),
    PRIM(caml_sys_const_int_size, 1),
    PRIM(caml_sys_const_max_wosize, 1),
    PRIM(caml_sys_const_ostype_unix, 1),
    PRIM(caml_sys_const_ostype_win32, 1),
    PRIM(caml_sys_const_ostype_cygwin, 1),
    PRIM(caml_sys_const_backend_type, 1),
    PRIM(caml_sys_isatty, 1),
    PRIM(caml_xdg_defaults, 1),
    PRIM_END};
