/* unix_proc.c: Unix primitives on processes and their surroundings:
 * environment, exec/fork/wait/spawn, signals, time and timers, users and
 * groups, terminal attributes. */

#include <grp.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include "alloc.h"
#include "domain_internal.h"
#include "fail.h"
#include "io_internal.h"
#include "unix.h"

extern char **environ;

/* Called in the child after Unix.fork, when the threads library (or any
 * other part of mcrun) needs to reset state that other threads owned.
 * Weak: absent until something defines it. */
void mc_atfork_child(mc_domain *d) __attribute__((weak));

/* ------------------------------------------------------------------ */
/* Environment                                                         */
/* ------------------------------------------------------------------ */

static value environment_array(mc_domain *d, char **env) {
  if (env == NULL) return atom(0);
  return mc_copy_string_array(d, (const char *const *)env);
}

/* Set-uid and set-gid programs see an empty environment, as on stock. */
value caml_unix_environment(mc_domain *d, value unit) {
  (void)unit;
  return environment_array(d, getauxval(AT_SECURE) ? NULL : environ);
}

value caml_unix_environment_unsafe(mc_domain *d, value unit) {
  (void)unit;
  return environment_array(d, environ);
}

/* Unix.putenv name value.  setenv() copies, and the C library keeps the
 * copies it replaces reachable; a name that setenv() refuses (empty, or
 * holding '=') goes through putenv() as on stock, and that string is
 * given to the environment for good. */
value caml_unix_putenv(mc_domain *d, value name, value val) {
  if (!mc_unix_c_safe(name) || !mc_unix_c_safe(val)) mc_unix_raise(d, EINVAL, "putenv", name);
  const char *n = string_val(name);
  if (n[0] != '\0' && strchr(n, '=') == NULL) {
    if (setenv(n, string_val(val), 1) == -1) mc_unix_raise_errno(d, "putenv", name);
    return val_unit;
  }
  size_t nlen = string_length(name), vlen = string_length(val);
  char *entry = mc_xmalloc(nlen + vlen + 2);
  memcpy(entry, n, nlen);
  entry[nlen] = '=';
  memcpy(entry + nlen + 1, string_val(val), vlen + 1);
  if (putenv(entry) == -1) {
    int err = errno;
    free(entry);
    mc_unix_raise(d, err, "putenv", name);
  }
  return val_unit;
}

/* ------------------------------------------------------------------ */
/* exec, fork, wait                                                    */
/* ------------------------------------------------------------------ */

enum exec_how { EXEC_V, EXEC_VE, EXEC_VP, EXEC_VPE };
static const char *const exec_name[] = {"execv", "execve", "execvp", "execvpe"};

/* Replaces the process image; returns only to raise the failure.  The
 * program path is checked before the argument strings, then the
 * environment strings, as stock does. */
static value exec_program(mc_domain *d, enum exec_how how, value path, value args, value env) {
  const char *fn = exec_name[how];
  if (!mc_unix_c_safe(path)) mc_unix_raise(d, ENOENT, fn, path);
  char **argv = mc_unix_strings(d, args, fn);
  char **envp = NULL;
  if (how == EXEC_VE || how == EXEC_VPE) {
    /* Free argv if the environment check raises. */
    for (mlsize_t i = 0; i < wosize_val(env); i++)
      if (!mc_unix_c_safe(field(env, i))) {
        mc_unix_free_strings(argv);
        mc_unix_raise(d, EINVAL, fn, field(env, i));
      }
    envp = mc_unix_strings(d, env, fn);
  }
  char *prog = mc_xstrdup(string_val(path));
  switch (how) {
    case EXEC_V: execv(prog, argv); break;
    case EXEC_VE: execve(prog, argv, envp); break;
    case EXEC_VP: execvp(prog, argv); break;
    case EXEC_VPE: execvpe(prog, argv, envp); break;
  }
  int err = errno;
  free(prog);
  mc_unix_free_strings(argv);
  mc_unix_free_strings(envp);
  mc_unix_raise(d, err, fn, path);
}

value caml_unix_execv(mc_domain *d, value path, value args) {
  return exec_program(d, EXEC_V, path, args, val_unit);
}

value caml_unix_execve(mc_domain *d, value path, value args, value env) {
  return exec_program(d, EXEC_VE, path, args, env);
}

value caml_unix_execvp(mc_domain *d, value path, value args) {
  return exec_program(d, EXEC_VP, path, args, val_unit);
}

value caml_unix_execvpe(mc_domain *d, value path, value args, value env) {
  return exec_program(d, EXEC_VPE, path, args, env);
}

/* Forking is refused once another domain has existed: its threads would
 * be missing from the child (stock refuses the same way). */
value caml_unix_fork(mc_domain *d, value unit) {
  (void)unit;
  if (mc_domain_ever_spawned(d->rt))
    mc_failwith(d, "Unix.fork may not be called after any domain has been spawned");
  pid_t pid = fork();
  if (pid == -1) mc_unix_raise_errno(d, "fork", MC_UNIX_NO_ARG);
  if (pid == 0 && mc_atfork_child != NULL) mc_atfork_child(d);
  return val_int(pid);
}

/* The pair (pid, process_status).  A status word that waitpid did not
 * fill (WNOHANG with nothing to report: pid 0) reads as WEXITED 0. */
static value status_pair(mc_domain *d, pid_t pid, int status) {
  enum { WEXITED_TAG, WSIGNALED_TAG, WSTOPPED_TAG };
  if (pid == 0) status = 0;
  value st;
  if (WIFEXITED(status)) {
    st = mc_alloc_small(d, 1, WEXITED_TAG);
    field(st, 0) = val_int(WEXITSTATUS(status));
  } else if (WIFSTOPPED(status)) {
    st = mc_alloc_small(d, 1, WSTOPPED_TAG);
    field(st, 0) = val_int(mc_signal_from_host(WSTOPSIG(status)));
  } else {
    st = mc_alloc_small(d, 1, WSIGNALED_TAG);
    field(st, 0) = val_int(mc_signal_from_host(WTERMSIG(status)));
  }
  return mc_alloc_pair(d, 0, val_int(pid), st);
}

value caml_unix_wait(mc_domain *d, value unit) {
  (void)unit;
  int status = 0;
  pid_t pid;
  MC_UNIX_BLOCKING(d, pid = wait(&status));
  if (pid == -1) mc_unix_raise_errno(d, "wait", MC_UNIX_NO_ARG);
  return status_pair(d, pid, status);
}

/* Unix.wait_flag: WNOHANG, WUNTRACED. */
static const int wait_bits[] = {WNOHANG, WUNTRACED};

value caml_unix_waitpid(mc_domain *d, value flags, value vpid) {
  int options = mc_unix_flag_list(flags, wait_bits);
  int status = 0;
  pid_t pid;
  MC_UNIX_BLOCKING(d, pid = waitpid((pid_t)int_val(vpid), &status, options));
  if (pid == -1) mc_unix_raise_errno(d, "waitpid", MC_UNIX_NO_ARG);
  return status_pair(d, pid, status);
}

value caml_unix_exit(mc_domain *d, value code) {
  (void)d;
  _exit(int_val(code));
}

/* create_process: posix_spawn(p) with descriptor redirect.(i) moved to i
 * for the three standard descriptors; a source is closed after its last
 * use.  Errors are reported as Unix_error (_, "create_process", prog). */
value caml_unix_spawn(mc_domain *d, value prog, value args, value optenv, value usepath,
                      value redirect) {
  const char *fn = "create_process";
  if (!mc_unix_c_safe(prog)) mc_unix_raise(d, ENOENT, fn, prog);
  char **argv = mc_unix_strings(d, args, fn);
  char **envp = environ;
  if (is_block(optenv)) {
    value env = field(optenv, 0);
    for (mlsize_t i = 0; i < wosize_val(env); i++)
      if (!mc_unix_c_safe(field(env, i))) {
        mc_unix_free_strings(argv);
        mc_unix_raise(d, EINVAL, fn, field(env, i));
      }
    envp = mc_unix_strings(d, env, fn);
  }
  int src[3];
  for (int i = 0; i < 3; i++) src[i] = int_val(field(redirect, i));

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  int rc = 0;
  for (int dst = 0; dst < 3 && rc == 0; dst++) {
    if (src[dst] == dst) continue;
    rc = posix_spawn_file_actions_adddup2(&actions, src[dst], dst);
    bool used_later = false;
    for (int later = dst + 1; later < 3; later++) used_later |= src[later] == src[dst];
    if (rc == 0 && !used_later) rc = posix_spawn_file_actions_addclose(&actions, src[dst]);
  }
  pid_t pid = 0;
  if (rc == 0) {
    const char *path = string_val(prog);
    rc = bool_val(usepath) ? posix_spawnp(&pid, path, &actions, NULL, argv, envp)
                           : posix_spawn(&pid, path, &actions, NULL, argv, envp);
  }
  posix_spawn_file_actions_destroy(&actions);
  mc_unix_free_strings(argv);
  if (envp != environ) mc_unix_free_strings(envp);
  if (rc != 0) mc_unix_raise(d, rc, fn, prog);
  return val_long(pid);
}

value caml_unix_getpid(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_int(getpid());
}

value caml_unix_getppid(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_int(getppid());
}

/* nice() may legitimately return -1: only errno tells a failure. */
value caml_unix_nice(mc_domain *d, value incr) {
  errno = 0;
  int prio = nice(int_val(incr));
  if (prio == -1 && errno != 0) mc_unix_raise_errno(d, "nice", MC_UNIX_NO_ARG);
  return val_int(prio);
}

/* ------------------------------------------------------------------ */
/* Signals                                                             */
/* ------------------------------------------------------------------ */

/* A list of OCaml signal numbers to a host set. */
static void sigset_of_list(value list, sigset_t *set) {
  sigemptyset(set);
  for (; list != val_emptylist; list = field(list, 1))
    sigaddset(set, mc_signal_to_host(int_val(field(list, 0))));
}

/* A host set to a list of OCaml signal numbers, highest host number
 * first (stock's order). */
static value list_of_sigset(mc_domain *d, const sigset_t *set) {
  value list = val_emptylist;
  GC_ROOTS(d, &list);
  for (int s = 1; s < MC_NSIG; s++)
    if (sigismember(set, s) == 1) list = mc_alloc_pair(d, TAG_CONS, val_int(mc_signal_from_host(s)), list);
  return list;
}

/* A handler of a signal sent to ourselves runs before kill returns. */
value caml_unix_kill(mc_domain *d, value pid, value sig) {
  if (kill((pid_t)int_val(pid), mc_signal_to_host(int_val(sig))) == -1)
    mc_unix_raise_errno(d, "kill", MC_UNIX_NO_ARG);
  mc_process_pending(d);
  return val_unit;
}

/* Unix.sigprocmask_command: SIG_SETMASK, SIG_BLOCK, SIG_UNBLOCK.  Signals
 * that the new mask unblocks have their handlers run before returning. */
value caml_unix_sigprocmask(mc_domain *d, value cmd, value list) {
  static const int how_of_command[] = {SIG_SETMASK, SIG_BLOCK, SIG_UNBLOCK};
  sigset_t set, old;
  sigset_of_list(list, &set);
  int rc;
  mc_enter_blocking_section(d);
  rc = pthread_sigmask(how_of_command[int_val(cmd)], &set, &old);
  mc_leave_blocking_section(d);
  mc_signals_recheck(d->rt);
  mc_process_pending(d);
  if (rc != 0) mc_unix_raise(d, rc, "sigprocmask", MC_UNIX_NO_ARG);
  return list_of_sigset(d, &old);
}

/* Blocked signals the kernel holds, plus those mcrun recorded but has not
 * yet handed to their OCaml handler. */
value caml_unix_sigpending(mc_domain *d, value unit) {
  (void)unit;
  sigset_t set;
  if (sigpending(&set) == -1) mc_unix_raise_errno(d, "sigpending", MC_UNIX_NO_ARG);
  struct mc_sysstate *st = mc_sysstate_peek(d->rt);
  if (st != NULL)
    for (int s = 1; s < MC_NSIG; s++)
      if (atomic_load_explicit(&st->pending[s], memory_order_relaxed)) sigaddset(&set, s);
  return list_of_sigset(d, &set);
}

value caml_unix_sigsuspend(mc_domain *d, value list) {
  sigset_t set;
  sigset_of_list(list, &set);
  int rc;
  MC_UNIX_BLOCKING(d, rc = sigsuspend(&set));
  if (rc == -1 && errno != EINTR) mc_unix_raise_errno(d, "sigsuspend", MC_UNIX_NO_ARG);
  return val_unit;
}

/* ------------------------------------------------------------------ */
/* Time                                                                */
/* ------------------------------------------------------------------ */

value caml_unix_time(mc_domain *d, value unit) {
  (void)unit;
  return mc_copy_double(d, (double)time(NULL));
}

value caml_unix_gettimeofday(mc_domain *d, value unit) {
  (void)unit;
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return mc_copy_double(d, (double)tv.tv_sec + (double)tv.tv_usec / 1e6);
}

/* Unix.tm: nine fields, tm_isdst a bool. */
static value tm_record(mc_domain *d, const struct tm *tm) {
  value r = mc_alloc_small(d, 9, 0);
  const int parts[8] = {tm->tm_sec, tm->tm_min,  tm->tm_hour, tm->tm_mday,
                        tm->tm_mon, tm->tm_year, tm->tm_wday, tm->tm_yday};
  for (int i = 0; i < 8; i++) field(r, i) = val_int(parts[i]);
  field(r, 8) = val_bool(tm->tm_isdst);
  return r;
}

value caml_unix_gmtime(mc_domain *d, value t) {
  time_t clock = (time_t)double_val(t);
  struct tm tm;
  if (gmtime_r(&clock, &tm) == NULL) mc_unix_raise(d, EINVAL, "gmtime", MC_UNIX_NO_ARG);
  return tm_record(d, &tm);
}

/* tzset first: localtime_r need not look at TZ again, localtime does. */
value caml_unix_localtime(mc_domain *d, value t) {
  time_t clock = (time_t)double_val(t);
  struct tm tm;
  tzset();
  if (localtime_r(&clock, &tm) == NULL) mc_unix_raise(d, EINVAL, "localtime", MC_UNIX_NO_ARG);
  return tm_record(d, &tm);
}

/* Normalises a Unix.tm (its isdst ignored) and returns (time, tm). */
value caml_unix_mktime(mc_domain *d, value t) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  int *const parts[8] = {&tm.tm_sec, &tm.tm_min,  &tm.tm_hour, &tm.tm_mday,
                         &tm.tm_mon, &tm.tm_year, &tm.tm_wday, &tm.tm_yday};
  for (int i = 0; i < 8; i++) *parts[i] = int_val(field(t, i));
  tm.tm_isdst = -1;
  time_t clock = mktime(&tm);
  if (clock == (time_t)-1) mc_unix_raise(d, ERANGE, "mktime", MC_UNIX_NO_ARG);
  value rec = val_unit, secs = val_unit;
  GC_ROOTS(d, &rec, &secs);
  rec = tm_record(d, &tm);
  secs = mc_copy_double(d, (double)clock);
  return mc_alloc_pair(d, 0, secs, rec);
}

value caml_unix_alarm(mc_domain *d, value secs) {
  (void)d;
  return val_int(alarm((unsigned int)long_val(secs)));
}

/* Unix.sleepf.  A signal cuts the sleep short only long enough to run
 * its OCaml handler (which may raise); then the rest of the time is
 * slept. */
value caml_unix_sleep(mc_domain *d, value duration) {
  double secs = double_val(duration);
  if (secs < 0.0) return val_unit;
  struct timespec left;
  left.tv_sec = (time_t)secs;
  left.tv_nsec = (long)((secs - (double)left.tv_sec) * 1e9);
  for (;;) {
    int rc;
    MC_UNIX_BLOCKING(d, rc = nanosleep(&left, &left));
    if (rc == 0) return val_unit;
    if (errno != EINTR) mc_unix_raise_errno(d, "sleep", MC_UNIX_NO_ARG);
    mc_process_pending(d);
  }
}

static double timeval_seconds(struct timeval tv) {
  return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* Unix.process_times: a float record (flat float array). */
value caml_unix_times(mc_domain *d, value unit) {
  (void)unit;
  struct rusage self, children;
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  value r = mc_alloc_small(d, 4 * DOUBLE_WOSIZE, DOUBLE_ARRAY_TAG);
  store_double_flat_field(r, 0, timeval_seconds(self.ru_utime));
  store_double_flat_field(r, 1, timeval_seconds(self.ru_stime));
  store_double_flat_field(r, 2, timeval_seconds(children.ru_utime));
  store_double_flat_field(r, 3, timeval_seconds(children.ru_stime));
  return r;
}

/* Unix.interval_timer: ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF. */
static const int timer_of_constructor[] = {ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF};

/* Seconds to a timeval, rounding the microseconds up so that a tiny
 * positive delay does not become "disarm". */
static struct timeval timer_timeval(double secs) {
  double whole;
  double frac = modf(secs, &whole);
  struct timeval tv;
  tv.tv_sec = (time_t)whole;
  tv.tv_usec = (suseconds_t)ceil(frac * 1e6);
  if (tv.tv_usec >= 1000000) {
    tv.tv_sec += 1;
    tv.tv_usec = 0;
  }
  return tv;
}

/* Unix.interval_timer_status {it_interval; it_value}: a float record. */
static value timer_record(mc_domain *d, const struct itimerval *it) {
  value r = mc_alloc_small(d, 2 * DOUBLE_WOSIZE, DOUBLE_ARRAY_TAG);
  store_double_flat_field(r, 0, timeval_seconds(it->it_interval));
  store_double_flat_field(r, 1, timeval_seconds(it->it_value));
  return r;
}

value caml_unix_getitimer(mc_domain *d, value which) {
  struct itimerval it;
  if (getitimer(timer_of_constructor[int_val(which)], &it) == -1)
    mc_unix_raise_errno(d, "getitimer", MC_UNIX_NO_ARG);
  return timer_record(d, &it);
}

value caml_unix_setitimer(mc_domain *d, value which, value status) {
  struct itimerval wanted, before;
  wanted.it_interval = timer_timeval(double_flat_field(status, 0));
  wanted.it_value = timer_timeval(double_flat_field(status, 1));
  if (setitimer(timer_of_constructor[int_val(which)], &wanted, &before) == -1)
    mc_unix_raise_errno(d, "setitimer", MC_UNIX_NO_ARG);
  return timer_record(d, &before);
}

/* ------------------------------------------------------------------ */
/* Users and groups                                                    */
/* ------------------------------------------------------------------ */

value caml_unix_getuid(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_int(getuid());
}

value caml_unix_geteuid(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_int(geteuid());
}

value caml_unix_getgid(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_int(getgid());
}

value caml_unix_getegid(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_int(getegid());
}

value caml_unix_setuid(mc_domain *d, value uid) {
  if (setuid((uid_t)int_val(uid)) == -1) mc_unix_raise_errno(d, "setuid", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_setgid(mc_domain *d, value gid) {
  if (setgid((gid_t)int_val(gid)) == -1) mc_unix_raise_errno(d, "setgid", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_getgroups(mc_domain *d, value unit) {
  (void)unit;
  gid_t groups[NGROUPS_MAX];
  int n = getgroups(NGROUPS_MAX, groups);
  if (n == -1) mc_unix_raise_errno(d, "getgroups", MC_UNIX_NO_ARG);
  if (n == 0) return atom(0);
  value arr = mc_alloc(d, (mlsize_t)n, 0);
  for (int i = 0; i < n; i++) field(arr, i) = val_int(groups[i]);  /* immediates */
  return arr;
}

value caml_unix_setgroups(mc_domain *d, value arr) {
  mlsize_t n = wosize_val(arr);
  gid_t *groups = mc_xmalloc((n + 1) * sizeof *groups);
  for (mlsize_t i = 0; i < n; i++) groups[i] = (gid_t)int_val(field(arr, i));
  int rc = setgroups(n, groups);
  int err = errno;
  free(groups);
  if (rc == -1) mc_unix_raise(d, err, "setgroups", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_initgroups(mc_domain *d, value user, value group) {
  if (!mc_unix_c_safe(user)) mc_unix_raise(d, EINVAL, "initgroups", user);
  if (initgroups(string_val(user), (gid_t)int_val(group)) == -1)
    mc_unix_raise_errno(d, "initgroups", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_getlogin(mc_domain *d, value unit) {
  (void)unit;
  const char *name = getlogin();
  if (name == NULL) mc_unix_raise(d, ENOENT, "getlogin", MC_UNIX_NO_ARG);
  return mc_copy_string(d, name);
}

/* Unix.passwd_entry: name, passwd, uid, gid, gecos, dir, shell. */
static value passwd_record(mc_domain *d, const struct passwd *pw) {
  value s[5] = {val_unit, val_unit, val_unit, val_unit, val_unit};
  GC_ROOTS_ARRAY(d, s, 5);
  const char *text[5] = {pw->pw_name, pw->pw_passwd, pw->pw_gecos, pw->pw_dir, pw->pw_shell};
  for (int i = 0; i < 5; i++) s[i] = mc_copy_string(d, text[i] != NULL ? text[i] : "");
  value r = mc_alloc_small(d, 7, 0);
  field(r, 0) = s[0];
  field(r, 1) = s[1];
  field(r, 2) = val_int(pw->pw_uid);
  field(r, 3) = val_int(pw->pw_gid);
  field(r, 4) = s[2];
  field(r, 5) = s[3];
  field(r, 6) = s[4];
  return r;
}

/* Unix.group_entry: name, passwd, gid, members. */
static value group_record(mc_domain *d, const struct group *gr) {
  value name = val_unit, pass = val_unit, members = val_unit;
  GC_ROOTS(d, &name, &pass, &members);
  name = mc_copy_string(d, gr->gr_name);
  pass = mc_copy_string(d, gr->gr_passwd != NULL ? gr->gr_passwd : "");
  members = mc_copy_string_array(d, (const char *const *)gr->gr_mem);
  value r = mc_alloc_small(d, 4, 0);
  field(r, 0) = name;
  field(r, 1) = pass;
  field(r, 2) = val_int(gr->gr_gid);
  field(r, 3) = members;
  return r;
}

/* A missing entry is Not_found; an interrupted lookup is Unix_error. */
static _Noreturn void lookup_failed(mc_domain *d, const char *fn) {
  if (errno == EINTR) mc_unix_raise_errno(d, fn, MC_UNIX_NO_ARG);
  mc_raise_not_found(d);
}

value caml_unix_getpwnam(mc_domain *d, value name) {
  if (!mc_unix_c_safe(name)) mc_raise_not_found(d);
  errno = 0;
  struct passwd *pw = getpwnam(string_val(name));
  if (pw == NULL) lookup_failed(d, "getpwnam");
  return passwd_record(d, pw);
}

value caml_unix_getpwuid(mc_domain *d, value uid) {
  errno = 0;
  struct passwd *pw = getpwuid((uid_t)int_val(uid));
  if (pw == NULL) lookup_failed(d, "getpwuid");
  return passwd_record(d, pw);
}

value caml_unix_getgrnam(mc_domain *d, value name) {
  if (!mc_unix_c_safe(name)) mc_raise_not_found(d);
  errno = 0;
  struct group *gr = getgrnam(string_val(name));
  if (gr == NULL) lookup_failed(d, "getgrnam");
  return group_record(d, gr);
}

value caml_unix_getgrgid(mc_domain *d, value gid) {
  errno = 0;
  struct group *gr = getgrgid((gid_t)int_val(gid));
  if (gr == NULL) lookup_failed(d, "getgrgid");
  return group_record(d, gr);
}

/* ------------------------------------------------------------------ */
/* Terminals                                                           */
/* ------------------------------------------------------------------ */

/* How each of the 38 fields of Unix.terminal_io maps onto struct termios:
 * a flag bit, a choice among bit patterns under a mask (numbered from
 * `base`), a line speed, or a control character. */
enum tty_kind { TTY_BIT, TTY_CHOICE, TTY_SPEED, TTY_CHAR };
enum tty_word { W_IN, W_OUT, W_CTL, W_LOCAL };

struct tty_field {
  unsigned char kind;   /* enum tty_kind */
  unsigned char word;   /* enum tty_word; for TTY_SPEED, W_IN or W_OUT */
  unsigned char index;  /* TTY_CHAR: index in c_cc */
  unsigned char base;   /* TTY_CHOICE: OCaml value of the first choice */
  tcflag_t mask;
  tcflag_t choices[4];  /* TTY_CHOICE: patterns, in OCaml order */
  unsigned char nchoices;
};

#define BIT(w, m) {TTY_BIT, w, 0, 0, m, {0}, 0}
#define CCHAR(i) {TTY_CHAR, 0, i, 0, 0, {0}, 0}

static const struct tty_field tty_fields[] = {
    BIT(W_IN, IGNBRK), BIT(W_IN, BRKINT), BIT(W_IN, IGNPAR), BIT(W_IN, PARMRK),
    BIT(W_IN, INPCK),  BIT(W_IN, ISTRIP), BIT(W_IN, INLCR),  BIT(W_IN, IGNCR),
    BIT(W_IN, ICRNL),  BIT(W_IN, IXON),   BIT(W_IN, IXOFF),
    BIT(W_OUT, OPOST),
    {TTY_SPEED, W_OUT, 0, 0, 0, {0}, 0},
    {TTY_SPEED, W_IN, 0, 0, 0, {0}, 0},
    {TTY_CHOICE, W_CTL, 0, 5, CSIZE, {CS5, CS6, CS7, CS8}, 4},
    {TTY_CHOICE, W_CTL, 0, 1, CSTOPB, {0, CSTOPB}, 2},
    BIT(W_CTL, CREAD), BIT(W_CTL, PARENB), BIT(W_CTL, PARODD), BIT(W_CTL, HUPCL),
    BIT(W_CTL, CLOCAL),
    BIT(W_LOCAL, ISIG), BIT(W_LOCAL, ICANON), BIT(W_LOCAL, NOFLSH), BIT(W_LOCAL, ECHO),
    BIT(W_LOCAL, ECHOE), BIT(W_LOCAL, ECHOK), BIT(W_LOCAL, ECHONL),
    CCHAR(VINTR), CCHAR(VQUIT), CCHAR(VERASE), CCHAR(VKILL), CCHAR(VEOF),
    CCHAR(VEOL), CCHAR(VMIN), CCHAR(VTIME), CCHAR(VSTART), CCHAR(VSTOP)};
#undef BIT
#undef CCHAR

#define TTY_NFIELDS ((int)(sizeof tty_fields / sizeof tty_fields[0]))
_Static_assert(sizeof tty_fields / sizeof tty_fields[0] == 38, "Unix.terminal_io has 38 fields");

/* Line speeds that Unix.terminal_io can name, as (host code, baud). */
static const struct {
  speed_t code;
  int baud;
} tty_speeds[] = {
    {B0, 0},         {B50, 50},           {B75, 75},           {B110, 110},
    {B134, 134},     {B150, 150},         {B200, 200},         {B300, 300},
    {B600, 600},     {B1200, 1200},       {B1800, 1800},       {B2400, 2400},
    {B4800, 4800},   {B9600, 9600},       {B19200, 19200},     {B38400, 38400},
    {B57600, 57600}, {B115200, 115200},   {B230400, 230400},   {B460800, 460800},
    {B500000, 500000}, {B576000, 576000}, {B921600, 921600},   {B1000000, 1000000},
    {B1152000, 1152000}, {B1500000, 1500000}, {B2000000, 2000000}, {B2500000, 2500000},
    {B3000000, 3000000}, {B3500000, 3500000}, {B4000000, 4000000}};
#define TTY_NSPEEDS ((int)(sizeof tty_speeds / sizeof tty_speeds[0]))

static tcflag_t *tty_word(struct termios *t, int word) {
  switch (word) {
    case W_IN: return &t->c_iflag;
    case W_OUT: return &t->c_oflag;
    case W_CTL: return &t->c_cflag;
    default: return &t->c_lflag;
  }
}

/* The OCaml value of one field. */
static value tty_get(struct termios *t, const struct tty_field *f) {
  switch (f->kind) {
    case TTY_BIT:
      return val_bool((*tty_word(t, f->word) & f->mask) != 0);
    case TTY_CHOICE: {
      tcflag_t bits = *tty_word(t, f->word) & f->mask;
      for (int i = 0; i < f->nchoices; i++)
        if (bits == f->choices[i]) return val_int(f->base + i);
      return val_int(0);
    }
    case TTY_SPEED: {
      speed_t code = f->word == W_OUT ? cfgetospeed(t) : cfgetispeed(t);
      for (int i = 0; i < TTY_NSPEEDS; i++)
        if (tty_speeds[i].code == code) return val_int(tty_speeds[i].baud);
      return val_int(9600);
    }
    default:
      return val_int(t->c_cc[f->index]);
  }
}

/* Stores one field; returns 0, or the errno for tcsetattr to report. */
static int tty_set(struct termios *t, const struct tty_field *f, value v) {
  switch (f->kind) {
    case TTY_BIT:
      if (bool_val(v)) *tty_word(t, f->word) |= f->mask;
      else *tty_word(t, f->word) &= ~f->mask;
      return 0;
    case TTY_CHOICE: {
      intptr_t i = long_val(v) - f->base;
      if (i < 0 || i >= f->nchoices) return EINVAL;
      tcflag_t *w = tty_word(t, f->word);
      *w = (*w & ~f->mask) | f->choices[i];
      return 0;
    }
    case TTY_SPEED:
      for (int i = 0; i < TTY_NSPEEDS; i++) {
        if (tty_speeds[i].baud != long_val(v)) continue;
        int rc = f->word == W_OUT ? cfsetospeed(t, tty_speeds[i].code)
                                  : cfsetispeed(t, tty_speeds[i].code);
        return rc == -1 ? errno : 0;
      }
      return EINVAL;
    default:
      t->c_cc[f->index] = (cc_t)int_val(v);
      return 0;
  }
}

value caml_unix_tcgetattr(mc_domain *d, value fd) {
  struct termios t;
  if (tcgetattr(int_val(fd), &t) == -1) mc_unix_raise_errno(d, "tcgetattr", MC_UNIX_NO_ARG);
  value r = mc_alloc_small(d, TTY_NFIELDS, 0);
  for (int i = 0; i < TTY_NFIELDS; i++) field(r, i) = tty_get(&t, &tty_fields[i]);
  return r;
}

/* Starts from the current settings, so that the bits terminal_io does not
 * describe are kept. */
value caml_unix_tcsetattr(mc_domain *d, value fd, value when, value rec) {
  static const int when_action[] = {TCSANOW, TCSADRAIN, TCSAFLUSH};
  struct termios t;
  if (tcgetattr(int_val(fd), &t) == -1) mc_unix_raise_errno(d, "tcsetattr", MC_UNIX_NO_ARG);
  for (int i = 0; i < TTY_NFIELDS; i++) {
    int err = tty_set(&t, &tty_fields[i], field(rec, i));
    if (err != 0) mc_unix_raise(d, err, "tcsetattr", MC_UNIX_NO_ARG);
  }
  if (tcsetattr(int_val(fd), when_action[int_val(when)], &t) == -1)
    mc_unix_raise_errno(d, "tcsetattr", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_tcsendbreak(mc_domain *d, value fd, value duration) {
  if (tcsendbreak(int_val(fd), int_val(duration)) == -1)
    mc_unix_raise_errno(d, "tcsendbreak", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_tcdrain(mc_domain *d, value fd) {
  int rc;
  MC_UNIX_BLOCKING(d, rc = tcdrain(int_val(fd)));
  if (rc == -1) mc_unix_raise_errno(d, "tcdrain", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_tcflush(mc_domain *d, value fd, value queue) {
  static const int queue_of[] = {TCIFLUSH, TCOFLUSH, TCIOFLUSH};
  if (tcflush(int_val(fd), queue_of[int_val(queue)]) == -1)
    mc_unix_raise_errno(d, "tcflush", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_tcflow(mc_domain *d, value fd, value action) {
  static const int action_of[] = {TCOOFF, TCOON, TCIOFF, TCION};
  if (tcflow(int_val(fd), action_of[int_val(action)]) == -1)
    mc_unix_raise_errno(d, "tcflow", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_setsid(mc_domain *d, value unit) {
  (void)unit;
  pid_t pid = setsid();
  if (pid == (pid_t)-1) mc_unix_raise_errno(d, "setsid", MC_UNIX_NO_ARG);
  return val_long(pid);
}
