/* loader.c: reading bytecode executables, checking and threading their
 * code, and resolving their primitives.
 *
 * File layout (OCaml 5.3): optional "#!" line, then sections back to back,
 * then a table of (4-byte name, 32-bit big-endian length) per section, then
 * the trailer: 32-bit big-endian section count and the 12-byte magic
 * "Caml1999X035".  Sections: CODE (32-bit little-endian words), DATA (the
 * marshalled global data), PRIM (NUL-terminated primitive names), DLLS,
 * DLPT, SYMB, CRCS, DBUG (debug events), RNTM (runtime path).
 *
 * Everything read from the file is checked before use: the table must fit
 * the file, the code is verified instruction by instruction (opcodes,
 * operand counts, jump targets on instruction boundaries, primitive and
 * global indices), so a corrupt file gives an error, not a crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "alloc.h"
#include "digest.h"
#include "fail.h"
#include "interp.h"
#include "loader.h"
#include "opcodes.h"
#include "prims.h"

#define TRAILER_BYTES 16
#define MAX_SECTIONS 4096

const signed char mc_opcode_operands[OP_COUNT] = {
#define OPCODE(name, n) n,
#include "opcodes.def"
#undef OPCODE
};

const char *const mc_opcode_names[OP_COUNT] = {
#define OPCODE(name, n) #name,
#include "opcodes.def"
#undef OPCODE
};

static uint32_t read_be32(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static bool read_at(int fd, void *buf, size_t len, off_t off) {
  size_t done = 0;
  while (done < len) {
    ssize_t n = pread(fd, (char *)buf + done, len - done, off + (off_t)done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += (size_t)n;
  }
  return true;
}

enum mc_open_status mc_exec_open(const char *path, struct mc_exec *ex, bool allow_script) {
  memset(ex, 0, sizeof *ex);
  ex->fd = -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return OPEN_NOT_FOUND;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < TRAILER_BYTES) {
    close(fd);
    return OPEN_NOT_BYTECODE;
  }
  unsigned char head[2];
  if (!allow_script && read_at(fd, head, 2, 0) && head[0] == '#' && head[1] == '!') {
    close(fd);
    return OPEN_NOT_BYTECODE;
  }
  unsigned char trailer[TRAILER_BYTES];
  if (!read_at(fd, trailer, TRAILER_BYTES, st.st_size - TRAILER_BYTES)) {
    close(fd);
    return OPEN_NOT_BYTECODE;
  }
  memcpy(ex->magic, trailer + 4, 12);
  ex->magic[12] = 0;
  if (memcmp(ex->magic, "Caml1999X", 9) != 0) {
    close(fd);
    return OPEN_NOT_BYTECODE;
  }
  ex->fd = fd;
  ex->file_size = st.st_size;
  ex->nsections = read_be32(trailer);
  if (strcmp(ex->magic, MC_EXEC_MAGIC) != 0) return OPEN_WRONG_MAGIC;
  return OPEN_OK;
}

/* Read and check the section table: every section must lie inside the
 * file, after the "#!" line if any. */
void mc_exec_read_sections(mc_runtime *rt, struct mc_exec *ex, const char *path) {
  if (ex->nsections == 0 || ex->nsections > MAX_SECTIONS)
    mc_fatal(rt, "%s: corrupt bytecode file (bad section count %u)", path, ex->nsections);
  int64_t table_bytes = (int64_t)ex->nsections * 8;
  int64_t table_off = ex->file_size - TRAILER_BYTES - table_bytes;
  if (table_off < 0) mc_fatal(rt, "%s: truncated bytecode file (section table)", path);
  unsigned char *table = mc_xmalloc((size_t)table_bytes);
  if (!read_at(ex->fd, table, (size_t)table_bytes, table_off))
    mc_fatal(rt, "%s: cannot read the section table", path);
  ex->sections = mc_xcalloc(ex->nsections, sizeof(struct mc_section));
  int64_t end = table_off;
  for (uint32_t i = ex->nsections; i-- > 0;) {
    struct mc_section *s = &ex->sections[i];
    memcpy(s->name, table + 8 * i, 4);
    s->name[4] = 0;
    for (int k = 0; k < 4; k++)  /* names appear in messages */
      if (s->name[k] < 0x20 || s->name[k] > 0x7e) s->name[k] = '?';
    s->length = read_be32(table + 8 * i + 4);
    s->offset = end - (int64_t)s->length;
    if (s->offset < 0)
      mc_fatal(rt, "%s: truncated or corrupt bytecode file (section %s)", path, s->name);
    end = s->offset;
  }
  free(table);
}

const struct mc_section *mc_exec_find(const struct mc_exec *ex, const char *name) {
  for (uint32_t i = 0; i < ex->nsections; i++)
    if (memcmp(ex->sections[i].name, name, 4) == 0) return &ex->sections[i];
  return NULL;
}

/* Read a whole section into a fresh buffer, NUL-terminated; NULL if the
 * section is absent. */
char *mc_exec_read(mc_runtime *rt, const struct mc_exec *ex, const char *name, size_t *len,
                   const char *path) {
  const struct mc_section *s = mc_exec_find(ex, name);
  if (s == NULL) return NULL;
  char *buf = mc_xmalloc(s->length + 1);
  if (!read_at(ex->fd, buf, s->length, s->offset))
    mc_fatal(rt, "%s: cannot read section %s (truncated file?)", path, name);
  buf[s->length] = 0;
  if (len != NULL) *len = s->length;
  return buf;
}

void mc_exec_close(struct mc_exec *ex) {
  if (ex->fd >= 0) close(ex->fd);
  free(ex->sections);
  ex->fd = -1;
  ex->sections = NULL;
}

/* ---- Primitives ---- */

/* Called instead of a primitive that mcrun does not have.  The C call
 * frame tells which one: its saved pc is just past the primitive's index
 * operand. */
static const char *called_primitive(mc_domain *d) {
  code_t after = (code_t)(d->stack->sp[1] & ~(value)1);
  opcode_t idx = after[-1];
  if (idx < 0 || (size_t)idx >= d->rt->nprims) return "?";
  return d->rt->prim_names[idx];
}

static value missing_primitive(mc_domain *d) {
  mc_fatal(d->rt, "the primitive '%s' is not implemented", called_primitive(d));
}

static value wrong_arity_primitive(mc_domain *d) {
  const char *name = called_primitive(d);
  const struct mc_primdef *p = mc_prim_lookup(name);
  mc_fatal(d->rt, "the primitive '%s' is called with a number of arguments other than its %d",
           name, p ? p->arity : -1);
}

/* The interpreter's table entry of a foreign primitive: never called,
 * since every C_CALL of one is threaded to an instruction that calls the
 * function itself (mc_interp_specialise). */
static value foreign_primitive_reached(mc_domain *d) {
  mc_fatal(d->rt, "the foreign primitive '%s' was called through the generic C_CALL path",
           called_primitive(d));
}

/* What the interpreter's table holds for primitive p (NULL: missing). */
static mc_prim_fn_t interp_entry(const struct mc_primdef *p) {
  if (p == NULL) return (mc_prim_fn_t)missing_primitive;
  if (p->flags & MC_PRIM_FOREIGN) return (mc_prim_fn_t)foreign_primitive_reached;
  return p->fn;
}

void mc_bind_primitive(mc_runtime *rt, size_t k, const struct mc_primdef *p) {
  rt->prims[k] = p;
  rt->prim_fns[k] = interp_entry(p);
}

void mc_resolve_primitives(mc_runtime *rt, const char *names, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (names[i] == 0) n++;
  rt->nprims = n;
  rt->prims = mc_xcalloc(n ? n : 1, sizeof *rt->prims);
  rt->prim_names = mc_xcalloc(n ? n : 1, sizeof *rt->prim_names);
  rt->prim_fns = mc_xcalloc(n ? n : 1, sizeof *rt->prim_fns);
  size_t k = 0;
  for (size_t i = 0; i < len && k < n; k++) {
    const char *name = names + i;
    rt->prim_names[k] = mc_xstrdup(name);
    mc_bind_primitive(rt, k, mc_prim_lookup(name));
    i += strlen(name) + 1;
  }
}

/* Append a primitive to the program's table (Dynlink, the toplevel) and
 * return its index.  The arrays are replaced, never reallocated in place,
 * and the old ones kept until shutdown, so that a domain running C_CALL
 * with the old array stays safe. */
size_t mc_add_primitive(mc_runtime *rt, const struct mc_primdef *p) {
  pthread_mutex_lock(&rt->code_lock);
  size_t n = rt->nprims;
  const struct mc_primdef **prims = mc_xcalloc(n + 1, sizeof *prims);
  char **names = mc_xcalloc(n + 1, sizeof *names);
  mc_prim_fn_t *fns = mc_xcalloc(n + 1, sizeof *fns);
  memcpy(prims, rt->prims, n * sizeof *prims);
  memcpy(names, rt->prim_names, n * sizeof *names);
  memcpy(fns, rt->prim_fns, n * sizeof *fns);
  prims[n] = p;
  names[n] = mc_xstrdup(p->name);
  fns[n] = interp_entry(p);
  rt->retired = mc_xrealloc(rt->retired, (rt->nretired + 3) * sizeof(void *));
  rt->retired[rt->nretired++] = (void *)rt->prims;
  rt->retired[rt->nretired++] = (void *)rt->prim_names;
  rt->retired[rt->nretired++] = (void *)rt->prim_fns;
  __atomic_store_n(&rt->prims, prims, __ATOMIC_RELEASE);
  rt->prim_names = names;
  __atomic_store_n(&rt->prim_fns, fns, __ATOMIC_RELEASE);
  rt->nprims = n + 1;
  pthread_mutex_unlock(&rt->code_lock);
  return n;
}

/* ---- Code verification and threading ---- */

static bool is_branch_opcode(int op) {
  switch (op) {
    case OP_PUSH_RETADDR: case OP_BRANCH: case OP_BRANCHIF: case OP_BRANCHIFNOT:
    case OP_PUSHTRAP: return true;
    default: return false;
  }
}

static bool ends_flow(int op) {
  switch (op) {
    case OP_STOP: case OP_RETURN: case OP_BRANCH: case OP_SWITCH: case OP_RAISE:
    case OP_RERAISE: case OP_RAISE_NOTRACE: case OP_APPTERM: case OP_APPTERM1:
    case OP_APPTERM2: case OP_APPTERM3: case OP_RESUMETERM: return true;
    default: return false;
  }
}

static bool is_cmp_branch(int op) {
  return (op >= OP_BEQ && op <= OP_BGEINT) || op == OP_BULTINT || op == OP_BUGEINT;
}

/* Verify `code` (n words) and replace each opcode by its threaded form.
 * nglobals: size of the global data, for GETGLOBAL/SETGLOBAL checks. */
void mc_thread_code(mc_runtime *rt, code_t code, size_t n, size_t nglobals, const char *what) {
  if (n == 0) mc_fatal(rt, "%s: corrupt code (empty)", what);
  unsigned char *start = mc_xcalloc(n + 1, 1);  /* 1 where an instruction begins */
  /* Pass 1: instruction boundaries and operand counts. */
  size_t pc = 0;
  opcode_t last = OP_STOP;
  while (pc < n) {
    opcode_t op = code[pc];
    if (op < 0 || op >= OP_COUNT) mc_fatal(rt, "%s: corrupt code (bad opcode %d at %zu)", what, op, pc);
    start[pc] = 1;
    last = op;
    size_t len;
    if (op == OP_SWITCH) {
      if (pc + 1 >= n) goto truncated;
      uint32_t sizes = (uint32_t)code[pc + 1];
      len = 2 + (sizes & 0xFFFF) + (sizes >> 16);
    } else if (op == OP_CLOSUREREC) {
      if (pc + 2 >= n) goto truncated;
      int32_t nf = code[pc + 1];
      if (nf <= 0 || nf > 0x100000) mc_fatal(rt, "%s: corrupt code (CLOSUREREC at %zu)", what, pc);
      len = 3 + (size_t)nf;
    } else {
      len = 1 + (size_t)mc_opcode_operands[op];
    }
    if (len > n - pc) goto truncated;
    pc += len;
  }
  /* Execution must not run off the end: the last instruction is one that
   * never continues with the next. */
  if (!ends_flow(last)) mc_fatal(rt, "%s: corrupt code (the last instruction falls through)", what);
  /* Pass 2: operands that refer to code, primitives or globals. */
#define CHECK_TARGET(from, ofs)                                                           \
  do {                                                                                    \
    int64_t t_ = (int64_t)(from) + (int64_t)(ofs);                                        \
    if (t_ < 0 || (uint64_t)t_ >= n || !start[t_])                                        \
      mc_fatal(rt, "%s: corrupt code (jump to %lld from %zu)", what, (long long)t_, pc);  \
  } while (0)
  for (pc = 0; pc < n;) {
    opcode_t op = code[pc];
    size_t len = 1 + (size_t)(mc_opcode_operands[op] < 0 ? 0 : mc_opcode_operands[op]);
    if (is_branch_opcode(op)) {
      CHECK_TARGET(pc + 1, code[pc + 1]);
    } else if (is_cmp_branch(op)) {
      CHECK_TARGET(pc + 2, code[pc + 2]);
    } else if (op == OP_CLOSURE) {
      if (code[pc + 1] < 0) mc_fatal(rt, "%s: corrupt code (CLOSURE at %zu)", what, pc);
      CHECK_TARGET(pc + 2, code[pc + 2]);
    } else if (op == OP_CLOSUREREC) {
      int32_t nf = code[pc + 1];
      if (code[pc + 2] < 0) mc_fatal(rt, "%s: corrupt code (CLOSUREREC at %zu)", what, pc);
      for (int32_t i = 0; i < nf; i++) CHECK_TARGET(pc + 3, code[pc + 3 + (size_t)i]);
      len = 3 + (size_t)nf;
    } else if (op == OP_SWITCH) {
      uint32_t sizes = (uint32_t)code[pc + 1];
      size_t entries = (sizes & 0xFFFF) + (sizes >> 16);
      for (size_t i = 0; i < entries; i++) CHECK_TARGET(pc + 2, code[pc + 2 + i]);
      len = 2 + entries;
    } else if (op >= OP_C_CALL1 && op <= OP_C_CALLN) {
      int nargs = op == OP_C_CALLN ? code[pc + 1] : op - OP_C_CALL1 + 1;
      opcode_t idx = code[pc + (op == OP_C_CALLN ? 2 : 1)];
      if (idx < 0 || (size_t)idx >= rt->nprims)
        mc_fatal(rt, "%s: corrupt code (primitive %d at %zu)", what, idx, pc);
      if (op == OP_C_CALLN && nargs <= 0)
        mc_fatal(rt, "%s: corrupt code (C_CALLN at %zu)", what, pc);
      const struct mc_primdef *p = rt->prims[idx];
      if (p != NULL && !(p->flags & MC_PRIM_FOREIGN) && p->arity != nargs)
        rt->prim_fns[idx] = (mc_prim_fn_t)wrong_arity_primitive;
    } else if (op == OP_GETGLOBAL || op == OP_PUSHGETGLOBAL || op == OP_SETGLOBAL ||
               op == OP_GETGLOBALFIELD || op == OP_PUSHGETGLOBALFIELD) {
      if (code[pc + 1] < 0 || (size_t)code[pc + 1] >= nglobals)
        mc_fatal(rt, "%s: corrupt code (global %d at %zu)", what, code[pc + 1], pc);
    } else if (op == OP_ATOM || op == OP_PUSHATOM || op == OP_MAKEBLOCK1 || op == OP_MAKEBLOCK2 ||
               op == OP_MAKEBLOCK3) {
      if (code[pc + 1] < 0 || code[pc + 1] > 255)
        mc_fatal(rt, "%s: corrupt code (tag at %zu)", what, pc);
    } else if (op == OP_MAKEBLOCK) {
      if (code[pc + 1] <= 0 || code[pc + 2] < 0 || code[pc + 2] > 255)
        mc_fatal(rt, "%s: corrupt code (MAKEBLOCK at %zu)", what, pc);
    } else if (op == OP_MAKEFLOATBLOCK) {
      if (code[pc + 1] <= 0) mc_fatal(rt, "%s: corrupt code (MAKEFLOATBLOCK at %zu)", what, pc);
    } else if (op == OP_GRAB) {
      /* A partial application restarts at the RESTART before its GRAB. */
      if (pc < 1 || code[pc - 1] != OP_RESTART || !start[pc - 1])
        mc_fatal(rt, "%s: corrupt code (GRAB without RESTART at %zu)", what, pc);
    }
    pc += len;
  }
#undef CHECK_TARGET
  free(start);
  /* Pass 3: thread, with the handler the interpreter chooses for each
   * instruction (it may specialise one, looking at the instructions around
   * it in a copy of the code as loaded). */
  opcode_t *orig = mc_xmalloc(n * sizeof *orig);
  memcpy(orig, code, n * sizeof *orig);
  for (pc = 0; pc < n;) {
    opcode_t op = orig[pc];
    size_t len;
    if (op == OP_SWITCH) {
      uint32_t sizes = (uint32_t)orig[pc + 1];
      len = 2 + (sizes & 0xFFFF) + (sizes >> 16);
    } else if (op == OP_CLOSUREREC) {
      len = 3 + (size_t)orig[pc + 1];
    } else {
      len = 1 + (size_t)mc_opcode_operands[op];
    }
    int sop = mc_interp_specialise(rt, orig, pc, len, n);
#if MC_THREADED_CODE
    code[pc] = (opcode_t)((const char *)rt->jumptable[sop] - rt->jumptable_base);
#else
    code[pc] = (opcode_t)sop;
#endif
    pc += len;
  }
  free(orig);
  return;
truncated:
  mc_fatal(rt, "%s: corrupt code (instruction at %zu runs past the end)", what, pc);
}

/* ---- Code fragments ---- */

struct mc_code_fragment *mc_code_fragment_at(mc_runtime *rt, int id) {
  return &rt->frag_chunks[id / MC_FRAG_CHUNK][id % MC_FRAG_CHUNK];
}

int mc_code_fragment_count(mc_runtime *rt) {
  return __atomic_load_n(&rt->nfragments, __ATOMIC_ACQUIRE);
}

int mc_register_code_fragment(mc_runtime *rt, code_t start, size_t size_bytes, bool user_code) {
  pthread_mutex_lock(&rt->code_lock);
  int id = rt->nfragments;
  if (id == MC_FRAG_CHUNK * MC_FRAG_CHUNKS)
    mc_fatal(rt, "too many code fragments (%d loaded)", id);
  if (id % MC_FRAG_CHUNK == 0)
    rt->frag_chunks[id / MC_FRAG_CHUNK] = mc_xmalloc(MC_FRAG_CHUNK * sizeof(struct mc_code_fragment));
  struct mc_code_fragment *f = mc_code_fragment_at(rt, id);
  f->start = start;
  f->size_bytes = size_bytes;
  f->digest_valid = false;
  f->user_code = user_code;
  f->owned = false;
  f->id = id;
  __atomic_store_n(&rt->nfragments, id + 1, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&rt->code_lock);
  return id;
}

const struct mc_code_fragment *mc_find_code_fragment(mc_runtime *rt, const void *pc) {
  const char *p = pc;
  int n = mc_code_fragment_count(rt);
  for (int i = 0; i < n; i++) {
    const struct mc_code_fragment *f = mc_code_fragment_at(rt, i);
    const char *start = (const char *)__atomic_load_n(&f->start, __ATOMIC_RELAXED);
    if (start != NULL && p >= start && p < start + f->size_bytes) return f;
  }
  return NULL;
}

void mc_remove_code_fragment(mc_runtime *rt, code_t start) {
  pthread_mutex_lock(&rt->code_lock);
  for (int i = 0; i < rt->nfragments; i++) {
    struct mc_code_fragment *f = mc_code_fragment_at(rt, i);
    if (f->start == start) __atomic_store_n(&f->start, NULL, __ATOMIC_RELAXED);
  }
  pthread_mutex_unlock(&rt->code_lock);
}

const unsigned char *mc_code_fragment_digest(mc_runtime *rt, const struct mc_code_fragment *f) {
  struct mc_code_fragment *mf = mc_code_fragment_at(rt, f->id);
  pthread_mutex_lock(&rt->code_lock);
  if (!mf->digest_valid) {
    mc_md5_digest(mf->start, mf->size_bytes, mf->digest);
    mf->digest_valid = true;
  }
  pthread_mutex_unlock(&rt->code_lock);
  return mf->digest;
}

const struct mc_code_fragment *mc_find_code_fragment_by_digest(mc_runtime *rt,
                                                               const unsigned char digest[16]) {
  int n = mc_code_fragment_count(rt);
  for (int i = 0; i < n; i++) {
    const struct mc_code_fragment *f = mc_code_fragment_at(rt, i);
    if (__atomic_load_n(&f->start, __ATOMIC_RELAXED) == NULL || !f->user_code) continue;
    if (memcmp(mc_code_fragment_digest(rt, f), digest, 16) == 0) return f;
  }
  return NULL;
}
