/* digest.h: MD5 (RFC 1321) and BLAKE2b (RFC 7693) for C callers (digest.c). */
#ifndef MC_DIGEST_H
#define MC_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/* MD5 of a buffer, 16 bytes into out. */
void mc_md5_digest(const void *data, size_t len, unsigned char out[16]);

/* Incremental MD5: init, any number of updates, then final (which leaves
 * the context unusable until the next init). */
struct mc_md5 {
  uint32_t abcd[4];          /* chaining variables A, B, C, D */
  uint64_t total;            /* message bytes seen so far */
  unsigned char part[64];    /* partial block, (total % 64) bytes used */
};
void mc_md5_init(struct mc_md5 *m);
void mc_md5_update(struct mc_md5 *m, const void *data, size_t len);
void mc_md5_final(struct mc_md5 *m, unsigned char out[16]);

/* Incremental BLAKE2b with an output of 1..64 bytes and an optional key
 * (only its first 64 bytes are used, as in stock OCaml). */
#define MC_BLAKE2B_BLOCK 128
struct mc_blake2b {
  uint64_t h[8];                        /* chain value */
  uint64_t t[2];                        /* byte counter, 128 bits */
  size_t used;                          /* bytes waiting in buf */
  unsigned char buf[MC_BLAKE2B_BLOCK];
};
void mc_blake2b_init(struct mc_blake2b *c, size_t outlen, const void *key, size_t keylen);
void mc_blake2b_update(struct mc_blake2b *c, const void *data, size_t len);
void mc_blake2b_final(struct mc_blake2b *c, size_t outlen, unsigned char *out);

#endif
