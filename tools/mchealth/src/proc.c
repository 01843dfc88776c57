/* proc: child processes for tasks: spawn with limits (setrlimit) in their
   own process group, wait for children or signals, kill on timeout. */
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

static void wait_set(sigset_t *s) {
  sigemptyset(s);
  sigaddset(s, SIGCHLD);
  sigaddset(s, SIGINT);
  sigaddset(s, SIGTERM);
  sigaddset(s, SIGHUP);
}

void proc_block_signals(void) {
  sigset_t s;
  wait_set(&s);
  sigprocmask(SIG_BLOCK, &s, NULL);
}

void proc_unblock_signals(void) {
  sigset_t s;
  wait_set(&s);
  sigprocmask(SIG_UNBLOCK, &s, NULL);
}

/* In the child: report a setup failure through the pipe and exit. */
static void child_fail(int fd, const char *what) {
  char msg[256];
  int n = snprintf(msg, sizeof msg, "%s: %s", what, strerror(errno));
  if (write(fd, msg, (size_t)n) < 0) { /* nothing more to do */ }
  _exit(127);
}

static void set_limit(int res, rlim_t v) {
  struct rlimit rl = {v, v};
  setrlimit(res, &rl);
}

pid_t proc_spawn(const proc_spec_t *sp, char *err, size_t errlen) {
  int pfd[2];
  if (pipe2(pfd, O_CLOEXEC) != 0) {
    snprintf(err, errlen, "pipe: %s", strerror(errno));
    return -1;
  }
  pid_t ppid = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(err, errlen, "fork: %s", strerror(errno));
    close(pfd[0]);
    close(pfd[1]);
    return -1;
  }
  if (pid == 0) {
    close(pfd[0]);
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != ppid) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (sp->cwd && chdir(sp->cwd) != 0) child_fail(pfd[1], "chdir");
    int in = open(sp->stdin_path ? sp->stdin_path : "/dev/null", O_RDONLY);
    if (in < 0) child_fail(pfd[1], "open stdin");
    int out = open(sp->stdout_path ? sp->stdout_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (out < 0) child_fail(pfd[1], "open stdout");
    int er = open(sp->stderr_path ? sp->stderr_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (er < 0) child_fail(pfd[1], "open stderr");
    dup2(in, 0);
    dup2(out, 1);
    dup2(er, 2);
    if (in > 2) close(in);
    if (out > 2) close(out);
    if (er > 2) close(er);
    if (sp->mem_mb > 0) set_limit(RLIMIT_DATA, (rlim_t)sp->mem_mb << 20);
    if (sp->fsize_mb > 0) set_limit(RLIMIT_FSIZE, (rlim_t)sp->fsize_mb << 20);
    set_limit(RLIMIT_CORE, 0);
    if (sp->envp) environ = (char **)sp->envp;
    execvp(sp->argv[0], sp->argv);
    child_fail(pfd[1], sp->argv[0]);
  }
  setpgid(pid, pid);
  close(pfd[1]);
  char msg[300];
  ssize_t n;
  do n = read(pfd[0], msg, sizeof msg - 1);
  while (n < 0 && errno == EINTR);
  close(pfd[0]);
  if (n > 0) {
    msg[n] = 0;
    snprintf(err, errlen, "%s", msg);
    int st;
    waitpid(pid, &st, 0);
    return -1;
  }
  return pid;
}

static void fill_result(int status, const struct rusage *ru, proc_result_t *res) {
  memset(res, 0, sizeof *res);
  if (WIFEXITED(status)) {
    res->exited = 1;
    res->exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    res->sig = WTERMSIG(status);
  }
  res->utime = (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6;
  res->stime = (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
  res->maxrss_kb = ru->ru_maxrss;
}

proc_ev_t proc_wait(double timeout, pid_t *pid, proc_result_t *res, int *signo) {
  int status;
  struct rusage ru;
  pid_t p = wait4(-1, &status, WNOHANG, &ru);
  if (p > 0) {
    *pid = p;
    fill_result(status, &ru, res);
    return PROC_EV_CHILD;
  }
  sigset_t s;
  wait_set(&s);
  if (timeout < 0) timeout = 0;
  struct timespec ts = {(time_t)timeout, (long)((timeout - (double)(time_t)timeout) * 1e9)};
  int sig = sigtimedwait(&s, NULL, &ts);
  if (sig == SIGCHLD) {
    p = wait4(-1, &status, WNOHANG, &ru);
    if (p > 0) {
      *pid = p;
      fill_result(status, &ru, res);
      return PROC_EV_CHILD;
    }
    return PROC_EV_NONE;
  }
  if (sig > 0) {
    *signo = sig;
    return PROC_EV_SIGNAL;
  }
  return PROC_EV_NONE;
}

/* The parent of a process, from /proc/PID/stat; -1 if gone. */
static pid_t parent_of(pid_t p) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)p);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  const char *rp = strrchr(buf, ')'); /* the command name may hold spaces */
  int ppid = -1;
  if (!rp || sscanf(rp + 1, " %*c %d", &ppid) != 1) return -1;
  return (pid_t)ppid;
}

/* Kill every descendant of root (found through /proc), deepest last seen
   first is not needed: SIGKILL cannot be caught. */
static void kill_descendants(pid_t root, int sig) {
  DIR *d = opendir("/proc");
  if (!d) return;
  pid_t *pids = NULL, *pars = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    char *end;
    long v = strtol(e->d_name, &end, 10);
    if (*end || v <= 0) continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 256;
      pids = xrealloc(pids, cap * sizeof *pids);
      pars = xrealloc(pars, cap * sizeof *pars);
    }
    pids[n] = (pid_t)v;
    pars[n] = parent_of((pid_t)v);
    n++;
  }
  closedir(d);
  /* mark descendants: repeat until no new process joins the set */
  char *in = xcalloc(n ? n : 1, 1);
  int grew = 1;
  while (grew) {
    grew = 0;
    for (size_t i = 0; i < n; i++) {
      if (in[i]) continue;
      int hit = pars[i] == root;
      for (size_t j = 0; !hit && j < n; j++) hit = in[j] && pars[i] == pids[j];
      if (hit) in[i] = 1, grew = 1;
    }
  }
  for (size_t i = 0; i < n; i++)
    if (in[i]) kill(pids[i], sig);
  free(in);
  free(pids);
  free(pars);
}

void proc_kill_group(pid_t pid, int sig) {
  if (pid > 0) {
    kill(pid, SIGSTOP); /* freeze it so that it starts no new child meanwhile */
    kill_descendants(pid, sig);
    kill(-pid, sig);
    kill(pid, sig);
  }
}

void proc_become_subreaper(void) { prctl(PR_SET_CHILD_SUBREAPER, 1); }

int proc_run_sync(const proc_spec_t *spec, double timeout, proc_result_t *res, int *timed_out,
                  char *err, size_t errlen) {
  pid_t pid = proc_spawn(spec, err, errlen);
  *timed_out = 0;
  if (pid < 0) return -1;
  double deadline = now_sec() + timeout;
  for (;;) {
    int status;
    struct rusage ru;
    pid_t p = wait4(pid, &status, WNOHANG, &ru);
    if (p == pid) {
      fill_result(status, &ru, res);
      return 0;
    }
    if (timeout > 0 && now_sec() > deadline && !*timed_out) {
      *timed_out = 1;
      proc_kill_group(pid, SIGKILL);
    }
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
}
