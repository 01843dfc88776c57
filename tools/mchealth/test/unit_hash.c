/* unit_hash: SHA-256 vectors, key-builder framing, file and tree hashing with the stat cache. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "hash.h"
#include "util.h"

/* A hash cache in memory, to observe hits and misses. */
typedef struct memcache {
  strvec_t keys, vals;
} memcache_t;

static int mc_get(void *ctx, const char *path, const char *stamp, char out[HASH_HEX]) {
  memcache_t *m = ctx;
  char *k = xasprintf("%s|%s", path, stamp);
  for (size_t i = 0; i < m->keys.n; i++)
    if (strcmp(m->keys.v[i], k) == 0) {
      snprintf(out, HASH_HEX, "%s", m->vals.v[i]);
      free(k);
      return 0;
    }
  free(k);
  return -1;
}

static void mc_put(void *ctx, const char *path, const char *stamp, const char *hash) {
  memcache_t *m = ctx;
  sv_push_own(&m->keys, xasprintf("%s|%s", path, stamp));
  sv_push(&m->vals, hash);
}

int main(void) {
  check_counts_t cc = {0, 0};
  char h[HASH_HEX];

  /* FIPS 180-2 test vectors */
  sha256_hex("", 0, h);
  CHECK_STR(&cc, h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  sha256_hex("abc", 3, h);
  CHECK_STR(&cc, h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  sha256_hex(two, strlen(two), h);
  CHECK_STR(&cc, h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  /* a million 'a', fed in odd-sized pieces */
  {
    sha256_t s;
    unsigned char d[32];
    char a[997];
    memset(a, 'a', sizeof a);
    sha256_init(&s);
    size_t left = 1000000;
    while (left) {
      size_t n = left < sizeof a ? left : sizeof a;
      sha256_update(&s, a, n);
      left -= n;
    }
    sha256_final(&s, d);
    hash_to_hex(d, h);
    CHECK_STR(&cc, h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }

  /* key builder: fields are framed, so "ab"+"c" differs from "a"+"bc" */
  {
    keyb_t k1, k2, k3;
    char a[HASH_HEX], b[HASH_HEX], c[HASH_HEX];
    keyb_init(&k1, "t");
    keyb_str(&k1, "x", "ab");
    keyb_str(&k1, "x", "c");
    keyb_final(&k1, a);
    keyb_init(&k2, "t");
    keyb_str(&k2, "x", "a");
    keyb_str(&k2, "x", "bc");
    keyb_final(&k2, b);
    keyb_init(&k3, "t");
    keyb_str(&k3, "x", "ab");
    keyb_str(&k3, "x", "c");
    keyb_final(&k3, c);
    CHECK(&cc, strcmp(a, b) != 0);
    CHECK_STR(&cc, a, c);
    keyb_init(&k3, "other-domain");
    keyb_str(&k3, "x", "ab");
    keyb_str(&k3, "x", "c");
    keyb_final(&k3, c);
    CHECK(&cc, strcmp(a, c) != 0);
  }

  /* files and trees */
  char dir[] = "/tmp/mch-unit-hash-XXXXXX";
  CHECK(&cc, mkdtemp(dir) != NULL);
  char *f1 = path_join(dir, "a.txt"), *sub = path_join(dir, "sub"), *f2 = path_join(dir, "sub/b.txt");
  char *junk = path_join(dir, "_ocamltest");
  mkdir(sub, 0755);
  file_write(f1, "hello\n", 6);
  file_write(f2, "world\n", 6);
  memcache_t mc;
  sv_init(&mc.keys);
  sv_init(&mc.vals);
  hash_cache_t c = {.ctx = &mc, .get = mc_get, .put = mc_put};
  CHECK(&cc, hash_file(&c, f1, h) == 0);
  char expect[HASH_HEX];
  sha256_hex("hello\n", 6, expect);
  CHECK_STR(&cc, h, expect);
  CHECK(&cc, c.files_read == 1);
  CHECK(&cc, hash_file(&c, f1, h) == 0); /* unchanged: from the cache */
  CHECK(&cc, c.files_read == 1);
  CHECK_STR(&cc, h, expect);

  char t1[HASH_HEX], t2[HASH_HEX], t3[HASH_HEX], t4[HASH_HEX];
  CHECK(&cc, hash_path(&c, dir, NULL, t1) == 0);
  /* an excluded directory does not change the hash */
  mkdir(junk, 0755);
  char *jf = path_join(junk, "x");
  file_write(jf, "junk", 4);
  strvec_t ex;
  sv_init(&ex);
  sv_push(&ex, "_ocamltest");
  CHECK(&cc, hash_path(&c, dir, &ex, t2) == 0);
  CHECK_STR(&cc, t1, t2);
  CHECK(&cc, hash_path(&c, dir, NULL, t3) == 0);
  CHECK(&cc, strcmp(t1, t3) != 0);
  /* a content change changes the tree hash; restoring it restores the hash */
  usleep(2000);
  file_write(f2, "WORLD\n", 6);
  CHECK(&cc, hash_path(&c, dir, &ex, t4) == 0);
  CHECK(&cc, strcmp(t1, t4) != 0);
  usleep(2000);
  file_write(f2, "world\n", 6);
  CHECK(&cc, hash_path(&c, dir, &ex, t4) == 0);
  CHECK_STR(&cc, t1, t4);
  /* the executable bit is part of a tree's identity */
  chmod(f1, 0755);
  CHECK(&cc, hash_path(&c, dir, &ex, t4) == 0);
  CHECK(&cc, strcmp(t1, t4) != 0);
  /* a missing path is an error */
  char *missing = path_join(dir, "nope");
  CHECK(&cc, hash_path(&c, missing, NULL, t4) != 0);

  rm_rf(dir);
  free(f1);
  free(f2);
  free(sub);
  free(junk);
  free(jf);
  free(missing);
  sv_free(&ex);
  sv_free(&mc.keys);
  sv_free(&mc.vals);
  return check_report("unit_hash", &cc);
}
