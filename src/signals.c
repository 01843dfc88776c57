/* signals.c: Sys.signal, and running OCaml signal handlers at safepoints.
 *
 * A host signal is only recorded by the C handler: a flag per signal in
 * the runtime's struct mc_sysstate, plus a request for domain 0 to reach a
 * safepoint.  The OCaml handler runs later, from mc_signals_process, with
 * the signal blocked while it runs, like stock.  Handlers are installed
 * without SA_RESTART, so a blocking read or write returns EINTR and the
 * I/O code gets a chance to run the handler before retrying.
 */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "callback.h"
#include "fail.h"
#include "io_internal.h"
#include "prims.h"
#include "runtime.h"

/* ------------------------------------------------------------------ */
/* The one process-wide variable                                       */
/* ------------------------------------------------------------------ */

/* A host signal handler is called with the signal number only: no domain,
 * no runtime, no user pointer.  It still has to find the runtime whose
 * flags it must set, so this file keeps exactly one static pointer, the
 * single exception to the rule that mutable state lives in mc_runtime or
 * mc_domain.  It is written (atomically) when a runtime installs a handler
 * or creates its Sys state, and only read by the handler.  Signals are
 * per process, so one runtime per process can own them anyway.
 * The runtime then reaches its Sys state through rt->sys. */
static _Atomic(mc_runtime *) signal_owner;

/* The Sys state of rt, or NULL if not created yet. */
struct mc_sysstate *mc_sysstate_peek(mc_runtime *rt) {
  return atomic_load_explicit(&rt->sys, memory_order_acquire);
}

/* Publishes st as the state of its runtime; false if another thread was
 * first (then the caller discards st). */
static bool publish_state(struct mc_sysstate *st) {
  struct mc_sysstate *none = NULL;
  if (!atomic_compare_exchange_strong(&st->rt->sys, &none, st)) return false;
  atomic_store_explicit(&signal_owner, st->rt, memory_order_release);
  return true;
}

/* The state the signal handler should update, or NULL. */
static struct mc_sysstate *state_for_handler(void) {
  mc_runtime *rt = atomic_load_explicit(&signal_owner, memory_order_acquire);
  return rt != NULL ? atomic_load_explicit(&rt->sys, memory_order_acquire) : NULL;
}

/* Creates the state on first use.  Its two values are global roots: the
 * handler table (one slot per host signal, unit when none) and Sys.argv. */
struct mc_sysstate *mc_sysstate(mc_domain *d) {
  for (;;) {
    struct mc_sysstate *st = mc_sysstate_peek(d->rt);
    if (st != NULL) return st;
    st = mc_xcalloc(1, sizeof *st);
    st->rt = d->rt;
    pthread_mutex_init(&st->lock, NULL);
    st->argv = val_unit;
    st->handlers = mc_alloc_shr(d, MC_NSIG, 0);
    mc_register_global_root(d, &st->handlers);
    mc_register_global_root(d, &st->argv);
    if (publish_state(st)) return st;
    mc_remove_global_root(d, &st->handlers);
    mc_remove_global_root(d, &st->argv);
    pthread_mutex_destroy(&st->lock);
    free(st);
  }
}

/* At shutdown: forget the state (its global roots are freed with the
 * runtime's list). */
void mc_sysstate_free(mc_runtime *rt) {
  struct mc_sysstate *st = atomic_exchange(&rt->sys, NULL);
  if (st == NULL) return;
  mc_runtime *owner = rt;
  atomic_compare_exchange_strong(&signal_owner, &owner, NULL);
  pthread_mutex_destroy(&st->lock);
  free(st);
}

/* ------------------------------------------------------------------ */
/* Signal numbers                                                      */
/* ------------------------------------------------------------------ */

/* Sys.sigabrt = -1, Sys.sigalrm = -2, ...: entry i is OCaml number -(i+1). */
static const int portable_signals[] = {
    SIGABRT, SIGALRM, SIGFPE,  SIGHUP,  SIGILL,  SIGINT,    SIGKILL,
    SIGPIPE, SIGQUIT, SIGSEGV, SIGTERM, SIGUSR1, SIGUSR2,   SIGCHLD,
    SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGVTALRM, SIGPROF,
    SIGBUS,  SIGPOLL, SIGSYS,  SIGTRAP, SIGURG,  SIGXCPU,   SIGXFSZ};
#define N_PORTABLE ((int)(sizeof portable_signals / sizeof portable_signals[0]))

int mc_signal_to_host(int ocaml_signo) {
  int index = -ocaml_signo - 1;
  return index >= 0 && index < N_PORTABLE ? portable_signals[index] : ocaml_signo;
}

int mc_signal_from_host(int host_signo) {
  for (int index = 0; index < N_PORTABLE; index++)
    if (portable_signals[index] == host_signo) return -index - 1;
  return host_signo;
}

/* ------------------------------------------------------------------ */
/* Recording and running                                               */
/* ------------------------------------------------------------------ */

/* Asks every domain to come to a safepoint: the first one there whose
 * thread does not block the signal runs its handler.  Async-signal-safe:
 * a slot's structure is never freed while the runtime lives (see
 * rt->domain_mem), so a stale pointer only costs a spurious safepoint. */
static void wake_domains(mc_runtime *rt) {
  for (int i = 0; i < MC_MAX_DOMAINS; i++) {
    mc_domain *d = __atomic_load_n(&rt->domains[i], __ATOMIC_RELAXED);
    if (d != NULL) mc_request_safepoint(d);
  }
}

/* The host handler: async-signal-safe, records and returns. */
static void on_host_signal(int signo) {
  int saved_errno = errno;
  struct mc_sysstate *st = state_for_handler();
  if (st != NULL && signo > 0 && signo < MC_NSIG) {
    atomic_store(&st->pending[signo], 1);
    atomic_store(&st->any_pending, 1);
    wake_domains(st->rt);
  }
  errno = saved_errno;
}

bool mc_signals_pending(mc_runtime *rt) {
  struct mc_sysstate *st = mc_sysstate_peek(rt);
  return st != NULL && atomic_load_explicit(&st->any_pending, memory_order_relaxed);
}

void mc_signals_recheck(mc_runtime *rt) {
  struct mc_sysstate *st = mc_sysstate_peek(rt);
  if (st == NULL) return;
  for (int s = 1; s < MC_NSIG; s++) {
    if (atomic_load_explicit(&st->pending[s], memory_order_relaxed)) {
      atomic_store(&st->any_pending, 1);
      wake_domains(rt);
      return;
    }
  }
}

/* Runs the OCaml handler of host signal s with s blocked, then restores
 * the mask.  An exception from the handler is re-raised after the mask is
 * restored, leaving the other recorded signals for the next safepoint. */
static void run_handler(mc_domain *d, struct mc_sysstate *st, int s) {
  value handler = field(st->handlers, s);
  if (!is_block(handler)) return; /* recorded before its handler was stored */
  sigset_t just_s, before;
  sigemptyset(&just_s);
  sigaddset(&just_s, s);
  pthread_sigmask(SIG_BLOCK, &just_s, &before);
  value arg = val_int(mc_signal_from_host(s));
  value outcome;
  bool raised = mc_callbackN_exn(d, handler, 1, &arg, &outcome);
  pthread_sigmask(SIG_SETMASK, &before, NULL);
  /* The same signal may have come again while blocked, after a nested
   * safepoint already cleared the hint. */
  if (raised || atomic_load(&st->pending[s])) mc_signals_recheck(d->rt);
  if (raised) mc_raise(d, outcome);
}

/* Runs the handlers of the signals recorded so far, lowest number first.
 * A thread that blocks every recorded signal leaves the hint any_pending
 * set: clearing it would hide the signals from the domains whose threads
 * accept them (they may check the hint just after, and nobody would wake
 * them again).  Signals skipped here because this thread blocks them are
 * announced to the other domains again. */
void mc_signals_process(mc_domain *d) {
  struct mc_sysstate *st = mc_sysstate_peek(d->rt);
  if (st == NULL || !atomic_load(&st->any_pending)) return;
  sigset_t blocked;
  pthread_sigmask(SIG_BLOCK, NULL, &blocked);
  bool mine = false;
  for (int s = 1; s < MC_NSIG && !mine; s++)
    mine = atomic_load_explicit(&st->pending[s], memory_order_relaxed) &&
           sigismember(&blocked, s) != 1;
  if (!mine) return;
  /* Cleared before the flags are read again: a signal recorded from now
   * on is either seen below or sets the hint again. */
  atomic_store(&st->any_pending, 0);
  bool left = false;
  for (int s = 1; s < MC_NSIG; s++) {
    if (!atomic_load_explicit(&st->pending[s], memory_order_relaxed)) continue;
    if (sigismember(&blocked, s) == 1) {
      left = true;
      continue;
    }
    if (!atomic_exchange(&st->pending[s], 0)) continue;
    run_handler(d, st, s);
  }
  if (left) mc_signals_recheck(d->rt);
}

/* ------------------------------------------------------------------ */
/* Primitives                                                          */
/* ------------------------------------------------------------------ */

/* Sys.signal n behaviour: installs the behaviour (Signal_default = 0,
 * Signal_ignore = 1, Signal_handle f = block) and returns the previous
 * one, then runs the handlers of signals already waiting. */
value caml_install_signal_handler(mc_domain *d, value vsig, value behaviour) {
  value old_handler = val_unit, previous = val_unit;
  GC_ROOTS(d, &behaviour, &old_handler, &previous);
  int sig = mc_signal_to_host(int_val(vsig));
  if (sig <= 0 || sig >= MC_NSIG) mc_invalid_argument(d, "Sys.signal: unavailable signal");
  struct mc_sysstate *st = mc_sysstate(d);
  atomic_store_explicit(&signal_owner, d->rt, memory_order_release);

  struct sigaction wanted, had;
  memset(&wanted, 0, sizeof wanted);
  if (is_block(behaviour)) wanted.sa_handler = on_host_signal;
  else wanted.sa_handler = int_val(behaviour) == 0 ? SIG_DFL : SIG_IGN;
  sigemptyset(&wanted.sa_mask);
  wanted.sa_flags = SA_ONSTACK;
  if (sigaction(sig, &wanted, &had) == -1) mc_raise_sys_error_errno(d, NULL, errno);

  bool was_handled = had.sa_handler == on_host_signal;
  if (was_handled) old_handler = field(st->handlers, sig);
  if (is_block(behaviour)) {
    pthread_mutex_lock(&st->lock);
    mc_modify(d, &field(st->handlers, sig), field(behaviour, 0));
    pthread_mutex_unlock(&st->lock);
  }
  if (was_handled) {
    previous = mc_alloc_small(d, 1, 0);
    field(previous, 0) = old_handler;
  } else {
    previous = val_int(had.sa_handler == SIG_IGN ? 1 : 0);
  }
  mc_signals_process(d);
  return previous;
}

/* %poll: run whatever asynchronous work is waiting, keep `root` alive. */
value caml_process_pending_actions_with_root(mc_domain *d, value root) {
  GC_ROOTS(d, &root);
  mc_process_pending(d);
  return root;
}

const struct mc_primdef mc_prims_signals[] = {
    PRIM(caml_install_signal_handler, 2),
    PRIM(caml_process_pending_actions_with_root, 1),
    PRIM_END};
