/* peakrss: run a command, then report its wall-clock time, peak resident
 * set size and exit status.  Used by bench/run.sh.
 *
 *   peakrss REPORT-FILE COMMAND [ARGS...]
 *
 * The command inherits stdin, stdout and stderr.  REPORT-FILE receives one
 * line: "<wall seconds> <peak RSS in KiB> <status> <CPU seconds>", where
 * status is the exit code, or 128+N if the command was killed by signal N,
 * and CPU seconds is user plus system time.  The exit status of peakrss
 * itself is that status. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: %s REPORT-FILE COMMAND [ARGS...]\n", argv[0]);
    return 125;
  }
  double start = now_seconds();
  pid_t pid = fork();
  if (pid < 0) {
    perror("peakrss: fork");
    return 125;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    fprintf(stderr, "peakrss: cannot run %s: %s\n", argv[2], strerror(errno));
    _exit(127);
  }
  int status;
  struct rusage ru;
  pid_t r;
  do {
    r = wait4(pid, &status, 0, &ru);
  } while (r < 0 && errno == EINTR);
  if (r < 0) {
    perror("peakrss: wait4");
    return 125;
  }
  double wall = now_seconds() - start;
  int code = WIFEXITED(status) ? WEXITSTATUS(status)
           : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 125;
  FILE *f = fopen(argv[1], "w");
  if (f == NULL) {
    perror("peakrss: report file");
    return 125;
  }
  double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6
             + (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  /* ru_maxrss is in KiB on Linux. */
  fprintf(f, "%.6f %ld %d %.6f\n", wall, ru.ru_maxrss, code, cpu);
  fclose(f);
  return code;
}
