/* marshal_in.c: input_value, rebuilding values from OCaml's marshalled format.
 *
 * The input is untrusted.  Nothing read from it is believed before it is
 * checked: the header's lengths against the bytes really there, every size
 * against the bytes left (each field, character or float costs input), the
 * words allocated against the header's word count, object numbers against
 * the header's object count, back-references against the objects already
 * built, tags against what the collector can live with, custom identifiers
 * against the registered ones, and the reads of custom deserialisers
 * against the end of the data.  Bad input raises Failure; the C memory of
 * the reader is freed first.
 *
 * Building.  The value graph is rebuilt in one pre-order pass, the order in
 * which marshal_out.c wrote it, with an explicit stack of partly filled
 * blocks instead of C recursion.  No collection may run while the graph is
 * half built, so blocks come either from one reservation in the minor heap
 * (small messages, laid out here header by header) or from mc_alloc_shr,
 * which never collects.  If the reader gives up half way through a young
 * reservation, the unfilled fields of pending blocks are set to unit and
 * the unused tail becomes one dead block, so the minor heap stays well
 * formed.
 *
 * Closures (written with Marshal.Closures) hold code pointers, which are
 * not values: they are accepted only in the code part of a closure, whose
 * layout (code pointer, closure info, infix header, ...) is checked once
 * its closure info is known.  Infix pointers are stored as the plain
 * closure while building and shifted at the end, once every closure is
 * complete and the infix header they land on can be checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "callback.h"
#include "custom.h"
#include "fail.h"
#include "gc.h"
#include "io.h"
#include "marshal.h"
#include "marshal_internal.h"
#include "prims.h"
#include "runtime.h"

/* Provided by obj.c (object ids) and gc_minor.c (young custom blocks that
 * need finalising). */
extern value mc_fresh_oo_id(mc_domain *d);
extern void mc_register_young_custom(mc_domain *d, value v);

/* A custom block's in-heap data may be larger than its serialised form
 * (a bigarray's descriptor is), but not by more than this factor plus
 * this slack: beyond, the declared size is a lie and is refused before
 * anything is allocated for it. */
#define CUSTOM_GROWTH 8
#define CUSTOM_SLACK 4096

/* Smallest scratch buffer for custom data: more than any deserialiser of
 * the runtime writes (a bigarray descriptor with 16 dimensions is 160). */
#define CUSTOM_SCRATCH_MIN 1024

#define INLINE_FRAMES 32

/* What a pending block is, which decides what its fields may hold. */
enum frame_kind {
  FRAME_RESULT,  /* the one slot that receives the whole value */
  FRAME_PLAIN,   /* any scannable block */
  FRAME_OBJECT,  /* gets a fresh object id once field 1 is read */
  FRAME_CLOSURE, /* code part checked once field 1 (closure info) is read */
};

struct frame {
  value blk;       /* block being filled (not used by FRAME_RESULT) */
  mlsize_t next;   /* index of the next field to read */
  mlsize_t size;   /* number of fields */
  mlsize_t env;    /* closures: first environment field, known from field 2 on */
  enum frame_kind kind;
};

/* A field that must end up holding `closure + offset` (an infix pointer). */
struct infix_fix {
  value holder;    /* block owning the field, 0 for the result slot */
  mlsize_t index;
  value closure;
  uvalue offset;
};

/* One decoded item. */
enum item_kind { ITEM_IMMEDIATE, ITEM_BLOCK, ITEM_CODE };
struct item {
  value v;
  enum item_kind kind;
  bool infix;      /* v is to be shifted by offset at the end */
  uvalue offset;
};

struct mc_deser {
  mc_domain *d;
  const char *who;                  /* prefix of error messages */
  const unsigned char *pos, *end;   /* unread data */
  /* Blocks built so far, numbered for back-references. */
  value *objs;
  uvalue nobjs, maxobjs;
  /* Words the header allows us to allocate, and the young reservation. */
  uvalue budget;
  bool young;
  value *ycur, *yend;
  /* Blocks whose fields are still being read. */
  struct frame *frames;
  size_t depth, cap;
  struct infix_fix *fixes;
  size_t nfixes, capfixes;
  void *custom_tmp;                 /* scratch for custom data being deserialised */
  const struct mc_custom_ops *custom_ops;  /* ... and the operations reading it */
  uvalue custom_cap;
  void *owned_input;                /* buffer freed when done (channels) */
  value result;
  bool released;
  struct frame inline_frames[INLINE_FRAMES];
};

/* ---- Giving up ---- */

/* Make the blocks built so far well formed: pending fields get unit (the
 * blocks come with their fields unset, young or not), and the unused tail
 * of a young reservation becomes one dead block.  Used when done and when
 * giving up. */
static void seal_blocks(struct mc_deser *s) {
  for (size_t k = 0; k < s->depth; k++) {
    struct frame *f = &s->frames[k];
    if (f->kind == FRAME_RESULT) continue;
    for (mlsize_t i = f->next; i < f->size; i++) field(f->blk, i) = val_unit;
  }
  s->depth = 0;
  if (s->young && s->ycur < s->yend) {
    *(header_t *)s->ycur = make_header((mlsize_t)(s->yend - s->ycur - 1), ABSTRACT_TAG, 0);
    s->ycur = s->yend;
  }
}

/* Free everything the reader owns.  Idempotent, so that both the raising
 * site and the catch point of unmarshal() may call it. */
static void release(struct mc_deser *s) {
  if (s->released) return;
  s->released = true;
  if (s->d->capi_deser == s) s->d->capi_deser = NULL;  /* a foreign deserializer failed */
  seal_blocks(s);
  free(s->objs);
  s->objs = NULL;
  if (s->frames != s->inline_frames) free(s->frames);
  s->frames = s->inline_frames;
  free(s->fixes);
  s->fixes = NULL;
  free(s->custom_tmp);
  s->custom_tmp = NULL;
  free(s->owned_input);
  s->owned_input = NULL;
}

/* Raise Failure "<who>: <what>", the message built before the input (which
 * `what` may point into) is freed. */
static _Noreturn void give_up(struct mc_deser *s, const char *what) {
  char msg[512];
  snprintf(msg, sizeof msg, "%s: %s", s->who, what);
  release(s);
  mc_failwith(s->d, msg);
}

static _Noreturn void ill_formed(struct mc_deser *s) { give_up(s, "ill-formed message"); }
static _Noreturn void truncated(struct mc_deser *s) { give_up(s, "truncated object"); }

static _Noreturn void bad_custom(struct mc_deser *s, const char *what, const unsigned char *name) {
  char msg[512];
  snprintf(msg, sizeof msg, "%s %s", what, (const char *)name);
  give_up(s, msg);
}

static _Noreturn void no_memory(struct mc_deser *s) {
  release(s);
  mc_raise_out_of_memory(s->d);
}

/* ---- Reading bytes ---- */

static inline uvalue bytes_left(const struct mc_deser *s) { return (uvalue)(s->end - s->pos); }

/* Consume n bytes, returning where they start. */
static inline const unsigned char *take(struct mc_deser *s, uvalue n) {
  if (n > bytes_left(s)) truncated(s);
  const unsigned char *p = s->pos;
  s->pos += n;
  return p;
}

static inline uint64_t load_be(const unsigned char *p, int n) {
  uint64_t x = 0;
  for (int i = 0; i < n; i++) x = (x << 8) | p[i];
  return x;
}

static inline uint64_t get_u(struct mc_deser *s, int n) { return load_be(take(s, (uvalue)n), n); }

/* An n-byte two's complement number, sign-extended. */
static inline int64_t get_s(struct mc_deser *s, int n) {
  int unused = 64 - 8 * n;
  return (int64_t)(get_u(s, n) << unused) >> unused;
}

/* Copy n floats of 8 bytes, reversing each when the stream's byte order is
 * not the host's. */
static void copy_floats(void *dst, const unsigned char *src, uvalue n, bool src_big) {
  if (src_big == (bool)MARSHAL_HOST_BIG_ENDIAN) {
    memcpy(dst, src, n * 8);
    return;
  }
  unsigned char *out = dst;
  for (uvalue k = 0; k < n; k++, out += 8, src += 8)
    for (int b = 0; b < 8; b++) out[b] = src[7 - b];
}

/* ---- Allocation ---- */

/* A block of 1 <= wosize words, its header set, its fields unset (a block
 * with fields to read is pushed as pending at once, and pending fields are
 * sealed if we give up).  The caller has bounded wosize by the input left,
 * so the additions below cannot overflow. */
static inline value new_block(struct mc_deser *s, mlsize_t wosize, tag_t tag) {
  uvalue words = (uvalue)wosize + 1;
  if (words > s->budget) ill_formed(s);
  s->budget -= words;
  if (!s->young) {
    /* Fresh major blocks are born marked and nothing young is stored in
     * them: plain stores fill them. */
    value v = wosize <= MAX_WOSIZE ? mc_major_alloc(s->d, wosize, tag) : 0;
    if (v == 0) no_memory(s);
    return v;
  }
  header_t *hp = (header_t *)s->ycur;
  *hp = make_header(wosize, tag, 0);
  s->ycur += words;
  return val_hp(hp);
}

/* Number a newly built object for later back-references. */
static inline void number_object(struct mc_deser *s, value v) {
  if (s->maxobjs == 0) return;  /* written with No_sharing */
  if (s->nobjs == s->maxobjs) ill_formed(s);
  s->objs[s->nobjs++] = v;
}

/* Make room for one more pending block. */
static void grow_frames(struct mc_deser *s);
static inline void reserve_frame(struct mc_deser *s) {
  if (__builtin_expect(s->depth == s->cap, 0)) grow_frames(s);
}

static __attribute__((noinline)) void grow_frames(struct mc_deser *s) {
  size_t ncap = 2 * s->cap;
  struct frame *nf = malloc(ncap * sizeof *nf);
  if (nf == NULL) no_memory(s);
  memcpy(nf, s->frames, s->depth * sizeof *nf);
  if (s->frames != s->inline_frames) free(s->frames);
  s->frames = nf;
  s->cap = ncap;
}

/* Field `index` of `holder` (or the result slot) receives v.  The blocks
 * are ours alone (young, or fresh in the major heap and born marked), and
 * what goes in is an immediate or a block built here: no barrier. */
static inline void store(struct mc_deser *s, value holder, mlsize_t index, value v) {
  if (holder == 0)
    s->result = v;
  else
    field(holder, index) = v;
}

/* ---- Items ---- */

/* Zero-sized blocks are shared static atoms; refuse the tags for which a
 * zero size makes no sense (everyone touching them would misbehave). */
static bool atom_tag_ok(tag_t tag) {
  switch (tag) {
  case FORWARD_TAG: case INFIX_TAG: case CLOSURE_TAG: case OBJECT_TAG: case CONT_TAG:
  case STRING_TAG: case DOUBLE_TAG: case CUSTOM_TAG:
    return false;
  default:
    return true;
  }
}

/* A block whose fields follow as items: build it and push it as pending. */
static void read_block(struct mc_deser *s, tag_t tag, uvalue size, struct item *it) {
  it->kind = ITEM_BLOCK;
  if (size == 0) {
    if (!atom_tag_ok(tag)) ill_formed(s);
    it->v = atom(tag);
    return;
  }
  enum frame_kind kind = FRAME_PLAIN;
  /* Tags whose fields are not plain values (or that only the runtime may
   * create) cannot come from a message. */
  if (tag >= NO_SCAN_TAG || tag == INFIX_TAG || tag == CONT_TAG) ill_formed(s);
  if (tag == FORWARD_TAG && size != 1) ill_formed(s);
  if (tag == OBJECT_TAG || tag == CLOSURE_TAG) {
    if (size < 2) ill_formed(s);
    kind = tag == OBJECT_TAG ? FRAME_OBJECT : FRAME_CLOSURE;
  }
  if (size > bytes_left(s)) truncated(s);  /* every field takes a byte at least */
  reserve_frame(s);
  value b = new_block(s, (mlsize_t)size, tag);
  s->frames[s->depth++] = (struct frame){b, 0, (mlsize_t)size, 0, kind};
  number_object(s, b);
  it->v = b;
}

static inline value string_item(struct mc_deser *s, uvalue len) {
  if (len > bytes_left(s)) truncated(s);
  mlsize_t wosize = (mlsize_t)(len / sizeof(value) + 1);
  value str = new_block(s, wosize, STRING_TAG);
  mlsize_t last = wosize * sizeof(value) - 1;
  field(str, wosize - 1) = 0;
  byte_u(str, last) = (unsigned char)(last - len);
  memcpy(bytes_val(str), take(s, len), len);
  number_object(s, str);
  return str;
}

static void read_string(struct mc_deser *s, uvalue len, struct item *it) {
  it->v = string_item(s, len);
  it->kind = ITEM_BLOCK;
}

static inline value double_item(struct mc_deser *s, bool big) {
  const unsigned char *src = take(s, 8);
  value f = new_block(s, DOUBLE_WOSIZE, DOUBLE_TAG);
  copy_floats((void *)f, src, 1, big);
  number_object(s, f);
  return f;
}

static void read_double(struct mc_deser *s, bool big, struct item *it) {
  it->v = double_item(s, big);
  it->kind = ITEM_BLOCK;
}

static void read_float_array(struct mc_deser *s, uvalue count, bool big, struct item *it) {
  if (count > bytes_left(s) / 8) truncated(s);
  value arr;
  if (count == 0) {
    arr = atom(DOUBLE_ARRAY_TAG);  /* never written by OCaml, but well formed */
  } else {
    arr = new_block(s, (mlsize_t)count, DOUBLE_ARRAY_TAG);
    copy_floats((void *)arr, take(s, count * 8), count, big);
  }
  number_object(s, arr);
  it->v = arr;
  it->kind = ITEM_BLOCK;
}

static inline value shared_item(struct mc_deser *s, uvalue distance) {
  if (distance == 0 || distance > s->nobjs) ill_formed(s);
  return s->objs[s->nobjs - distance];
}

static void read_shared(struct mc_deser *s, uvalue distance, struct item *it) {
  it->v = shared_item(s, distance);
  it->kind = ITEM_BLOCK;
}

/* A code pointer: offset into the code fragment whose MD5 follows.  An
 * unknown fragment falls back to the debugger's placeholder function when
 * one is registered, as stock does. */
static void read_code_pointer(struct mc_deser *s, struct item *it) {
  mc_runtime *rt = s->d->rt;
  uvalue offset = get_u(s, 4);
  const unsigned char *digest = take(s, 16);
  const struct mc_code_fragment *frag = mc_find_code_fragment_by_digest(rt, digest);
  it->kind = ITEM_CODE;
  if (frag != NULL && offset < frag->size_bytes && offset % sizeof(opcode_t) == 0) {
    it->v = (value)((char *)frag->start + offset);
    return;
  }
  const value *placeholder = mc_named_value(rt, "Debugger.function_placeholder");
  if (placeholder != NULL && is_block(*placeholder) && tag_val(*placeholder) == CLOSURE_TAG) {
    it->v = (value)code_val(*placeholder);
    return;
  }
  char msg[96];
  int n = snprintf(msg, sizeof msg, "input_value: unknown code module ");
  for (int k = 0; k < 16; k++) n += snprintf(msg + n, sizeof msg - (size_t)n, "%02X", digest[k]);
  release(s);
  mc_failwith(s->d, msg);
}

/* A custom block: identifier, sizes, then whatever its deserialiser reads.
 * The data is deserialised into a scratch buffer first, so that a block
 * exists in the heap only once complete (a finaliser may then run on it). */
static void read_custom(struct mc_deser *s, bool fixed, struct item *it) {
  const unsigned char *name = s->pos;
  const unsigned char *nul = memchr(name, 0, bytes_left(s));
  if (nul == NULL) truncated(s);
  const struct mc_custom_ops *ops = mc_find_custom_ops(s->d->rt, (const char *)name);
  if (ops == NULL) bad_custom(s, "unknown custom block identifier", name);
  if (fixed && ops->fixed_length == NULL)
    bad_custom(s, "expected a fixed-size custom block", name);
  s->pos = nul + 1;
  uvalue size;
  if (fixed) {
    size = (uvalue)ops->fixed_length->bsize_64;
  } else {
    take(s, 4);  /* size on 32-bit hosts */
    size = get_u(s, 8);
  }
  if (ops->deserialize == NULL || size > (bytes_left(s) + CUSTOM_SLACK) * CUSTOM_GROWTH)
    bad_custom(s, "error while deserializing custom block", name);
  mlsize_t wosize = (mlsize_t)(1 + (size + sizeof(value) - 1) / sizeof(value));
  if ((uvalue)wosize + 1 > s->budget) ill_formed(s);
  /* A deserialiser writes its type's natural size, whatever the message
   * declares; the scratch buffer is large enough for any of ours. */
  uvalue room = size > CUSTOM_SCRATCH_MIN ? size : CUSTOM_SCRATCH_MIN;
  if (room > s->custom_cap) {
    free(s->custom_tmp);
    s->custom_tmp = malloc(room);
    s->custom_cap = s->custom_tmp != NULL ? room : 0;
    if (s->custom_tmp == NULL) no_memory(s);
  }
  memset(s->custom_tmp, 0, size);
  s->custom_ops = ops;
  uvalue got = ops->deserialize(s, s->custom_tmp);
  if (got != size) bad_custom(s, "error while deserializing custom block", name);
  value b = new_block(s, wosize, CUSTOM_TAG);
  field(b, wosize - 1) = 0;  /* padding after the data */
  custom_ops_val(b) = ops;
  memcpy(data_custom_val(b), s->custom_tmp, size);
  if (s->young && ops->finalize != NULL) mc_register_young_custom(s->d, b);
  number_object(s, b);
  it->v = b;
  it->kind = ITEM_BLOCK;
}

/* Decode the next item.  New blocks are pushed as pending; their fields
 * are read by later iterations of build_graph. */
static void decode(struct mc_deser *s, struct item *it) {
  it->kind = ITEM_IMMEDIATE;
  it->infix = false;
  it->offset = 0;
  unsigned code = (unsigned)get_u(s, 1);
  if (code == MCODE_INFIXPOINTER) {
    it->infix = true;
    it->offset = get_u(s, 4);
    code = (unsigned)get_u(s, 1);  /* the enclosing closure follows */
  }
  if (code >= MCODE_SMALL_BLOCK) {
    read_block(s, code & 0x0F, (code >> 4) & 0x07, it);
  } else if (code >= MCODE_SMALL_INT) {
    it->v = val_long(code & 0x3F);
  } else if (code >= MCODE_SMALL_STRING) {
    read_string(s, code & 0x1F, it);
  } else {
    switch (code) {
    case MCODE_INT8: it->v = val_long(get_s(s, 1)); break;
    case MCODE_INT16: it->v = val_long(get_s(s, 2)); break;
    case MCODE_INT32: it->v = val_long(get_s(s, 4)); break;
    case MCODE_INT64: it->v = val_long(get_s(s, 8)); break;
    case MCODE_SHARED8: read_shared(s, get_u(s, 1), it); break;
    case MCODE_SHARED16: read_shared(s, get_u(s, 2), it); break;
    case MCODE_SHARED32: read_shared(s, get_u(s, 4), it); break;
    case MCODE_SHARED64: read_shared(s, get_u(s, 8), it); break;
    case MCODE_BLOCK32: {
      header_t hd = (header_t)get_u(s, 4);
      read_block(s, hd_tag(hd), hd_wosize(hd), it);
      break;
    }
    case MCODE_BLOCK64: {
      header_t hd = (header_t)get_u(s, 8);
      read_block(s, hd_tag(hd), hd_wosize(hd), it);
      break;
    }
    case MCODE_STRING8: read_string(s, get_u(s, 1), it); break;
    case MCODE_STRING32: read_string(s, get_u(s, 4), it); break;
    case MCODE_STRING64: read_string(s, get_u(s, 8), it); break;
    case MCODE_DOUBLE_BIG: read_double(s, true, it); break;
    case MCODE_DOUBLE_LITTLE: read_double(s, false, it); break;
    case MCODE_FARRAY8_BIG: read_float_array(s, get_u(s, 1), true, it); break;
    case MCODE_FARRAY8_LITTLE: read_float_array(s, get_u(s, 1), false, it); break;
    case MCODE_FARRAY32_BIG: read_float_array(s, get_u(s, 4), true, it); break;
    case MCODE_FARRAY32_LITTLE: read_float_array(s, get_u(s, 4), false, it); break;
    case MCODE_FARRAY64_BIG: read_float_array(s, get_u(s, 8), true, it); break;
    case MCODE_FARRAY64_LITTLE: read_float_array(s, get_u(s, 8), false, it); break;
    case MCODE_CODEPOINTER: read_code_pointer(s, it); break;
    case MCODE_CUSTOM_LEN: read_custom(s, false, it); break;
    case MCODE_CUSTOM_FIXED: read_custom(s, true, it); break;
    case MCODE_CUSTOM_OLD:
      give_up(s, "custom blocks serialized with OCaml 4.08.0 (or prior) are no longer supported");
    default:  /* includes an infix code after an infix code */
      ill_formed(s);
    }
  }
  if (it->infix && (it->kind != ITEM_BLOCK || tag_val(it->v) != CLOSURE_TAG)) ill_formed(s);
}

/* ---- Checking closures ---- */

/* May item `it` go into the next field of frame f? */
static bool slot_accepts(const struct frame *f, const struct item *it) {
  if (f->kind != FRAME_CLOSURE) return it->kind != ITEM_CODE;
  mlsize_t i = f->next;
  if (i == 0) return it->kind == ITEM_CODE;        /* entry point */
  if (i == 1) return it->kind == ITEM_IMMEDIATE;   /* closure info */
  if (i < f->env) return it->kind != ITEM_BLOCK;   /* code part: no values */
  return it->kind != ITEM_CODE;                    /* environment */
}

/* The code part [0, env) of closure c is complete: check that it is a
 * sequence of entries "code pointer, closure info [, code pointer if the
 * arity is not 0 or 1]", each but the first preceded by an infix header
 * that gives the entry's own offset, exactly filling the code part. */
static bool closure_code_ok(value c, mlsize_t env) {
  mlsize_t i = 0;
  while (i < env) {
    if (i > 0) {
      header_t hd = (header_t)field(c, i);
      if (is_block(field(c, i)) || hd_tag(hd) != INFIX_TAG || hd_wosize(hd) != i + 1) return false;
      if (++i >= env) return false;
    }
    if (is_long(field(c, i))) return false;  /* code pointer expected */
    if (++i >= env) return false;
    if (!is_long(field(c, i))) return false;  /* closure info expected */
    intptr_t arity = closinfo_arity(field(c, i));
    i++;
    if (arity != 0 && arity != 1) {
      if (i >= env || is_long(field(c, i))) return false;
      i++;
    }
  }
  return true;
}

/* Hooks run once field f->next - 1 of a pending block has been stored. */
static void after_store(struct mc_deser *s, struct frame *f) {
  if (f->kind == FRAME_OBJECT && f->next == 2) {
    /* Fresh id, except for the negative ids of predefined exceptions. */
    value id = field(f->blk, 1);
    if (is_long(id) && long_val(id) >= 0) store(s, f->blk, 1, mc_fresh_oo_id(s->d));
  } else if (f->kind == FRAME_CLOSURE) {
    if (f->next == 2) {
      mlsize_t env = closinfo_startenv(field(f->blk, 1));
      if (env < 2 || env > f->size) ill_formed(s);
      f->env = env;
    }
    if (f->next == f->env && !closure_code_ok(f->blk, f->env)) ill_formed(s);
  }
}

static void add_fix(struct mc_deser *s, value holder, mlsize_t index, const struct item *it) {
  if (s->nfixes == s->capfixes) {
    size_t ncap = s->capfixes ? 2 * s->capfixes : 16;
    struct infix_fix *nf = realloc(s->fixes, ncap * sizeof *nf);
    if (nf == NULL) no_memory(s);
    s->fixes = nf;
    s->capfixes = ncap;
  }
  s->fixes[s->nfixes++] = (struct infix_fix){holder, index, it->v, it->offset};
}

/* Every closure is complete: check that each infix pointer lands on an
 * entry of its closure's code part, then store it. */
static void apply_fixes(struct mc_deser *s) {
  for (size_t k = 0; k < s->nfixes; k++) {
    const struct infix_fix *fx = &s->fixes[k];
    value c = fx->closure;
    uvalue words = fx->offset / sizeof(value);
    if (fx->offset % sizeof(value) != 0 || words == 0) ill_formed(s);
    mlsize_t env = closinfo_startenv(closinfo_val(c));
    if (words >= env) ill_formed(s);
    header_t hd = (header_t)field(c, words - 1);
    if (is_block(field(c, words - 1)) || hd_tag(hd) != INFIX_TAG || hd_wosize(hd) != words)
      ill_formed(s);
    if (is_long(field(c, words))) ill_formed(s);
    store(s, fx->holder, fx->index, c + (value)fx->offset);
  }
}

/* ---- The main loop ---- */

/* The next item goes into a field of a plain block, the common case:
 * decode the usual items here, without the general path's bookkeeping.
 * Returns false, having consumed nothing, for the others. */
static inline bool fast_item(struct mc_deser *s, struct frame *fp, size_t top) {
  unsigned code = *s->pos;
  value holder = fp->blk;
  mlsize_t idx = fp->next;
  bool last = idx + 1 == fp->size;
  value v;
  if (code >= MCODE_SMALL_BLOCK) {
    /* Small blocks have tags below 16: plain, whatever the tag. */
    uvalue size = (code >> 4) & 0x07;
    if (size == 0) return false;
    s->pos++;
    if (size > bytes_left(s)) truncated(s);
    reserve_frame(s);  /* may move the frames: fp is dead */
    v = new_block(s, (mlsize_t)size, code & 0x0F);
    field(holder, idx) = v;
    if (last) s->depth = top;
    else s->frames[top].next = idx + 1;
    s->frames[s->depth++] = (struct frame){v, 0, (mlsize_t)size, 0, FRAME_PLAIN};
    number_object(s, v);
    return true;
  }
  if (code >= MCODE_SMALL_INT) {
    s->pos++;
    v = val_long(code & 0x3F);
  } else if (code >= MCODE_SMALL_STRING) {
    s->pos++;
    v = string_item(s, code & 0x1F);
  } else {
    switch (code) {
    case MCODE_INT8: s->pos++; v = val_long(get_s(s, 1)); break;
    case MCODE_INT16: s->pos++; v = val_long(get_s(s, 2)); break;
    case MCODE_INT32: s->pos++; v = val_long(get_s(s, 4)); break;
    case MCODE_SHARED8: s->pos++; v = shared_item(s, get_u(s, 1)); break;
    case MCODE_SHARED16: s->pos++; v = shared_item(s, get_u(s, 2)); break;
    case MCODE_SHARED32: s->pos++; v = shared_item(s, get_u(s, 4)); break;
    case MCODE_STRING8: s->pos++; v = string_item(s, get_u(s, 1)); break;
    case MCODE_DOUBLE_LITTLE: s->pos++; v = double_item(s, false); break;
    case MCODE_DOUBLE_BIG: s->pos++; v = double_item(s, true); break;
    default: return false;
    }
  }
  field(holder, idx) = v;
  if (last) s->depth = top;
  else fp->next = idx + 1;
  return true;
}

/* Fill the pending fields one item at a time.  A block is popped before
 * its last field is read, so that a long list (whose tail is always the
 * last field) needs one frame, not one per cell. */
static void build_graph(struct mc_deser *s) {
  s->frames[0] = (struct frame){0, 0, 1, 0, FRAME_RESULT};
  s->depth = 1;
  while (s->depth > 0) {
    size_t top = s->depth - 1;
    if (s->frames[top].kind == FRAME_PLAIN && s->pos < s->end &&
        fast_item(s, &s->frames[top], top))
      continue;
    struct frame f = s->frames[top];
    value holder = f.kind == FRAME_RESULT ? 0 : f.blk;
    bool last = f.next + 1 == f.size;
    if (last) {
      /* Off the stack, the field is no longer sealed on failure: give it
       * a harmless value now. */
      if (holder != 0) field(holder, f.next) = val_unit;
      s->depth = top;
    }
    struct item it;
    decode(s, &it);  /* may push frames above `top` */
    if (!slot_accepts(&f, &it)) ill_formed(s);
    store(s, holder, f.next, it.v);
    if (it.infix) add_fix(s, holder, f.next, &it);
    f.next++;
    after_store(s, &f);
    if (!last) {
      s->frames[top].next = f.next;
      s->frames[top].env = f.env;
    }
  }
  apply_fixes(s);
}

/* ---- Headers ---- */

struct msg_header {
  uvalue hlen;      /* header length in bytes */
  uvalue data_len;  /* bytes of data after the header (compressed: compressed length) */
  uvalue nobjs;     /* objects to number */
  uvalue whsize;    /* heap words (headers included) on a 64-bit host */
  bool zstd;
};

enum header_status { HEADER_OK, HEADER_SHORT, HEADER_BAD, HEADER_TOO_BIG };

/* Parse the header at p, of which `avail` bytes are readable. */
static enum header_status parse_header(const unsigned char *p, uvalue avail, struct msg_header *h) {
  memset(h, 0, sizeof *h);
  if (avail < 4) return HEADER_SHORT;
  switch (load_be(p, 4)) {
  case MARSHAL_MAGIC_SMALL:
    if (avail < MARSHAL_HEADER_SMALL) return HEADER_SHORT;
    h->hlen = MARSHAL_HEADER_SMALL;
    h->data_len = load_be(p + 4, 4);
    h->nobjs = load_be(p + 8, 4);
    h->whsize = load_be(p + 16, 4);
    return HEADER_OK;
  case MARSHAL_MAGIC_BIG:
    if (avail < MARSHAL_HEADER_BIG) return HEADER_SHORT;
    h->hlen = MARSHAL_HEADER_BIG;
    h->data_len = load_be(p + 8, 8);
    h->nobjs = load_be(p + 16, 8);
    h->whsize = load_be(p + 24, 8);
    return HEADER_OK;
  case MARSHAL_MAGIC_ZSTD: {
    if (avail < 5) return HEADER_SHORT;
    h->hlen = p[4] & 0x3F;
    if (avail < h->hlen) return HEADER_SHORT;
    uvalue nums[5];
    bool overflow = false;
    const unsigned char *q = p + 5, *stop = p + h->hlen;
    for (int k = 0; k < 5; k++) {
      uvalue x = 0;
      unsigned char byte;
      do {
        if (q >= stop) return HEADER_BAD;
        byte = *q++;
        if (x >> (8 * sizeof x - 7)) overflow = true;
        x = (x << 7) | (byte & 0x7F);
      } while (byte & 0x80);
      nums[k] = x;
    }
    if (overflow) return HEADER_TOO_BIG;
    h->data_len = nums[0];
    h->nobjs = nums[2];
    h->whsize = nums[4];
    h->zstd = true;
    return HEADER_OK;
  }
  default:
    return HEADER_BAD;
  }
}

/* Raise the Failure for a header that parse_header refused or that claims
 * more data than there is. */
static _Noreturn void header_failure(mc_domain *d, const char *who, enum header_status st,
                                     const char *short_msg) {
  const char *what = short_msg;
  if (st == HEADER_BAD) what = "bad object";
  if (st == HEADER_TOO_BIG) what = "object too large to be read back on this platform";
  mc_failwithf(d, "%s: %s", who, what);
}

/* ---- Entry points ---- */

/* The part of unmarshal() that may raise, after the state is set up. */
static void unmarshal_body(struct mc_deser *s, const struct msg_header *h,
                           const unsigned char *data, value *str, uvalue str_ofs) {
  mc_domain *d = s->d;
  if (h->zstd) give_up(s, "compressed object, cannot decompress");
  /* Each numbered object takes one byte of data at least. */
  if (h->nobjs > h->data_len) ill_formed(s);
  s->budget = h->whsize;
  if (h->whsize > 0 && h->whsize <= mc_young_reserve_max(d)) {
    s->ycur = mc_young_reserve(d, h->whsize);
    s->yend = s->ycur + h->whsize;
    s->young = true;
  }
  const unsigned char *src = str != NULL ? bytes_val(*str) + str_ofs : data;
  s->pos = src;
  s->end = src + h->data_len;
  if (h->nobjs > 0) {
    s->objs = malloc(h->nobjs * sizeof(value));
    if (s->objs == NULL) no_memory(s);
    s->maxobjs = h->nobjs;
  }
  build_graph(s);
}

/* Rebuild the value whose data (after the header h) is `data`, or, when
 * str is not NULL, starts at byte str_ofs of the OCaml string *str (a GC
 * root: the young reservation may move it).  `owned` is freed when done.
 * Whatever raises inside, the reader's memory is released first. */
static value unmarshal(mc_domain *d, const char *who, const struct msg_header *h,
                       const unsigned char *data, value *str, uvalue str_ofs, void *owned) {
  struct mc_deser st;
  memset(&st, 0, offsetof(struct mc_deser, inline_frames));
  st.d = d;
  st.who = who;
  st.frames = st.inline_frames;
  st.cap = INLINE_FRAMES;
  st.owned_input = owned;
  st.result = val_unit;

  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    unmarshal_body(&st, h, data, str, str_ofs);
    release(&st);
    mc_catch_leave(d, &c);
  } else {
    release(&st);
    mc_raise(d, c.exn);
  }
  return st.result;
}

/* For C callers (the loader's DATA section).  `data` must not point into
 * the OCaml heap: building may start with a minor collection.  Messages
 * name the function "input_value", as stock's loader, which reads the
 * section from a channel, would. */
value mc_input_value_from_bytes(mc_domain *d, const char *data, size_t len) {
  const unsigned char *p = (const unsigned char *)data;
  struct msg_header h;
  enum header_status st = parse_header(p, len, &h);
  if (st == HEADER_OK && h.data_len > len - h.hlen) st = HEADER_SHORT;
  if (st != HEADER_OK) header_failure(d, "input_value", st, "truncated object");
  return unmarshal(d, "input_value", &h, p + h.hlen, NULL, 0, NULL);
}

value caml_input_value_from_bytes(mc_domain *d, value str, value vofs) {
  static const char who[] = "input_val_from_string";
  GC_ROOTS(d, &str);
  uvalue len = string_length(str);
  intptr_t ofs = long_val(vofs);
  if (ofs < 0 || (uvalue)ofs > len) mc_failwithf(d, "%s: bad length", who);
  struct msg_header h;
  enum header_status st = parse_header(bytes_val(str) + ofs, len - (uvalue)ofs, &h);
  if (st == HEADER_OK && h.data_len > len - (uvalue)ofs - h.hlen) st = HEADER_SHORT;
  if (st != HEADER_OK) header_failure(d, who, st, "bad length");
  return unmarshal(d, who, &h, NULL, &str, (uvalue)ofs + h.hlen, NULL);
}

/* What reading a message from a channel produced. */
enum chan_status { CHAN_OK, CHAN_EOF, CHAN_TRUNCATED, CHAN_NO_MEMORY, CHAN_HEADER };
struct chan_read {
  unsigned char hdr[MARSHAL_HEADER_MAX];
  struct msg_header h;
  enum header_status hstatus;
  unsigned char *buf;
};

/* Read one message's header and data, the channel locked.  The data buffer
 * grows as bytes actually arrive, so that a lying header cannot make us
 * allocate more than the channel holds. */
static enum chan_status read_message(mc_domain *d, struct mc_channel *ch, struct chan_read *r) {
  size_t got = mc_channel_really_read(d, ch, (char *)r->hdr, 5);
  if (got == 0) return CHAN_EOF;
  if (got < 5) return CHAN_TRUNCATED;
  uvalue hlen;
  switch (load_be(r->hdr, 4)) {
  case MARSHAL_MAGIC_BIG: hlen = MARSHAL_HEADER_BIG; break;
  case MARSHAL_MAGIC_ZSTD: hlen = r->hdr[4] & 0x3F; break;
  default: hlen = MARSHAL_HEADER_SMALL; break;
  }
  if (hlen > 5 && mc_channel_really_read(d, ch, (char *)r->hdr + 5, hlen - 5) < hlen - 5)
    return CHAN_TRUNCATED;
  r->hstatus = parse_header(r->hdr, hlen > 5 ? hlen : 5, &r->h);
  if (r->hstatus == HEADER_SHORT) r->hstatus = HEADER_BAD;
  if (r->hstatus != HEADER_OK) return CHAN_HEADER;
  uvalue want = r->h.data_len, have = 0;
  uvalue cap = want < 65536 ? want : 65536;
  r->buf = malloc(cap ? cap : 1);
  if (r->buf == NULL) return CHAN_NO_MEMORY;
  while (have < want) {
    if (have == cap) {
      uvalue ncap = cap > want / 2 ? want : 2 * cap;
      unsigned char *nb = realloc(r->buf, ncap);
      if (nb == NULL) return CHAN_NO_MEMORY;
      r->buf = nb;
      cap = ncap;
    }
    have += mc_channel_really_read(d, ch, (char *)r->buf + have, cap - have);
    if (have < cap) return CHAN_TRUNCATED;
  }
  return CHAN_OK;
}

value mc_input_value_from_channel(mc_domain *d, struct mc_channel *ch) {
  struct chan_read r;
  memset(&r, 0, sizeof r);
  enum chan_status status;
  struct mc_catch c;
  mc_channel_lock(d, ch);
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    status = read_message(d, ch, &r);
    mc_catch_leave(d, &c);
  } else {
    /* io.c released the channel before raising (its error rule). */
    free(r.buf);
    mc_raise(d, c.exn);
  }
  mc_channel_unlock(d, ch);
  if (status != CHAN_OK) {
    free(r.buf);
    switch (status) {
    case CHAN_EOF: mc_raise_end_of_file(d);
    case CHAN_NO_MEMORY: mc_raise_out_of_memory(d);
    case CHAN_HEADER: header_failure(d, "input_value", r.hstatus, "truncated object");
    default: mc_failwith(d, "input_value: truncated object");
    }
  }
  return unmarshal(d, "input_value", &r.h, r.buf, NULL, 0, r.buf);
}

value caml_input_value(mc_domain *d, value vchan) {
  return mc_input_value_from_channel(d, mc_channel_of_value(vchan));
}

/* The unused primitive of stock that reads outside the heap: the same. */
value caml_input_value_to_outside_heap(mc_domain *d, value vchan) {
  return caml_input_value(d, vchan);
}

/* Marshal.data_size: the data length plus the header bytes beyond the 16
 * that Marshal.header_size accounts for. */
value caml_marshal_data_size(mc_domain *d, value buff, value vofs) {
  uvalue len = string_length(buff);
  intptr_t ofs = long_val(vofs);
  if (ofs < 0 || (uvalue)ofs > len) mc_failwith(d, "Marshal.data_size: bad object");
  const unsigned char *p = bytes_val(buff) + ofs;
  uvalue avail = len - (uvalue)ofs;
  intptr_t hlen;
  uvalue data_len;
  uint64_t magic = avail >= 4 ? load_be(p, 4) : 0;
  if (magic == MARSHAL_MAGIC_SMALL && avail >= 8) {
    hlen = MARSHAL_HEADER_SMALL;
    data_len = load_be(p + 4, 4);
  } else if (magic == MARSHAL_MAGIC_BIG && avail >= 16) {
    hlen = MARSHAL_HEADER_BIG;
    data_len = load_be(p + 8, 8);
  } else if (magic == MARSHAL_MAGIC_ZSTD && avail >= 6) {
    hlen = p[4] & 0x3F;
    data_len = 0;
    bool overflow = false, ended = false;
    for (uvalue k = 5; k < avail && !ended; k++) {
      if (data_len >> (8 * sizeof data_len - 7)) overflow = true;
      data_len = (data_len << 7) | (p[k] & 0x7F);
      ended = (p[k] & 0x80) == 0;
    }
    if (!ended) mc_failwith(d, "Marshal.data_size: bad object");
    if (overflow)
      mc_failwith(d, "Marshal.data_size: object too large to be read back on this platform");
  } else {
    mc_failwith(d, "Marshal.data_size: bad object");
  }
  return val_long((intptr_t)((uvalue)hlen - 16 + data_len));  /* wraps like stock */
}

/* ---- For custom deserialisers ---- */

int mc_deser_uint_1(struct mc_deser *s) { return (int)get_u(s, 1); }
int mc_deser_sint_1(struct mc_deser *s) { return (int)get_s(s, 1); }
int mc_deser_uint_2(struct mc_deser *s) { return (int)get_u(s, 2); }
int mc_deser_sint_2(struct mc_deser *s) { return (int)get_s(s, 2); }
uint32_t mc_deser_uint_4(struct mc_deser *s) { return (uint32_t)get_u(s, 4); }
int32_t mc_deser_sint_4(struct mc_deser *s) { return (int32_t)get_s(s, 4); }
uint64_t mc_deser_uint_8(struct mc_deser *s) { return get_u(s, 8); }
int64_t mc_deser_sint_8(struct mc_deser *s) { return get_s(s, 8); }

double mc_deser_float_8(struct mc_deser *s) {
  double x;
  mc_deser_block_float_8(s, &x, 1);
  return x;
}

/* `count` items of `width` bytes, checked against the input left. */
static const unsigned char *take_items(struct mc_deser *s, size_t count, unsigned width) {
  if (count > bytes_left(s) / width) truncated(s);
  return take(s, (uvalue)count * width);
}

void mc_deser_block_1(struct mc_deser *s, void *data, size_t len) {
  memcpy(data, take_items(s, len, 1), len);
}

/* Big-endian items of `width` bytes into host order. */
static void deser_be_items(struct mc_deser *s, void *data, size_t count, unsigned width) {
  const unsigned char *src = take_items(s, count, width);
  unsigned char *dst = data;
#if MARSHAL_HOST_BIG_ENDIAN
  memcpy(dst, src, count * width);
#else
  for (size_t k = 0; k < count; k++, src += width, dst += width)
    for (unsigned b = 0; b < width; b++) dst[b] = src[width - 1 - b];
#endif
}

void mc_deser_block_2(struct mc_deser *s, void *data, size_t len) { deser_be_items(s, data, len, 2); }
void mc_deser_block_4(struct mc_deser *s, void *data, size_t len) { deser_be_items(s, data, len, 4); }
void mc_deser_block_8(struct mc_deser *s, void *data, size_t len) { deser_be_items(s, data, len, 8); }

/* Floats of custom blocks travel little endian. */
void mc_deser_block_float_8(struct mc_deser *s, void *data, size_t len) {
  copy_floats(data, take_items(s, len, 8), len, false);
}

_Noreturn void mc_deser_fail(struct mc_deser *s, const char *msg) {
  char copy[512];
  snprintf(copy, sizeof copy, "%s", msg);
  release(s);
  mc_failwith(s->d, copy);
}

mc_domain *mc_deser_domain(struct mc_deser *s) { return s->d; }
const struct mc_custom_ops *mc_deser_custom_ops(struct mc_deser *s) { return s->custom_ops; }

const struct mc_primdef mc_prims_marshal[] = {
    PRIM(caml_input_value, 1),
    PRIM(caml_input_value_to_outside_heap, 1),
    PRIM(caml_input_value_from_bytes, 2),
    PRIM(caml_marshal_data_size, 2),
    PRIM(caml_output_value, 3),
    PRIM(caml_output_value_to_bytes, 2),
    PRIM(caml_output_value_to_string, 2),
    PRIM(caml_output_value_to_buffer, 5),
    PRIM_END};
