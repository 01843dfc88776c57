/* alloc.c: allocation of OCaml values from C, the write barrier, atoms,
 * global roots, and checked malloc. */
#include <stdio.h>
#include <stdlib.h>
#include "alloc.h"
#include "fail.h"
#include "gc.h"

/* ---- Atoms ----
 * Entry t is the header of the atom of tag t; the atom's value points just
 * past it.  Zero-sized, so consecutive entries do not overlap in use. */
#define ATOM_HD(t) make_header(0, (t), COLOR_NOT_MARKABLE)
#define ATOMS4(t) ATOM_HD(t), ATOM_HD(t + 1), ATOM_HD(t + 2), ATOM_HD(t + 3)
#define ATOMS16(t) ATOMS4(t), ATOMS4(t + 4), ATOMS4(t + 8), ATOMS4(t + 12)
#define ATOMS64(t) ATOMS16(t), ATOMS16(t + 16), ATOMS16(t + 32), ATOMS16(t + 48)
const header_t mc_atom_table[257] = {ATOMS64(0), ATOMS64(64), ATOMS64(128), ATOMS64(192), 0};

/* ---- Checked malloc ---- */

static _Noreturn void out_of_memory(size_t n) {
  fprintf(stderr, "mcrun: out of memory (allocating %zu bytes)\n", n);
  exit(2);
}

void *mc_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (p == NULL) out_of_memory(n);
  return p;
}

void *mc_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (p == NULL) out_of_memory(n * size);
  return p;
}

void *mc_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (q == NULL) out_of_memory(n);
  return q;
}

char *mc_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = mc_xmalloc(n);
  memcpy(p, s, n);
  return p;
}

/* ---- Minor heap ---- */

bool mc_is_young(const mc_runtime *rt, value v) { return is_block(v) && gc_is_young(rt, v); }

value mc_alloc_small(mc_domain *d, mlsize_t wosize, tag_t tag) {
  MC_ASSERT(wosize >= 1 && wosize <= MAX_YOUNG_WOSIZE);
  value *p = d->young_ptr - whsize_wosize(wosize);
  if ((uvalue)p < atomic_load_explicit(&d->young_limit, memory_order_relaxed)) {
    mc_alloc_slow_path(d);
    p = d->young_ptr - whsize_wosize(wosize);
  }
  d->young_ptr = p;
  *(header_t *)p = make_header(wosize, tag, 0);
  return (value)(p + 1);
}

mlsize_t mc_young_reserve_max(mc_domain *d) {
  return (mlsize_t)(d->young_end - d->young_start) / 2;
}

value *mc_young_reserve(mc_domain *d, mlsize_t whsize) {
  MC_CHECK(whsize <= mc_young_reserve_max(d));
  value *p = d->young_ptr - whsize;
  if ((uvalue)p < atomic_load_explicit(&d->young_limit, memory_order_relaxed)) {
    /* The slow path guarantees room for one small block; a reservation
     * may need more, so empty the minor heap if it still does not fit. */
    mc_alloc_slow_path(d);
    p = d->young_ptr - whsize;
    if (p < d->young_start) {
      mc_empty_minor_heap(d);
      p = d->young_ptr - whsize;
    }
  }
  d->young_ptr = p;
  return p;
}

value mc_alloc_shr(mc_domain *d, mlsize_t wosize, tag_t tag) {
  if (wosize > MAX_WOSIZE) mc_raise_out_of_memory(d);
  value v = mc_major_alloc(d, wosize, tag);
  if (v == 0) mc_raise_out_of_memory(d);
  if (tag < NO_SCAN_TAG)
    for (mlsize_t i = 0; i < wosize; i++) field(v, i) = val_unit;
  return v;
}

value mc_alloc(mc_domain *d, mlsize_t wosize, tag_t tag) {
  if (wosize == 0) return atom(tag);
  if (wosize <= MAX_YOUNG_WOSIZE) {
    value v = mc_alloc_small(d, wosize, tag);
    if (tag < NO_SCAN_TAG)
      for (mlsize_t i = 0; i < wosize; i++) field(v, i) = val_unit;
    return v;
  }
  return mc_alloc_shr(d, wosize, tag);
}

value mc_alloc_string(mc_domain *d, mlsize_t len) {
  mlsize_t wosize = wosize_of_string_length(len);
  if (wosize > MAX_WOSIZE) mc_invalid_argument(d, "String.create");
  value s = mc_alloc(d, wosize, STRING_TAG);
  field(s, wosize - 1) = 0;
  mlsize_t last = wosize * sizeof(value) - 1;
  byte_u(s, last) = (unsigned char)(last - len);
  return s;
}

value mc_copy_string_len(mc_domain *d, const char *s, mlsize_t len) {
  value v = mc_alloc_string(d, len);
  memcpy(string_val(v), s, len);
  return v;
}

value mc_copy_string(mc_domain *d, const char *s) { return mc_copy_string_len(d, s, strlen(s)); }

value mc_copy_string_array(mc_domain *d, const char *const *arr) {
  mlsize_t n = 0;
  while (arr[n] != NULL) n++;
  value res = mc_alloc(d, n, 0);
  GC_ROOTS(d, &res);
  for (mlsize_t i = 0; i < n; i++) {
    value s = mc_copy_string(d, arr[i]);
    mc_modify(d, &field(res, i), s);
  }
  return res;
}

value mc_copy_double(mc_domain *d, double x) {
  value v = mc_alloc_small(d, DOUBLE_WOSIZE, DOUBLE_TAG);
  store_double_val(v, x);
  return v;
}

value mc_alloc_float_array(mc_domain *d, mlsize_t len) {
  if (len == 0) return atom(0);
  value v = mc_alloc(d, len * DOUBLE_WOSIZE, DOUBLE_ARRAY_TAG);
  for (mlsize_t i = 0; i < len; i++) store_double_flat_field(v, i, 0.0);
  return v;
}

value mc_alloc_pair(mc_domain *d, tag_t tag, value a, value b) {
  GC_ROOTS(d, &a, &b);
  value v = mc_alloc_small(d, 2, tag);
  field(v, 0) = a;
  field(v, 1) = b;
  return v;
}

value mc_alloc_some(mc_domain *d, value x) {
  GC_ROOTS(d, &x);
  value v = mc_alloc_small(d, 1, TAG_SOME);
  field(v, 0) = x;
  return v;
}

value mc_alloc_tuple(mc_domain *d, mlsize_t n, const value *fields) {
  value v = mc_alloc(d, n, 0);
  for (mlsize_t i = 0; i < n; i++) mc_initialize(d, &field(v, i), fields[i]);
  return v;
}

/* ---- Write barrier ----
 * Stores into young blocks need nothing.  Stores into major blocks:
 *  - while marking, the overwritten value is darkened, so that everything
 *    reachable when the cycle started gets marked (snapshot at the
 *    beginning);
 *  - a young value stored into a major field records the field in the
 *    remembered set, unless the field already held a young value (it was
 *    recorded then, and no minor collection happened since). */
void mc_modify(mc_domain *d, value *fp, value v) {
  mc_runtime *rt = d->rt;
  /* The store releases: a block initialised by this domain and published
   * here is seen initialised by a domain that loads the field (acquire). */
  if (gc_is_young(rt, (value)fp)) {
    __atomic_store_n(fp, v, __ATOMIC_RELEASE);
    return;
  }
  value old = __atomic_load_n(fp, __ATOMIC_RELAXED);
  bool old_young = is_block(old) && gc_is_young(rt, old);
  if (!old_young && is_block(old) && gc_marking(rt)) mc_darken(d, old);
  __atomic_store_n(fp, v, __ATOMIC_RELEASE);
  if (!old_young && is_block(v) && gc_is_young(rt, v)) mc_remember(d, fp);
}

void mc_initialize(mc_domain *d, value *fp, value v) {
  *fp = v;
  if (is_block(v) && gc_is_young(d->rt, v) && !gc_is_young(d->rt, (value)fp)) mc_remember(d, fp);
}

/* The remembered set: entries up to `end`, then remember_grow.  `end` is
 * first a soft limit of an eighth of the minor heap's words in entries (as
 * on stock): reaching it asks for a minor collection at the next safepoint,
 * so that a program that keeps storing young blocks into old ones (a Queue,
 * a Hashtbl) does not grow the set with every store until the minor heap
 * is full.  Past it, `end` is the allocated capacity, which doubles. */
static size_t remembered_soft(mc_domain *d) {
  size_t soft = d->minor_heap_wsize / 8;
  return soft < 4096 ? 4096 : soft;
}

/* Where the fast path stops with n entries: the soft limit while below it
 * (and the capacity is beyond it), else the capacity. */
static value **remembered_end(struct mc_ptrvec *r, size_t n, size_t soft) {
  return (n < soft && (size_t)(r->cap - r->base) > soft) ? r->base + soft : r->cap;
}

void mc_remembered_reset(mc_domain *d) {
  struct mc_ptrvec *r = &d->remembered;
  r->ptr = r->base;
  r->end = remembered_end(r, 0, remembered_soft(d));
}

static __attribute__((noinline)) void remember_grow(mc_domain *d) {
  struct mc_ptrvec *r = &d->remembered;
  size_t n = (size_t)(r->ptr - r->base), soft = remembered_soft(d);
  if (n >= soft) mc_request_minor_gc(d);
  if (r->ptr == r->cap) {
    size_t cap = n ? 2 * n : 4096;
    r->base = mc_xrealloc(r->base, cap * sizeof(value *));
    r->ptr = r->base + n;
    r->cap = r->base + cap;
  }
  r->end = remembered_end(r, n, soft);
}

void mc_remember(mc_domain *d, value *fp) {
  struct mc_ptrvec *r = &d->remembered;
  if (r->ptr == r->end) remember_grow(d);
  *r->ptr++ = fp;
}

/* ---- Global roots ---- */

void mc_register_global_root(mc_domain *d, value *root) {
  mc_runtime *rt = d->rt;
  struct mc_global_root *g = mc_xmalloc(sizeof *g);
  g->ptr = root;
  pthread_mutex_lock(&rt->roots_lock);
  g->next = rt->global_roots;
  rt->global_roots = g;
  pthread_mutex_unlock(&rt->roots_lock);
}

void mc_remove_global_root(mc_domain *d, value *root) { mc_remove_global_root_rt(d->rt, root); }

void mc_remove_global_root_rt(mc_runtime *rt, value *root) {
  pthread_mutex_lock(&rt->roots_lock);
  for (struct mc_global_root **p = &rt->global_roots; *p != NULL; p = &(*p)->next) {
    if ((*p)->ptr == root) {
      struct mc_global_root *g = *p;
      *p = g->next;
      free(g);
      break;
    }
  }
  pthread_mutex_unlock(&rt->roots_lock);
}
