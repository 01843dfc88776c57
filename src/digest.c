/* digest.c: MD5 and BLAKE2b, and the Digest primitives built on them. */
#include <stdlib.h>
#include <string.h>
#include "digest.h"
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "io.h"
#include "prims.h"

/* ------------------------------------------------------------------ */
/* MD5, written from RFC 1321.                                         */
/* ------------------------------------------------------------------ */

/* Additive constants: entry i is floor(2^32 * |sin(i + 1)|). */
static const uint32_t md5_sine[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
    0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
    0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
    0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
    0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
    0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
    0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
    0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
    0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Left-rotation amounts: four per round, cycled over the round's 16 steps. */
static const unsigned char md5_rot[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

static inline uint32_t rotl32(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

static inline uint32_t load_le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Processes one 64-byte block.  Step i of the 64 uses the round's boolean
 * function, picks message word `k` by the round's permutation of the
 * indices (identity, 5i+1, 3i+5, 7i, all mod 16), adds the sine constant,
 * rotates, and shifts the four registers one place to the right. */
static void md5_block(uint32_t abcd[4], const unsigned char *blk) {
  uint32_t w[16];
  for (int i = 0; i < 16; i++) w[i] = load_le32(blk + 4 * i);
  uint32_t a = abcd[0], b = abcd[1], c = abcd[2], dd = abcd[3];
  for (unsigned i = 0; i < 64; i++) {
    unsigned round = i >> 4;
    uint32_t f;
    unsigned k;
    switch (round) {
      case 0: f = (b & c) | (~b & dd); k = i; break;
      case 1: f = (b & dd) | (c & ~dd); k = 5 * i + 1; break;
      case 2: f = b ^ c ^ dd; k = 3 * i + 5; break;
      default: f = c ^ (b | ~dd); k = 7 * i; break;
    }
    uint32_t sum = a + f + md5_sine[i] + w[k & 15];
    uint32_t nb = b + rotl32(sum, md5_rot[round][i & 3]);
    a = dd;
    dd = c;
    c = b;
    b = nb;
  }
  abcd[0] += a;
  abcd[1] += b;
  abcd[2] += c;
  abcd[3] += dd;
}

void mc_md5_init(struct mc_md5 *m) {
  m->abcd[0] = 0x67452301;
  m->abcd[1] = 0xefcdab89;
  m->abcd[2] = 0x98badcfe;
  m->abcd[3] = 0x10325476;
  m->total = 0;
}

void mc_md5_update(struct mc_md5 *m, const void *data, size_t len) {
  const unsigned char *p = data;
  size_t have = (size_t)(m->total & 63);
  m->total += len;
  if (have != 0) {
    size_t room = 64 - have;
    if (len < room) {
      memcpy(m->part + have, p, len);
      return;
    }
    memcpy(m->part + have, p, room);
    md5_block(m->abcd, m->part);
    p += room;
    len -= room;
  }
  for (; len >= 64; p += 64, len -= 64) md5_block(m->abcd, p);
  memcpy(m->part, p, len);
}

/* Padding (RFC 1321 section 3.1-3.2): a 0x80 byte, zeros up to 56 mod 64,
 * then the bit length as a 64-bit little-endian number. */
void mc_md5_final(struct mc_md5 *m, unsigned char out[16]) {
  uint64_t bits = m->total << 3;
  size_t have = (size_t)(m->total & 63);
  m->part[have++] = 0x80;
  if (have > 56) {
    memset(m->part + have, 0, 64 - have);
    md5_block(m->abcd, m->part);
    have = 0;
  }
  memset(m->part + have, 0, 56 - have);
  for (int i = 0; i < 8; i++) m->part[56 + i] = (unsigned char)(bits >> (8 * i));
  md5_block(m->abcd, m->part);
  for (int r = 0; r < 4; r++)
    for (int j = 0; j < 4; j++) out[4 * r + j] = (unsigned char)(m->abcd[r] >> (8 * j));
  memset(m, 0, sizeof *m);
}

void mc_md5_digest(const void *data, size_t len, unsigned char out[16]) {
  struct mc_md5 m;
  mc_md5_init(&m);
  mc_md5_update(&m, data, len);
  mc_md5_final(&m, out);
}

/* ------------------------------------------------------------------ */
/* BLAKE2b, written from RFC 7693.                                     */
/* ------------------------------------------------------------------ */

/* Initialisation vector (the SHA-512 one, RFC 7693 section 2.6). */
static const uint64_t b2_iv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
    0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
    0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

/* Message schedule SIGMA (section 2.7); round r uses row r mod 10. */
static const unsigned char b2_sigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0}};

/* The eight applications of G per round: four columns, then four
 * diagonals of the 4x4 working matrix (section 3.2). */
static const unsigned char b2_lanes[8][4] = {
    {0, 4, 8, 12}, {1, 5, 9, 13}, {2, 6, 10, 14}, {3, 7, 11, 15},
    {0, 5, 10, 15}, {1, 6, 11, 12}, {2, 7, 8, 13}, {3, 4, 9, 14}};

static inline uint64_t rotr64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

static inline uint64_t load_le64(const unsigned char *p) {
  uint64_t x = 0;
  for (int i = 7; i >= 0; i--) x = (x << 8) | p[i];
  return x;
}

/* The mixing function G (section 3.1) on lanes q of the work vector. */
static inline void b2_mix(uint64_t v[16], const unsigned char q[4], uint64_t x, uint64_t y) {
  uint64_t *a = &v[q[0]], *b = &v[q[1]], *c = &v[q[2]], *dd = &v[q[3]];
  *a += *b + x;
  *dd = rotr64(*dd ^ *a, 32);
  *c += *dd;
  *b = rotr64(*b ^ *c, 24);
  *a += *b + y;
  *dd = rotr64(*dd ^ *a, 16);
  *c += *dd;
  *b = rotr64(*b ^ *c, 63);
}

/* Compression F (section 3.2): counts `n` more input bytes, then mixes
 * one 128-byte block into the chain value; `last` marks the final block. */
static void b2_compress(struct mc_blake2b *c, const unsigned char *blk, size_t n, int last) {
  uint64_t v[16], m[16];
  c->t[0] += n;
  if (c->t[0] < n) c->t[1]++;
  for (int i = 0; i < 16; i++) m[i] = load_le64(blk + 8 * i);
  memcpy(v, c->h, sizeof c->h);
  memcpy(v + 8, b2_iv, sizeof b2_iv);
  v[12] ^= c->t[0];
  v[13] ^= c->t[1];
  if (last) v[14] = ~v[14];
  for (int r = 0; r < 12; r++) {
    const unsigned char *s = b2_sigma[r % 10];
    for (int g = 0; g < 8; g++) b2_mix(v, b2_lanes[g], m[s[2 * g]], m[s[2 * g + 1]]);
  }
  for (int i = 0; i < 8; i++) c->h[i] ^= v[i] ^ v[i + 8];
}

/* Parameter block word 0 holds digest length, key length, fanout 1 and
 * depth 1.  Like stock OCaml, the key length put there is the one given,
 * while at most 64 key bytes are hashed.  A key fills the first block,
 * zero-padded. */
void mc_blake2b_init(struct mc_blake2b *c, size_t outlen, const void *key, size_t keylen) {
  memcpy(c->h, b2_iv, sizeof c->h);
  c->h[0] ^= 0x01010000u | ((uint64_t)keylen << 8) | (uint64_t)outlen;
  c->t[0] = c->t[1] = 0;
  c->used = 0;
  if (keylen > 0) {
    size_t k = keylen > 64 ? 64 : keylen;
    memset(c->buf, 0, sizeof c->buf);
    memcpy(c->buf, key, k);
    c->used = MC_BLAKE2B_BLOCK;
  }
}

/* A full buffer is only compressed once more input arrives: the last
 * block must be kept for mc_blake2b_final, which flags it. */
void mc_blake2b_update(struct mc_blake2b *c, const void *data, size_t len) {
  const unsigned char *p = data;
  while (len > 0) {
    if (c->used == MC_BLAKE2B_BLOCK) {
      b2_compress(c, c->buf, MC_BLAKE2B_BLOCK, 0);
      c->used = 0;
    }
    if (c->used == 0 && len > MC_BLAKE2B_BLOCK) {
      /* Whole blocks straight from the input, keeping at least one byte. */
      b2_compress(c, p, MC_BLAKE2B_BLOCK, 0);
      p += MC_BLAKE2B_BLOCK;
      len -= MC_BLAKE2B_BLOCK;
      continue;
    }
    size_t take = MC_BLAKE2B_BLOCK - c->used;
    if (take > len) take = len;
    memcpy(c->buf + c->used, p, take);
    c->used += take;
    p += take;
    len -= take;
  }
}

void mc_blake2b_final(struct mc_blake2b *c, size_t outlen, unsigned char *out) {
  memset(c->buf + c->used, 0, MC_BLAKE2B_BLOCK - c->used);
  b2_compress(c, c->buf, c->used, 1);
  if (outlen > 64) outlen = 64;
  for (size_t i = 0; i < outlen; i++) out[i] = (unsigned char)(c->h[i >> 3] >> (8 * (i & 7)));
}

/* ------------------------------------------------------------------ */
/* Primitives                                                          */
/* ------------------------------------------------------------------ */

/* MD5 of len bytes of a string or bytes value from offset ofs (bounds
 * were checked by Digest). */
value caml_md5_string(mc_domain *d, value s, value ofs, value len) {
  unsigned char sum[16];
  mc_md5_digest(bytes_val(s) + long_val(ofs), (size_t)long_val(len), sum);
  return mc_copy_string_len(d, (const char *)sum, 16);
}

value caml_md5_bytes(mc_domain *d, value b, value ofs, value len) {
  return caml_md5_string(d, b, ofs, len);
}

/* MD5 of the next `len` bytes of an input channel, or of everything up
 * to end of file when len < 0.  End_of_file if the channel ends first. */
value caml_md5_chan(mc_domain *d, value vchan, value vlen) {
  struct mc_channel *ch = mc_channel_of_value(vchan);
  intptr_t want = long_val(vlen);
  char chunk[4096];
  struct mc_md5 m;
  bool short_read = false;
  mc_md5_init(&m);
  mc_channel_lock(d, ch);
  if (want < 0) {
    size_t got;
    while ((got = mc_channel_read(d, ch, chunk, sizeof chunk)) > 0) mc_md5_update(&m, chunk, got);
  } else {
    while (want > 0) {
      size_t ask = want < (intptr_t)sizeof chunk ? (size_t)want : sizeof chunk;
      size_t got = mc_channel_really_read(d, ch, chunk, ask);
      mc_md5_update(&m, chunk, got);
      if (got < ask) {
        short_read = true;
        break;
      }
      want -= (intptr_t)got;
    }
  }
  mc_channel_unlock(d, ch);
  if (short_read) mc_raise_end_of_file(d);
  unsigned char sum[16];
  mc_md5_final(&m, sum);
  return mc_copy_string_len(d, (const char *)sum, 16);
}

/* A BLAKE2b state for Digest.BLAKE2*.create: a custom block holding a
 * pointer to a malloc'd context (freed by the finaliser), like stock's
 * "_blake2" blocks: no comparison, hashing or marshalling. */
#define b2_state_val(v) (*(struct mc_blake2b **)data_custom_val(v))

static void b2_state_finalize(value v) {
  free(b2_state_val(v));
  b2_state_val(v) = NULL;
}

static const struct mc_custom_ops blake2_state_ops = {
    .identifier = "_blake2",
    .finalize = b2_state_finalize,
};

value caml_blake2_create(mc_domain *d, value hashlen, value key) {
  GC_ROOTS(d, &key);
  value res = mc_alloc_custom_mem(d, &blake2_state_ops, sizeof(struct mc_blake2b *),
                                  sizeof(struct mc_blake2b));
  b2_state_val(res) = NULL;
  struct mc_blake2b *c = malloc(sizeof *c);
  if (c == NULL) mc_raise_out_of_memory(d);
  mc_blake2b_init(c, (size_t)long_val(hashlen), bytes_val(key), string_length(key));
  b2_state_val(res) = c;
  return res;
}

value caml_blake2_update(mc_domain *d, value st, value buf, value ofs, value len) {
  mc_blake2b_update(b2_state_val(st), bytes_val(buf) + long_val(ofs), (size_t)long_val(len));
  return val_unit;
}

value caml_blake2_final(mc_domain *d, value st, value hashlen) {
  size_t n = (size_t)long_val(hashlen);
  unsigned char out[64];
  if (n > sizeof out) n = sizeof out;
  mc_blake2b_final(b2_state_val(st), n, out);
  return mc_copy_string_len(d, (const char *)out, n);
}

/* One-shot keyed BLAKE2b of a substring: hashlen, key, data, ofs, len. */
value caml_blake2_string(mc_domain *d, value hashlen, value key, value buf, value ofs,
                         value len) {
  struct mc_blake2b c;
  unsigned char out[64];
  size_t n = (size_t)long_val(hashlen);
  if (n > sizeof out) n = sizeof out;
  mc_blake2b_init(&c, n, bytes_val(key), string_length(key));
  mc_blake2b_update(&c, bytes_val(buf) + long_val(ofs), (size_t)long_val(len));
  mc_blake2b_final(&c, n, out);
  return mc_copy_string_len(d, (const char *)out, n);
}

value caml_blake2_bytes(mc_domain *d, value hashlen, value key, value buf, value ofs,
                        value len) {
  return caml_blake2_string(d, hashlen, key, buf, ofs, len);
}

const struct mc_primdef mc_prims_digest[] = {
    PRIM(caml_md5_string, 3),    PRIM(caml_md5_bytes, 3),     PRIM(caml_md5_chan, 2),
    PRIM(caml_blake2_create, 2), PRIM(caml_blake2_update, 4), PRIM(caml_blake2_final, 2),
    PRIM(caml_blake2_string, 5), PRIM(caml_blake2_bytes, 5),  PRIM_END};
