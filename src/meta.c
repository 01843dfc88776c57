/* meta.c: bytecode reflection for the toplevel and Dynlink: global data,
 * code loaded at run time, traced functions. */
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "backtrace.h"
#include "bigarray.h"
#include "fail.h"
#include "gc.h"
#include "loader.h"
#include "marshal.h"
#include "opcodes.h"
#include "prims.h"
#include "runtime.h"
#include "stack.h"
#include "stublibs.h"

static value caml_get_global_data(mc_domain *d, value unit) {
  (void)unit;
  return d->rt->global_data;
}

/* The abstract block returned with reified code: its address and size. */
struct bytecode {
  code_t prog;
  size_t len;
};
#define bytecode_val(v) ((struct bytecode *)&field(v, 0))

/* Meta.reify_bytecode: copy the code (a char bigarray), append RETURN 1,
 * verify and thread it, register it as a code fragment with its debug
 * events, and return (bytecode handle, closure running it). */
static value caml_reify_bytecode(mc_domain *d, value ls_prog, value debuginfo, value digest_opt) {
  mc_runtime *rt = d->rt;
  size_t len = mc_ba_byte_size(mc_bigarray_val(ls_prog));
  if (len % sizeof(opcode_t) != 0) mc_invalid_argument(d, "Meta.reify_bytecode");
  code_t prog = mc_xmalloc(len + 2 * sizeof(opcode_t));
  memcpy(prog, mc_ba_data_val(ls_prog), len);
  size_t n = len / sizeof(opcode_t);
  prog[n] = OP_RETURN;
  prog[n + 1] = 1;
  n += 2;
  len = n * sizeof(opcode_t);
  mc_thread_code(rt, prog, n, wosize_val(rt->global_data), "reified bytecode");
  int id = mc_register_code_fragment(rt, prog, len, true);
  mc_code_fragment_at(rt, id)->owned = true;
  if (is_block(digest_opt)) {
    struct mc_code_fragment *f = mc_code_fragment_at(rt, id);
    memcpy(f->digest, string_val(field(digest_opt, 0)), 16);
    f->digest_valid = true;
  }
  mc_debuginfo_add(d, prog, len, debuginfo);
  value clos = val_unit, bc = val_unit;
  GC_ROOTS(d, &clos, &bc);
  clos = mc_alloc_small(d, 2, CLOSURE_TAG);
  code_val(clos) = prog;
  closinfo_val(clos) = make_closinfo(0, 2);
  bc = mc_alloc_small(d, 2, ABSTRACT_TAG);
  bytecode_val(bc)->prog = prog;
  bytecode_val(bc)->len = len;
  value res = mc_alloc_small(d, 2, 0);
  field(res, 0) = bc;
  field(res, 1) = clos;
  return res;
}

static value caml_static_release_bytecode(mc_domain *d, value bc) {
  code_t prog = bytecode_val(bc)->prog;
  mc_debuginfo_remove(d->rt, prog, bytecode_val(bc)->len);
  mc_remove_code_fragment(d->rt, prog);
  free(prog);
  return val_unit;
}

/* Grow the global data to hold at least `size` entries (rounded up to a
 * multiple of 256, as stock does), the new ones 0. */
static value caml_realloc_global(mc_domain *d, value size) {
  mc_runtime *rt = d->rt;
  mlsize_t want = (mlsize_t)long_val(size);
  mlsize_t have = wosize_val(rt->global_data);
  if (want < have) return val_unit;
  want = (want + 0x100) & ~(mlsize_t)0xFF;
  mc_gc_message(rt, 0x08, "Growing global data to %lu entries\n", (unsigned long)want);
  value g = mc_alloc_shr(d, want, 0);
  for (mlsize_t i = 0; i < have; i++) mc_initialize(d, &field(g, i), field(rt->global_data, i));
  for (mlsize_t i = have; i < want; i++) field(g, i) = val_long(0);
  rt->global_data = g;
  return val_unit;
}

/* The closure of the caller: saved by the C call frame at sp[0]. */
static value caml_get_current_environment(mc_domain *d, value unit) {
  (void)unit;
  return d->stack->sp[0];
}

/* Used by the toplevel's #trace: on return, the interpreter finds a
 * pseudo return frame that enters the original code.  The seven words of
 * the caller's frames move down four words to make room for it. */
static value caml_invoke_traced_function(mc_domain *d, value codeptr, value env, value arg) {
  value *osp = d->stack->sp;
  if (!mc_stack_grow(d, d->stack, 4)) mc_raise_stack_overflow(d);
  osp = d->stack->sp;
  value *nsp = osp - 4;
  for (int i = 0; i < 7; i++) nsp[i] = osp[i];
  nsp[7] = nativeint_val(codeptr) | 1;  /* code pointer, tagged as on our stacks */
  nsp[8] = env;
  nsp[9] = val_int(0);
  nsp[10] = arg;
  d->stack->sp = nsp;
  return val_unit;
}

/* ---- Dynlink and the toplevel's view of the executable ----
 * The distribution's stub libraries are built in: opening one gives a
 * handle with no library, and its symbols are the built-in primitives.
 * Any other library is opened with dlopen (stublibs.c) and its symbols
 * become foreign primitives (prims.h).  A handle is an abstract block
 * holding the struct mc_stublib, or NULL; a symbol one holding the
 * struct mc_primdef.  Libraries are never unloaded: code threaded to call
 * their functions may still run. */

static value caml_dynlink_get_bytecode_sections(mc_domain *d, value unit) {
  (void)unit;
  mc_runtime *rt = d->rt;
  struct mc_exec ex;
  if (mc_exec_open(rt->exe_name, &ex, true) != OPEN_OK) {
    mc_exec_close(&ex);
    mc_failwith(d, "Dynlink: Failed to re-open bytecode executable");
  }
  mc_exec_read_sections(rt, &ex, rt->exe_name);
  value res = val_unit, v = val_unit, list = val_unit, str = val_unit;
  GC_ROOTS(d, &res, &v, &list, &str);
  res = mc_alloc(d, 4, 0);
  const char *names[2] = {"SYMB", "CRCS"};
  for (int i = 0; i < 2; i++) {
    size_t len;
    char *sect = mc_exec_read(rt, &ex, names[i], &len, rt->exe_name);
    if (sect == NULL) continue;
    struct mc_catch c;
    mc_catch_enter(d, &c);
    if (setjmp(c.buf) == 0) {
      v = mc_input_value_from_bytes(d, sect, len);
      mc_catch_leave(d, &c);
    } else {
      free(sect);
      mc_exec_close(&ex);
      mc_raise(d, c.exn);
    }
    free(sect);
    mc_modify(d, &field(res, (mlsize_t)i), v);
  }
  mc_exec_close(&ex);
  list = val_emptylist;
  for (size_t i = rt->nprims; i-- > 0;) {
    str = mc_copy_string(d, rt->prim_names[i]);
    list = mc_alloc_pair(d, TAG_CONS, str, list);
  }
  mc_modify(d, &field(res, 2), list);
  list = val_emptylist;
  for (int i = rt->nshared_lib_path; i-- > 0;) {
    str = mc_copy_string(d, rt->shared_lib_path[i]);
    list = mc_alloc_pair(d, TAG_CONS, str, list);
  }
  mc_modify(d, &field(res, 3), list);
  return res;
}

static value caml_dynlink_open_lib(mc_domain *d, value filename) {
  const char *name = string_val(filename);
  struct mc_stublib *lib = NULL;
  if (!mc_stub_library_is_builtin(name)) {
    mc_gc_message(d->rt, 0x100, "Opening shared library %s\n", name);
    char *path = mc_xstrdup(name);
    const char *err = NULL;
    mc_enter_blocking_section(d);
    lib = mc_stublib_open(d->rt, path, &err);
    mc_leave_blocking_section(d);
    free(path);
    if (lib == NULL) mc_failwith(d, err ? err : "cannot load shared library");
  }
  value res = mc_alloc_small(d, 1, ABSTRACT_TAG);
  field(res, 0) = (value)lib;
  return res;
}

static value caml_dynlink_close_lib(mc_domain *d, value handle) {
  (void)d;
  (void)handle;
  return val_unit;
}

static value caml_dynlink_lookup_symbol(mc_domain *d, value handle, value name) {
  struct mc_stublib *lib = (struct mc_stublib *)field(handle, 0);
  const struct mc_primdef *p = lib == NULL ? mc_prim_lookup(string_val(name))
                                           : mc_stublib_lookup(d->rt, lib, string_val(name));
  if (p == NULL) return val_unit;
  value res = mc_alloc_small(d, 1, ABSTRACT_TAG);
  field(res, 0) = (value)p;
  return res;
}

static value caml_dynlink_add_primitive(mc_domain *d, value handle) {
  const struct mc_primdef *p = (const struct mc_primdef *)field(handle, 0);
  return val_long(mc_add_primitive(d->rt, p));
}

/* The libraries the DLLS section named and that were loaded. */
static value caml_dynlink_get_current_libs(mc_domain *d, value unit) {
  (void)unit;
  mc_runtime *rt = d->rt;
  mlsize_t n = 0;
  pthread_mutex_lock(&rt->code_lock);
  for (struct mc_stublib *lib = rt->stublibs; lib != NULL; lib = lib->next) n += lib->at_startup;
  pthread_mutex_unlock(&rt->code_lock);
  value res = mc_alloc(d, n, 0), h = val_unit;
  GC_ROOTS(d, &res, &h);
  /* The list only grows at its end, and startup libraries come first. */
  struct mc_stublib *lib = rt->stublibs;
  for (mlsize_t i = 0; i < n; i++) {
    h = mc_alloc_small(d, 1, ABSTRACT_TAG);
    field(h, 0) = (value)lib;
    mc_modify(d, &field(res, i), h);
    if (i + 1 < n) lib = lib->next;
  }
  return res;
}

const struct mc_primdef mc_prims_meta[] = {
    PRIM(caml_dynlink_get_bytecode_sections, 1),
    PRIM(caml_dynlink_open_lib, 1),
    PRIM(caml_dynlink_close_lib, 1),
    PRIM(caml_dynlink_lookup_symbol, 2),
    PRIM(caml_dynlink_add_primitive, 1),
    PRIM(caml_dynlink_get_current_libs, 1),
    PRIM(caml_get_global_data, 1),
    PRIM(caml_reify_bytecode, 3),
    PRIM(caml_static_release_bytecode, 1),
    PRIM(caml_realloc_global, 1),
    PRIM(caml_get_current_environment, 1),
    PRIM(caml_invoke_traced_function, 3),
    PRIM_END,
};
