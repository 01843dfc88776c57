/* crash.c: see crash.h. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "crash.h"

#define ALTSTACK_BYTES ((size_t)64 * 1024)

/* The alternate stack of this thread; NULL when it has none. */
static _Thread_local void *thread_altstack;

#if !MC_SANITIZE && !defined(__SANITIZE_THREAD__)
static void say(const char *s) {
  size_t n = strlen(s);
  while (n > 0) {
    ssize_t w = write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w;
    n -= (size_t)w;
  }
}

/* Runs on the faulting thread: only async-signal-safe calls.  Buffered
 * OCaml output is not flushed; flushing would touch the very structures
 * that may be corrupt. */
static void on_fault(int sig, siginfo_t *info, void *ctx) {
  (void)info;
  (void)ctx;
  const char *what = sig == SIGSEGV  ? "segmentation fault"
                     : sig == SIGBUS ? "bus error"
                     : sig == SIGILL ? "illegal instruction"
                                     : "arithmetic fault";
  say("mcrun: fatal error: ");
  say(what);
  say(" (the bytecode is corrupt, or this is a bug in mcrun)\n");
  _exit(2);
}
#endif

void mc_crash_thread_enter(void) {
#if !MC_SANITIZE && !defined(__SANITIZE_THREAD__)
  if (thread_altstack != NULL) return;
  void *mem = malloc(ALTSTACK_BYTES);
  if (mem == NULL) return;
  stack_t ss = {.ss_sp = mem, .ss_size = ALTSTACK_BYTES, .ss_flags = 0};
  if (sigaltstack(&ss, NULL) != 0) {
    free(mem);
    return;
  }
  thread_altstack = mem;
#endif
}

void mc_crash_thread_leave(void) {
  if (thread_altstack == NULL) return;
  stack_t ss = {.ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE};
  sigaltstack(&ss, NULL);
  free(thread_altstack);
  thread_altstack = NULL;
}

void mc_crash_handlers_install(void) {
#if !MC_SANITIZE && !defined(__SANITIZE_THREAD__)
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
  mc_crash_thread_enter();
#endif
}
