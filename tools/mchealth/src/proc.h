/* proc: child processes for tasks: spawn with limits (setrlimit) in their
   own process group, wait for children or signals, kill on timeout. */
#ifndef MCH_PROC_H
#define MCH_PROC_H

#include <sys/types.h>

typedef struct proc_spec {
  const char *cwd;
  char *const *argv;
  char *const *envp;
  const char *stdin_path;  /* NULL: /dev/null */
  const char *stdout_path; /* appended to */
  const char *stderr_path; /* appended to */
  long mem_mb;             /* RLIMIT_DATA; 0: unlimited */
  long fsize_mb;           /* RLIMIT_FSIZE; 0: unlimited */
} proc_spec_t;

typedef struct proc_result {
  int exited;    /* 1: exit_code valid; 0: killed by sig */
  int exit_code;
  int sig;
  double utime, stime;
  long maxrss_kb;
} proc_result_t;

/* Block the signals that proc_wait reports (SIGCHLD, SIGINT, SIGTERM,
   SIGHUP); children get the previous mask back. */
void proc_block_signals(void);
void proc_unblock_signals(void);

/* Start a child.  Returns its pid, or -1 with a message in err (the
   program could not be executed: errno of execvp, or setup failure). */
pid_t proc_spawn(const proc_spec_t *spec, char *err, size_t errlen);

typedef enum { PROC_EV_NONE, PROC_EV_CHILD, PROC_EV_SIGNAL } proc_ev_t;

/* Reap one finished child if any, else wait up to timeout seconds for a
   child to finish or for a blocked signal.  On PROC_EV_CHILD, *pid and *res
   are set; on PROC_EV_SIGNAL, *signo. */
proc_ev_t proc_wait(double timeout, pid_t *pid, proc_result_t *res, int *signo);

/* Kill a child's whole process group, and every descendant of the child
   (programs that put themselves in process groups of their own, as
   ocamltest does with the programs it runs). */
void proc_kill_group(pid_t pid, int sig);

/* Make this process the reaper of its orphaned descendants, so that a
   killed task's grandchildren stay findable and are reaped here. */
void proc_become_subreaper(void);

/* Run a command to completion (no timeout handling beyond `timeout` via
   polling); for generators and small helpers. Returns 0 if spawned. */
int proc_run_sync(const proc_spec_t *spec, double timeout, proc_result_t *res, int *timed_out,
                  char *err, size_t errlen);

#endif
