/* domain.c: domains (OS threads running OCaml), the stop-the-world
 * protocol, safepoints and blocking sections.
 *
 * Design
 * ------
 * A domain is an OS thread with its own struct mc_domain.  Its status,
 * kept under rt->stw.lock, is one of
 *   RUNNING     executing OCaml or runtime code: it reaches a safepoint
 *               (an allocation, a function entry or loop poll in the
 *               interpreter) soon after young_limit is raised;
 *   BLOCKED     inside a blocking section (a system call, a wait on a
 *               mutex): it touches no OCaml value and no heap structure
 *               until it leaves, which waits for any stop-the-world
 *               section to finish;
 * and its slot is freed when it terminates.
 *
 * A stop-the-world section (STW) runs a function on every RUNNING domain
 * at once.  The domain that starts it (the leader) marks the RUNNING
 * domains as participants, interrupts them, and waits on a condition
 * variable until all have arrived; each participant arrives from its next
 * safepoint, then waits until the leader has seen everybody arrive: only
 * then does anyone run the function.  Every wait ends on a condition
 * variable; when there are no more participants than processors, a wait
 * first spins briefly on the word it waits for, because handing the
 * processor back and being woken again costs a wake-up delay at each of
 * the section's hand-offs (arrival, start, barriers, end), and a section
 * with two domains has five of them.  The spin budget adapts (between
 * STW_SPIN_MIN_NS and STW_SPIN_MAX_NS): it doubles when a spin ends with
 * the wait over and halves when it runs out, so that on a machine where
 * other processes take the processors (the domain waited for is not
 * running, and spinning only burns this domain's share) it shrinks to
 * almost nothing.  With more participants than processors, spinning would
 * only take time from the domain being waited for: waits block at once.
 * Fields read by spinners (arrived, participants, started, generation,
 * barrier_gen) are written under the lock with atomic stores.  Domains
 * that are BLOCKED (or become so before arriving) do not take part: the
 * function's leader part does their share (their minor heap, roots,
 * marking, sweeping), which is safe because a blocked domain cannot touch
 * them until the section ends.  Inside the function, mc_stw_barrier
 * synchronises the participants between phases.  Only one STW runs at a
 * time; a domain that wants one while another is running takes part in
 * the running one first.
 *
 * With a single domain the protocol collapses to a direct call.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include "alloc.h"
#include "callback.h"
#include "custom.h"
#include "domain_internal.h"
#include "fail.h"
#include "gc.h"
#include "gc_internal.h"
#include "fiber.h"
#include "prims.h"
#include "runtime.h"
#include "stack.h"
#include "threads.h"
#include "crash.h"
#include "capi.h"

/* Bounds of how long a wait of a section spins before it blocks. */
#define STW_SPIN_MIN_NS 1000u
#define STW_SPIN_MAX_NS 50000u

/* ---- Creation ---- */

void mc_domains_init(mc_runtime *rt) {
  struct mc_stw *s = &rt->stw;
  pthread_mutex_init(&s->lock, NULL);
  pthread_cond_init(&s->cond, NULL);
  pthread_cond_init(&s->barrier_cond, NULL);
  pthread_cond_init(&s->done_cond, NULL);
  pthread_cond_init(&s->start_cond, NULL);
  long c = sysconf(_SC_NPROCESSORS_ONLN);
  s->ncpus = c > 0 ? (int)c : 1;
  s->spin_ns = STW_SPIN_MAX_NS;
}

/* Wait (lock held) until no section runs.  A running domain that a
 * section is waiting for takes part in it first. */
static void wait_no_section(mc_runtime *rt, mc_domain *self) {
  struct mc_stw *s = &rt->stw;
  while (s->active) {
    if (self != NULL && self->stw_participant && !self->stw_arrived) {
      pthread_mutex_unlock(&s->lock);
      mc_stw_participate(self);
      pthread_mutex_lock(&s->lock);
    } else {
      pthread_cond_wait(&s->done_cond, &s->lock);
    }
  }
}

/* Create a domain in a free slot (NULL if all the allowed slots are
 * taken); `creator` is the domain asking (NULL for the first).  The new
 * domain starts RUNNING. */
mc_domain *mc_domain_new(mc_runtime *rt, mc_domain *creator) {
  struct mc_stw *s = &rt->stw;
  pthread_mutex_lock(&s->lock);
  wait_no_section(rt, creator);
  int slot = -1;
  int limit = (int)rt->params.max_domains;
  if (limit > MC_MAX_DOMAINS) limit = MC_MAX_DOMAINS;
  for (int i = 0; i < limit; i++)
    if (!rt->slot_busy[i]) {
      slot = i;
      break;
    }
  if (slot < 0) {
    pthread_mutex_unlock(&s->lock);
    return NULL;
  }
  mc_domain *d = rt->domain_mem[slot];
  if (d == NULL) d = rt->domain_mem[slot] = mc_xcalloc(1, sizeof *d);
  else memset(d, 0, sizeof *d);
  rt->slot_busy[slot] = true;
  d->rt = rt;
  d->id = slot;
  d->unique_id = rt->next_unique_id++;
  d->status = DOMAIN_RUNNING;
  __atomic_store_n(&rt->domains[slot], d, __ATOMIC_RELEASE);
  if (slot + 1 > rt->nslots) rt->nslots = slot + 1;
  atomic_fetch_add_explicit(&rt->ndomains_live, 1, memory_order_relaxed);
  pthread_mutex_unlock(&s->lock);

  d->trap_sp_off = 1;
  d->dls_root = val_unit;
  d->backtrace_last_exn = val_unit;
  d->memprof_config = val_unit;
  d->backtrace_active = rt->params.backtrace_enabled != 0;
  mc_gc_domain_init(d);
  d->stack = mc_stack_new(d, MC_MAIN_STACK_INIT_WSIZE);
  d->activation_stack = d->stack;
  return d;
}

/* Release a terminated domain's own resources (its heap was adopted). */
static void domain_release(mc_domain *d) {
  for (struct mc_stack *st = d->stack; st != NULL;) {
    struct mc_stack *parent = st->parent;
    mc_stack_free(d, st);
    st = parent;
  }
  d->stack = NULL;
  mc_fiber_cache_free(d);
  mc_gc_domain_free(d);
  mc_threads_domain_free(d);
  free(d->backtrace_buffer);
  d->backtrace_buffer = NULL;
  /* The structure itself stays (rt->domain_mem[d->id]); only now may the
   * slot be reused. */
  mc_runtime *rt = d->rt;
  pthread_mutex_lock(&rt->stw.lock);
  rt->slot_busy[d->id] = false;
  pthread_mutex_unlock(&rt->stw.lock);
}

/* Undo mc_domain_new for a domain whose thread never started (it holds
 * nothing in the heap yet). */
static void domain_discard(mc_domain *d, mc_domain *creator) {
  mc_runtime *rt = d->rt;
  pthread_mutex_lock(&rt->stw.lock);
  wait_no_section(rt, creator);
  __atomic_store_n(&rt->domains[d->id], NULL, __ATOMIC_RELAXED);
  atomic_fetch_sub_explicit(&rt->ndomains_live, 1, memory_order_release);
  pthread_mutex_unlock(&rt->stw.lock);
  domain_release(d);
}

bool mc_domain_ever_spawned(mc_runtime *rt) {
  pthread_mutex_lock(&rt->stw.lock);
  bool r = rt->next_unique_id > 1;
  pthread_mutex_unlock(&rt->stw.lock);
  return r;
}

/* ---- Safepoints ---- */

bool mc_signals_pending(mc_runtime *rt) __attribute__((weak));
void mc_signals_process(mc_domain *d) __attribute__((weak));
void mc_signals_recheck(mc_runtime *rt) __attribute__((weak));

void mc_request_safepoint(mc_domain *d) {
  atomic_store_explicit(&d->action_pending, 1, memory_order_relaxed);
  atomic_store_explicit(&d->young_limit, UINTPTR_MAX, memory_order_relaxed);
}

/* Safepoint work that runs no OCaml code: STW requests and GC requests.
 * Called from the allocation slow path and from mc_process_pending. */
void mc_handle_gc_interrupt(mc_domain *d) {
  if (atomic_load_explicit(&d->stw_requested, memory_order_acquire)) mc_stw_participate(d);
  if (d->request_minor_gc) {
    d->request_minor_gc = false;
    mc_minor_collection(d);
  } else if (d->request_major_slice) {
    mc_major_slice(d, 0);
  }
}

void mc_process_pending(mc_domain *d) {
  mc_handle_gc_interrupt(d);
  if (d->threads != NULL) mc_threads_maybe_yield(d);
  atomic_store_explicit(&d->action_pending, 0, memory_order_relaxed);
  mc_reset_young_limit(d);
  if (mc_signals_pending != NULL && mc_signals_pending(d->rt)) mc_signals_process(d);
  if (d->final_todo.len > 0) mc_run_finalisers(d);
}

/* ---- Stop-the-world ---- */

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)

/* What a section's wait waits for (read without the lock). */
enum stw_wait { WAIT_ARRIVALS, WAIT_START, WAIT_END, WAIT_BARRIER };

static bool stw_ready(struct mc_stw *s, enum stw_wait w, uint64_t gen) {
  switch (w) {
  case WAIT_ARRIVALS: return LOAD(s->arrived) >= LOAD(s->participants);
  case WAIT_START: return LOAD(s->started) || LOAD(s->generation) != gen;
  case WAIT_END: return LOAD(s->generation) != gen;
  case WAIT_BARRIER: return LOAD(s->barrier_gen) != gen;
  }
  return true;
}

/* Spin (lock not held) until the wait is over or the spin budget has
 * run out; true if it is over.  No spinning with more participants than
 * processors. */
static bool stw_spin(struct mc_stw *s, enum stw_wait w, uint64_t gen) {
  if (stw_ready(s, w, gen)) return true;
  if (LOAD(s->participants) > s->ncpus) return false;
  unsigned budget = __atomic_load_n(&s->spin_ns, __ATOMIC_RELAXED);
  uint64_t deadline = mc_now_ns() + budget;
  for (unsigned i = 1;; i++) {
    mc_cpu_pause();
    if (stw_ready(s, w, gen)) {
      if (budget < STW_SPIN_MAX_NS)
        __atomic_store_n(&s->spin_ns, budget * 2 < STW_SPIN_MAX_NS ? budget * 2 : STW_SPIN_MAX_NS,
                         __ATOMIC_RELAXED);
      return true;
    }
    if ((i & 31) == 0 && mc_now_ns() > deadline) {
      if (budget > STW_SPIN_MIN_NS)
        __atomic_store_n(&s->spin_ns, budget / 2 > STW_SPIN_MIN_NS ? budget / 2 : STW_SPIN_MIN_NS,
                         __ATOMIC_RELAXED);
      return false;
    }
  }
}

/* Arrive at the STW that interrupted d, run its function, and wait for
 * the leader to close the section. */
void mc_stw_participate(mc_domain *d) {
  struct mc_stw *s = &d->rt->stw;
  pthread_mutex_lock(&s->lock);
  uint64_t t0 = mc_now_ns();
  atomic_store_explicit(&d->stw_requested, 0, memory_order_relaxed);
  if (!s->active || !d->stw_participant || d->stw_arrived) {
    pthread_mutex_unlock(&s->lock);
    return;
  }
  d->stw_arrived = true;
  STORE(s->arrived, s->arrived + 1);
  /* Only the leader waits on cond, for the last arrival: waking it for
   * each one costs a context switch per participant. */
  if (s->arrived >= s->participants) pthread_cond_signal(&s->cond);
  uint64_t gen = s->generation;
  mc_stw_fn fn = s->fn;
  void *arg = s->arg;
  enum mc_pause_kind kind = s->kind;
  if (s->serial) {
    /* The leader does this domain's part: wait for the end. */
    pthread_mutex_unlock(&s->lock);
    goto wait_end;
  }
  /* Nobody starts before everybody has stopped. */
  if (!stw_ready(s, WAIT_START, gen)) {
    pthread_mutex_unlock(&s->lock);
    bool ready = stw_spin(s, WAIT_START, gen);
    pthread_mutex_lock(&s->lock);
    if (!ready)
      while (!s->started && s->generation == gen) pthread_cond_wait(&s->start_cond, &s->lock);
  }
  pthread_mutex_unlock(&s->lock);

  fn(d, arg, false);

wait_end:
  if (!stw_spin(s, WAIT_END, gen)) {
    pthread_mutex_lock(&s->lock);
    while (s->generation == gen) pthread_cond_wait(&s->done_cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
  }
  mc_reset_young_limit(d);
  mc_pause_record(&d->pauses, kind, mc_now_ns() - t0);
}

static void stw_section(mc_domain *d, enum mc_pause_kind kind, mc_stw_fn fn, void *arg,
                        bool may_serialise);

void mc_stw_run(mc_domain *d, enum mc_pause_kind kind, mc_stw_fn fn, void *arg) {
  stw_section(d, kind, fn, arg, false);
}

void mc_stw_run_may_serialise(mc_domain *d, enum mc_pause_kind kind, mc_stw_fn fn, void *arg) {
  stw_section(d, kind, fn, arg, true);
}

/* Written by the leader before it interrupts the others, read by them
 * under the lock when they arrive, and by the leader's function. */
bool mc_stw_serial(mc_runtime *rt) { return rt->stw.serial; }

static void stw_section(mc_domain *d, enum mc_pause_kind kind, mc_stw_fn fn, void *arg,
                        bool may_serialise) {
  uint64_t t0 = mc_now_ns();
  mc_runtime *rt = d->rt;
  struct mc_stw *s = &rt->stw;
  if (atomic_load_explicit(&rt->ndomains_live, memory_order_acquire) == 1) {
    /* Alone: no other thread can start a domain or a section now. */
    STORE(s->participants, 1);
    s->serial = false;
    s->leader = d;
    s->kind = kind;
    d->stw_participant = true;
    fn(d, arg, true);
    d->stw_participant = false;
    s->leader = NULL;
    mc_pause_record(&d->pauses, kind, mc_now_ns() - t0);
    return;
  }
  pthread_mutex_lock(&s->lock);
  while (s->active) {
    if (d->stw_participant && !d->stw_arrived) {
      pthread_mutex_unlock(&s->lock);
      mc_stw_participate(d);
      pthread_mutex_lock(&s->lock);
    } else {
      pthread_cond_wait(&s->done_cond, &s->lock);
    }
  }
  s->active = true;
  s->kind = kind;
  s->fn = fn;
  s->arg = arg;
  s->leader = d;
  STORE(s->started, false);
  s->barrier_count = 0;
  int participants = 0;
  for (int i = 0; i < rt->nslots; i++) {
    mc_domain *o = rt->domains[i];
    if (o == NULL) continue;
    o->stw_participant = o->status == DOMAIN_RUNNING;
    o->stw_arrived = false;
    if (o->stw_participant) participants++;
  }
  STORE(s->participants, participants);
  s->serial = may_serialise && participants > s->ncpus;
  d->stw_arrived = true;
  STORE(s->arrived, 1);
  /* Interrupt the others once the counts are right. */
  for (int i = 0; i < rt->nslots; i++) {
    mc_domain *o = rt->domains[i];
    if (o == NULL || o == d || !o->stw_participant) continue;
    atomic_store_explicit(&o->stw_requested, 1, memory_order_release);
    atomic_store_explicit(&o->young_limit, UINTPTR_MAX, memory_order_relaxed);
  }
  if (s->arrived < s->participants) {
    pthread_mutex_unlock(&s->lock);
    stw_spin(s, WAIT_ARRIVALS, 0);
    pthread_mutex_lock(&s->lock);
    while (s->arrived < s->participants) pthread_cond_wait(&s->cond, &s->lock);
  }
#if MC_DEBUG
  FOR_EACH_DOMAIN(rt, o) MC_CHECK(o->status == DOMAIN_BLOCKED || (o->stw_participant && o->stw_arrived));
#endif
  STORE(s->started, true);
  pthread_cond_broadcast(&s->start_cond);
  pthread_mutex_unlock(&s->lock);

  fn(d, arg, true);

  pthread_mutex_lock(&s->lock);
  for (int i = 0; i < rt->nslots; i++)
    if (rt->domains[i] != NULL) rt->domains[i]->stw_participant = false;
  s->active = false;
  s->leader = NULL;
  STORE(s->generation, s->generation + 1);
  pthread_cond_broadcast(&s->done_cond);
  pthread_mutex_unlock(&s->lock);
  mc_pause_record(&d->pauses, kind, mc_now_ns() - t0);
}

/* Wait until every participant of the running section has reached this
 * point. */
void mc_stw_barrier(mc_domain *d) {
  struct mc_stw *s = &d->rt->stw;
  if (LOAD(s->participants) <= 1 || s->serial) return;
  pthread_mutex_lock(&s->lock);
  uint64_t gen = s->barrier_gen;
  if (++s->barrier_count == s->participants) {
    s->barrier_count = 0;
    STORE(s->barrier_gen, gen + 1);
    pthread_cond_broadcast(&s->barrier_cond);
    pthread_mutex_unlock(&s->lock);
    return;
  }
  pthread_mutex_unlock(&s->lock);
  if (stw_spin(s, WAIT_BARRIER, gen)) return;
  pthread_mutex_lock(&s->lock);
  while (s->barrier_gen == gen) pthread_cond_wait(&s->barrier_cond, &s->lock);
  pthread_mutex_unlock(&s->lock);
}

bool mc_stw_parallel(mc_runtime *rt) { return LOAD(rt->stw.participants) > 1 && !rt->stw.serial; }

/* ---- Blocking sections ---- */

/* (s->lock held) d is BLOCKED; if the running section waits for it, its
 * leader does d's part instead. */
static void withdraw_from_section(struct mc_stw *s, mc_domain *d) {
  d->status = DOMAIN_BLOCKED;
  if (s->active && d->stw_participant && !d->stw_arrived) {
    d->stw_participant = false;
    STORE(s->participants, s->participants - 1);
    pthread_cond_broadcast(&s->cond);
  }
}

/* The domain stops running OCaml (status BLOCKED for the protocol). */
static void domain_blocked(mc_domain *d) {
  mc_runtime *rt = d->rt;
  if (atomic_load_explicit(&rt->ndomains_live, memory_order_acquire) == 1) {
    /* Alone: nobody can start a section until this domain leaves. */
    d->blocked_alone = true;
    return;
  }
  struct mc_stw *s = &rt->stw;
  pthread_mutex_lock(&s->lock);
  withdraw_from_section(s, d);
  pthread_mutex_unlock(&s->lock);
}

/* The domain runs OCaml again, once no section is in progress.  The
 * caller holds the domain's lock and no thread's state is loaded.  The
 * domain may still count as RUNNING: a thread that yields hands the lock
 * over without blocking the domain, so a section may be waiting for this
 * domain; with every thread's state saved it withdraws, as if blocked,
 * rather than waiting for a section that waits for it. */
static void domain_running(mc_domain *d) {
  if (d->blocked_alone) {
    d->blocked_alone = false;
    return;
  }
  struct mc_stw *s = &d->rt->stw;
  pthread_mutex_lock(&s->lock);
  if (s->active) withdraw_from_section(s, d);
  while (s->active) pthread_cond_wait(&s->done_cond, &s->lock);
  d->status = DOMAIN_RUNNING;
  pthread_mutex_unlock(&s->lock);
  mc_reset_young_limit(d);
}

/* With threads, the running thread first saves its state and, last,
 * releases the domain lock, so that another thread of the domain may
 * take over; leaving takes the lock first, then waits for any section to
 * end before reloading the thread's state. */
void mc_enter_blocking_section(mc_domain *d) {
  if (d->threads != NULL) {
    struct mc_threads *ts = d->threads;
    (void)ts;
    mc_threads_save(d);
    domain_blocked(d);
    mc_threads_unlock(d);
    return;
  }
  domain_blocked(d);
}

void mc_leave_blocking_section(mc_domain *d) {
  if (d->threads != NULL) {
    mc_threads_lock(d);
    domain_running(d);
    mc_threads_load(d);
  } else {
    domain_running(d);
  }
  /* Signals that arrived while blocked (or were masked) become visible. */
  if (mc_signals_recheck != NULL) mc_signals_recheck(d->rt);
}

/* A thread of a threaded domain leaves for good (its state is already
 * dropped): the domain may be blocked, and the lock goes to the others. */
void mc_domain_give_up(mc_domain *d) {
  domain_blocked(d);
  mc_threads_unlock(d);
}

/* ---- Spawn and termination ---- */

/* What the parent hands to the new domain's thread. */
struct spawn_args {
  mc_runtime *rt;
  value callback;     /* global roots until the child has taken them */
  value term_sync;
  mc_domain *child;   /* set by the parent */
};

/* Store the domain's result in its term_sync record {state; mut; cond}
 * and wake the joiners; the mutex stays locked until the domain has
 * released its runtime state. */
static pthread_mutex_t *publish_result(mc_domain *d, value term_sync, value res) {
  GC_ROOTS(d, &term_sync, &res);
  pthread_mutex_t *mut = *(pthread_mutex_t **)data_custom_val(field(term_sync, 1));
  pthread_cond_t *cond = *(pthread_cond_t **)data_custom_val(field(term_sync, 2));
  if (pthread_mutex_trylock(mut) != 0) {
    mc_enter_blocking_section(d);
    pthread_mutex_lock(mut);
    mc_leave_blocking_section(d);
  }
  value fin = mc_alloc_small(d, 1, 0);  /* Finished res */
  field(fin, 0) = res;
  mc_modify(d, &field(term_sync, 0), fin);
  pthread_cond_broadcast(cond);
  return mut;
}

/* The new domain's computation: run the callback and publish its result.
 * Returns the term_sync mutex, still locked. */
static pthread_mutex_t *run_body(mc_domain *d, struct spawn_args *a) {
  value callback = a->callback;
  value term_sync = a->term_sync;
  GC_ROOTS(d, &callback, &term_sync);
  mc_remove_global_root(d, &a->callback);

  value res = val_unit;
  GC_ROOTS(d, &res);
  bool raised = mc_callbackN_exn(d, callback, 1, (value[]){val_unit}, &res);
  /* Ok v (tag 0) or Error exn (tag 1). */
  value result = mc_alloc_small(d, 1, raised ? 1 : 0);
  field(result, 0) = res;
  return publish_result(d, term_sync, result);
}

static void *domain_thread(void *p) {
  struct spawn_args *a = p;
  mc_domain *d = a->child;
  mc_runtime *rt = d->rt;
  mc_crash_thread_enter();
  mc_capi_thread_attach(d);
  pthread_mutex_t *mut = run_body(d, a);
  /* Threads the domain started finish before it does. */
  if (d->threads != NULL) mc_threads_domain_stop(d);
  /* The joiners wake once the domain has given back its runtime state.
   * term_sync stays a global root until then: its mutex must not be
   * finalised while this thread still holds it. */
  mc_domain_terminate(d);
  pthread_mutex_unlock(mut);
  mc_remove_global_root_rt(rt, &a->term_sync);
  free(a);
  mc_capi_thread_attach(NULL);
  mc_crash_thread_leave();
  /* The last access to the runtime. */
  atomic_fetch_sub_explicit(&rt->domain_threads, 1, memory_order_release);
  return NULL;
}

static value caml_domain_spawn(mc_domain *d, value callback, value term_sync) {
  mc_runtime *rt = d->rt;
  /* Creating the domain may take part in a collection. */
  GC_ROOTS(d, &callback, &term_sync);
  mc_domain *child = mc_domain_new(rt, d);
  if (child == NULL) mc_failwith(d, "failed to allocate domain");
  struct spawn_args *a = mc_xmalloc(sizeof *a);
  a->rt = rt;
  a->callback = callback;
  a->term_sync = term_sync;
  a->child = child;
  mc_register_global_root(d, &a->callback);
  mc_register_global_root(d, &a->term_sync);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 8u << 20);
  atomic_fetch_add_explicit(&rt->domain_threads, 1, memory_order_relaxed);
  int err = pthread_create(&child->thread, &attr, domain_thread, a);
  pthread_attr_destroy(&attr);
  if (err != 0) {
    atomic_fetch_sub_explicit(&rt->domain_threads, 1, memory_order_relaxed);
    mc_remove_global_root(d, &a->callback);
    mc_remove_global_root(d, &a->term_sync);
    free(a);
    domain_discard(child, d);
    mc_failwith(d, "failed to create domain thread");
  }
  return val_long(child->unique_id);
}

static value caml_ml_domain_id(mc_domain *d, value unit) {
  (void)unit;
  return val_long(d->unique_id);
}

static value caml_ml_domain_index(mc_domain *d, value unit) {
  (void)unit;
  return val_long(d->id);
}

/* STW function run by a terminating domain: empty every minor heap, then
 * hand this domain's heap to another live domain and free its slot. */
static void stw_terminate(mc_domain *d, void *arg, bool leader) {
  mc_domain *dying = arg;
  mc_stw_minor_collection(d, leader);
  mc_stw_barrier(d);
  if (!leader) return;
  mc_runtime *rt = d->rt;
  mc_domain *heir = NULL;
  for (int i = 0; i < rt->nslots && heir == NULL; i++)
    if (rt->domains[i] != NULL && rt->domains[i] != dying) heir = rt->domains[i];
  if (heir != NULL) mc_gc_adopt(heir, dying);
  pthread_mutex_lock(&rt->stw.lock);
  mc_pause_merge(&rt->dead_pauses, &dying->pauses);
  __atomic_store_n(&rt->domains[dying->id], NULL, __ATOMIC_RELAXED);
  atomic_fetch_sub_explicit(&rt->ndomains_live, 1, memory_order_release);
  pthread_mutex_unlock(&rt->stw.lock);
}

void mc_domain_terminate(mc_domain *d) {
  mc_stw_run(d, PAUSE_STW, stw_terminate, d);
  domain_release(d);
}

/* Domain.cpu_relax: a spin-wait iteration.  Besides the safepoint, every
 * 64th call gives the processor away: when there are more runnable threads
 * than cores, the domain being waited for may need this one's core to make
 * progress (a spinning pair on a loaded machine otherwise advances one
 * time slice at a time). */
static value caml_ml_domain_cpu_relax(mc_domain *d, value unit) {
  (void)unit;
  mc_cpu_pause();
  if ((++d->relax_count & 63) == 0) sched_yield();
  if (atomic_load_explicit(&d->action_pending, memory_order_relaxed) ||
      atomic_load_explicit(&d->stw_requested, memory_order_relaxed))
    mc_process_pending(d);
  return val_unit;
}

const struct mc_primdef mc_prims_domain_spawn[] = {
    PRIM(caml_domain_spawn, 2),
    PRIM(caml_ml_domain_id, 1),
    PRIM(caml_ml_domain_index, 1),
    PRIM(caml_ml_domain_cpu_relax, 1),
    PRIM_END,
};
