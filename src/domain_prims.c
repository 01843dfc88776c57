/* domain_prims.c: Domain primitives for the main domain (DLS, ids,
 * cpu_relax) and the stubs of profiling interfaces mcrun does not
 * provide (memprof, runtime events). */
#include <math.h>
#include <sched.h>
#include <unistd.h>
#include "alloc.h"
#include "fail.h"
#include "prims.h"
#include "runtime.h"

static value caml_domain_dls_set(mc_domain *d, value t) {
  d->dls_root = t;  /* a root outside the heap: no barrier */
  return val_unit;
}

static value caml_domain_dls_get(mc_domain *d, value unit) {
  (void)unit;
  return d->dls_root;
}

static value caml_domain_dls_compare_and_set(mc_domain *d, value old, value nv) {
  if (d->dls_root != old) return val_false;
  d->dls_root = nv;
  return val_true;
}




static value caml_recommended_domain_count(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
  if (n < 1) n = 1;
  if (n > MC_MAX_DOMAINS) n = MC_MAX_DOMAINS;
  return val_long(n);
}


/* Gc.Memprof.  A profile is a block [status; lambda; stack size;
 * tracker]; the status goes sampling -> stopped -> discarded, with stock's
 * errors for out-of-order calls.  mcrun does not sample allocations, so a
 * profile with a non-zero sampling rate is refused rather than silently
 * reporting nothing. */
enum { MEMPROF_SAMPLING = 0, MEMPROF_STOPPED = 1, MEMPROF_DISCARDED = 2 };

static value caml_memprof_start(mc_domain *d, value rate, value depth, value tracker) {
  double lambda = double_val(rate);
  if (long_val(depth) < 0 || !(lambda >= 0.0 && lambda <= 1.0))
    mc_invalid_argument(d, "Gc.Memprof.start");
  value cur = d->memprof_config;
  if (is_block(cur) && long_val(field(cur, 0)) == MEMPROF_SAMPLING)
    mc_failwith(d, "Gc.Memprof.start: already started.");
  if (lambda > 0.0) mc_failwith(d, "Gc.Memprof.start: allocation sampling is not supported by mcrun");
  value fields[4] = {val_int(MEMPROF_SAMPLING), rate, depth, tracker};
  GC_ROOTS_ARRAY(d, fields, 4);
  value config = mc_alloc_tuple(d, 4, fields);
  d->memprof_config = config;
  return config;
}

static value caml_memprof_stop(mc_domain *d, value unit) {
  (void)unit;
  value cur = d->memprof_config;
  if (!is_block(cur) || long_val(field(cur, 0)) != MEMPROF_SAMPLING)
    mc_failwith(d, "Gc.Memprof.stop: no profile running.");
  field(cur, 0) = val_int(MEMPROF_STOPPED);
  return val_unit;
}

static value caml_memprof_discard(mc_domain *d, value t) {
  intptr_t status = long_val(field(t, 0));
  if (status == MEMPROF_SAMPLING) mc_failwith(d, "Gc.Memprof.discard: profile not stopped.");
  if (status == MEMPROF_DISCARDED) mc_failwith(d, "Gc.Memprof.discard: profile already discarded.");
  field(t, 0) = val_int(MEMPROF_DISCARDED);
  if (t == d->memprof_config) d->memprof_config = val_unit;
  return val_unit;
}

static value caml_ml_runtime_events_start(mc_domain *d, value unit) {
  (void)unit;
  mc_failwith(d, "Runtime_events: not supported by mcrun");
}
static value caml_ml_runtime_events_pause(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_unit;
}
static value caml_ml_runtime_events_resume(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_unit;
}
static value caml_ml_runtime_events_are_active(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_false;
}
static value caml_ml_runtime_events_path(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_none;
}
static value caml_runtime_events_user_register(mc_domain *d, value name, value tag, value type) {
  (void)name;
  (void)tag;
  (void)type;
  /* Registration only builds a descriptor; events are never emitted. */
  return mc_alloc_tuple(d, 3, (value[]){name, tag, type});
}
static value caml_runtime_events_user_write(mc_domain *d, value buf, value ev, value v) {
  (void)d;
  (void)buf;
  (void)ev;
  (void)v;
  return val_unit;
}

/* Compressed marshalling (Marshal.Compression) needs zstd, which this
 * runtime does not include, like the reference build. */
static value caml_zstd_initialize(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_false;
}

/* Primitives that stock lists but only native code calls (unboxed
 * variants) or that concern AFL instrumentation: present so that every
 * name stock's -p prints resolves; bytecode never calls them. */
static value caml_reset_afl_instrumentation(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_unit;
}
static value caml_signbit(mc_domain *d, value x) {
  (void)d;
  return val_bool(signbit(double_val(x)));
}
static value caml_floatarray_make_unboxed(mc_domain *d, value len, value init) {
  (void)d;
  (void)len;
  (void)init;
  mc_invalid_argument(d, "caml_floatarray_make_unboxed: native code only");
}
static value caml_floatarray_fill_unboxed(mc_domain *d, value a, value ofs, value len, value x) {
  (void)a;
  (void)ofs;
  (void)len;
  (void)x;
  mc_invalid_argument(d, "caml_floatarray_fill_unboxed: native code only");
}

const struct mc_primdef mc_prims_domain[] = {
    PRIM(caml_reset_afl_instrumentation, 1),
    PRIM(caml_signbit, 1),
    PRIM(caml_floatarray_make_unboxed, 2),
    PRIM(caml_floatarray_fill_unboxed, 4),
    PRIM(caml_domain_dls_set, 1),
    PRIM(caml_domain_dls_get, 1),
    PRIM(caml_domain_dls_compare_and_set, 2),
    PRIM(caml_recommended_domain_count, 1),
    PRIM_END,
};

const struct mc_primdef mc_prims_misc[] = {
    PRIM(caml_memprof_start, 3),
    PRIM(caml_memprof_stop, 1),
    PRIM(caml_memprof_discard, 1),
    PRIM(caml_ml_runtime_events_start, 1),
    PRIM(caml_ml_runtime_events_pause, 1),
    PRIM(caml_ml_runtime_events_resume, 1),
    PRIM(caml_ml_runtime_events_are_active, 1),
    PRIM(caml_ml_runtime_events_path, 1),
    PRIM(caml_runtime_events_user_register, 3),
    PRIM(caml_runtime_events_user_write, 3),
    PRIM(caml_zstd_initialize, 1),
    PRIM_END,
};
