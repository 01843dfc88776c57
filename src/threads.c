/* threads.c: the threads library (systhreads): several OS threads per
 * domain, taking turns under the domain's lock.
 *
 * Design
 * ------
 * Once Thread is initialised, each domain has a struct mc_threads: a ring
 * of struct mc_thread (one per OS thread of the domain) and the domain
 * lock.  Exactly one thread of a domain, the holder of the lock, runs
 * OCaml; its interpreter state (stack, trap offset, catch points, local
 * roots, backtrace...) is loaded in the struct mc_domain, while every
 * other thread's state is saved in its struct mc_thread.
 *
 * A blocking section saves the running thread's state and releases the
 * lock (the domain is BLOCKED for the stop-the-world protocol only if no
 * thread takes the lock); leaving it takes the lock back and restores the
 * state.  A tick thread asks, every 50 ms, the domains with waiting
 * threads to yield at their next safepoint, so a busy thread cannot starve
 * the others.  The collector scans the saved state of every thread as
 * roots.
 *
 * The lock hands over in FIFO order: a thread that yields does not take
 * it back before a waiter has had it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "alloc.h"
#include "backtrace.h"
#include "callback.h"
#include "custom.h"
#include "domain_internal.h"
#include "fail.h"
#include "gc.h"
#include "io_internal.h"
#include "prims.h"
#include "runtime.h"
#include "stack.h"
#include "startup.h"
#include "threads.h"
#include "crash.h"
#include "capi.h"

#define TICK_MS 50

/* A thread's interpreter state while it does not hold the domain lock. */
struct thread_ctx {
  struct mc_stack *stack;
  intptr_t trap_sp_off;
  struct mc_catch *catch_point;
  struct mc_rootframe *local_roots;
  void *capi_roots;            /* foreign stubs' frames (capi.c) */
  int interp_depth;
  struct mc_stack *activation_stack;
  intptr_t backtrace_pos;
  code_t *backtrace_buffer;
  value backtrace_last_exn;
};

struct mc_thread {
  value descr;                 /* [| id; start closure; termination event |]: a root */
  struct thread_ctx ctx;       /* valid while the thread does not run */
  struct mc_thread *next, *prev;
  pthread_t pthread;
  /* A new thread's place in the lock's queue, taken by its creator so that
   * threads first run in the order they were created; 0 once used. */
  uint64_t start_ticket;
  /* Set by the new thread once its start-up (which allocates) is over;
   * its creator waits for it, so that a fork right after Thread.create
   * never finds the thread inside the C allocator (the sanitizers'
   * allocators, unlike glibc's, do not prepare for fork).  Under the
   * domain lock's mutex, signalled on its `turn`. */
  bool started;
};

/* The domain lock, a FIFO ticket lock: the holder is the thread whose
 * ticket is being served.  Fields under `mutex`. */
struct domain_lock {
  pthread_mutex_t mutex;
  pthread_cond_t turn;         /* `serving` changed */
  uint64_t next_ticket, serving;
  uint64_t abandoned;          /* a ticket nobody will take (0: none) */
  int waiters;
};

struct mc_threads {
  struct domain_lock lock;
  struct mc_thread *current;   /* the thread whose state is in the domain */
  struct mc_thread *ring;      /* any thread of the ring */
  _Atomic(int) yield_requested;
};

/* The OS thread's own struct mc_thread.  Thread-local by nature: a
 * blocking section returns to the thread that entered it. */
static _Thread_local struct mc_thread *self_thread;

/* ---- Thread-wide runtime state (per runtime, in rt->threads_rt) ---- */

struct mc_threads_runtime {
  pthread_mutex_t lock;        /* protects the fields below */
  bool tick_running;
  bool tick_stop;
  pthread_t tick;
  _Atomic(intptr_t) next_id;   /* thread identifiers, 0 for the first */
};

/* ---- The domain lock ---- */

/* Initialised as held by the calling thread (ticket 0). */
static void lock_init(struct domain_lock *l) {
  pthread_mutex_init(&l->mutex, NULL);
  pthread_cond_init(&l->turn, NULL);
  l->next_ticket = 1;
  l->serving = 0;
  l->abandoned = 0;
  l->waiters = 0;
}

static void wait_turn(struct domain_lock *l, uint64_t ticket) {
  l->waiters++;
  while (l->serving != ticket) pthread_cond_wait(&l->turn, &l->mutex);
  l->waiters--;
}

static void lock_acquire(struct domain_lock *l) {
  pthread_mutex_lock(&l->mutex);
  wait_turn(l, l->next_ticket++);
  pthread_mutex_unlock(&l->mutex);
}

/* Serve the next ticket (mutex held). */
static void next_turn(struct domain_lock *l) {
  l->serving++;
  if (l->serving == l->abandoned) {
    l->abandoned = 0;
    l->serving++;
  }
}

static void lock_release(struct domain_lock *l) {
  pthread_mutex_lock(&l->mutex);
  next_turn(l);
  pthread_cond_broadcast(&l->turn);
  pthread_mutex_unlock(&l->mutex);
}

/* Go to the back of the queue, if anybody waits. */
static void lock_yield(struct domain_lock *l) {
  pthread_mutex_lock(&l->mutex);
  if (l->waiters > 0) {
    uint64_t ticket = l->next_ticket++;
    next_turn(l);
    pthread_cond_broadcast(&l->turn);
    wait_turn(l, ticket);
  }
  pthread_mutex_unlock(&l->mutex);
}

/* ---- Saving and restoring a thread's state ---- */

static void save_ctx(mc_domain *d, struct thread_ctx *c) {
  c->stack = d->stack;
  c->trap_sp_off = d->trap_sp_off;
  c->catch_point = d->catch_point;
  c->local_roots = d->local_roots;
  c->capi_roots = (void *)d->capi_state[MC_CAPI_LOCAL_ROOTS];
  c->interp_depth = d->interp_depth;
  c->activation_stack = d->activation_stack;
  c->backtrace_pos = d->backtrace_pos;
  c->backtrace_buffer = d->backtrace_buffer;
  c->backtrace_last_exn = d->backtrace_last_exn;
}

static void load_ctx(mc_domain *d, const struct thread_ctx *c) {
  d->stack = c->stack;
  d->trap_sp_off = c->trap_sp_off;
  d->catch_point = c->catch_point;
  d->local_roots = c->local_roots;
  d->capi_state[MC_CAPI_LOCAL_ROOTS] = (uintptr_t)c->capi_roots;
  d->interp_depth = c->interp_depth;
  d->activation_stack = c->activation_stack;
  d->backtrace_pos = c->backtrace_pos;
  d->backtrace_buffer = c->backtrace_buffer;
  d->backtrace_last_exn = c->backtrace_last_exn;
}

/* Blocking sections (see threads.h): the running thread's state goes to
 * its struct and the domain holds no thread's state until one loads its
 * own. */
void mc_threads_save(mc_domain *d) {
  struct mc_threads *ts = d->threads;
  struct mc_thread *me = ts->current;
  save_ctx(d, &me->ctx);
  ts->current = NULL;
  d->stack = NULL;
  d->local_roots = NULL;
  d->capi_state[MC_CAPI_LOCAL_ROOTS] = 0;
  d->catch_point = NULL;
  d->backtrace_last_exn = val_unit;
}

void mc_threads_unlock(mc_domain *d) { lock_release(&d->threads->lock); }

void mc_threads_lock(mc_domain *d) {
  struct domain_lock *l = &d->threads->lock;
  if (self_thread->start_ticket != 0) {
    pthread_mutex_lock(&l->mutex);
    wait_turn(l, self_thread->start_ticket);
    pthread_mutex_unlock(&l->mutex);
    self_thread->start_ticket = 0;
    return;
  }
  lock_acquire(l);
}

void mc_threads_load(mc_domain *d) {
  struct mc_threads *ts = d->threads;
  ts->current = self_thread;
  load_ctx(d, &self_thread->ctx);
}

/* ---- Roots ---- */

static void scan_ctx(mc_domain *d, struct thread_ctx *c, mc_root_fn f, void *ctx) {
  mc_scan_stack_roots(d, c->stack, f, ctx);
  for (struct mc_rootframe *fr = c->local_roots; fr != NULL; fr = fr->prev) {
    for (size_t i = 0; i < fr->count; i++)
      if (is_block(*fr->slots[i])) f(d, fr->slots[i], ctx);
    for (size_t i = 0; i < fr->array_len; i++)
      if (is_block(fr->array[i])) f(d, &fr->array[i], ctx);
  }
  mc_capi_scan_roots(d, c->capi_roots, f, ctx);
  if (is_block(c->backtrace_last_exn)) f(d, &c->backtrace_last_exn, ctx);
}

/* The roots of the threads of d other than the one loaded in d. */
void mc_threads_scan_roots(mc_domain *d, mc_root_fn f, void *ctx) {
  struct mc_threads *ts = d->threads;
  struct mc_thread *t = ts->ring;
  if (t == NULL) return;
  do {
    if (is_block(t->descr)) f(d, &t->descr, ctx);
    if (t != ts->current) scan_ctx(d, &t->ctx, f, ctx);
    t = t->next;
  } while (t != ts->ring);
}

/* ---- Termination events ("_threadstatus" custom blocks) ---- */

struct thread_event {
  pthread_mutex_t mutex;
  pthread_cond_t cond;
  bool triggered;
};
#define event_of(v) (*(struct thread_event **)data_custom_val(v))

static void event_finalize(value v) {
  struct thread_event *e = event_of(v);
  pthread_mutex_destroy(&e->mutex);
  pthread_cond_destroy(&e->cond);
  free(e);
}

static int event_compare(value a, value b, int *unordered) {
  (void)unordered;
  struct thread_event *x = event_of(a), *y = event_of(b);
  return x == y ? 0 : (x < y ? -1 : 1);
}

static const struct mc_custom_ops event_ops = {
    .identifier = "_threadstatus", .finalize = event_finalize, .compare = event_compare};

static value event_new(mc_domain *d) {
  struct thread_event *e = mc_xmalloc(sizeof *e);
  pthread_mutex_init(&e->mutex, NULL);
  pthread_cond_init(&e->cond, NULL);
  e->triggered = false;
  value v = mc_alloc_custom(d, &event_ops, sizeof(struct thread_event *), 0, 1);
  event_of(v) = e;
  return v;
}

static void event_trigger(struct thread_event *e) {
  pthread_mutex_lock(&e->mutex);
  e->triggered = true;
  pthread_cond_broadcast(&e->cond);
  pthread_mutex_unlock(&e->mutex);
}

/* ---- Thread records ---- */

static struct mc_threads_runtime *threads_rt(mc_runtime *rt) { return rt->threads_rt; }

/* A descriptor [| id; clos; event |]. */
static value new_descriptor(mc_domain *d, value clos) {
  value ev = val_unit;
  GC_ROOTS(d, &clos, &ev);
  ev = event_new(d);
  intptr_t id = atomic_fetch_add(&threads_rt(d->rt)->next_id, 1);
  value descr = mc_alloc_small(d, 3, 0);
  field(descr, 0) = val_long(id);
  field(descr, 1) = clos;
  field(descr, 2) = ev;
  return descr;
}

static void ring_add(struct mc_threads *ts, struct mc_thread *t) {
  if (ts->ring == NULL) {
    t->next = t->prev = t;
    ts->ring = t;
  } else {
    t->next = ts->ring;
    t->prev = ts->ring->prev;
    t->prev->next = t;
    ts->ring->prev = t;
  }
}

static void ring_remove(struct mc_threads *ts, struct mc_thread *t) {
  if (t->next == t) {
    ts->ring = NULL;
  } else {
    t->prev->next = t->next;
    t->next->prev = t->prev;
    if (ts->ring == t) ts->ring = t->next;
  }
}

/* Make the calling thread, which runs domain d, the first thread of d's
 * ring (on Thread's initialisation, or when a domain first uses Thread). */
static void attach_domain(mc_domain *d) {
  if (d->threads != NULL) return;
  struct mc_threads *ts = mc_xcalloc(1, sizeof *ts);
  lock_init(&ts->lock);  /* held by the caller */
  struct mc_thread *t = mc_xcalloc(1, sizeof *t);
  t->descr = val_unit;
  t->pthread = pthread_self();
  ring_add(ts, t);
  ts->current = t;
  self_thread = t;
  d->threads = ts;
  value descr = new_descriptor(d, val_unit);
  t->descr = descr;
}

/* ---- The tick thread ---- */

static void *tick_main(void *arg) {
  mc_runtime *rt = arg;
  struct mc_threads_runtime *tr = threads_rt(rt);
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);  /* signals go to OCaml threads */
  for (;;) {
    struct timespec ts = {0, TICK_MS * 1000000L};
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&tr->lock);
    bool stop = tr->tick_stop;
    pthread_mutex_unlock(&tr->lock);
    if (stop) break;
    /* Ask every domain whose lock has waiters to yield. */
    pthread_mutex_lock(&rt->stw.lock);
    for (int i = 0; i < rt->nslots; i++) {
      mc_domain *d = rt->domains[i];
      if (d == NULL || d->threads == NULL) continue;
      struct mc_threads *th = d->threads;
      pthread_mutex_lock(&th->lock.mutex);
      int waiters = th->lock.waiters;
      pthread_mutex_unlock(&th->lock.mutex);
      if (waiters > 0) {
        atomic_store_explicit(&th->yield_requested, 1, memory_order_relaxed);
        mc_request_safepoint(d);
      }
    }
    pthread_mutex_unlock(&rt->stw.lock);
  }
  return NULL;
}

static void start_tick(mc_domain *d) {
  struct mc_threads_runtime *tr = threads_rt(d->rt);
  pthread_mutex_lock(&tr->lock);
  if (!tr->tick_running) {
    if (pthread_create(&tr->tick, NULL, tick_main, d->rt) == 0) tr->tick_running = true;
  }
  pthread_mutex_unlock(&tr->lock);
}

/* ---- Safepoint: yield if asked ---- */

void mc_threads_maybe_yield(mc_domain *d) {
  struct mc_threads *ts = d->threads;
  if (ts == NULL || !atomic_exchange_explicit(&ts->yield_requested, 0, memory_order_relaxed))
    return;
  mc_thread_yield(d);
}

void mc_thread_yield(mc_domain *d) {
  struct mc_threads *ts = d->threads;
  if (ts == NULL) return;
  pthread_mutex_lock(&ts->lock.mutex);
  int waiters = ts->lock.waiters;
  pthread_mutex_unlock(&ts->lock.mutex);
  if (waiters == 0) return;
  /* The yielding thread keeps the domain RUNNING: the thread that takes
   * over runs it, and a section waiting for this domain is served by
   * whichever thread reaches a safepoint first. */
  struct mc_thread *me = ts->current;
  save_ctx(d, &me->ctx);
  ts->current = NULL;
  lock_yield(&ts->lock);
  ts->current = me;
  load_ctx(d, &me->ctx);
}

/* ---- Primitives ---- */

static value caml_thread_initialize(mc_domain *d, value unit) {
  (void)unit;
  mc_runtime *rt = d->rt;
  if (rt->threads_rt == NULL) {
    if (atomic_load(&rt->ndomains_live) > 1)
      mc_failwith(d, "caml_thread_initialize: cannot initialize Thread while several domains are "
                     "running.");
    struct mc_threads_runtime *tr = mc_xcalloc(1, sizeof *tr);
    pthread_mutex_init(&tr->lock, NULL);
    rt->threads_rt = tr;
  }
  attach_domain(d);
  return val_unit;
}

static value caml_thread_cleanup(mc_domain *d, value unit) {
  (void)unit;
  struct mc_threads_runtime *tr = threads_rt(d->rt);
  if (tr == NULL) return val_unit;
  pthread_mutex_lock(&tr->lock);
  bool running = tr->tick_running;
  tr->tick_stop = true;
  pthread_mutex_unlock(&tr->lock);
  if (running) {
    mc_enter_blocking_section(d);
    pthread_join(tr->tick, NULL);
    mc_leave_blocking_section(d);
  }
  pthread_mutex_lock(&tr->lock);
  tr->tick_running = false;
  tr->tick_stop = false;
  pthread_mutex_unlock(&tr->lock);
  return val_unit;
}

struct start_args {
  mc_domain *d;
  struct mc_thread *t;
};

/* A new thread: take the domain, run the start closure, then leave. */
static void *thread_main(void *p) {
  struct start_args *a = p;
  mc_domain *d = a->d;
  struct mc_thread *t = a->t;
  free(a);
  self_thread = t;
  mc_crash_thread_enter();
  mc_capi_thread_attach(d);
  struct domain_lock *l = &d->threads->lock;
  pthread_mutex_lock(&l->mutex);
  t->started = true;
  pthread_cond_broadcast(&l->turn);
  pthread_mutex_unlock(&l->mutex);
  mc_leave_blocking_section(d);
  {
    value clos = field(t->descr, 1);
    mc_modify(d, &field(t->descr, 1), val_unit);
    value res;
    if (mc_callbackN_exn(d, clos, 1, (value[]){val_unit}, &res)) { /* Thread.create catches */
    }
    event_trigger(event_of(field(t->descr, 2)));
  }
  /* Leave the ring for good: the thread's state goes with it. */
  struct mc_threads *ts = d->threads;
  ring_remove(ts, t);
  ts->current = NULL;
  for (struct mc_stack *s = d->stack; s != NULL;) {
    struct mc_stack *parent = s->parent;
    mc_stack_free(d, s);
    s = parent;
  }
  d->stack = NULL;
  d->local_roots = NULL;
  d->capi_state[MC_CAPI_LOCAL_ROOTS] = 0;
  d->catch_point = NULL;
  free(d->backtrace_buffer);
  d->backtrace_buffer = NULL;
  mc_domain_give_up(d);
  free(t);
  mc_capi_thread_attach(NULL);
  mc_crash_thread_leave();
  return NULL;
}

static value caml_thread_new(mc_domain *d, value clos) {
  GC_ROOTS(d, &clos);
  if (d->threads == NULL) caml_thread_initialize(d, val_unit);
  start_tick(d);
  struct mc_thread *t = mc_xcalloc(1, sizeof *t);
  t->descr = new_descriptor(d, clos);
  t->ctx.stack = mc_stack_new(d, MC_MAIN_STACK_INIT_WSIZE);
  t->ctx.trap_sp_off = 1;
  t->ctx.activation_stack = t->ctx.stack;
  t->ctx.backtrace_last_exn = val_unit;
  ring_add(d->threads, t);
  struct domain_lock *l = &d->threads->lock;
  pthread_mutex_lock(&l->mutex);
  t->start_ticket = l->next_ticket++;
  pthread_mutex_unlock(&l->mutex);
  struct start_args *a = mc_xmalloc(sizeof *a);
  a->d = d;
  a->t = t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 8u << 20);
  int err = pthread_create(&t->pthread, &attr, thread_main, a);
  pthread_attr_destroy(&attr);
  if (err != 0) {
    /* The reserved turn will never be taken: the lock skips it. */
    pthread_mutex_lock(&l->mutex);
    l->abandoned = t->start_ticket;
    pthread_mutex_unlock(&l->mutex);
    ring_remove(d->threads, t);
    mc_stack_free(d, t->ctx.stack);
    free(t);
    free(a);
    mc_raise_sys_error_errno(d, "Thread.create", err);
  }
  pthread_mutex_lock(&l->mutex);
  while (!t->started) pthread_cond_wait(&l->turn, &l->mutex);
  pthread_mutex_unlock(&l->mutex);
  return t->descr;
}

static value caml_thread_self(mc_domain *d, value unit) {
  (void)unit;
  if (d->threads == NULL) caml_thread_initialize(d, val_unit);
  return d->threads->current->descr;
}

static value caml_thread_id(mc_domain *d, value th) {
  (void)d;
  return field(th, 0);
}

static value caml_thread_uncaught_exception(mc_domain *d, value exn) {
  char msg[1024];
  mc_format_exception(d, exn, msg, sizeof msg);
  value self = caml_thread_self(d, val_unit);
  fprintf(stderr, "Thread %d killed on uncaught exception %s\n", (int)long_val(field(self, 0)), msg);
  if (d->backtrace_active) mc_print_exception_backtrace(d);
  fflush(stderr);
  return val_unit;
}

static value caml_thread_yield(mc_domain *d, value unit) {
  (void)unit;
  mc_process_pending(d);
  mc_thread_yield(d);
  return val_unit;
}

static value caml_thread_join(mc_domain *d, value th) {
  struct thread_event *e = event_of(field(th, 2));
  GC_ROOTS(d, &th);  /* keeps the event alive while waiting */
  mc_enter_blocking_section(d);
  pthread_mutex_lock(&e->mutex);
  while (!e->triggered) pthread_cond_wait(&e->cond, &e->mutex);
  pthread_mutex_unlock(&e->mutex);
  mc_leave_blocking_section(d);
  return val_unit;
}

/* OCaml signal number lists <-> host sets. */
static void decode_sigset(mc_domain *d, value list, sigset_t *set) {
  sigemptyset(set);
  for (; is_block(list); list = field(list, 1)) {
    int s = mc_signal_to_host(int_val(field(list, 0)));
    if (s <= 0) mc_invalid_argument(d, "Thread.sigmask: invalid signal number");
    sigaddset(set, s);
  }
}

static value encode_sigset(mc_domain *d, sigset_t *set) {
  value res = val_emptylist;
  GC_ROOTS(d, &res);
  for (int s = NSIG - 1; s >= 1; s--)
    if (sigismember(set, s) == 1) res = mc_alloc_pair(d, TAG_CONS, val_int(mc_signal_from_host(s)), res);
  return res;
}

static value caml_thread_sigmask(mc_domain *d, value cmd, value sigs) {
  static const int how_of[3] = {SIG_SETMASK, SIG_BLOCK, SIG_UNBLOCK};
  sigset_t set, old;
  decode_sigset(d, sigs, &set);
  mc_enter_blocking_section(d);
  int err = pthread_sigmask(how_of[int_val(cmd)], &set, &old);
  mc_leave_blocking_section(d);
  if (err != 0) mc_raise_sys_error_errno(d, "Thread.sigmask", err);
  mc_process_pending(d);
  return encode_sigset(d, &old);
}

static value caml_wait_signal(mc_domain *d, value sigs) {
  sigset_t set;
  int signo = 0;
  decode_sigset(d, sigs, &set);
  mc_enter_blocking_section(d);
  int err = sigwait(&set, &signo);
  mc_leave_blocking_section(d);
  if (err != 0) mc_raise_sys_error_errno(d, "Thread.wait_signal", err);
  return val_int(mc_signal_from_host(signo));
}

/* A domain's main computation has ended: before the domain goes, wait
 * for its other threads (as stock does when other domains remain), then
 * mark its main thread terminated for anyone joining it. */
void mc_threads_domain_stop(mc_domain *d) {
  struct mc_threads *ts = d->threads;
  if (ts == NULL) return;
  for (;;) {
    struct mc_thread *me = ts->current;
    if (me->next == me) break;
    value other = me->next->descr;
    caml_thread_join(d, other);
  }
  event_trigger(event_of(field(ts->current->descr, 2)));
}

/* Free a terminated domain's thread records (only its own is left). */
void mc_threads_domain_free(mc_domain *d) {
  struct mc_threads *ts = d->threads;
  if (ts == NULL) return;
  while (ts->ring != NULL) {
    struct mc_thread *t = ts->ring;
    ring_remove(ts, t);
    free(t);
  }
  pthread_mutex_destroy(&ts->lock.mutex);
  pthread_cond_destroy(&ts->lock.turn);
  free(ts);
  d->threads = NULL;
}

/* After Unix.fork, in the child: only the calling thread exists. */
void mc_atfork_child(mc_domain *d) {
  struct mc_threads_runtime *tr = threads_rt(d->rt);
  if (tr != NULL) {
    pthread_mutex_init(&tr->lock, NULL);
    tr->tick_running = false;
    tr->tick_stop = false;
  }
  struct mc_threads *ts = d->threads;
  if (ts == NULL) return;
  struct mc_thread *me = ts->current;
  struct mc_thread *t = ts->ring;
  /* The other threads' stacks are left as they are (their memory stays
   * allocated until exit); they are simply forgotten. */
  while (t != NULL && ts->ring != NULL) {
    struct mc_thread *next = t->next;
    if (t != me) {
      ring_remove(ts, t);
      free(t);
    }
    if (next == me || ts->ring == me) break;
    t = next;
  }
  lock_init(&ts->lock);
}

const struct mc_primdef mc_prims_threads[] = {
    PRIM(caml_thread_initialize, 1),
    PRIM(caml_thread_cleanup, 1),
    PRIM(caml_thread_new, 1),
    PRIM(caml_thread_self, 1),
    PRIM(caml_thread_id, 1),
    PRIM(caml_thread_uncaught_exception, 1),
    PRIM(caml_thread_yield, 1),
    PRIM(caml_thread_join, 1),
    PRIM(caml_thread_sigmask, 2),
    PRIM(caml_wait_signal, 1),
    PRIM_END,
};
