/* sync.c: Mutex and Condition (the runtime's part of the stdlib modules).
 *
 * Mutexes are error-checking pthread mutexes, so that relocking one's own
 * raises Sys_error as stock does.  Each also records its holder, so that
 * unlocking a mutex one does not hold is refused (EPERM, Sys_error) before
 * pthreads is asked: unlocking an unheld mutex is undefined for plain
 * mutexes and a reported error under ThreadSanitizer.  The custom block
 * holds a pointer to the malloc'd object, which never moves. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "prims.h"
#include "runtime.h"

struct mc_mutex {
  pthread_mutex_t m;
  /* The thread holding m (pthread_self), 0 if none.  Written by the holder
   * while it holds m; read by any thread: relaxed atomics (a thread only
   * ever finds its own identity there if it holds m). */
  uintptr_t owner;
};

#define mutex_of(v) (*(struct mc_mutex **)data_custom_val(v))
#define self_id() ((uintptr_t)pthread_self())
#define set_owner(mx, id) __atomic_store_n(&(mx)->owner, (id), __ATOMIC_RELAXED)
#define held_by_me(mx) (__atomic_load_n(&(mx)->owner, __ATOMIC_RELAXED) == self_id())
#define cond_of(v) (*(pthread_cond_t **)data_custom_val(v))

/* Sys_error "<what>: <strerror(err)>" unless err is 0. */
static void check(mc_domain *d, int err, const char *what) {
  if (err == 0) return;
  if (err == ENOMEM) mc_raise_out_of_memory(d);
  mc_raise_sys_error_errno(d, what, err);
}

static void mutex_finalize(value v) {
  struct mc_mutex *mx = mutex_of(v);
  pthread_mutex_destroy(&mx->m);
  free(mx);
}

static int ptr_compare(value a, value b, int *unordered) {
  (void)unordered;
  void *x = *(void **)data_custom_val(a), *y = *(void **)data_custom_val(b);
  return x == y ? 0 : (x < y ? -1 : 1);
}

static intptr_t ptr_hash(value v) { return (intptr_t)*(void **)data_custom_val(v); }

static const struct mc_custom_ops mutex_ops = {
    .identifier = "_mutex", .finalize = mutex_finalize, .compare = ptr_compare, .hash = ptr_hash};

static void cond_finalize(value v) {
  pthread_cond_t *c = cond_of(v);
  pthread_cond_destroy(c);
  free(c);
}

static const struct mc_custom_ops cond_ops = {
    .identifier = "_condition", .finalize = cond_finalize, .compare = ptr_compare, .hash = ptr_hash};

static value caml_ml_mutex_new(mc_domain *d, value unit) {
  (void)unit;
  struct mc_mutex *mx = malloc(sizeof *mx);
  if (mx == NULL) mc_raise_out_of_memory(d);
  mx->owner = 0;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  int err = pthread_mutex_init(&mx->m, &attr);
  pthread_mutexattr_destroy(&attr);
  if (err != 0) {
    free(mx);
    check(d, err, "Mutex.create");
  }
  value v = mc_alloc_custom(d, &mutex_ops, sizeof(struct mc_mutex *), 0, 1);
  mutex_of(v) = mx;
  return v;
}

static value caml_ml_mutex_lock(mc_domain *d, value v) {
  struct mc_mutex *mx = mutex_of(v);
  int err = pthread_mutex_trylock(&mx->m);
  if (err == EBUSY) {
    if (held_by_me(mx)) check(d, EDEADLK, "Mutex.lock");
    mc_enter_blocking_section(d);
    err = pthread_mutex_lock(&mx->m);
    mc_leave_blocking_section(d);
  }
  check(d, err, "Mutex.lock");
  set_owner(mx, self_id());
  return val_unit;
}

static value caml_ml_mutex_unlock(mc_domain *d, value v) {
  struct mc_mutex *mx = mutex_of(v);
  if (!held_by_me(mx)) check(d, EPERM, "Mutex.unlock");
  set_owner(mx, 0);
  check(d, pthread_mutex_unlock(&mx->m), "Mutex.unlock");
  return val_unit;
}

static value caml_ml_mutex_try_lock(mc_domain *d, value v) {
  struct mc_mutex *mx = mutex_of(v);
  int err = pthread_mutex_trylock(&mx->m);
  if (err == EBUSY) return val_false;
  check(d, err, "Mutex.try_lock");
  set_owner(mx, self_id());
  return val_true;
}

static value caml_ml_condition_new(mc_domain *d, value unit) {
  (void)unit;
  pthread_cond_t *c = malloc(sizeof *c);
  if (c == NULL) mc_raise_out_of_memory(d);
  int err = pthread_cond_init(c, NULL);
  if (err != 0) {
    free(c);
    check(d, err, "Condition.create");
  }
  value v = mc_alloc_custom(d, &cond_ops, sizeof(pthread_cond_t *), 0, 1);
  cond_of(v) = c;
  return v;
}

static value caml_ml_condition_wait(mc_domain *d, value c, value m) {
  pthread_cond_t *cv = cond_of(c);
  struct mc_mutex *mx = mutex_of(m);
  if (!held_by_me(mx)) check(d, EPERM, "Condition.wait");
  set_owner(mx, 0);
  mc_enter_blocking_section(d);
  int err = pthread_cond_wait(cv, &mx->m);
  mc_leave_blocking_section(d);
  set_owner(mx, self_id());
  check(d, err, "Condition.wait");
  return val_unit;
}

static value caml_ml_condition_signal(mc_domain *d, value c) {
  check(d, pthread_cond_signal(cond_of(c)), "Condition.signal");
  return val_unit;
}

static value caml_ml_condition_broadcast(mc_domain *d, value c) {
  check(d, pthread_cond_broadcast(cond_of(c)), "Condition.broadcast");
  return val_unit;
}

const struct mc_primdef mc_prims_sync[] = {
    PRIM(caml_ml_mutex_new, 1),
    PRIM(caml_ml_mutex_lock, 1),
    PRIM(caml_ml_mutex_unlock, 1),
    PRIM(caml_ml_mutex_try_lock, 1),
    PRIM(caml_ml_condition_new, 1),
    PRIM(caml_ml_condition_wait, 2),
    PRIM(caml_ml_condition_signal, 1),
    PRIM(caml_ml_condition_broadcast, 1),
    PRIM_END,
};
