/* hash.c: the generic hash (Hashtbl.hash and friends) and its mixing steps. */
#include <string.h>
#include "hash.h"
#include "custom.h"
#include "prims.h"

/* ---- Mixing steps (MurmurHash3 x86_32 constants) ---- */

static inline uint32_t rotate_left(uint32_t x, unsigned bits) {
  return (x << bits) | (x >> (32 - bits));
}

/* One MurmurHash3 body round: scramble the data word k, fold it into the
 * accumulator, then stir the accumulator. */
uint32_t mc_hash_mix_uint32(uint32_t acc, uint32_t k) {
  k = rotate_left(k * 0xcc9e2d51u, 15) * 0x1b873593u;
  acc = rotate_left(acc ^ k, 13);
  return acc * 5u + 0xe6546b64u;
}

/* Native integers are folded as one 32-bit word: the low half xor-ed with
 * the high half and with the sign spread over 32 bits.  For any n between
 * -2^31 and 2^31-1 the two corrections cancel and the word is just the low
 * half, which is what a 32-bit host would mix. */
uint32_t mc_hash_mix_intnat(uint32_t acc, intptr_t n) {
  int64_t wide = (int64_t)n;
  uint32_t word = (uint32_t)wide ^ (uint32_t)(wide >> 32) ^ (uint32_t)(wide >> 63);
  return mc_hash_mix_uint32(acc, word);
}

uint32_t mc_hash_mix_int64(uint32_t acc, int64_t n) {
  uint64_t bits = (uint64_t)n;
  acc = mc_hash_mix_uint32(acc, (uint32_t)bits);
  return mc_hash_mix_uint32(acc, (uint32_t)(bits >> 32));
}

/* A double is mixed as its IEEE bit pattern (low word, then high word),
 * after mapping every NaN to one canonical NaN and -0.0 to +0.0, so that
 * values that compare equal with (=) -- and all NaNs -- hash alike. */
uint32_t mc_hash_mix_double(uint32_t acc, double x) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  const uint64_t exponent = UINT64_C(0x7ff0000000000000);
  if ((bits & exponent) == exponent && (bits & ~(exponent | (UINT64_C(1) << 63))) != 0)
    bits = exponent | 1;                       /* any NaN */
  else if (bits == (UINT64_C(1) << 63))
    bits = 0;                                  /* -0.0 */
  return mc_hash_mix_int64(acc, (int64_t)bits);
}

/* Same normalisations for single precision. */
uint32_t mc_hash_mix_float(uint32_t acc, float x) {
  uint32_t bits;
  memcpy(&bits, &x, sizeof bits);
  const uint32_t exponent = 0x7f800000u;
  if ((bits & exponent) == exponent && (bits & 0x007fffffu) != 0)
    bits = exponent | 1;
  else if (bits == 0x80000000u)
    bits = 0;
  return mc_hash_mix_uint32(acc, bits);
}

/* Bytes go in as little-endian 32-bit words; a final partial word (1 to 3
 * bytes, zero-extended) is mixed only if present; the length (truncated to
 * 32 bits) is then xor-ed in without a mixing round. */
uint32_t mc_hash_mix_bytes(uint32_t acc, const unsigned char *p, size_t len) {
  size_t whole = len & ~(size_t)3;
  for (size_t off = 0; off < whole; off += 4) {
    uint32_t word = (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 |
                    (uint32_t)p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
    acc = mc_hash_mix_uint32(acc, word);
  }
  if (whole < len) {
    uint32_t tail = 0;
    for (size_t k = len; k > whole; k--) tail = (tail << 8) | p[k - 1];
    acc = mc_hash_mix_uint32(acc, tail);
  }
  return acc ^ (uint32_t)len;
}

uint32_t mc_hash_mix_string(uint32_t acc, value s) {
  return mc_hash_mix_bytes(acc, bytes_val(s), string_length(s));
}

/* MurmurHash3's fmix32 finaliser. */
uint32_t mc_hash_final_mix(uint32_t h) {
  h = (h ^ (h >> 16)) * 0x85ebca6bu;
  h = (h ^ (h >> 13)) * 0xc2b2ae35u;
  return h ^ (h >> 16);
}

/* Polymorphic variant hashes: acc = 223 * acc + byte over the name, kept to
 * 31 bits and read as a signed 31-bit number.  Only the low 31 bits of the
 * accumulator matter, so unsigned 32-bit wrap-around is exact. */
value mc_hash_variant(const char *tag) {
  uint32_t acc = 0;
  for (const unsigned char *p = (const unsigned char *)tag; *p != 0; p++) acc = acc * 223u + *p;
  intptr_t h = (intptr_t)(acc & 0x7fffffffu);
  if (h > 0x3fffffff) h -= (intptr_t)1 << 31;
  return val_long(h);
}

/* ---- The generic hash ---- */

/* Largest number of values waiting in the breadth-first queue. */
enum { QUEUE_CAP = 256 };
/* Longest chain of Forward blocks followed before giving up on a value. */
enum { FORWARD_LIMIT = 1000 };

/* The header word as hashed: size and tag, without the GC colour bits. */
static inline uint32_t header_word(value v) {
  return (uint32_t)(hd_load(v) & ~HD_COLOR_MASK);
}

/* Sees through Infix pointers (to the enclosing closure, mixing in the
 * offset so that functions of one recursive group differ) and chains of
 * Forward blocks.  Returns false when a Forward chain is too long (possibly
 * a cycle): the value is then skipped. */
static bool look_through(value *pv, uint32_t *acc) {
  value v = *pv;
  int forwards = 0;
  while (is_block(v)) {
    tag_t t = tag_val(v);
    if (t == INFIX_TAG) {
      mlsize_t off = infix_offset_val(v);
      *acc = mc_hash_mix_uint32(*acc, (uint32_t)off);
      v -= (value)off;
    } else if (t == FORWARD_TAG) {
      if (forwards == FORWARD_LIMIT) return false;
      forwards++;
      v = field(v, 0);
    } else {
      break;
    }
  }
  *pv = v;
  return true;
}

/* Adds fields [from, wosize) of v to the queue, as far as the queue
 * allowance `cap` permits. */
static void enqueue_fields(value v, mlsize_t from, value *queue, intptr_t *tail, intptr_t cap) {
  mlsize_t n = wosize_val(v);
  for (mlsize_t i = from; i < n && *tail < cap; i++) queue[(*tail)++] = field(v, i);
}

/* caml_hash count limit seed v: breadth-first walk of v.  `limit` bounds
 * the number of values ever queued (at most QUEUE_CAP), `count` the number
 * of meaningful values (integers, strings, floats, ...) mixed in.  Block
 * headers are mixed without counting.  Nothing here allocates. */
value caml_hash(mc_domain *d, value count, value limit, value seed, value obj) {
  value queue[QUEUE_CAP];
  intptr_t cap = long_val(limit);
  if (cap < 0 || cap > QUEUE_CAP) cap = QUEUE_CAP;
  intptr_t budget = long_val(count);
  uint32_t acc = (uint32_t)int_val(seed);
  intptr_t head = 0, tail = 0;
  queue[tail++] = obj;

  while (head < tail && budget > 0) {
    value v = queue[head++];
    if (!look_through(&v, &acc)) continue;
    if (is_long(v)) {
      acc = mc_hash_mix_intnat(acc, v);
      budget--;
      continue;
    }
    switch (tag_val(v)) {
    case STRING_TAG:
      acc = mc_hash_mix_string(acc, v);
      budget--;
      break;
    case DOUBLE_TAG:
      acc = mc_hash_mix_double(acc, double_val(v));
      budget--;
      break;
    case DOUBLE_ARRAY_TAG: {
      mlsize_t n = wosize_val(v);
      for (mlsize_t i = 0; i < n && budget > 0; i++, budget--)
        acc = mc_hash_mix_double(acc, double_flat_field(v, i));
      break;
    }
    case OBJECT_TAG:
      /* Objects hash by identity: their unique id. */
      acc = mc_hash_mix_intnat(acc, long_val(field(v, 1)));
      budget--;
      break;
    case CUSTOM_TAG: {
      const struct mc_custom_ops *ops = custom_ops_val(v);
      if (ops->hash != NULL) {
        /* Low 32 bits only, as on 32-bit hosts. */
        acc = mc_hash_mix_uint32(acc, (uint32_t)ops->hash(v));
        budget--;
      }
      break;
    }
    case CLOSURE_TAG: {
      /* Code pointers, closure infos and infix headers are mixed as
       * integers (each counts); the environment is queued. */
      mlsize_t env = closinfo_startenv(closinfo_val(v));
      acc = mc_hash_mix_uint32(acc, header_word(v));
      for (mlsize_t i = 0; i < env; i++, budget--) acc = mc_hash_mix_intnat(acc, field(v, i));
      enqueue_fields(v, env, queue, &tail, cap);
      break;
    }
    case ABSTRACT_TAG:
    case CONT_TAG:
      /* Opaque contents: contribute nothing. */
      break;
    default:
      acc = mc_hash_mix_uint32(acc, header_word(v));
      enqueue_fields(v, 0, queue, &tail, cap);
      break;
    }
  }
  /* Keep 30 bits: a non-negative int on 32- and 64-bit hosts alike. */
  return val_long(mc_hash_final_mix(acc) & 0x3fffffffu);
}

/* caml_string_hash seed s: String.seeded_hash, the string alone. */
value caml_string_hash(mc_domain *d, value seed, value s) {
  uint32_t acc = mc_hash_mix_string((uint32_t)int_val(seed), s);
  return val_long(mc_hash_final_mix(acc) & 0x3fffffffu);
}

const struct mc_primdef mc_prims_hash[] = {
    PRIM(caml_hash, 4),
    PRIM(caml_string_hash, 2),
    PRIM_END,
};
