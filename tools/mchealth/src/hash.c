/* hash: SHA-256, unambiguous key builders, and content hashes of files and trees. */
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void compress_block(sha256_t *s, const unsigned char *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
           (uint32_t)p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5],
           g = s->h[6], h = s->h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t S1 = ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = h + S1 + ch + K[i] + w[i];
    uint32_t S0 = ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22);
    uint32_t mj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = S0 + mj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  s->h[0] += a;
  s->h[1] += b;
  s->h[2] += c;
  s->h[3] += d;
  s->h[4] += e;
  s->h[5] += f;
  s->h[6] += g;
  s->h[7] += h;
}

void sha256_init(sha256_t *s) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(s->h, iv, sizeof iv);
  s->total = 0;
  s->used = 0;
}

void sha256_update(sha256_t *s, const void *data, size_t len) {
  const unsigned char *p = data;
  s->total += len;
  if (s->used) {
    size_t take = 64 - s->used < len ? 64 - s->used : len;
    memcpy(s->blk + s->used, p, take);
    s->used += take;
    p += take;
    len -= take;
    if (s->used == 64) {
      compress_block(s, s->blk);
      s->used = 0;
    }
  }
  while (len >= 64) {
    compress_block(s, p);
    p += 64;
    len -= 64;
  }
  if (len) {
    memcpy(s->blk, p, len);
    s->used = len;
  }
}

void sha256_final(sha256_t *s, unsigned char out[32]) {
  uint64_t bits = s->total * 8;
  unsigned char pad = 0x80;
  sha256_update(s, &pad, 1);
  unsigned char zero = 0;
  while (s->used != 56) sha256_update(s, &zero, 1);
  unsigned char len[8];
  for (int i = 0; i < 8; i++) len[i] = (unsigned char)(bits >> (56 - 8 * i));
  sha256_update(s, len, 8);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (unsigned char)(s->h[i] >> 24);
    out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
    out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
    out[4 * i + 3] = (unsigned char)s->h[i];
  }
}

void hash_to_hex(const unsigned char d[32], char out[HASH_HEX]) {
  static const char hx[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    out[2 * i] = hx[d[i] >> 4];
    out[2 * i + 1] = hx[d[i] & 15];
  }
  out[64] = 0;
}

void sha256_hex(const void *data, size_t len, char out[HASH_HEX]) {
  sha256_t s;
  unsigned char d[32];
  sha256_init(&s);
  sha256_update(&s, data, len);
  sha256_final(&s, d);
  hash_to_hex(d, out);
}

/* ---- key builder ---- */

void keyb_init(keyb_t *k, const char *domain) {
  sha256_init(&k->s);
  keyb_str(k, "domain", domain);
}

void keyb_field(keyb_t *k, const char *tag, const void *data, size_t len) {
  char hdr[64];
  int n = snprintf(hdr, sizeof hdr, "%zu:%s:%zu:", strlen(tag), tag, len);
  sha256_update(&k->s, hdr, (size_t)n);
  sha256_update(&k->s, data, len);
}

void keyb_str(keyb_t *k, const char *tag, const char *s) {
  if (!s) s = "";
  keyb_field(k, tag, s, strlen(s));
}

void keyb_int(keyb_t *k, const char *tag, long long v) {
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%lld", v);
  keyb_field(k, tag, tmp, (size_t)n);
}

void keyb_final(keyb_t *k, char out[HASH_HEX]) {
  unsigned char d[32];
  sha256_final(&k->s, d);
  hash_to_hex(d, out);
}

/* ---- files and trees ---- */

static int hash_fd(int fd, char out[HASH_HEX]) {
  sha256_t s;
  unsigned char d[32];
  unsigned char tmp[1 << 16];
  sha256_init(&s);
  for (;;) {
    ssize_t r = read(fd, tmp, sizeof tmp);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    sha256_update(&s, tmp, (size_t)r);
  }
  sha256_final(&s, d);
  hash_to_hex(d, out);
  return 0;
}

int hash_file(hash_cache_t *c, const char *path, char out[HASH_HEX]) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return -1;
  char stamp[160];
  snprintf(stamp, sizeof stamp, "%llu:%llu:%lld:%lld.%09ld:%lld.%09ld", (unsigned long long)st.st_dev,
           (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
           st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
  if (c) {
    c->files_seen++;
    if (c->get && c->get(c->ctx, path, stamp, out) == 0) return 0;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int r = hash_fd(fd, out);
  close(fd);
  if (r != 0) return -1;
  if (c) {
    c->files_read++;
    if (c->put) c->put(c->ctx, path, stamp, out);
  }
  return 0;
}

static int excluded(const char *name, const strvec_t *exclude) {
  if (!exclude) return 0;
  for (size_t i = 0; i < exclude->n; i++)
    if (fnmatch(exclude->v[i], name, 0) == 0) return 1;
  return 0;
}

/* Feed one directory level into the tree hash, recursively. */
static int hash_tree_into(hash_cache_t *c, keyb_t *k, const char *abs, const char *rel,
                          const strvec_t *exclude) {
  strvec_t names;
  sv_init(&names);
  if (dir_list(abs, &names) != 0) return -1;
  int rc = 0;
  for (size_t i = 0; i < names.n && rc == 0; i++) {
    if (excluded(names.v[i], exclude)) continue;
    char *a = path_join(abs, names.v[i]);
    char *r = *rel ? xasprintf("%s/%s", rel, names.v[i]) : xstrdup(names.v[i]);
    struct stat st;
    if (lstat(a, &st) != 0) {
      rc = -1;
    } else if (S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t n = readlink(a, target, sizeof target - 1);
      if (n < 0) n = 0;
      keyb_str(k, "link", r);
      keyb_field(k, "target", target, (size_t)n);
    } else if (S_ISDIR(st.st_mode)) {
      keyb_str(k, "dir", r);
      rc = hash_tree_into(c, k, a, r, exclude);
    } else if (S_ISREG(st.st_mode)) {
      char h[HASH_HEX];
      if (hash_file(c, a, h) != 0) {
        rc = -1;
      } else {
        keyb_str(k, (st.st_mode & 0111) ? "exe" : "file", r);
        keyb_str(k, "content", h);
      }
    }
    free(a);
    free(r);
  }
  sv_free(&names);
  return rc;
}

int hash_path(hash_cache_t *c, const char *path, const strvec_t *exclude, char out[HASH_HEX]) {
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  if (S_ISREG(st.st_mode)) return hash_file(c, path, out);
  if (!S_ISDIR(st.st_mode)) return -1;
  keyb_t k;
  keyb_init(&k, "tree");
  if (hash_tree_into(c, &k, path, "", exclude) != 0) return -1;
  keyb_final(&k, out);
  return 0;
}
