/* sync.c: Mutex and Condition (the runtime's part of the stdlib modules).
 *
 * Mutexes are error-checking pthread mutexes, so that unlocking a mutex
 * one does not hold, or relocking one's own, raises Sys_error as stock
 * does.  The custom block holds a pointer to the malloc'd pthread object,
 * which never moves. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "prims.h"
#include "runtime.h"

#define mutex_of(v) (*(pthread_mutex_t **)data_custom_val(v))
#define cond_of(v) (*(pthread_cond_t **)data_custom_val(v))

/* Sys_error "<what>: <strerror(err)>" unless err is 0. */
static void check(mc_domain *d, int err, const char *what) {
  if (err == 0) return;
  if (err == ENOMEM) mc_raise_out_of_memory(d);
  mc_raise_sys_error_errno(d, what, err);
}

static void mutex_finalize(value v) {
  pthread_mutex_t *m = mutex_of(v);
  pthread_mutex_destroy(m);
  free(m);
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
  pthread_mutex_t *m = malloc(sizeof *m);
  if (m == NULL) mc_raise_out_of_memory(d);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  int err = pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
  if (err != 0) {
    free(m);
    check(d, err, "Mutex.create");
  }
  value v = mc_alloc_custom(d, &mutex_ops, sizeof(pthread_mutex_t *), 0, 1);
  mutex_of(v) = m;
  return v;
}

static value caml_ml_mutex_lock(mc_domain *d, value v) {
  pthread_mutex_t *m = mutex_of(v);
  int err = pthread_mutex_trylock(m);
  if (err == EBUSY) {
    mc_enter_blocking_section(d);
    err = pthread_mutex_lock(m);
    mc_leave_blocking_section(d);
  }
  check(d, err, "Mutex.lock");
  return val_unit;
}

static value caml_ml_mutex_unlock(mc_domain *d, value v) {
  check(d, pthread_mutex_unlock(mutex_of(v)), "Mutex.unlock");
  return val_unit;
}

static value caml_ml_mutex_try_lock(mc_domain *d, value v) {
  int err = pthread_mutex_trylock(mutex_of(v));
  if (err == EBUSY) return val_false;
  check(d, err, "Mutex.try_lock");
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
  pthread_mutex_t *mx = mutex_of(m);
  mc_enter_blocking_section(d);
  int err = pthread_cond_wait(cv, mx);
  mc_leave_blocking_section(d);
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
