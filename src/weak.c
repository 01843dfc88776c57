/* weak.c: ephemerons and weak arrays (Weak, Ephemeron).
 *
 * An ephemeron is an ABSTRACT_TAG block in the major heap:
 *   field 0 (EPHE_LINK)  next ephemeron of the owner domain's list;
 *   field 1 (EPHE_DATA)  the data, or EPHE_NONE;
 *   fields 2..           the keys, or EPHE_NONE.
 * Being abstract, its fields are never traced.  Instead:
 *   - at the end of marking, an ephemeron that is itself marked and whose
 *     keys are all marked gets its data marked (to a fixpoint), then the
 *     keys still unmarked are cleared, and with them the data;
 *   - young keys and data are settled by the minor collector through the
 *     domain's young_ephes list (ephemerons that received a young value).
 * A weak array is an ephemeron without data.
 * Reading a key or the data while marking darkens it: the value becomes
 * strongly held, so it must be part of the snapshot.
 */
#include "alloc.h"
#include "fail.h"
#include "gc.h"
#include "gc_internal.h"
#include "prims.h"

const header_t mc_ephe_none_block[2] = {make_header(0, ABSTRACT_TAG, COLOR_NOT_MARKABLE), 0};

/* Keys and data of a weak array or ephemeron shared between domains may
 * be set and read by several at once (a race OCaml allows): relaxed
 * atomics. */
static void set_field(mc_domain *d, value e, mlsize_t i, value v) {
  value old = field_relaxed(e, i);
  if (i == EPHE_DATA && gc_marking(d->rt) && old != EPHE_NONE) mc_darken(d, old);
  field_store_relaxed(e, i, v);
  if (is_block(v) && gc_is_young(d->rt, v)) mc_valvec_push(&d->young_ephes, e);
}

static value caml_ephe_create(mc_domain *d, value len) {
  intptr_t n = long_val(len);
  if (n < 0 || (uvalue)n > MAX_WOSIZE - EPHE_FIRST_KEY) mc_invalid_argument(d, "Weak.create");
  mlsize_t size = (mlsize_t)n + EPHE_FIRST_KEY;
  value e = mc_alloc_shr(d, size, ABSTRACT_TAG);
  field(e, EPHE_LINK) = d->ephe_list;
  for (mlsize_t i = EPHE_DATA; i < size; i++) field(e, i) = EPHE_NONE;
  d->ephe_list = e;
  return e;
}

static mlsize_t key_offset(mc_domain *d, value e, value n, const char *what) {
  intptr_t k = long_val(n);
  if (k < 0 || (uvalue)k >= wosize_val(e) - EPHE_FIRST_KEY) mc_invalid_argument(d, what);
  return (mlsize_t)k + EPHE_FIRST_KEY;
}

static value caml_ephe_set_key(mc_domain *d, value e, value n, value v) {
  set_field(d, e, key_offset(d, e, n, "Weak.set"), v);
  return val_unit;
}

static value caml_ephe_unset_key(mc_domain *d, value e, value n) {
  set_field(d, e, key_offset(d, e, n, "Weak.set"), EPHE_NONE);
  return val_unit;
}

static value caml_weak_set(mc_domain *d, value e, value n, value opt) {
  mlsize_t i = key_offset(d, e, n, "Weak.set");
  set_field(d, e, i, is_block(opt) ? field(opt, 0) : EPHE_NONE);
  return val_unit;
}

static value caml_ephe_set_data(mc_domain *d, value e, value v) {
  set_field(d, e, EPHE_DATA, v);
  return val_unit;
}

static value caml_ephe_unset_data(mc_domain *d, value e) {
  set_field(d, e, EPHE_DATA, EPHE_NONE);
  return val_unit;
}

/* Some of field i, darkened if marking, or None. */
static value get_field(mc_domain *d, value e, mlsize_t i) {
  value v = field_relaxed(e, i);
  if (v == EPHE_NONE) return val_none;
  if (gc_marking(d->rt)) mc_darken(d, v);
  return mc_alloc_some(d, v);
}

static value caml_ephe_get_key(mc_domain *d, value e, value n) {
  return get_field(d, e, key_offset(d, e, n, "Weak.get"));
}

static value caml_ephe_get_data(mc_domain *d, value e) { return get_field(d, e, EPHE_DATA); }

/* Some of a shallow copy of field i.  Blocks whose identity matters or
 * that cannot be copied meaningfully (closures, custom, abstract) are
 * returned as they are. */
static value get_field_copy(mc_domain *d, value e, mlsize_t i) {
  value v = field(e, i);
  if (v == EPHE_NONE) return val_none;
  if (gc_marking(d->rt)) mc_darken(d, v);
  if (!is_block(v)) return mc_alloc_some(d, v);
  tag_t tag = tag_val(v);
  if (tag == CLOSURE_TAG || tag == INFIX_TAG || tag == CUSTOM_TAG || tag == ABSTRACT_TAG ||
      tag == CONT_TAG || wosize_val(v) == 0)
    return mc_alloc_some(d, v);
  value copy = val_unit;
  GC_ROOTS(d, &e, &copy);
  mlsize_t size = wosize_val(v);
  copy = mc_alloc(d, size, tag);
  v = field(e, i);  /* may have moved */
  if (v == EPHE_NONE) return val_none;
  if (tag >= NO_SCAN_TAG) {
    memcpy((void *)copy, (void *)v, size * sizeof(value));
  } else {
    for (mlsize_t k = 0; k < size; k++) {
      value f = field(v, k);
      if (gc_marking(d->rt)) mc_darken(d, f);
      mc_initialize(d, &field(copy, k), f);
    }
  }
  return mc_alloc_some(d, copy);
}

static value caml_ephe_get_key_copy(mc_domain *d, value e, value n) {
  return get_field_copy(d, e, key_offset(d, e, n, "Weak.get"));
}

static value caml_ephe_get_data_copy(mc_domain *d, value e) {
  return get_field_copy(d, e, EPHE_DATA);
}

static value caml_ephe_check_key(mc_domain *d, value e, value n) {
  return val_bool(field(e, key_offset(d, e, n, "Weak.check")) != EPHE_NONE);
}

static value caml_ephe_check_data(mc_domain *d, value e) {
  return val_bool(field(e, EPHE_DATA) != EPHE_NONE);
}

static void blit_fields(mc_domain *d, value es, mlsize_t os, value ed, mlsize_t od, mlsize_t len) {
  if (od < os || es != ed) {
    for (mlsize_t k = 0; k < len; k++) set_field(d, ed, od + k, field(es, os + k));
  } else {
    for (mlsize_t k = len; k-- > 0;) set_field(d, ed, od + k, field(es, os + k));
  }
}

static value caml_ephe_blit_key(mc_domain *d, value es, value ofs, value ed, value ofd, value len) {
  intptr_t os = long_val(ofs), od = long_val(ofd), n = long_val(len);
  intptr_t ns = (intptr_t)wosize_val(es) - EPHE_FIRST_KEY;
  intptr_t nd = (intptr_t)wosize_val(ed) - EPHE_FIRST_KEY;
  if (os < 0 || n < 0 || os > ns - n) mc_invalid_argument(d, "Weak.blit");
  if (od < 0 || od > nd - n) mc_invalid_argument(d, "Weak.blit");
  if (n == 0) return val_unit;
  /* Keys read from the source become held by the destination. */
  if (gc_marking(d->rt))
    for (intptr_t k = 0; k < n; k++) mc_darken(d, field(es, EPHE_FIRST_KEY + os + k));
  blit_fields(d, es, (mlsize_t)(EPHE_FIRST_KEY + os), ed, (mlsize_t)(EPHE_FIRST_KEY + od),
              (mlsize_t)n);
  return val_unit;
}

static value caml_ephe_blit_data(mc_domain *d, value es, value ed) {
  value v = field(es, EPHE_DATA);
  if (gc_marking(d->rt)) mc_darken(d, v);
  set_field(d, ed, EPHE_DATA, v);
  return val_unit;
}

/* ---- Collector passes ---- */

/* Are all keys of e alive in the minor sense (not young, or promoted)? */
static bool keys_alive_minor(mc_domain *d, value e) {
  mlsize_t n = wosize_val(e);
  for (mlsize_t i = EPHE_FIRST_KEY; i < n; i++)
    if (!mc_minor_is_alive(d, field(e, i))) return false;
  return true;
}

/* Data of o's ephemerons whose keys survive is reachable: promote it
 * (into w's heap).  Returns true if anything was promoted, which may make
 * further keys survive: the caller repeats until nothing changes. */
bool mc_ephe_minor_mark(mc_domain *w, mc_domain *o) {
  struct mc_valvec *ys = &o->young_ephes;
  bool any = false, changed = true;
  while (changed) {
    changed = false;
    for (size_t k = 0; k < ys->len; k++) {
      value e = ys->base[k];
      value data = field(e, EPHE_DATA);
      if (data != EPHE_NONE && !mc_minor_is_alive(w, data) && keys_alive_minor(w, e)) {
        mc_minor_oldify(w, &field(e, EPHE_DATA));
        mc_minor_drain(w);
        changed = any = true;
      }
    }
  }
  return any;
}

/* Settle every young field: follow promotions, clear the dead. */
void mc_ephe_minor_clean(mc_domain *w, mc_domain *o) {
  mc_domain *d = w;
  struct mc_valvec *ys = &o->young_ephes;
  for (size_t k = 0; k < ys->len; k++) {
    value e = ys->base[k];
    mlsize_t n = wosize_val(e);
    bool key_died = false;
    for (mlsize_t i = EPHE_FIRST_KEY; i < n; i++) {
      value v = field(e, i);
      if (!is_block(v) || !gc_is_young(d->rt, v)) continue;
      if (mc_minor_is_alive(d, v)) {
        field(e, i) = mc_minor_forwarded(d, v);
      } else {
        field(e, i) = EPHE_NONE;
        key_died = true;
      }
    }
    value data = field(e, EPHE_DATA);
    if (key_died) {
      field(e, EPHE_DATA) = EPHE_NONE;
    } else if (is_block(data) && gc_is_young(d->rt, data)) {
      field(e, EPHE_DATA) = mc_minor_is_alive(d, data) ? mc_minor_forwarded(d, data) : EPHE_NONE;
    }
  }
  ys->len = 0;
}

static bool keys_marked(mc_domain *d, value e) {
  mlsize_t n = wosize_val(e);
  for (mlsize_t i = EPHE_FIRST_KEY; i < n; i++)
    if (!mc_mark_is_marked(d, field(e, i))) return false;
  return true;
}

bool mc_ephe_mark_pass(mc_domain *d, mc_domain *o) {
  bool marked = false;
  for (value e = o->ephe_list; e != val_unit; e = field(e, EPHE_LINK)) {
    if (!mc_mark_is_marked(d, e)) continue;
    value data = field(e, EPHE_DATA);
    if (data != EPHE_NONE && !mc_mark_is_marked(d, data) && keys_marked(d, e)) {
      mc_darken(d, data);
      marked = true;
    }
  }
  return marked;
}

void mc_ephe_clean_all(mc_domain *d, mc_domain *o) {
  value *link = &o->ephe_list;
  while (*link != val_unit) {
    value e = *link;
    if (!mc_mark_is_marked(d, e)) {
      /* The ephemeron itself is dead: unlink it before it is swept. */
      *link = field(e, EPHE_LINK);
      continue;
    }
    mlsize_t n = wosize_val(e);
    bool key_died = false;
    for (mlsize_t i = EPHE_FIRST_KEY; i < n; i++) {
      if (!mc_mark_is_marked(d, field(e, i))) {
        field(e, i) = EPHE_NONE;
        key_died = true;
      }
    }
    if (key_died || !mc_mark_is_marked(d, field(e, EPHE_DATA))) field(e, EPHE_DATA) = EPHE_NONE;
    link = &field(e, EPHE_LINK);
  }
}

/* A terminating domain's ephemerons join the heir's list. */
void mc_ephe_adopt(mc_domain *heir, mc_domain *dying) {
  value *link = &dying->ephe_list;
  if (*link == val_unit) return;
  while (field(*link, EPHE_LINK) != val_unit) link = &field(*link, EPHE_LINK);
  field(*link, EPHE_LINK) = heir->ephe_list;
  heir->ephe_list = dying->ephe_list;
  dying->ephe_list = val_unit;
  for (size_t i = 0; i < dying->young_ephes.len; i++)
    mc_valvec_push(&heir->young_ephes, dying->young_ephes.base[i]);
  dying->young_ephes.len = 0;
}

const struct mc_primdef mc_prims_weak[] = {
    PRIM(caml_ephe_create, 1),
    {"caml_weak_create", 1, (mc_prim_any)caml_ephe_create},
    PRIM(caml_ephe_set_key, 3),
    PRIM(caml_ephe_unset_key, 2),
    PRIM(caml_weak_set, 3),
    PRIM(caml_ephe_set_data, 2),
    PRIM(caml_ephe_unset_data, 1),
    PRIM(caml_ephe_get_key, 2),
    {"caml_weak_get", 2, (mc_prim_any)caml_ephe_get_key},
    PRIM(caml_ephe_get_data, 1),
    PRIM(caml_ephe_get_key_copy, 2),
    {"caml_weak_get_copy", 2, (mc_prim_any)caml_ephe_get_key_copy},
    PRIM(caml_ephe_get_data_copy, 1),
    PRIM(caml_ephe_check_key, 2),
    {"caml_weak_check", 2, (mc_prim_any)caml_ephe_check_key},
    PRIM(caml_ephe_check_data, 1),
    PRIM(caml_ephe_blit_key, 5),
    {"caml_weak_blit", 5, (mc_prim_any)caml_ephe_blit_key},
    PRIM(caml_ephe_blit_data, 2),
    PRIM_END,
};
