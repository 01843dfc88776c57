/* unix.h: what the files of the unix library (unix*.c) share: the list of
 * primitives, Unix_error raising, argument conversions and socket
 * addresses.
 *
 * The library is split by theme:
 *   unix.c        errors, shared helpers, the primitive table
 *   unix_files.c  descriptors, files, directories, stat, channels, mmap
 *   unix_proc.c   processes, signals, time, users, environment, terminals
 *   unix_net.c    sockets, addresses, name services, select
 */
#ifndef MC_UNIX_H
#define MC_UNIX_H

#include <errno.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "domain.h"
#include "runtime.h"

/* ------------------------------------------------------------------ */
/* The primitives                                                      */
/* ------------------------------------------------------------------ */

/* Every primitive that unix.cma of OCaml 5.3 names, with the arity of its
 * `external` declaration, written once: prototypes and the table of
 * unix.c are generated from it.  caml_channel_descriptor (io.c) and
 * caml_sys_getenv / caml_sys_unsafe_getenv (sys.c) belong to the core. */
#define MC_UNIX_PRIMITIVES(X)                                               \
  /* unix.c */                                                              \
  X(caml_unix_error_message, 1)                                             \
  /* unix_files.c */                                                        \
  X(caml_unix_open, 3) X(caml_unix_close, 1) X(caml_unix_fsync, 1)          \
  X(caml_unix_read, 4) X(caml_unix_read_bigarray, 4)                        \
  X(caml_unix_write, 4) X(caml_unix_write_bigarray, 5)                      \
  X(caml_unix_single_write, 4)                                              \
  X(caml_unix_inchannel_of_filedescr, 1)                                    \
  X(caml_unix_outchannel_of_filedescr, 1)                                   \
  X(caml_unix_lseek, 3) X(caml_unix_lseek_64, 3)                            \
  X(caml_unix_truncate, 2) X(caml_unix_truncate_64, 2)                      \
  X(caml_unix_ftruncate, 2) X(caml_unix_ftruncate_64, 2)                    \
  X(caml_unix_stat, 1) X(caml_unix_lstat, 1) X(caml_unix_fstat, 1)          \
  X(caml_unix_stat_64, 1) X(caml_unix_lstat_64, 1) X(caml_unix_fstat_64, 1) \
  X(caml_unix_isatty, 1) X(caml_unix_unlink, 1) X(caml_unix_rename, 2)      \
  X(caml_unix_link, 3) X(caml_unix_realpath, 1)                             \
  X(caml_unix_map_file_bytecode, 6)                                         \
  X(caml_unix_chmod, 2) X(caml_unix_fchmod, 2)                              \
  X(caml_unix_chown, 3) X(caml_unix_fchown, 3)                              \
  X(caml_unix_umask, 1) X(caml_unix_access, 2)                              \
  X(caml_unix_dup, 2) X(caml_unix_dup2, 3)                                  \
  X(caml_unix_set_nonblock, 1) X(caml_unix_clear_nonblock, 1)               \
  X(caml_unix_set_close_on_exec, 1) X(caml_unix_clear_close_on_exec, 1)     \
  X(caml_unix_mkdir, 2) X(caml_unix_rmdir, 1) X(caml_unix_chdir, 1)         \
  X(caml_unix_getcwd, 1) X(caml_unix_chroot, 1)                             \
  X(caml_unix_opendir, 1) X(caml_unix_readdir, 1)                           \
  X(caml_unix_rewinddir, 1) X(caml_unix_closedir, 1)                        \
  X(caml_unix_pipe, 2) X(caml_unix_mkfifo, 2)                               \
  X(caml_unix_readlink, 1) X(caml_unix_symlink, 3)                          \
  X(caml_unix_has_symlink, 1) X(caml_unix_lockf, 3)                         \
  X(caml_unix_utimes, 3)                                                    \
  /* unix_proc.c */                                                         \
  X(caml_unix_environment, 1) X(caml_unix_environment_unsafe, 1)            \
  X(caml_unix_putenv, 2)                                                    \
  X(caml_unix_execv, 2) X(caml_unix_execve, 3)                              \
  X(caml_unix_execvp, 2) X(caml_unix_execvpe, 3)                            \
  X(caml_unix_fork, 1) X(caml_unix_wait, 1) X(caml_unix_waitpid, 2)         \
  X(caml_unix_exit, 1) X(caml_unix_spawn, 5)                                \
  X(caml_unix_getpid, 1) X(caml_unix_getppid, 1) X(caml_unix_nice, 1)       \
  X(caml_unix_kill, 2) X(caml_unix_sigprocmask, 2)                          \
  X(caml_unix_sigpending, 1) X(caml_unix_sigsuspend, 1)                     \
  X(caml_unix_time, 1) X(caml_unix_gettimeofday, 1)                         \
  X(caml_unix_gmtime, 1) X(caml_unix_localtime, 1) X(caml_unix_mktime, 1)   \
  X(caml_unix_alarm, 1) X(caml_unix_sleep, 1) X(caml_unix_times, 1)         \
  X(caml_unix_getitimer, 1) X(caml_unix_setitimer, 2)                       \
  X(caml_unix_getuid, 1) X(caml_unix_geteuid, 1) X(caml_unix_setuid, 1)     \
  X(caml_unix_getgid, 1) X(caml_unix_getegid, 1) X(caml_unix_setgid, 1)     \
  X(caml_unix_getgroups, 1) X(caml_unix_setgroups, 1)                       \
  X(caml_unix_initgroups, 2) X(caml_unix_getlogin, 1)                       \
  X(caml_unix_getpwnam, 1) X(caml_unix_getpwuid, 1)                         \
  X(caml_unix_getgrnam, 1) X(caml_unix_getgrgid, 1)                         \
  X(caml_unix_tcgetattr, 1) X(caml_unix_tcsetattr, 3)                       \
  X(caml_unix_tcsendbreak, 2) X(caml_unix_tcdrain, 1)                       \
  X(caml_unix_tcflush, 2) X(caml_unix_tcflow, 2) X(caml_unix_setsid, 1)     \
  /* unix_net.c */                                                          \
  X(caml_unix_inet_addr_of_string, 1) X(caml_unix_string_of_inet_addr, 1)   \
  X(caml_unix_socket, 4) X(caml_unix_socketpair, 4)                         \
  X(caml_unix_accept, 2) X(caml_unix_bind, 2) X(caml_unix_connect, 2)       \
  X(caml_unix_listen, 2) X(caml_unix_shutdown, 2)                           \
  X(caml_unix_getsockname, 1) X(caml_unix_getpeername, 1)                   \
  X(caml_unix_recv, 5) X(caml_unix_recvfrom, 5)                             \
  X(caml_unix_send, 5) X(caml_unix_sendto, 6)                               \
  X(caml_unix_getsockopt, 3) X(caml_unix_setsockopt, 4)                     \
  X(caml_unix_gethostname, 1)                                               \
  X(caml_unix_gethostbyname, 1) X(caml_unix_gethostbyaddr, 1)               \
  X(caml_unix_getprotobyname, 1) X(caml_unix_getprotobynumber, 1)           \
  X(caml_unix_getservbyname, 2) X(caml_unix_getservbyport, 2)               \
  X(caml_unix_getaddrinfo, 3) X(caml_unix_getnameinfo, 2)                   \
  X(caml_unix_select, 4)

/* Prototype of a primitive of the given arity (prims.h conventions). */
#define MC_UNIX_PROTO_1(f) value f(mc_domain *d, value a)
#define MC_UNIX_PROTO_2(f) value f(mc_domain *d, value a, value b)
#define MC_UNIX_PROTO_3(f) value f(mc_domain *d, value a, value b, value c)
#define MC_UNIX_PROTO_4(f) value f(mc_domain *d, value a, value b, value c, value e)
#define MC_UNIX_PROTO_5(f) value f(mc_domain *d, value a, value b, value c, value e, value g)
#define MC_UNIX_PROTO_6(f) value f(mc_domain *d, value *argv, int argc)
#define MC_UNIX_DECLARE(f, arity) MC_UNIX_PROTO_##arity(f);
MC_UNIX_PRIMITIVES(MC_UNIX_DECLARE)
#undef MC_UNIX_DECLARE

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Stands for "no argument" where Unix_error's third component is "". */
#define MC_UNIX_NO_ARG ((value)0)

/* Number of constant constructors of Unix.error (E2BIG .. EOVERFLOW);
 * EUNKNOWNERR of int comes after them. */
#define MC_UNIX_NERRORS 68

/* Position of host errno `err` among the constant constructors of
 * Unix.error, or -1 when it has none (EUNKNOWNERR).  ENOTSUP counts as
 * EOPNOTSUPP, and EWOULDBLOCK, equal to EAGAIN here, reads as EAGAIN. */
int mc_unix_error_index(int err);
/* The errno value of constructor `index`, or -1 outside the range. */
int mc_unix_errno_of_index(int index);
/* The errno value that a Unix.error value stands for. */
int mc_unix_errno_of_error(value err);
/* The Unix.error value of host errno `err` (may allocate). */
value mc_unix_error_of_errno(mc_domain *d, int err);

/* Raises Unix.Unix_error (err, fn, arg): arg is an OCaml string or
 * MC_UNIX_NO_ARG.  Invalid_argument when unix.cma did not register the
 * exception.  Pending signal handlers run first, and an exception of
 * theirs is raised instead (stock's order after EINTR).  The _errno form
 * takes the code from errno. */
_Noreturn void mc_unix_raise(mc_domain *d, int err, const char *fn, value arg);
_Noreturn void mc_unix_raise_errno(mc_domain *d, const char *fn, value arg);

/* ------------------------------------------------------------------ */
/* Argument conversions                                                */
/* ------------------------------------------------------------------ */

/* True if the OCaml string holds no NUL byte. */
bool mc_unix_c_safe(value s);
/* A malloc'd copy of a path argument; Unix_error (ENOENT, fn, path) if it
 * holds a NUL byte. */
char *mc_unix_path(mc_domain *d, value path, const char *fn);
/* A malloc'd, NULL-terminated copy of a string array (argv, envp);
 * Unix_error (EINVAL, fn, s) on the first string s with a NUL byte.
 * Free with mc_unix_free_strings. */
char **mc_unix_strings(mc_domain *d, value arr, const char *fn);
void mc_unix_free_strings(char **v);
/* OR of table[constructor] over a list of constant constructors. */
int mc_unix_flag_list(value list, const int *table);
/* The index of `key` in table[0..n), or `fallback`. */
int mc_unix_index_of(int key, const int *table, int n, int fallback);
/* The ?cloexec argument: Some b gives b, None the default (false). */
bool mc_unix_cloexec_wanted(value opt);
/* Sets or clears FD_CLOEXEC; Unix_error (errno, fn, "") on failure. */
void mc_unix_set_cloexec(mc_domain *d, int fd, bool on, const char *fn);

/* Runs `call` in a blocking section, keeping its errno. */
#define MC_UNIX_BLOCKING(d, call)      \
  do {                                 \
    mc_enter_blocking_section(d);      \
    call;                              \
    int unix_saved_errno_ = errno;     \
    mc_leave_blocking_section(d);      \
    errno = unix_saved_errno_;         \
  } while (0)

/* Size of the C buffer through which read/write/send/recv copy data:
 * also the most that one call transfers, as on stock. */
#define MC_UNIX_IO_CHUNK 65536

/* ------------------------------------------------------------------ */
/* Socket addresses                                                    */
/* ------------------------------------------------------------------ */

union mc_sockaddr {
  struct sockaddr gen;
  struct sockaddr_un un;
  struct sockaddr_in in4;
  struct sockaddr_in6 in6;
  struct sockaddr_storage any;
};

/* Unix.socket_domain and Unix.socket_type constructors, in order. */
extern const int mc_unix_socket_domains[3];
extern const int mc_unix_socket_types[4];

/* Converts a Unix.sockaddr to C.  Returns 0, or the errno to report:
 * ENAMETOOLONG for a path that does not fit sun_path, ENOENT for a path
 * with a NUL byte that is not a Linux abstract name (leading NUL). */
int mc_unix_sockaddr_decode(value addr, union mc_sockaddr *out, socklen_t *len);
/* Same, raising Unix_error (err, "", path) as stock does. */
void mc_unix_sockaddr_of_value(mc_domain *d, value addr, union mc_sockaddr *out,
                               socklen_t *len);
/* The Unix.sockaddr of a C address of `len` bytes.  An unknown family
 * closes `close_fd` (unless -1) and raises Unix_error (EAFNOSUPPORT,
 * "", ""). */
value mc_unix_sockaddr_to_value(mc_domain *d, const union mc_sockaddr *sa, socklen_t len,
                                int close_fd);

#endif
