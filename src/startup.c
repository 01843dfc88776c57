/* startup.c: creating the runtime and the main domain, loading and running
 * a bytecode program, uncaught exceptions, exit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "alloc.h"
#include "backtrace.h"
#include "callback.h"
#include "custom.h"
#include "fail.h"
#include "gc.h"
#include "gc_internal.h"
#include "domain_internal.h"
#include "fiber.h"
#include "interp.h"
#include "io.h"
#include "loader.h"
#include "marshal.h"
#include "opcodes.h"
#include "runtime.h"
#include "stack.h"
#include "digest.h"
#include "capi.h"
#include "stublibs.h"
#include "startup.h"

#if MC_DEBUG
/* Marks the binary as a debug build for tests/gc-check.sh: a debug build
 * poisons the whole minor heap at each collection, so its memory use
 * cannot be compared with stock's. */
__attribute__((used)) static const char debug_build_mark[] = "mcrun debug build";
#endif

/* ---- OCAMLRUNPARAM ---- */

static void set_defaults(struct mc_params *p) {
  memset(p, 0, sizeof *p);
  p->init_minor_heap_wsz = 256 * 1024;
  p->space_overhead = 120;
  p->max_stack_wsz = 128 * 1024 * 1024;
  p->max_domains = MC_MAX_DOMAINS;
  p->custom_major_ratio = 44;
  p->custom_minor_ratio = 100;
  p->custom_minor_max_bsz = 70000;
  p->runtime_events_log_wsize = 16;
}

/* Parse "=<number>[k|M|G]" (decimal or 0x hex) after an option letter.
 * A letter with no "=" means 1, as stock reads it.  Returns false on a
 * malformed number. */
static bool parse_mult(const char **s, uvalue *out) {
  const char *p = *s;
  if (*p != '=') {
    *out = 1;
    return true;
  }
  p++;
  int base = 10;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p += 2;
  }
  char *end;
  errno = 0;
  unsigned long long v = strtoull(p, &end, base);
  if (end == p || errno != 0 || *p == '-' || *p == '+') return false;
  switch (*end) {
    case 'k': v *= 1024ULL; end++; break;
    case 'M': v *= 1024ULL * 1024; end++; break;
    case 'G': v *= 1024ULL * 1024 * 1024; end++; break;
    default: break;
  }
  if (*end != ',' && *end != 0) return false;
  *out = (uvalue)v;
  *s = end;
  return true;
}

void mc_parse_ocamlrunparam(struct mc_params *p) {
  const char *opt = getenv("OCAMLRUNPARAM");
  if (opt == NULL) opt = getenv("CAMLRUNPARAM");
  if (opt == NULL) return;
  const char *s = opt;
  while (*s != 0) {
    char letter = *s++;
    uvalue *slot = NULL, ignored;
    switch (letter) {
      case 'b': slot = &p->backtrace_enabled; break;
      case 'c': slot = &p->cleanup_on_exit; break;
      case 'd': slot = &p->max_domains; break;
      case 'e': slot = &p->runtime_events_log_wsize; break;
      case 'l': slot = &p->max_stack_wsz; break;
      case 'M': slot = &p->custom_major_ratio; break;
      case 'm': slot = &p->custom_minor_ratio; break;
      case 'n': slot = &p->custom_minor_max_bsz; break;
      case 'o': slot = &p->space_overhead; break;
      case 'p': slot = &p->parser_trace; break;
      case 's': slot = &p->init_minor_heap_wsz; break;
      case 't': slot = &p->trace_level; break;
      case 'v': slot = &p->verbose; break;
      case 'V': slot = &p->verify_heap; break;
      case 'W': slot = &p->runtime_warnings; break;
      case ',': continue;
      default: slot = &ignored; break;  /* unknown letters are ignored, as stock does */
    }
    if (slot == &ignored) {
      while (*s != 0 && *s != ',') s++;
      continue;
    }
    if (!parse_mult(&s, slot)) {
      fprintf(stderr, "mcrun: OCAMLRUNPARAM: bad value for '%c' in \"%s\"\n", letter, opt);
      exit(2);
    }
    while (*s != 0 && *s != ',') s++;
  }
  if (p->max_domains < 1) {
    fprintf(stderr, "mcrun: OCAMLRUNPARAM: max_domains(d) must be at least 1\n");
    exit(2);
  }
  if (p->max_domains > MC_MAX_DOMAINS) p->max_domains = MC_MAX_DOMAINS;
}

/* ---- Runtime and domains ---- */

extern void mc_custom_init(mc_runtime *rt);
extern void mc_custom_free(mc_runtime *rt);

mc_runtime *mc_runtime_new(void) {
  mc_runtime *rt = mc_xcalloc(1, sizeof *rt);
  set_defaults(&rt->params);
  mc_parse_ocamlrunparam(&rt->params);
  pthread_mutex_init(&rt->code_lock, NULL);
  pthread_mutex_init(&rt->roots_lock, NULL);
  pthread_mutex_init(&rt->channels_lock, NULL);
  pthread_mutex_init(&rt->domains_lock, NULL);
  rt->global_data = val_unit;
  mc_domains_init(rt);
  mc_gc_init(rt);
  mc_gc_reserve_minor_area(rt);
  mc_custom_init(rt);
  return rt;
}

/* Build the small code fragment that callbacks return to: one STOP. */
static void init_callback_code(mc_runtime *rt) {
  code_t code = mc_xmalloc(2 * sizeof(opcode_t));
  code[0] = OP_STOP;
  code[1] = OP_STOP;
  mc_thread_code(rt, code, 2, 0, "internal code");
  rt->callback_code = code;
  rt->stop_code = code;
  mc_register_code_fragment(rt, code, 2 * sizeof(opcode_t), false);
}

/* ---- Exit ---- */

static void print_gc_stats(mc_domain *d) {
  mc_runtime *rt = d->rt;
  double minor = d->stats.minor_words + (double)gc_minor_words_used(d);
  double major = d->stats.major_words;
  double promoted = d->stats.promoted_words;
  intptr_t heap = atomic_load_explicit(&rt->gc->heap_words, memory_order_relaxed);
  intptr_t top = atomic_load_explicit(&rt->gc->top_heap_words, memory_order_relaxed);
  fprintf(stderr, "allocated_words: %ld\n", (long)(minor + major - promoted));
  fprintf(stderr, "minor_words: %ld\n", (long)minor);
  fprintf(stderr, "promoted_words: %ld\n", (long)promoted);
  fprintf(stderr, "major_words: %ld\n", (long)major);
  fprintf(stderr, "minor_collections: %ld\n", (long)d->stats.minor_collections);
  fprintf(stderr, "major_collections: %ld\n", (long)rt->gc->cycles_completed);
  fprintf(stderr, "forced_major_collections: %ld\n", (long)d->stats.forced_major_collections);
  fprintf(stderr, "heap_words: %ld\n", (long)heap);
  fprintf(stderr, "top_heap_words: %ld\n", (long)top);
  /* mcrun's additions: the capacity (entries) that the largest mark
   * stack grew to (it grows when marking falls behind the write barrier),
   * and the pause times of all domains. */
  fprintf(stderr, "mark_stack_peak: %ld\n",
          (long)atomic_load_explicit(&rt->gc->mark_stack_peak, memory_order_relaxed));
  struct mc_pause_stats all = rt->dead_pauses;
  for (int i = 0; i < rt->nslots; i++)
    if (rt->domains[i] != NULL) mc_pause_merge(&all, &rt->domains[i]->pauses);
  mc_pause_print(&all, stderr);
}

extern void mc_debuginfo_free(mc_runtime *rt);
extern void mc_sysstate_free(mc_runtime *rt);

/* Release everything the runtime holds: finalise custom blocks, free the
 * heaps, stacks and tables (OCAMLRUNPARAM=c, and sanitizer builds). */
void mc_runtime_free(mc_runtime *rt) {
  for (int i = 0; i < rt->nslots; i++) {
    mc_domain *d = rt->domains[i];
    if (d == NULL) continue;
    struct mc_valvec *cu = &d->young_customs;
    for (size_t k = 0; k < cu->len; k++) {
      value v = cu->base[k];
      if (hd_val(v) != 0 && custom_ops_val(v)->finalize != NULL) custom_ops_val(v)->finalize(v);
    }
    cu->len = 0;
    struct mc_valvec *yc = &d->young_conts;
    for (size_t k = 0; k < yc->len; k++) mc_cont_free_stacks(d, yc->base[k]);
    yc->len = 0;
    mc_gc_finalise_all(d);
  }
  for (int i = 0; i < rt->nslots; i++) {
    mc_domain *d = rt->domains[i];
    if (d == NULL) continue;
    for (struct mc_stack *s = d->stack; s != NULL;) {
      struct mc_stack *parent = s->parent;
      mc_stack_free(d, s);
      s = parent;
    }
    mc_gc_domain_free(d);
    mc_fiber_cache_free(d);
    free(d->backtrace_buffer);
  }
  for (int i = 0; i < MC_MAX_DOMAINS; i++) free(rt->domain_mem[i]);
  rt->nslots = 0;
  mc_gc_release_minor_area(rt);
  mc_gc_free(rt);
  mc_custom_free(rt);
  mc_capi_free(rt);
  mc_stublibs_free(rt);
  for (size_t i = 0; i < rt->nprims; i++) free(rt->prim_names[i]);
  free(rt->prim_names);
  free(rt->prims);
  free(rt->prim_fns);
  for (size_t i = 0; i < rt->nretired; i++) free(rt->retired[i]);
  free(rt->retired);
  free(rt->main_code);
  free(rt->callback_code);
  free(rt->raise_code);
  for (int i = 0; i < rt->nfragments; i++) {
    struct mc_code_fragment *f = mc_code_fragment_at(rt, i);
    if (f->owned && f->start != NULL) free(f->start);
  }
  for (int c = 0; c * MC_FRAG_CHUNK < rt->nfragments; c++) free(rt->frag_chunks[c]);
  rt->nfragments = 0;
  while (rt->named_values != NULL) {
    struct mc_named_value *n = rt->named_values;
    rt->named_values = n->next;
    free(n->name);
    free(n);
  }
  while (rt->global_roots != NULL) {
    struct mc_global_root *g = rt->global_roots;
    rt->global_roots = g->next;
    free(g);
  }
  mc_debuginfo_free(rt);
  mc_sysstate_free(rt);
  free(rt->exe_name);
  free(rt);
}

_Noreturn void mc_exit(mc_domain *d, int status) {
  mc_runtime *rt = d->rt;
  if (gc_param(rt->gc, verbose) & 0x400) print_gc_stats(d);
  atomic_store(&rt->exiting, 1);
  fflush(stdout);
  fflush(stderr);
  /* Freeing everything is only safe when no other thread may still run:
   * no other domain is live, and the threads of terminated domains have
   * finished unwinding (a matter of microseconds; give up after 1 s). */
  if ((rt->params.cleanup_on_exit || MC_SANITIZE) && rt->threads_rt == NULL &&
      atomic_load(&rt->ndomains_live) == 1) {
    for (int i = 0; i < 1000 && atomic_load_explicit(&rt->domain_threads, memory_order_acquire) > 0; i++)
      nanosleep(&(struct timespec){0, 1000000}, NULL);
    if (atomic_load_explicit(&rt->domain_threads, memory_order_acquire) == 0) mc_runtime_free(rt);
  }
  exit(status);
}

/* ---- Uncaught exceptions ---- */

static bool is_special_exception(mc_domain *d, value constr) {
  value g = d->rt->global_data;
  return constr == field(g, EXN_MATCH_FAILURE) || constr == field(g, EXN_ASSERT_FAILURE) ||
         constr == field(g, EXN_UNDEFINED_RECURSIVE_MODULE);
}

static void buf_add(char *buf, size_t *len, size_t cap, const char *s, size_t n) {
  if (*len + n >= cap) n = cap - 1 - *len;
  memcpy(buf + *len, s, n);
  *len += n;
  buf[*len] = 0;
}

/* Render an exception the way stock's C printer does: the constructor
 * name, then its arguments in parentheses (integers, quoted strings, or
 * "_" for anything else). */
void mc_format_exception(mc_domain *d, value exn, char *buf, size_t cap) {
  size_t len = 0;
  buf[0] = 0;
  if (tag_val(exn) != 0) {
    const char *name = string_val(field(exn, 0));
    buf_add(buf, &len, cap, name, strlen(name));
    return;
  }
  value constr = field(exn, 0);
  const char *name = string_val(field(constr, 0));
  buf_add(buf, &len, cap, name, strlen(name));
  value args = exn;
  mlsize_t first = 1;
  if (wosize_val(exn) == 2 && is_block(field(exn, 1)) && tag_val(field(exn, 1)) == 0 &&
      is_special_exception(d, constr)) {
    args = field(exn, 1);
    first = 0;
  }
  buf_add(buf, &len, cap, "(", 1);
  for (mlsize_t i = first; i < wosize_val(args); i++) {
    if (i > first) buf_add(buf, &len, cap, ", ", 2);
    value v = field(args, i);
    if (is_long(v)) {
      char num[32];
      int n = snprintf(num, sizeof num, "%ld", (long)long_val(v));
      buf_add(buf, &len, cap, num, (size_t)n);
    } else if (tag_val(v) == STRING_TAG) {
      buf_add(buf, &len, cap, "\"", 1);
      buf_add(buf, &len, cap, string_val(v), string_length(v));
      buf_add(buf, &len, cap, "\"", 1);
    } else {
      buf_add(buf, &len, cap, "_", 1);
    }
  }
  buf_add(buf, &len, cap, ")", 1);
}

_Noreturn void mc_fatal_uncaught_exception(mc_domain *d, value exn) {
  mc_runtime *rt = d->rt;
  GC_ROOTS(d, &exn);
  const value *handler = mc_named_value(rt, "Printexc.handle_uncaught_exception");
  if (handler != NULL) {
    value args[2] = {exn, val_false};
    value res;
    if (mc_callbackN_exn(d, *handler, 2, args, &res)) { /* it does not raise */
    }
  } else {
    char msg[1024];
    mc_format_exception(d, exn, msg, sizeof msg);
    bool saved_active = d->backtrace_active;
    intptr_t saved_pos = d->backtrace_pos;
    d->backtrace_active = false;
    const value *at_exit = mc_named_value(rt, "Pervasives.do_at_exit");
    if (at_exit != NULL) {
      value arg = val_unit, res;
      if (mc_callbackN_exn(d, *at_exit, 1, &arg, &res)) { /* ignored */
      }
    }
    d->backtrace_active = saved_active;
    d->backtrace_pos = saved_pos;
    fprintf(stderr, "Fatal error: exception %s\n", msg);
    if (d->backtrace_active) mc_print_exception_backtrace(d);
  }
  mc_exit(d, 2);
}

/* ---- Loading and running a program ---- */

int mc_run_program(mc_runtime *rt, mc_domain *d, const char *path, struct mc_exec *ex) {
  mc_exec_read_sections(rt, ex, path);

  size_t code_len;
  char *code = mc_exec_read(rt, ex, "CODE", &code_len, path);
  if (code == NULL) mc_fatal(rt, "%s: section CODE is missing", path);
  if (code_len % sizeof(opcode_t) != 0) mc_fatal(rt, "%s: corrupt CODE section", path);
  size_t prim_len;
  char *prims = mc_exec_read(rt, ex, "PRIM", &prim_len, path);
  if (prims == NULL) mc_fatal(rt, "%s: section PRIM is missing", path);
  if (prim_len > 0 && prims[prim_len - 1] != 0) mc_fatal(rt, "%s: corrupt PRIM section", path);
  mc_resolve_primitives(rt, prims, prim_len);
  free(prims);
  size_t dlls_len, dlpt_len;
  char *dlls = mc_exec_read(rt, ex, "DLLS", &dlls_len, path);
  char *dlpt = mc_exec_read(rt, ex, "DLPT", &dlpt_len, path);
  mc_load_stub_libraries(rt, dlpt, dlpt_len, dlls, dlls_len);
  free(dlls);
  free(dlpt);
  /* Primitives found nowhere fail when called (loader.c), not here. */

  size_t data_len;
  char *data = mc_exec_read(rt, ex, "DATA", &data_len, path);
  if (data == NULL) mc_fatal(rt, "%s: section DATA is missing", path);
  /* Debug information is always "available"; without a DBUG section it
   * simply has no events, as with stock. */
  const struct mc_section *dbug = mc_exec_find(ex, "DBUG");
  mc_debuginfo_set_source(rt, path, dbug ? dbug->offset : 0, dbug ? (int64_t)dbug->length : -1);

  mc_exec_close(ex);
  value res;
  bool raised = mc_start_code(rt, d, path, code, code_len, data, data_len, &res);
  free(data);
  if (raised) mc_fatal_uncaught_exception(d, res);
  return 0;
}

bool mc_start_code(mc_runtime *rt, mc_domain *d, const char *path, char *code, size_t code_len,
                   const char *data, size_t data_len, value *res) {
  /* The global data: unmarshalled inside a catch point, since bad data
   * raises Failure. */
  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    rt->global_data = mc_input_value_from_bytes(d, data, data_len);
    mc_catch_leave(d, &c);
  } else {
    mc_fatal(rt, "%s: corrupt DATA section%s%s%s", path, rt->early_failure[0] ? " (" : "",
             rt->early_failure, rt->early_failure[0] ? ")" : "");
  }
  if (!is_block(rt->global_data) || tag_val(rt->global_data) != 0 ||
      wosize_val(rt->global_data) <= EXN_UNDEFINED_RECURSIVE_MODULE)
    mc_fatal(rt, "%s: corrupt DATA section (bad global data)", path);
  /* Globals live in the major heap from now on. */
  mc_empty_minor_heap(d);

  size_t nwords = code_len / sizeof(opcode_t);
  code_t start = (code_t)(void *)code;
  /* The fragment's digest (used by Marshal.Closures) is that of the code
   * as stored in the file, as stock computes it: take it before threading. */
  unsigned char digest[16];
  mc_md5_digest(start, code_len, digest);
  mc_thread_code(rt, start, nwords, wosize_val(rt->global_data), path);
  rt->main_code = start;
  rt->main_code_size = code_len;
  int frag = mc_register_code_fragment(rt, start, code_len, true);
  memcpy(mc_code_fragment_at(rt, frag)->digest, digest, 16);
  mc_code_fragment_at(rt, frag)->digest_valid = true;
  /* OCAMLRUNPARAM=b=2: read the debug events now (they refer to the
   * loaded code), while descriptors are surely available. */
  if (rt->params.backtrace_enabled > 1) mc_debuginfo_load(d);

  return mc_interpret(d, start, atom(0), 0, res);
}

void mc_runtime_init_interp(mc_runtime *rt, mc_domain *d) {
  mc_interp_init(rt, d);
  init_callback_code(rt);
  mc_fiber_init(rt, d);
}

mc_domain *mc_start_main_domain(mc_runtime *rt) {
  mc_domain *d = mc_domain_new(rt, NULL);
  mc_capi_thread_attach(d);
  d->backtrace_active = rt->params.backtrace_enabled != 0;
  rt->gc->verbose = rt->params.verbose;
  mc_runtime_init_interp(rt, d);
  return d;
}
