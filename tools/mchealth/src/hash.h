/* hash: SHA-256, unambiguous key builders, and content hashes of files and trees. */
#ifndef MCH_HASH_H
#define MCH_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define HASH_HEX 65 /* 64 hex digits and a NUL */

typedef struct sha256 {
  uint32_t h[8];
  uint64_t total;
  unsigned char blk[64];
  size_t used;
} sha256_t;

void sha256_init(sha256_t *s);
void sha256_update(sha256_t *s, const void *data, size_t len);
void sha256_final(sha256_t *s, unsigned char out[32]);
void sha256_hex(const void *data, size_t len, char out[HASH_HEX]);
void hash_to_hex(const unsigned char d[32], char out[HASH_HEX]);

/* A key builder: a SHA-256 over (tag, length, bytes) triples, so that no two
   different sequences of fields give the same stream of bytes. */
typedef struct keyb {
  sha256_t s;
} keyb_t;

void keyb_init(keyb_t *k, const char *domain);
void keyb_field(keyb_t *k, const char *tag, const void *data, size_t len);
void keyb_str(keyb_t *k, const char *tag, const char *s);
void keyb_int(keyb_t *k, const char *tag, long long v);
void keyb_final(keyb_t *k, char out[HASH_HEX]);

/* A cache from file identity (path, device, inode, size, mtime, ctime) to
   content hash, so that unchanged files are not read again.  Callbacks
   return 0 when found. */
typedef struct hash_cache {
  void *ctx;
  int (*get)(void *ctx, const char *path, const char *stamp, char out[HASH_HEX]);
  void (*put)(void *ctx, const char *path, const char *stamp, const char *hash);
  unsigned long files_read; /* statistics: files whose content was hashed */
  unsigned long files_seen;
} hash_cache_t;

/* Content hash of a regular file (through the cache if given). */
int hash_file(hash_cache_t *c, const char *path, char out[HASH_HEX]);

/* Content hash of a path: a file's hash, or for a directory a hash over
   its sorted relative names, kinds, executable bits and contents (symlinks
   by target).  Names matching any of the glob patterns in `exclude`
   (matched against the base name) are skipped.  Returns -1 if the path
   does not exist. */
int hash_path(hash_cache_t *c, const char *path, const strvec_t *exclude, char out[HASH_HEX]);

#endif
