/* backtrace.c: exception backtraces, call stacks, and the debug events of
 * the DBUG section that map code positions to source locations.
 *
 * A backtrace slot is a code pointer (return address or raise point) with
 * its low bit set, which makes it an immediate for the GC.  Debug events
 * are read lazily from the executable, the first time a location is
 * needed, and kept as a sorted C array.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "alloc.h"
#include "backtrace.h"
#include "fail.h"
#include "marshal.h"
#include "opcodes.h"
#include "prims.h"
#include "runtime.h"

struct event {
  code_t pc;
  const char *filename;
  const char *defname;
  int start_lnum, start_chr, end_lnum, end_chr, end_offset;
};

/* Events sorted by pc. */
struct event_table {
  struct event *events;
  size_t nevents;
};

/* Code loaded at run time (toplevel phrases, Dynlink) with its events. */
struct dyn_code {
  code_t start;
  size_t len;
  struct event_table tab;
};

struct mc_debuginfo {
  char *path;            /* executable holding the DBUG section */
  int64_t offset, length;
  int status;            /* main events: 0 not read, 1 read, <0 could not read */
  struct event_table main;
  struct dyn_code *dyn;  /* run-time code, in load order */
  size_t ndyn;
  /* File and definition names, interned: an open-addressing set. */
  char **strings;
  size_t nstrings, cap_strings;
};

void mc_debuginfo_set_source(mc_runtime *rt, const char *path, int64_t offset, int64_t length) {
  struct mc_debuginfo *di = mc_xcalloc(1, sizeof *di);
  di->path = mc_xstrdup(path);
  di->offset = offset;
  di->length = length;
  rt->debuginfo = di;
}

/* A length that marks an executable without bytecode sections. */
#define NOT_BYTECODE (-3)

void mc_debuginfo_set_not_bytecode(mc_runtime *rt, const char *path) {
  mc_debuginfo_set_source(rt, path, 0, NOT_BYTECODE);
}

void mc_debuginfo_free(mc_runtime *rt) {
  struct mc_debuginfo *di = rt->debuginfo;
  if (di == NULL) return;
  for (size_t i = 0; i < di->cap_strings; i++) free(di->strings[i]);
  free(di->strings);
  free(di->main.events);
  for (size_t i = 0; i < di->ndyn; i++) free(di->dyn[i].tab.events);
  free(di->dyn);
  free(di->path);
  free(di);
  rt->debuginfo = NULL;
}

static size_t string_hash(const char *p, size_t len) {
  size_t h = 1469598103934665603u;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211u;
  return h;
}

/* The interned copy of an OCaml string (thousands of events share a few
 * file names), or NULL if s is not a string. */
static const char *keep_string(struct mc_debuginfo *di, value s) {
  if (!is_block(s) || tag_val(s) != STRING_TAG) return NULL;
  size_t len = string_length(s);
  if (2 * (di->nstrings + 1) > di->cap_strings) {
    size_t ncap = di->cap_strings ? 2 * di->cap_strings : 256;
    char **ns = mc_xcalloc(ncap, sizeof(char *));
    for (size_t i = 0; i < di->cap_strings; i++) {
      char *c = di->strings[i];
      if (c == NULL) continue;
      size_t h = string_hash(c, strlen(c)) & (ncap - 1);
      while (ns[h] != NULL) h = (h + 1) & (ncap - 1);
      ns[h] = c;
    }
    free(di->strings);
    di->strings = ns;
    di->cap_strings = ncap;
  }
  size_t h = string_hash(string_val(s), len) & (di->cap_strings - 1);
  while (di->strings[h] != NULL) {
    if (strlen(di->strings[h]) == len && memcmp(di->strings[h], string_val(s), len) == 0)
      return di->strings[h];
    h = (h + 1) & (di->cap_strings - 1);
  }
  char *c = mc_xmalloc(len + 1);
  memcpy(c, string_val(s), len);
  c[len] = 0;
  di->strings[h] = c;
  di->nstrings++;
  return c;
}

static int compare_events(const void *a, const void *b) {
  const struct event *x = a, *y = b;
  if (x->pc != y->pc) return x->pc < y->pc ? -1 : 1;
  if (x->start_lnum != y->start_lnum) return x->start_lnum < y->start_lnum ? -1 : 1;
  if (x->start_chr != y->start_chr) return x->start_chr < y->start_chr ? -1 : 1;
  if (x->end_offset != y->end_offset) return x->end_offset < y->end_offset ? -1 : 1;
  return 0;
}

static uint32_t be32(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* Total length (header included) of the marshalled message at p, or 0 if
 * it cannot be determined within `avail` bytes. */
static size_t message_length(const unsigned char *p, size_t avail) {
  if (avail < 20) return 0;
  uint32_t magic = be32(p);
  if (magic == 0x8495A6BEu) {
    size_t n = 20 + (size_t)be32(p + 4);
    return n <= avail ? n : 0;
  }
  if (magic == 0x8495A6BFu && avail >= 32) {
    uint64_t len = ((uint64_t)be32(p + 8) << 32) | be32(p + 12);
    if (len > avail - 32) return 0;
    return 32 + (size_t)len;
  }
  return 0;
}

/* Convert one compilation unit's list of debug events, relocated by orig
 * bytes into the code. */
static void add_events(struct mc_debuginfo *di, struct event_table *t, code_t code, value list,
                       uint32_t orig) {
  size_t n = 0;
  for (value l = list; is_block(l); l = field(l, 1)) n++;
  t->events = mc_xrealloc(t->events, (t->nevents + n) * sizeof(struct event));
  for (value l = list; is_block(l); l = field(l, 1)) {
    value ev = field(l, 0);
    value loc = field(ev, 2);
    value start = field(loc, 0), end = field(loc, 1);
    struct event *e = &t->events[t->nevents++];
    e->pc = (code_t)((char *)code + orig + long_val(field(ev, 0)));
    e->filename = keep_string(di, field(start, 0));
    if (e->filename == NULL) e->filename = "";
    e->defname = keep_string(di, field(ev, 4));
    if (e->defname == NULL) e->defname = "<old bytecode>";
    e->start_lnum = (int)long_val(field(start, 1));
    e->start_chr = (int)(long_val(field(start, 3)) - long_val(field(start, 2)));
    e->end_lnum = (int)long_val(field(end, 1));
    e->end_chr = (int)(long_val(field(end, 3)) - long_val(field(end, 2)));
    e->end_offset = (int)(long_val(field(end, 3)) - long_val(field(start, 2)));
  }
}

static void read_debug_events(mc_domain *d, struct mc_debuginfo *di) {
  if (di->length == NOT_BYTECODE) {
    di->status = -3;  /* Printexc's code for "wrong magic number" */
    return;
  }
  if (di->length < 0) {  /* no DBUG section */
    di->status = 1;
    return;
  }
  int fd = open(di->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    /* The codes Printexc knows: -1 file not found, -4 no descriptors. */
    di->status = errno == EMFILE ? -4 : -1;
    return;
  }
  di->status = -2;  /* corrupt, unless read below */
  unsigned char *buf = malloc((size_t)di->length);
  bool ok = buf != NULL && pread(fd, buf, (size_t)di->length, di->offset) == di->length;
  close(fd);
  if (!ok || di->length < 4) {
    free(buf);
    return;
  }
  size_t len = (size_t)di->length, pos = 4;
  uint32_t units = be32(buf);
  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    for (uint32_t u = 0; u < units; u++) {
      if (len - pos < 4) break;
      uint32_t orig = be32(buf + pos);
      pos += 4;
      size_t n = message_length(buf + pos, len - pos);
      if (n == 0) break;
      value events = mc_input_value_from_bytes(d, (const char *)buf + pos, n);
      pos += n;
      add_events(di, &di->main, d->rt->main_code, events, orig);
      size_t skip = message_length(buf + pos, len - pos);  /* directory names */
      if (skip == 0) break;
      pos += skip;
    }
    mc_catch_leave(d, &c);
  }
  free(buf);
  if (di->main.events != NULL)
    qsort(di->main.events, di->main.nevents, sizeof(struct event), compare_events);
  di->status = 1;
}

static struct mc_debuginfo *debuginfo(mc_domain *d) {
  struct mc_debuginfo *di = d->rt->debuginfo;
  if (di != NULL && di->status == 0) read_debug_events(d, di);
  return di;
}

void mc_debuginfo_load(mc_domain *d) { (void)debuginfo(d); }

/* The event at pc, or at the next instruction (ocamlc sometimes puts an
 * event after a following PUSH). */
static const struct event *table_lookup(const struct event_table *t, code_t pc) {
  if (t->nevents == 0) return NULL;
  size_t lo = 0, hi = t->nevents;
  while (lo + 1 < hi) {
    size_t mid = (lo + hi) / 2;
    if (pc < t->events[mid].pc) hi = mid;
    else lo = mid;
  }
  if (t->events[lo].pc == pc || t->events[lo].pc == pc + 1) return &t->events[lo];
  if (lo + 1 < t->nevents && t->events[lo + 1].pc == pc + 1) return &t->events[lo + 1];
  return NULL;
}

static const struct event *event_at(mc_domain *d, code_t pc) {
  struct mc_debuginfo *di = d->rt->debuginfo;
  if (di == NULL) return NULL;
  for (size_t i = 0; i < di->ndyn; i++)
    if (pc >= di->dyn[i].start && (char *)pc < (char *)di->dyn[i].start + di->dyn[i].len)
      return table_lookup(&di->dyn[i].tab, pc);
  /* The main program's events are read on first need. */
  return table_lookup(&debuginfo(d)->main, pc);
}

static bool is_raise_instr(mc_runtime *rt, code_t pc) {
  if (mc_find_code_fragment(rt, pc) == NULL) return false;
  opcode_t w = *pc;
#if MC_THREADED_CODE
  return w == (opcode_t)((const char *)rt->jumptable[OP_RAISE] - rt->jumptable_base) ||
         w == (opcode_t)((const char *)rt->jumptable[OP_RERAISE] - rt->jumptable_base);
#else
  return w == OP_RAISE || w == OP_RERAISE;
#endif
}

/* Is pc in the program's code or code loaded by Dynlink / the toplevel
 * (the fragments that have debug events)? */
static bool in_main_code(mc_runtime *rt, code_t pc) {
  if (rt->main_code != NULL && pc >= rt->main_code &&
      (char *)pc < (char *)rt->main_code + rt->main_code_size)
    return true;
  const struct mc_code_fragment *f = mc_find_code_fragment(rt, pc);
  return f != NULL && f->user_code;
}

/* Debug events of code loaded at run time (Meta.reify_bytecode): an array
 * of event lists, positions relative to `code`. */
void mc_debuginfo_add(mc_domain *d, code_t code, size_t len, value events) {
  struct mc_debuginfo *di = d->rt->debuginfo;
  if (di == NULL || !is_block(events)) return;
  di->dyn = mc_xrealloc(di->dyn, (di->ndyn + 1) * sizeof(struct dyn_code));
  struct dyn_code *dc = &di->dyn[di->ndyn++];
  dc->start = code;
  dc->len = len;
  dc->tab.events = NULL;
  dc->tab.nevents = 0;
  for (mlsize_t i = 0; i < wosize_val(events); i++) add_events(di, &dc->tab, code, field(events, i), 0);
  if (dc->tab.events != NULL)
    qsort(dc->tab.events, dc->tab.nevents, sizeof(struct event), compare_events);
}

void mc_debuginfo_remove(mc_runtime *rt, code_t code, size_t len) {
  struct mc_debuginfo *di = rt->debuginfo;
  if (di == NULL) return;
  (void)len;
  for (size_t i = 0; i < di->ndyn; i++)
    if (di->dyn[i].start == code) {
      free(di->dyn[i].tab.events);
      di->dyn[i] = di->dyn[--di->ndyn];
      return;
    }
}

/* ---- Recording ---- */

#define UNTAG_PC(v) ((code_t)((v) & ~(value)1))

void mc_stash_backtrace(mc_domain *d, value exn, value *sp, bool reraise) {
  if (exn != d->backtrace_last_exn || !reraise) {
    d->backtrace_pos = 0;
    d->backtrace_last_exn = exn;
  }
  if (d->backtrace_buffer == NULL) d->backtrace_buffer = mc_xmalloc(MC_BACKTRACE_SIZE * sizeof(code_t));
  mc_runtime *rt = d->rt;
  value *trap = d->stack->high + d->trap_sp_off;
  if (d->trap_sp_off > 0) trap = d->stack->high;
  for (; sp < trap; sp++) {
    value v = *sp;
    if (!is_long(v)) continue;
    code_t p = UNTAG_PC(v);
    if (!in_main_code(rt, p)) continue;
    if (d->backtrace_pos >= MC_BACKTRACE_SIZE) break;
    d->backtrace_buffer[d->backtrace_pos++] = p;
  }
}

/* Walk a chain of stacks from `s` (whose innermost trap is at offset
 * `trap`), skipping trap frames' handler addresses, and collect up to max
 * return addresses.  Parent stacks keep their trap offset in sp[0]. */
static size_t collect_callstack(mc_domain *d, struct mc_stack *s, intptr_t trap, code_t **out,
                                size_t max) {
  mc_runtime *rt = d->rt;
  size_t n = 0, cap = 0;
  code_t *buf = NULL;
  for (; s != NULL && n < max; s = s->parent) {
    value *high = s->high;
    for (value *p = s->sp; p < high && n < max; p++) {
      if (!is_long(*p)) continue;
      if (trap <= 0 && p == high + trap) {
        trap = long_val(p[1]);
        continue;
      }
      code_t pc = UNTAG_PC(*p);
      if (!in_main_code(rt, pc)) continue;
      if (n == cap) {
        cap = cap ? 2 * cap : 16;
        buf = mc_xrealloc(buf, cap * sizeof(code_t));
      }
      buf[n++] = pc;
    }
    if (s->parent != NULL) trap = long_val(s->parent->sp[0]);
  }
  *out = buf;
  return n;
}

/* ---- Printing ---- */

static void print_slot(mc_domain *d, code_t pc, int index) {
  const struct event *e = event_at(d, pc);
  bool is_raise = is_raise_instr(d->rt, pc);
  if (e == NULL && is_raise) return;  /* compiler-inserted re-raise */
  const char *what = is_raise ? (index == 0 ? "Raised at" : "Re-raised at")
                              : (index == 0 ? "Raised by primitive operation at" : "Called from");
  if (e == NULL) {
    fprintf(stderr, "%s unknown location\n", what);
  } else if (e->start_lnum == e->end_lnum) {
    fprintf(stderr, "%s %s in file \"%s\", line %d, characters %d-%d\n", what, e->defname,
            e->filename, e->start_lnum, e->start_chr, e->end_chr);
  } else {
    fprintf(stderr, "%s %s in file \"%s\", lines %d-%d, characters %d-%d\n", what, e->defname,
            e->filename, e->start_lnum, e->end_lnum, e->start_chr, e->end_chr);
  }
}

void mc_print_exception_backtrace(mc_domain *d) {
  if (d->rt->debuginfo == NULL) {
    fprintf(stderr, "(Cannot print stack backtrace: no debug information available)\n");
    return;
  }
  for (intptr_t i = 0; i < d->backtrace_pos; i++) print_slot(d, d->backtrace_buffer[i], (int)i);
  switch (debuginfo(d)->status) {
    case -1:
      fprintf(stderr, "(Cannot print locations:\n bytecode executable program file not found)\n");
      break;
    case -2:
      fprintf(stderr, "(Cannot print locations:\n "
                      "bytecode executable program file appears to be corrupt)\n");
      break;
    case -3:
      fprintf(stderr, "(Cannot print locations:\n "
                      "bytecode executable program file has wrong magic number)\n");
      break;
    case -4:
      fprintf(stderr, "(Cannot print locations:\n "
                      "bytecode executable program file cannot be opened;\n "
                      "-- too many open files. Try running with OCAMLRUNPARAM=b=2)\n");
      break;
    default: break;
  }
}

/* ---- Primitives ---- */

static value caml_record_backtrace(mc_domain *d, value flag) {
  bool on = bool_val(flag);
  if (on != d->backtrace_active) {
    d->backtrace_active = on;
    d->backtrace_pos = 0;
    d->backtrace_last_exn = val_unit;
  }
  return val_unit;
}

static value caml_backtrace_status(mc_domain *d, value unit) {
  (void)unit;
  return val_bool(d->backtrace_active);
}

static value caml_ml_debug_info_status(mc_domain *d, value unit) {
  (void)unit;
  struct mc_debuginfo *di = d->rt->debuginfo;
  if (di == NULL) return val_int(0);
  return val_int(di->status);
}

static value slots_to_array(mc_domain *d, const code_t *slots, size_t n) {
  if (n == 0) return atom(0);
  value arr = mc_alloc(d, n, 0);
  for (size_t i = 0; i < n; i++) field(arr, i) = (value)slots[i] | 1;
  return arr;
}

static value caml_get_exception_raw_backtrace(mc_domain *d, value unit) {
  (void)unit;
  if (!d->backtrace_active || d->backtrace_buffer == NULL || d->backtrace_pos == 0)
    return atom(0);
  size_t n = (size_t)d->backtrace_pos;
  code_t *copy = mc_xmalloc(n * sizeof(code_t));
  memcpy(copy, d->backtrace_buffer, n * sizeof(code_t));
  value arr = slots_to_array(d, copy, n);
  free(copy);
  return arr;
}

static value caml_restore_raw_backtrace(mc_domain *d, value exn, value bt) {
  d->backtrace_last_exn = exn;
  mlsize_t n = wosize_val(bt);
  if (n > MC_BACKTRACE_SIZE) n = MC_BACKTRACE_SIZE;
  d->backtrace_pos = 0;
  if (n == 0) return val_unit;
  if (d->backtrace_buffer == NULL) d->backtrace_buffer = mc_xmalloc(MC_BACKTRACE_SIZE * sizeof(code_t));
  for (mlsize_t i = 0; i < n; i++) d->backtrace_buffer[i] = UNTAG_PC(field(bt, i));
  d->backtrace_pos = (intptr_t)n;
  return val_unit;
}

/* Printexc.backtrace_slot: Known_location {is_raise; filename; line_number;
 * start_char; end_char (offset from the line start); end_line;
 * end_col; is_inline; defname} or Unknown_location is_raise. */
static value convert_slot(mc_domain *d, code_t pc) {
  const struct event *e = event_at(d, pc);
  bool is_raise = is_raise_instr(d->rt, pc);
  if (e == NULL) {
    value r = mc_alloc_small(d, 1, 1);
    field(r, 0) = val_bool(is_raise);
    return r;
  }
  value fname = val_unit, dname = val_unit;
  GC_ROOTS(d, &fname, &dname);
  fname = mc_copy_string(d, e->filename);
  dname = mc_copy_string(d, e->defname);
  value r = mc_alloc_small(d, 9, 0);
  /* The record's fields, in the order given above (read after the last
   * allocation: the strings may have moved). */
  const value fields[9] = {
      val_bool(is_raise),      fname,                 val_int(e->start_lnum),
      val_int(e->start_chr),   val_int(e->end_offset), val_int(e->end_lnum),
      val_int(e->end_chr),     val_false /* inlined */, dname,
  };
  memcpy(&field(r, 0), fields, sizeof fields);
  return r;
}

static value caml_convert_raw_backtrace_slot(mc_domain *d, value slot) {
  if (d->rt->debuginfo == NULL) mc_failwith(d, "No debug information available");
  return convert_slot(d, UNTAG_PC(slot));
}

static value caml_convert_raw_backtrace(mc_domain *d, value bt) {
  if (d->rt->debuginfo == NULL) mc_failwith(d, "No debug information available");
  mlsize_t n = wosize_val(bt);
  value arr = val_unit;
  GC_ROOTS(d, &bt, &arr);
  arr = mc_alloc(d, n, 0);
  for (mlsize_t i = 0; i < n; i++) {
    value s = convert_slot(d, UNTAG_PC(field(bt, i)));
    mc_modify(d, &field(arr, i), s);
  }
  return arr;
}

static value caml_raw_backtrace_length(mc_domain *d, value bt) {
  (void)d;
  return val_long(wosize_val(bt));
}

static value caml_raw_backtrace_slot(mc_domain *d, value bt, value index) {
  uvalue i = (uvalue)long_val(index);
  if (i >= wosize_val(bt))
    mc_invalid_argument(d, "Printexc.get_raw_backtrace_slot: index out of bounds");
  return field(bt, i);
}

static value caml_raw_backtrace_next_slot(mc_domain *d, value slot) {
  (void)d;
  (void)slot;
  return val_none;  /* no inlining in bytecode */
}

static value caml_get_exception_backtrace(mc_domain *d, value unit) {
  if (d->rt->debuginfo == NULL) return val_none;
  value bt = caml_get_exception_raw_backtrace(d, unit);
  value arr = caml_convert_raw_backtrace(d, bt);
  return mc_alloc_some(d, arr);
}

static value caml_get_current_callstack(mc_domain *d, value max) {
  code_t *slots;
  intptr_t m = long_val(max);
  size_t n = collect_callstack(d, d->stack, d->trap_sp_off, &slots, m < 0 ? 0 : (size_t)m);
  value arr = slots_to_array(d, slots, n);
  free(slots);
  return arr;
}

/* The call stack of a suspended fiber chain (Effect.Deep.get_callstack);
 * the innermost fiber's trap offset was saved in its sp[0] by PERFORM. */
value mc_callstack_of_stack(mc_domain *d, struct mc_stack *s, intptr_t max) {
  code_t *slots;
  size_t n = collect_callstack(d, s, long_val(s->sp[0]), &slots, max < 0 ? 0 : (size_t)max);
  value arr = slots_to_array(d, slots, n);
  free(slots);
  return arr;
}

const struct mc_primdef mc_prims_backtrace[] = {
    PRIM(caml_record_backtrace, 1),
    PRIM(caml_backtrace_status, 1),
    PRIM(caml_ml_debug_info_status, 1),
    PRIM(caml_get_exception_raw_backtrace, 1),
    PRIM(caml_restore_raw_backtrace, 2),
    PRIM(caml_convert_raw_backtrace_slot, 1),
    PRIM(caml_convert_raw_backtrace, 1),
    PRIM(caml_raw_backtrace_length, 1),
    PRIM(caml_raw_backtrace_slot, 2),
    PRIM(caml_raw_backtrace_next_slot, 1),
    PRIM(caml_get_exception_backtrace, 1),
    PRIM(caml_get_current_callstack, 1),
    PRIM_END,
};
