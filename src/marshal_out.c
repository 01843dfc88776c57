/* marshal_out.c: output_value, writing values in OCaml's marshalled format.
 *
 * The bytes must be exactly those stock OCaml writes for the same value
 * (programs compare marshalled strings), so the choices below follow the
 * format's rules to the letter: which compact code an integer, string,
 * block header or back-reference gets, when a Forward block is skipped,
 * which blocks are numbered for sharing and in what order, how the words
 * of the header are counted, and when the big header replaces the small.
 *
 * The value graph is walked in pre-order with an explicit stack of blocks
 * whose fields remain to be written, so deep values cost heap, not C
 * stack.  Sharing uses an open-addressing hash table from block address
 * to object number, grown as it fills, which also makes cycles finite.
 * Nothing here allocates in the OCaml heap while the walk holds raw
 * addresses; the data is built in C memory (or straight into the caller's
 * bytes for Marshal.to_buffer) and only then copied out.  Own output goes
 * to a small buffer inside the state, then to a chain of chunks that never
 * move, so a long message is copied once, at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "io.h"
#include "io_internal.h"
#include "marshal.h"
#include "marshal_internal.h"
#include "runtime.h"

#define INLINE_BUF 1024
#define CHUNK_SIZE 65536
#define INLINE_SEEN_BITS 8
#define INLINE_SEEN (1 << INLINE_SEEN_BITS)
#define INLINE_TODO 64

/* A block whose fields [next, end) remain to be written. */
struct todo {
  value blk;
  mlsize_t next, end;
};

/* A piece of output after the inline buffer. */
struct chunk {
  struct chunk *next;
  size_t used;
  unsigned char bytes[];
};

/* One entry of the sharing table (meaningful only where the table's
 * occupancy bit is set). */
struct seen {
  value key;
  uvalue number;
};

struct mc_ser {
  mc_domain *d;
  int flags;
  /* Output being written: buf[0, len), capacity cap.  It is the inline
   * buffer, the last chunk, or the caller's buffer (where the data starts
   * at data_start, after room for a header). */
  unsigned char *buf;
  size_t len, cap, data_start;
  bool user_buf;              /* buf belongs to the caller: cannot grow */
  size_t inline_used;         /* bytes in the inline buffer, once left */
  size_t done;                /* bytes in the pieces before buf */
  struct chunk *chunks, *last;
  /* Counters that go into the header. */
  uvalue nobjs, words32, words64;
  /* Sharing table: capacity a power of two, at most half full.  Most
   * lookups miss (each block is new once), and a miss usually costs one
   * look at the occupancy bitmap, 128 times smaller than the entries. */
  struct seen *table;
  uint64_t *occupied;
  size_t table_cap, table_used;
  unsigned table_bits;        /* table_cap == 1 << table_bits */
  /* Blocks with fields left. */
  struct todo *todo;
  size_t depth, todo_cap;
  bool released;
  unsigned char inline_buf[INLINE_BUF];
  struct seen inline_table[INLINE_SEEN];
  uint64_t inline_occupied[INLINE_SEEN / 64];
  struct todo inline_todo[INLINE_TODO];
};

/* ---- Set-up and clean-up ---- */

/* Prepare s for one message.  `user`, if not NULL, is the caller's buffer
 * of `user_len` bytes; the data is written after room for a small header. */
static void ser_init(struct mc_ser *s, mc_domain *d, int flags, unsigned char *user,
                     size_t user_len) {
  s->d = d;
  s->flags = flags & ~MFLAG_COMPRESSED;  /* no zstd in mcrun */
  s->nobjs = s->words32 = s->words64 = 0;
  s->table = s->inline_table;
  s->occupied = s->inline_occupied;
  s->table_cap = INLINE_SEEN;
  s->table_bits = INLINE_SEEN_BITS;
  s->table_used = 0;
  memset(s->inline_occupied, 0, sizeof s->inline_occupied);
  s->todo = s->inline_todo;
  s->depth = 0;
  s->todo_cap = INLINE_TODO;
  s->released = false;
  s->user_buf = user != NULL;
  s->inline_used = s->done = 0;
  s->chunks = s->last = NULL;
  if (user != NULL) {
    s->buf = user;
    s->cap = user_len;
    s->data_start = MARSHAL_HEADER_SMALL;
  } else {
    s->buf = s->inline_buf;
    s->cap = INLINE_BUF;
    s->data_start = 0;
  }
  s->len = s->data_start;
}

/* The walk is over: drop the table and the stack, keep the output. */
static void drop_walk_state(struct mc_ser *s) {
  if (s->table != s->inline_table) {
    free(s->table);
    free(s->occupied);
  }
  s->table = s->inline_table;
  s->occupied = s->inline_occupied;
  if (s->todo != s->inline_todo) free(s->todo);
  s->todo = s->inline_todo;
}

/* Free everything (idempotent). */
static void release_out(struct mc_ser *s) {
  if (s->released) return;
  s->released = true;
  if (s->d->capi_ser == s) s->d->capi_ser = NULL;  /* a foreign serializer failed */
  drop_walk_state(s);
  for (struct chunk *c = s->chunks, *next; c != NULL; c = next) {
    next = c->next;
    free(c);
  }
  s->chunks = s->last = NULL;
  s->buf = NULL;
}

static _Noreturn void out_invalid(struct mc_ser *s, const char *msg) {
  release_out(s);
  mc_invalid_argument(s->d, msg);
}

static _Noreturn void out_fail(struct mc_ser *s, const char *msg) {
  release_out(s);
  mc_failwith(s->d, msg);
}

static _Noreturn void out_no_memory(struct mc_ser *s) {
  release_out(s);
  mc_raise_out_of_memory(s->d);
}

/* ---- Writing bytes ---- */

/* Make room for n more contiguous bytes: in a new chunk if the current
 * piece is full. */
static void ensure_slow(struct mc_ser *s, size_t n);
static inline void ensure(struct mc_ser *s, size_t n) {
  if (__builtin_expect(s->len <= s->cap && n <= s->cap - s->len, 1)) return;
  ensure_slow(s, n);
}

static __attribute__((noinline)) void ensure_slow(struct mc_ser *s, size_t n) {
  if (s->len <= s->cap && n <= s->cap - s->len) return;
  if (s->user_buf) out_fail(s, "Marshal.to_buffer: buffer overflow");
  size_t cap = n > CHUNK_SIZE ? n : CHUNK_SIZE;
  if (cap > SIZE_MAX - sizeof(struct chunk)) out_no_memory(s);
  struct chunk *c = malloc(sizeof(struct chunk) + cap);
  if (c == NULL) out_no_memory(s);
  c->next = NULL;
  c->used = 0;
  if (s->last == NULL) {
    s->inline_used = s->len;
    s->chunks = c;
  } else {
    s->last->used = s->len;
    s->last->next = c;
  }
  s->done += s->len;
  s->last = c;
  s->buf = c->bytes;
  s->len = 0;
  s->cap = cap;
}

/* Bytes of data written. */
static size_t data_length(const struct mc_ser *s) { return s->done + s->len - s->data_start; }

/* Call fn on each piece of the data of an own-buffer message, in order. */
static void each_piece(struct mc_ser *s, void (*fn)(void *ctx, const unsigned char *p, size_t n),
                       void *ctx) {
  if (s->last == NULL) {
    fn(ctx, s->buf, s->len);
    return;
  }
  s->last->used = s->len;
  fn(ctx, s->inline_buf, s->inline_used);
  for (struct chunk *c = s->chunks; c != NULL; c = c->next) fn(ctx, c->bytes, c->used);
}

static inline void store_be(unsigned char *p, uint64_t x, int n) {
  for (int k = n - 1; k >= 0; k--, x >>= 8) p[k] = (unsigned char)x;
}

static inline void put_byte(struct mc_ser *s, unsigned b) {
  ensure(s, 1);
  s->buf[s->len++] = (unsigned char)b;
}

/* A code byte followed by an n-byte big-endian operand. */
static inline void put_code(struct mc_ser *s, unsigned code, uint64_t x, int n) {
  ensure(s, 1 + (size_t)n);
  s->buf[s->len] = (unsigned char)code;
  store_be(s->buf + s->len + 1, x, n);
  s->len += 1 + (size_t)n;
}

static inline void put_bytes(struct mc_ser *s, const void *p, size_t n) {
  ensure(s, n);
  memcpy(s->buf + s->len, p, n);
  s->len += n;
}

/* ---- The sharing table ---- */

/* Multiplicative hashing of the word index (Knuth, TAOCP 6.4): the top
 * `bits` bits of the product with 2^64 / golden ratio.  Blocks allocated
 * one after the other get well spread indices, with fewer collisions than
 * a random function would give. */
static inline size_t seen_hash(value v, unsigned bits) {
  return (size_t)((((uint64_t)v >> 3) * 0x9E3779B97F4A7C15ull) >> (64 - bits));
}

static inline bool slot_used(const uint64_t *bits, size_t i) { return (bits[i / 64] >> (i % 64)) & 1; }
static inline void mark_slot(uint64_t *bits, size_t i) { bits[i / 64] |= (uint64_t)1 << (i % 64); }

/* Is v already written?  If so, set *number; if not, set *slot to where
 * seen_add must put it. */
static bool seen_find(const struct mc_ser *s, value v, uvalue *number, size_t *slot) {
  size_t mask = s->table_cap - 1;
  for (size_t i = seen_hash(v, s->table_bits);; i = (i + 1) & mask) {
    if (!slot_used(s->occupied, i)) {
      *slot = i;
      return false;
    }
    if (s->table[i].key == v) {
      *number = s->table[i].number;
      return true;
    }
  }
}

/* Multiply the capacity (by 8 while small, then by 2) and rehash. */
static __attribute__((noinline)) void seen_grow(struct mc_ser *s) {
  unsigned lg = s->table_bits + (s->table_bits < 20 ? 3 : 1);
  size_t ncap = (size_t)1 << lg;
  struct seen *nt = malloc(ncap * sizeof *nt);
  uint64_t *nocc = calloc(ncap / 64, sizeof *nocc);
  if (nt == NULL || nocc == NULL) {
    free(nt);
    free(nocc);
    out_no_memory(s);
  }
  for (size_t k = 0; k < s->table_cap; k++) {
    if (!slot_used(s->occupied, k)) continue;
    size_t i = seen_hash(s->table[k].key, lg);
    while (slot_used(nocc, i)) i = (i + 1) & (ncap - 1);
    mark_slot(nocc, i);
    nt[i] = s->table[k];
  }
  if (s->table != s->inline_table) {
    free(s->table);
    free(s->occupied);
  }
  s->table = nt;
  s->occupied = nocc;
  s->table_cap = ncap;
  s->table_bits = lg;
}

/* Give v the next object number (only when sharing: with No_sharing the
 * header's object count stays 0). */
static inline void seen_add(struct mc_ser *s, value v, size_t slot) {
  if (s->flags & MFLAG_NO_SHARING) return;
  mark_slot(s->occupied, slot);
  s->table[slot] = (struct seen){v, s->nobjs++};
  if (__builtin_expect(++s->table_used * 2 > s->table_cap, 0)) seen_grow(s);
}

/* Double the stack of blocks with fields left. */
static __attribute__((noinline)) void grow_todo(struct mc_ser *s) {
  {
    size_t ncap = 2 * s->todo_cap;
    struct todo *nt = malloc(ncap * sizeof *nt);
    if (nt == NULL) out_no_memory(s);
    memcpy(nt, s->todo, s->depth * sizeof *nt);
    if (s->todo != s->inline_todo) free(s->todo);
    s->todo = nt;
    s->todo_cap = ncap;
  }
}

/* Fields [from, to) of blk are to be written after what is being written. */
static inline void push_fields(struct mc_ser *s, value blk, mlsize_t from, mlsize_t to) {
  if (from >= to) return;
  if (__builtin_expect(s->depth == s->todo_cap, 0)) grow_todo(s);
  s->todo[s->depth++] = (struct todo){blk, from, to};
}

/* ---- Items ---- */

static __attribute__((noinline)) void emit_int_code(struct mc_ser *s, intptr_t n) {
  if (n >= -0x80 && n < 0x80) {
    put_code(s, MCODE_INT8, (uint64_t)n, 1);
  } else if (n >= -0x8000 && n < 0x8000) {
    put_code(s, MCODE_INT16, (uint64_t)n, 2);
  } else if (n >= -((intptr_t)1 << 30) && n < ((intptr_t)1 << 30)) {
    put_code(s, MCODE_INT32, (uint64_t)n, 4);
  } else {
    if (s->flags & MFLAG_COMPAT_32)
      out_fail(s, "output_value: integer cannot be read back on 32-bit platform");
    put_code(s, MCODE_INT64, (uint64_t)n, 8);
  }
}

static inline void emit_int(struct mc_ser *s, intptr_t n) {
  if ((uintptr_t)n < 0x40)
    put_byte(s, MCODE_SMALL_INT + (unsigned)n);
  else
    emit_int_code(s, n);
}

/* A reference to the object written `dist` objects ago. */
static void emit_shared(struct mc_ser *s, uvalue dist) {
  if (dist < 0x100)
    put_code(s, MCODE_SHARED8, dist, 1);
  else if (dist < 0x10000)
    put_code(s, MCODE_SHARED16, dist, 2);
  else if (dist <= 0xFFFFFFFFu)
    put_code(s, MCODE_SHARED32, dist, 4);
  else
    put_code(s, MCODE_SHARED64, dist, 8);
}

static __attribute__((noinline)) void emit_big_header(struct mc_ser *s, mlsize_t sz, tag_t tag) {
  if ((s->flags & MFLAG_COMPAT_32) && sz > 0x3FFFFF)
    out_fail(s, "output_value: array cannot be read back on 32-bit platform");
  header_t hd = make_header(sz, tag, COLOR_NOT_MARKABLE);
  if (hd >> 32)
    put_code(s, MCODE_BLOCK64, hd, 8);
  else
    put_code(s, MCODE_BLOCK32, hd, 4);
}

static inline void emit_header(struct mc_ser *s, mlsize_t sz, tag_t tag) {
  if (tag < 16 && sz < 8)
    put_byte(s, MCODE_SMALL_BLOCK + (unsigned)(sz << 4) + tag);
  else
    emit_big_header(s, sz, tag);
}

static void emit_string(struct mc_ser *s, value str) {
  mlsize_t len = string_length(str);
  if (len < 0x20) {
    put_byte(s, MCODE_SMALL_STRING + (unsigned)len);
  } else if (len < 0x100) {
    put_code(s, MCODE_STRING8, len, 1);
  } else {
    if ((s->flags & MFLAG_COMPAT_32) && len > 0xFFFFFB)
      out_fail(s, "output_value: string cannot be read back on 32-bit platform");
    if (len <= 0xFFFFFFFFu)
      put_code(s, MCODE_STRING32, len, 4);
    else
      put_code(s, MCODE_STRING64, len, 8);
  }
  put_bytes(s, bytes_val(str), len);
  s->words32 += 1 + (len + 4) / 4;
  s->words64 += 1 + (len + 8) / 8;
}

static void emit_float_array(struct mc_ser *s, value arr, mlsize_t n) {
  unsigned c8 = MARSHAL_HOST_BIG_ENDIAN ? MCODE_FARRAY8_BIG : MCODE_FARRAY8_LITTLE;
  unsigned c32 = MARSHAL_HOST_BIG_ENDIAN ? MCODE_FARRAY32_BIG : MCODE_FARRAY32_LITTLE;
  unsigned c64 = MARSHAL_HOST_BIG_ENDIAN ? MCODE_FARRAY64_BIG : MCODE_FARRAY64_LITTLE;
  if (n < 0x100) {
    put_code(s, c8, n, 1);
  } else {
    if ((s->flags & MFLAG_COMPAT_32) && n > 0x1FFFFF)
      out_fail(s, "output_value: float array cannot be read back on 32-bit platform");
    if (n <= 0xFFFFFFFFu)
      put_code(s, c32, n, 4);
    else
      put_code(s, c64, n, 8);
  }
  put_bytes(s, (const void *)arr, n * 8);
  s->words32 += 1 + 2 * n;
  s->words64 += 1 + n;
}

/* A custom block: identifier, then the data its serialize function
 * writes, preceded by the two data sizes unless the ops fix them. */
static void emit_custom(struct mc_ser *s, value v) {
  const struct mc_custom_ops *ops = custom_ops_val(v);
  if (ops->serialize == NULL) out_invalid(s, "output_value: abstract value (Custom)");
  const char *ident = ops->identifier;
  uintptr_t bsize32 = 0, bsize64 = 0;
  if (ops->fixed_length != NULL) {
    put_byte(s, MCODE_CUSTOM_FIXED);
    put_bytes(s, ident, strlen(ident) + 1);
    ops->serialize(s, v, &bsize32, &bsize64);
    if (bsize32 != (uintptr_t)ops->fixed_length->bsize_32 ||
        bsize64 != (uintptr_t)ops->fixed_length->bsize_64)
      mc_fatal(s->d->rt, "output_value: incorrect fixed sizes specified by %s", ident);
  } else {
    put_byte(s, MCODE_CUSTOM_LEN);
    put_bytes(s, ident, strlen(ident) + 1);
    ensure(s, 12);
    unsigned char *sizes = s->buf + s->len;  /* chunks do not move */
    s->len += 12;
    ops->serialize(s, v, &bsize32, &bsize64);
    store_be(sizes, bsize32, 4);
    store_be(sizes + 4, bsize64, 8);
  }
  s->words32 += 2 + (bsize32 + 3) / 4;
  s->words64 += 2 + (bsize64 + 7) / 8;
}

/* A code pointer: its offset in its code fragment and the fragment's MD5. */
static void emit_code_pointer(struct mc_ser *s, value p) {
  mc_runtime *rt = s->d->rt;
  const struct mc_code_fragment *frag = mc_find_code_fragment(rt, (const void *)p);
  if (frag == NULL) out_invalid(s, "output_value: abstract value (outside heap)");
  if (!(s->flags & MFLAG_CLOSURES)) out_invalid(s, "output_value: functional value");
  const unsigned char *digest = mc_code_fragment_digest(rt, frag);
  if (digest == NULL) out_invalid(s, "output_value: private function");
  put_code(s, MCODE_CODEPOINTER, (uint64_t)((const char *)p - (const char *)frag->start), 4);
  put_bytes(s, digest, 16);
}

/* The code part of closure c: for each function of the block, its infix
 * header (all but the first), entry point, closure info, and second entry
 * point when the arity is neither 0 nor 1.  Returns the index of the first
 * environment field. */
static mlsize_t emit_closure_code(struct mc_ser *s, value c) {
  mlsize_t env = closinfo_startenv(closinfo_val(c));
  mlsize_t i = 0;
  do {
    if (i != 0) emit_int(s, long_val(field(c, i++)));
    emit_code_pointer(s, field(c, i++));
    value info = field(c, i++);
    emit_int(s, long_val(info));
    intptr_t arity = closinfo_arity(info);
    if (arity != 0 && arity != 1) emit_code_pointer(s, field(c, i++));
  } while (i < env);
  return env;
}

/* A Forward block is written as its target, unless the target is itself a
 * Forward, Lazy, Forcing or float block (the indirection matters then). */
static bool forward_is_skippable(value target) {
  if (is_long(target)) return true;
  switch (tag_val(target)) {
  case FORWARD_TAG: case LAZY_TAG: case FORCING_TAG: case DOUBLE_TAG:
    return false;
  default:
    return true;
  }
}

/* Write one value; a block's fields are pushed, to be written next.
 * Inlined into the walk's loop: it runs once per value. */
static inline __attribute__((always_inline)) void emit_value(struct mc_ser *s, value v) {
  for (;;) {
    if (is_long(v)) {
      emit_int(s, long_val(v));
      return;
    }
    header_t hd = hd_load(v);
    tag_t tag = hd_tag(hd);
    mlsize_t sz = hd_wosize(hd);
    if (tag == FORWARD_TAG && forward_is_skippable(field(v, 0))) {
      v = field(v, 0);
      continue;
    }
    if (sz == 0) {  /* atoms: never numbered, always shared */
      emit_header(s, 0, tag);
      return;
    }
    size_t slot = 0;
    if (!(s->flags & MFLAG_NO_SHARING)) {
      uvalue number;
      if (seen_find(s, v, &number, &slot)) {
        emit_shared(s, s->nobjs - number);
        return;
      }
    }
    switch (tag) {
    case STRING_TAG:
      emit_string(s, v);
      seen_add(s, v, slot);
      return;
    case DOUBLE_TAG:
      put_byte(s, MARSHAL_HOST_BIG_ENDIAN ? MCODE_DOUBLE_BIG : MCODE_DOUBLE_LITTLE);
      put_bytes(s, (const void *)v, 8);
      s->words32 += 3;
      s->words64 += 2;
      seen_add(s, v, slot);
      return;
    case DOUBLE_ARRAY_TAG:
      emit_float_array(s, v, sz / DOUBLE_WOSIZE);
      seen_add(s, v, slot);
      return;
    case CUSTOM_TAG:
      emit_custom(s, v);
      seen_add(s, v, slot);
      return;
    case ABSTRACT_TAG:
      out_invalid(s, "output_value: abstract value (Abstract)");
    case CONT_TAG:
      out_invalid(s, "output_value: continuation value");
    case INFIX_TAG: {
      /* Written as the offset, then the enclosing closure. */
      uvalue offset = infix_offset_hd(hd);
      put_code(s, MCODE_INFIXPOINTER, offset, 4);
      v -= (value)offset;
      continue;
    }
    case CLOSURE_TAG:
      emit_header(s, sz, tag);
      s->words32 += 1 + sz;
      s->words64 += 1 + sz;
      seen_add(s, v, slot);
      push_fields(s, v, emit_closure_code(s, v), sz);
      return;
    default:
      emit_header(s, sz, tag);
      s->words32 += 1 + sz;
      s->words64 += 1 + sz;
      seen_add(s, v, slot);
      push_fields(s, v, 0, sz);
      return;
    }
  }
}

static void emit_graph(struct mc_ser *s, value root) {
  /* The root is field 0 of a pseudo-block: the variable itself. */
  s->todo[0] = (struct todo){(value)&root, 0, 1};
  s->depth = 1;
  while (s->depth > 0) {
    /* Pop a block as its last field is taken: lists need one entry. */
    struct todo *top = &s->todo[s->depth - 1];
    value v = field(top->blk, top->next++);
    if (top->next == top->end) s->depth--;
    emit_value(s, v);
  }
}

/* Walk v under a catch point, so that a custom serialize function that
 * raises on its own does not leak our buffers. */
static void emit_guarded(struct mc_ser *s, value v) {
  struct mc_catch c;
  mc_catch_enter(s->d, &c);
  if (setjmp(c.buf) == 0) {
    emit_graph(s, v);
    mc_catch_leave(s->d, &c);
  } else {
    release_out(s);
    mc_raise(s->d, c.exn);
  }
  drop_walk_state(s);
}

/* Build the header for the data written so far into hdr; returns its
 * length.  The small header is used unless a count needs 32 bits or more. */
static size_t make_msg_header(struct mc_ser *s, unsigned char hdr[MARSHAL_HEADER_MAX]) {
  uvalue data_len = data_length(s);
  const uvalue limit = (uvalue)1 << 32;
  if (data_len < limit && s->words32 < limit && s->words64 < limit) {
    store_be(hdr, MARSHAL_MAGIC_SMALL, 4);
    store_be(hdr + 4, data_len, 4);
    store_be(hdr + 8, s->nobjs, 4);
    store_be(hdr + 12, s->words32, 4);
    store_be(hdr + 16, s->words64, 4);
    return MARSHAL_HEADER_SMALL;
  }
  if (s->flags & MFLAG_COMPAT_32)
    out_fail(s, "output_value: object too big to be read back on 32-bit platform");
  store_be(hdr, MARSHAL_MAGIC_BIG, 4);
  store_be(hdr + 4, 0, 4);
  store_be(hdr + 8, data_len, 8);
  store_be(hdr + 16, s->nobjs, 8);
  store_be(hdr + 24, s->words64, 8);
  return MARSHAL_HEADER_BIG;
}

/* Marshal.extern_flags list -> MFLAG_* bits. */
static int flag_bits(value flags) {
  int bits = 0;
  for (; is_block(flags); flags = field(flags, 1)) {
    intptr_t k = long_val(field(flags, 0));
    if (k >= 0 && k < 4) bits |= 1 << k;
  }
  return bits;
}

/* Marshal v into s's own buffer; hdr receives the header, *hlen its
 * length.  Returns the data length. */
static size_t marshal_own(struct mc_ser *s, mc_domain *d, value v, value flags,
                          unsigned char hdr[MARSHAL_HEADER_MAX], size_t *hlen) {
  ser_init(s, d, flag_bits(flags), NULL, 0);
  emit_guarded(s, v);
  *hlen = make_msg_header(s, hdr);
  return data_length(s);
}

/* ---- Entry points ---- */

struct chan_sink {
  mc_domain *d;
  struct mc_channel *ch;
};

static void write_piece(void *ctx, const unsigned char *p, size_t n) {
  struct chan_sink *k = ctx;
  mc_channel_write(k->d, k->ch, (const char *)p, n);
}

static void copy_piece(void *ctx, const unsigned char *p, size_t n) {
  unsigned char **dst = ctx;
  memcpy(*dst, p, n);
  *dst += n;
}

void mc_output_value_to_channel(mc_domain *d, struct mc_channel *ch, value v, value flags) {
  struct mc_ser s;
  unsigned char hdr[MARSHAL_HEADER_MAX];
  size_t hlen;
  marshal_own(&s, d, v, flags, hdr, &hlen);
  struct chan_sink sink = {d, ch};
  struct mc_catch c;
  mc_channel_lock(d, ch);
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    mc_channel_write(d, ch, (const char *)hdr, hlen);
    each_piece(&s, write_piece, &sink);
    if (ch->flags & MC_CHAN_UNBUFFERED) mc_channel_flush(d, ch);
    mc_catch_leave(d, &c);
  } else {
    /* io.c released the channel before raising (its error rule). */
    release_out(&s);
    mc_raise(d, c.exn);
  }
  mc_channel_unlock(d, ch);
  release_out(&s);
}

value caml_output_value(mc_domain *d, value vchan, value v, value flags) {
  mc_output_value_to_channel(d, mc_channel_of_value(vchan), v, flags);
  return val_unit;
}

value caml_output_value_to_bytes(mc_domain *d, value v, value flags) {
  struct mc_ser s;
  unsigned char hdr[MARSHAL_HEADER_MAX];
  size_t hlen;
  size_t dlen = marshal_own(&s, d, v, flags, hdr, &hlen);
  value res = val_unit;
  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    res = mc_alloc_string(d, hlen + dlen);
    mc_catch_leave(d, &c);
  } else {
    release_out(&s);
    mc_raise(d, c.exn);
  }
  unsigned char *dst = bytes_val(res);
  memcpy(dst, hdr, hlen);
  dst += hlen;
  each_piece(&s, copy_piece, &dst);
  release_out(&s);
  return res;
}

value caml_output_value_to_string(mc_domain *d, value v, value flags) {
  return caml_output_value_to_bytes(d, v, flags);
}

/* Marshal.to_buffer: straight into the caller's bytes.  The data goes
 * after room for a small header and moves if the header turns out big. */
value caml_output_value_to_buffer(mc_domain *d, value buf, value vofs, value vlen, value v,
                                  value flags) {
  unsigned char *dst = bytes_val(buf) + long_val(vofs);
  size_t room = (size_t)long_val(vlen);
  struct mc_ser s;
  ser_init(&s, d, flag_bits(flags), dst, room);
  emit_guarded(&s, v);
  unsigned char hdr[MARSHAL_HEADER_MAX];
  size_t hlen = make_msg_header(&s, hdr);
  size_t dlen = data_length(&s);
  if (hlen != MARSHAL_HEADER_SMALL) {
    if (hlen + dlen > room) out_fail(&s, "Marshal.to_buffer: buffer overflow");
    memmove(dst + hlen, dst + s.data_start, dlen);
  }
  memcpy(dst, hdr, hlen);
  release_out(&s);
  return val_long((intptr_t)(hlen + dlen));
}

/* ---- For custom serialisers ---- */

void mc_ser_int_1(struct mc_ser *s, int x) { put_byte(s, (unsigned)x & 0xFF); }

void mc_ser_int_2(struct mc_ser *s, int x) {
  ensure(s, 2);
  store_be(s->buf + s->len, (uint64_t)x, 2);
  s->len += 2;
}

void mc_ser_int_4(struct mc_ser *s, int32_t x) {
  ensure(s, 4);
  store_be(s->buf + s->len, (uint64_t)(uint32_t)x, 4);
  s->len += 4;
}

void mc_ser_int_8(struct mc_ser *s, int64_t x) {
  ensure(s, 8);
  store_be(s->buf + s->len, (uint64_t)x, 8);
  s->len += 8;
}

void mc_ser_float_8(struct mc_ser *s, double x) { mc_ser_block_float_8(s, &x, 1); }

void mc_ser_block_1(struct mc_ser *s, const void *data, size_t len) { put_bytes(s, data, len); }

/* `count` host-order items of `width` bytes, written big endian. */
static void ser_be_items(struct mc_ser *s, const void *data, size_t count, unsigned width) {
  if (count > SIZE_MAX / width) out_no_memory(s);
  ensure(s, count * width);
  unsigned char *out = s->buf + s->len;
#if MARSHAL_HOST_BIG_ENDIAN
  memcpy(out, data, count * width);
#else
  const unsigned char *in = data;
  for (size_t k = 0; k < count; k++, in += width, out += width)
    for (unsigned b = 0; b < width; b++) out[b] = in[width - 1 - b];
#endif
  s->len += count * width;
}

void mc_ser_block_2(struct mc_ser *s, const void *data, size_t len) { ser_be_items(s, data, len, 2); }
void mc_ser_block_4(struct mc_ser *s, const void *data, size_t len) { ser_be_items(s, data, len, 4); }
void mc_ser_block_8(struct mc_ser *s, const void *data, size_t len) { ser_be_items(s, data, len, 8); }

/* Floats of custom blocks travel little endian. */
void mc_ser_block_float_8(struct mc_ser *s, const void *data, size_t len) {
  if (len > SIZE_MAX / 8) out_no_memory(s);
#if MARSHAL_HOST_BIG_ENDIAN
  ensure(s, len * 8);
  const unsigned char *in = data;
  unsigned char *out = s->buf + s->len;
  for (size_t k = 0; k < len; k++, in += 8, out += 8)
    for (int b = 0; b < 8; b++) out[b] = in[7 - b];
  s->len += len * 8;
#else
  put_bytes(s, data, len * 8);
#endif
}

_Noreturn void mc_ser_fail(struct mc_ser *s, const char *msg) {
  char copy[512];
  snprintf(copy, sizeof copy, "%s", msg);
  out_fail(s, copy);
}

mc_domain *mc_ser_domain(struct mc_ser *s) { return s->d; }
