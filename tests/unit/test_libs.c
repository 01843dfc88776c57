/* test_libs.c: unit tests for digest.c (MD5, BLAKE2b), prng.c (LXM) and
 * the pure parts of bigarray.c (half floats, compare, hash).  Expected
 * values come from the RFCs or were captured from stock ocamlrun 5.3. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bigarray.h"
#include "digest.h"
#include "hash.h"
#include "prng.h"

static int failures = 0;
static int checks = 0;

#define EXPECT(cond, ...)                                  \
  do {                                                     \
    checks++;                                              \
    if (!(cond)) {                                         \
      failures++;                                          \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);          \
      printf(__VA_ARGS__);                                 \
      printf("\n");                                        \
    }                                                      \
  } while (0)

static void to_hex(const unsigned char *p, size_t n, char *out) {
  for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", p[i]);
  out[2 * n] = '\0';
}

/* The test input of length n used when capturing from stock:
 * byte i is (7i + 3) mod 256. */
static unsigned char *pattern(size_t n) {
  unsigned char *p = malloc(n + 1);
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)((i * 7 + 3) & 255);
  return p;
}

/* ---- MD5 ---- */

static void md5_is(const char *msg, const char *want) {
  unsigned char sum[16];
  char hex[33];
  mc_md5_digest(msg, strlen(msg), sum);
  to_hex(sum, 16, hex);
  EXPECT(strcmp(hex, want) == 0, "md5(\"%s\") = %s, want %s", msg, hex, want);
}

static void test_md5_rfc(void) {
  /* RFC 1321, appendix A.5 */
  md5_is("", "d41d8cd98f00b204e9800998ecf8427e");
  md5_is("a", "0cc175b9c0f1b6a831c399e269772661");
  md5_is("abc", "900150983cd24fb0d6963f7d28e17f72");
  md5_is("message digest", "f96b697d7cb7938d525a2f31aaf161d0");
  md5_is("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b");
  md5_is("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
         "d174ab98d277d9f5a5611c2c9f419d9f");
  md5_is("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a");
}

/* Digest.string, BLAKE128, BLAKE256 and BLAKE512 of pattern(n), from stock. */
static const struct {
  size_t n;
  const char *md5, *b128, *b256, *b512;
} stock_digests[] = {
    {0, "d41d8cd98f00b204e9800998ecf8427e", "cae66941d9efbd404e4d88758ea67670", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8", "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"},
    {1, "8666683506aacd900bbd5a74ac4edf68", "71b186b851e866e71be237342976049a", "e88bd757ad5b9bedf372d8d3f0cf6c962a469db61a265f6418e1ffed86da29ec", "4fe4da61bcc756071b226843361d74944c72245d23e8245ea678c13fdcd7fe2ae529cf999ad99cc24f7a73416a18ba53e76c0afef83b16a568b12fbfc1a2674d"},
    {3, "c9aee4810523ef8658121b8d492c6b41", "09e03a807474593d5cb98909e5d502cd", "9facd640130c81e7f318a8d5c660bc1b0f5d03861ffbd4cc1358e0e904593c28", "76ce7e90c577d436a65b691e51f0a1ad536130d70a18df3bf5368551327258b6f706f4a47c45f2d0d8147cfbb5623077e798247972e4f9338603a13abc05a4db"},
    {55, "52c0e574e1198de5fe3f8f11440dcb1b", "3b7e8c275ccd83ca24b6f46d1cc43c73", "03d4607f1e3d3c6054d276c53eab4ee4de04446370d6aaab103b24060349bf47", "cd3d304c5fc217e84778b997f89dc654a6a44a88b1fd43c4668e4adfbbe2b0d169002a6f98b22ab98dde4603477dcdaeac3e6ff320b1059531fd8b6c36738e67"},
    {56, "46c9907fc908ee68b1e7b8e71286a518", "72c2ebecfb97e679be6f03b1b8f45848", "70571de6bad6d1fd028eba4676464563ca74841bb72de0e8878c02bba841f72d", "b84c95e7cb1bab5b0f5acfdd426cd90091fe5f98b2f9c047ea71542ffe6e757c29b47ec42c9fdbe423b43083f711fb546f0c3237dd42fe311ff4544d627f295a"},
    {63, "a62f6d59e837867693f042f5b8f5a236", "45c379911678ea646b566f8f5623fb44", "a69e023685fa5f19fca13acc02142a9cf8450ce5b77966586e0d000c4a4ea942", "70b2a0e6daecac22c7a2df82c06e3fc0b4c66bd5ef8098e4ed54e723b393d79ef3bceba079a01a14c6ef2ae2ed1171df1662cd14ef38e6f77b01c7f48144dd09"},
    {64, "7160b8fb5e9e4023d549c3971fbaeead", "96631285a2c16ac3454fa6b94f6faeb6", "586c0dd87616ec042093edc5f87f880d37ca73618e99b03d5850ce9be478721f", "3db7bb5c40745f0c975ac6bb8578f590e2cd2cc1fc6d13533ef725325c9fddff5cca24e7a591a0f6032a24fad0e09f6df873c4ff314628391f78df7f09cb7ed7"},
    {65, "70bd662e7aefbda85a0f7244167b7897", "138d714e9ed4830f76895021a575174d", "6f7ceeb90322d003c5b33ae8b9d9282e0159dbdc17434abc3f91ae794641d77d", "149c114a3e8c6e06bafee27c9d0de0e39ef28294fa0d9f81876dcceb10bb41101e256593587e46b844819ed7ded90d56c0843df06c95d1695c3de635cd7a888e"},
    {127, "acce2474d6cc8302120d09c818d17ef7", "e00ab0ead4d729de8fbe7745d642e416", "c9ae3859964b35f04c54b36d33cf299d7290ee621005d28e51598a943560aaaa", "71546bbf9110ad184cc60f2eb120fcfd9b4dbbca7a7f1270045b8a23a6a4f4330f65c1f030dd2f5fabc6c57617242c37cf427bd90407fac5b9deffd3ae888c39"},
    {128, "10b2da1a82f16d99a81a7203fe9f02cb", "8e0cf9bb1b36fa6c42aa6490f719b575", "f0501d06597880592bc49234eef100ec1ff349058d0e9d9b753504e24af86dd6", "2d9e329f42afa3601d646692b81c13e87fcaff5bf15972e9813d7373cb6d181f9599f4d513d4af4fd6ebd37497aceb29aba5ee23ed764d8510b552bd088814fb"},
    {129, "03fefbbcebe2959cf2270241aafe0250", "6cefde50e4008690e61cf8225d101256", "a34a4e1e03c541dfbf3099c4b6c143c022ced65c28bd7e8a10e0a098461aecf0", "47889df9eb4d717afc5019df5c6a83df00a0b8677395e078cd5778ace0f338a618e68b7d9afb065d9e6a01ccd31d109447e7fae771c3ee3e105709194122ba2b"},
    {255, "63bada79fee9101a5abc3841d5de0b11", "b1bce9f0dc0bec101cd5e09b7961937c", "f2d64a40e9412a3414161ff6250075225418fd7c271c1123e162e1bca0de9f93", "1a5199ac66a00e8a87ad1c7fbad30b33137dd8312bf6d98602dacf8f40ea2cb623a7fbc63e5a6bfa434d337ae7da5ca1a52502a215a3fe0297a151be85d88789"},
    {256, "d436d767fed83db89eacc70ed6cbd839", "ac60b0f8b3227af67328401630cd4dfa", "d93ebb9c802f5630ab22516fd82b6c21bc8bd551d531349b715f046ed11ed871", "91019c558584980249ca43eceed27e19f1c3c24161b93eed1eee2a6a774f60bf8a81b43750870bee1698feac9c5336ae4d5c842e7ead159bf3916387e8ded9ae"},
    {257, "8e2134d5d1b01a551538448c7f25e37e", "7e5b16bfede2940cbed4da50b56da597", "4ce481b24d387422d2bc2baa03d1afd55a1327939ff537c71eb9b38709268649", "9f1975efca45e7b74b020975d4d2c22802906ed8bfefca51ac497bd23147fc8f303890d8e5471ab6caaa02362e831a9e8d3435279912ccd4842c7806b096c348"},
    {1000, "10046f077f2082ac19676b8079f1cb1a", "add263669b4eb2158678a360fa6f007a", "d62b6c768ce1afc8367e0498ab2f8e3f7c178c35b1429f14c4604b545d200f52", "4bdd2c9cf31d797a81d245c989ffb7515143ca345c66f73087dd5c58bf642bf083ba16894eab79e3b08d5126404d833e7510271b50be36a7b7cbbb46f5c89fac"},
};

/* Hashes pattern(n) in one go and in uneven pieces; both must match. */
static void test_digests_vs_stock(void) {
  static const size_t cuts[] = {1, 5, 64, 3, 127, 128, 129, 2, 1000};
  for (size_t t = 0; t < sizeof stock_digests / sizeof stock_digests[0]; t++) {
    size_t n = stock_digests[t].n;
    unsigned char *p = pattern(n);
    unsigned char out[64];
    char hex[129];
    for (int pass = 0; pass < 2; pass++) {
      struct mc_md5 m;
      mc_md5_init(&m);
      struct mc_blake2b b[3];
      static const size_t lens[3] = {16, 32, 64};
      for (int k = 0; k < 3; k++) mc_blake2b_init(&b[k], lens[k], "", 0);
      size_t done = 0, c = 0;
      while (done < n) {
        size_t step = pass == 0 ? n : cuts[c++ % (sizeof cuts / sizeof cuts[0])];
        if (step > n - done) step = n - done;
        mc_md5_update(&m, p + done, step);
        for (int k = 0; k < 3; k++) mc_blake2b_update(&b[k], p + done, step);
        done += step;
      }
      mc_md5_final(&m, out);
      to_hex(out, 16, hex);
      EXPECT(strcmp(hex, stock_digests[t].md5) == 0, "md5 len %zu pass %d: %s", n, pass, hex);
      const char *want[3] = {stock_digests[t].b128, stock_digests[t].b256, stock_digests[t].b512};
      for (int k = 0; k < 3; k++) {
        mc_blake2b_final(&b[k], lens[k], out);
        to_hex(out, lens[k], hex);
        EXPECT(strcmp(hex, want[k]) == 0, "blake2b-%zu len %zu pass %d: %s", lens[k] * 8, n,
               pass, hex);
      }
    }
    free(p);
  }
}

static void test_blake2b_rfc(void) {
  /* RFC 7693, appendix A: BLAKE2b-512("abc"). */
  struct mc_blake2b b;
  unsigned char out[64];
  char hex[129];
  mc_blake2b_init(&b, 64, NULL, 0);
  mc_blake2b_update(&b, "abc", 3);
  mc_blake2b_final(&b, 64, out);
  to_hex(out, 64, hex);
  EXPECT(strcmp(hex,
                "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923") == 0,
         "blake2b-512(abc) = %s", hex);
  /* Keyed: key 00..3f, message 00..fe (255 bytes), from the BLAKE2
   * reference test vectors (blake2b-kat.txt, last entry). */
  unsigned char key[64], msg[255];
  for (int i = 0; i < 64; i++) key[i] = (unsigned char)i;
  for (int i = 0; i < 255; i++) msg[i] = (unsigned char)i;
  mc_blake2b_init(&b, 64, key, 64);
  mc_blake2b_update(&b, msg, 255);
  mc_blake2b_final(&b, 64, out);
  to_hex(out, 64, hex);
  EXPECT(strcmp(hex,
                "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e9248"
                "4be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461") == 0,
         "keyed blake2b-512 = %s", hex);
  /* Keyed, empty message (first KAT entry). */
  mc_blake2b_init(&b, 64, key, 64);
  mc_blake2b_final(&b, 64, out);
  to_hex(out, 64, hex);
  EXPECT(strcmp(hex,
                "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
                "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568") == 0,
         "keyed blake2b-512 of empty = %s", hex);
}

/* ---- LXM ---- */

/* Random.State.make [|42|]: the state is built from two MD5s of the seed
 * (eight little-endian bytes, then 0x01 or 0x02); then six bits64 draws.
 * All values captured from stock. */
static void test_lxm(void) {
  unsigned char seed[9] = {42, 0, 0, 0, 0, 0, 0, 0, 1};
  unsigned char d1[16], d2[16];
  mc_md5_digest(seed, 9, d1);
  seed[8] = 2;
  mc_md5_digest(seed, 9, d2);
  uint64_t st[4];
  memcpy(&st[0], d1, 8);
  memcpy(&st[1], d1 + 8, 8);
  memcpy(&st[2], d2, 8);
  memcpy(&st[3], d2 + 8, 8);
  st[0] |= 1;
  static const uint64_t want_state[4] = {0x4947de6c38ac789bULL, 0x5597c1e17420ff22ULL,
                                         0x7292779d80f4b248ULL, 0xa25a2742eab7c8aaULL};
  for (int i = 0; i < 4; i++)
    EXPECT(st[i] == want_state[i], "seed state[%d] = %016llx", i, (unsigned long long)st[i]);
  static const uint64_t want[6] = {0x71dc1af5ba2bb8b8ULL, 0xc67d92bb973722a8ULL,
                                   0x5f90605fac20b59bULL, 0x54ca4ed128d07da8ULL,
                                   0x659010c53e7840ffULL, 0xb29c27d100c2efdaULL};
  for (int i = 0; i < 6; i++) {
    uint64_t got = mc_lxm_next_raw(st);
    EXPECT(got == want[i], "lxm output %d = %016llx", i, (unsigned long long)got);
  }
}

/* ---- Half floats ---- */

static const struct {
  double in;
  uint16_t bits;
  double back;
} half_cases[] = {
    {0x0p+0, 0x0000, 0x0p+0},
    {-0x0p+0, 0x8000, -0x0p+0},
    {0x1p+0, 0x3c00, 0x1p+0},
    {-0x1p+0, 0xbc00, -0x1p+0},
    {0x1p-1, 0x3800, 0x1p-1},
    {0x1.ffcp+15, 0x7bff, 0x1.ffcp+15},
    {0x1.ffdffae147ae1p+15, 0x7bff, 0x1.ffcp+15},
    {0x1.ffep+15, 0x7c00, INFINITY},
    {0x1p+16, 0x7c00, INFINITY},
    {0x1.2a05f2p+33, 0x7c00, INFINITY},
    {INFINITY, 0x7c00, INFINITY},
    {-INFINITY, 0xfc00, -INFINITY},
    {NAN, 0x7e00, NAN},
    {-NAN, 0xfe00, -NAN},
    {0x1p-14, 0x0400, 0x1p-14},
    {0x1p-24, 0x0001, 0x1p-24},
    {0x1p-25, 0x0000, 0x0p+0},
    {0x1p-25, 0x0000, 0x0p+0},
    {0x1.12e0be826d695p-30, 0x0000, 0x0p+0},
    {0x1.01b2b29a4692bp-25, 0x0001, 0x1p-24},
    {0x1.004p+0, 0x3c01, 0x1.004p+0},
    {0x1.002p+0, 0x3c00, 0x1p+0},
    {0x1.006p+0, 0x3c02, 0x1.008p+0},
    {0x1.0020000000005p+0, 0x3c00, 0x1p+0},
    {0x1.999999999999ap-4, 0x2e66, 0x1.998p-4},
    {0x1.921f9f01b866ep+1, 0x4248, 0x1.92p+1},
    {-0x1.4f8b588e368f1p-19, 0x802a, -0x1.5p-19},
    {0x1.34a456d5cfaadp+10, 0x64d3, 0x1.34cp+10},
    {0x1.002p+0, 0x3c00, 0x1p+0},
    {0x1.002p+11, 0x6800, 0x1p+11},
    {0x1.006p+11, 0x6802, 0x1.008p+11},
    {0x1.001p+12, 0x6c00, 0x1p+12},
};

static void test_float16(void) {
  for (size_t i = 0; i < sizeof half_cases / sizeof half_cases[0]; i++) {
    uint16_t h = mc_ba_double_to_float16(half_cases[i].in);
    EXPECT(h == half_cases[i].bits, "float16(%a) = %04x, want %04x", half_cases[i].in, h,
           half_cases[i].bits);
    double back = mc_ba_float16_to_double(half_cases[i].bits);
    bool same = isnan(back) ? isnan(half_cases[i].back) && !signbit(back) == !signbit(half_cases[i].back)
                            : back == half_cases[i].back && !signbit(back) == !signbit(half_cases[i].back);
    EXPECT(same, "double(%04x) = %a, want %a", half_cases[i].bits, back, half_cases[i].back);
  }
  /* Every half survives the round trip, except that NaNs become 0x7e00. */
  int bad = 0;
  for (uint32_t h = 0; h < 0x10000; h++) {
    uint16_t again = mc_ba_double_to_float16(mc_ba_float16_to_double((uint16_t)h));
    bool nan16 = (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0;
    uint16_t want = nan16 ? (uint16_t)((h & 0x8000) | 0x7e00) : (uint16_t)h;
    if (again != want) bad++;
  }
  EXPECT(bad == 0, "%d halves do not round-trip", bad);
}

/* ---- Bigarray custom operations on hand-built blocks ---- */

struct fake_ba {
  value words[1 + 1 + 4 + MC_BA_MAX_NUM_DIMS];  /* header, ops, struct mc_bigarray */
};

static value fake_ba(struct fake_ba *f, int flags, void *data, int nd, const intptr_t *dims) {
  memset(f, 0, sizeof *f);
  f->words[0] = (value)make_header(1 + 4 + nd, CUSTOM_TAG, 0);
  value v = (value)&f->words[1];
  custom_ops_val(v) = &mc_bigarray_ops;
  struct mc_bigarray *b = mc_bigarray_val(v);
  b->data = data;
  b->num_dims = nd;
  b->flags = flags;
  b->proxy = NULL;
  for (int i = 0; i < nd; i++) b->dim[i] = dims[i];
  return v;
}

/* Hashtbl.hash of a lone custom block, as stock's caml_hash computes it. */
static intptr_t ocaml_hash(value v) {
  uint32_t h = mc_hash_mix_uint32(0, (uint32_t)mc_bigarray_ops.hash(v));
  return (intptr_t)(mc_hash_final_mix(h) & 0x3FFFFFFFu);
}

static void test_ba_hash(void) {
  struct fake_ba f;
  intptr_t one[1], two[2];
  {
    uint8_t a[7];
    for (int i = 0; i < 7; i++) a[i] = (uint8_t)(i * 37);
    one[0] = 7;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_UINT8, a, 1, one));
    EXPECT(h == 431059962, "hash u8x7 = %ld", (long)h);
  }
  {
    uint8_t a[300];
    for (int i = 0; i < 300; i++) a[i] = (uint8_t)i;
    one[0] = 300;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_CHAR, a, 1, one));
    EXPECT(h == 204044337, "hash charx300 = %ld", (long)h);
  }
  {
    int16_t a[5];
    for (int i = 0; i < 5; i++) a[i] = (int16_t)(i * 1000 - 2000);
    one[0] = 5;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_SINT16, a, 1, one));
    EXPECT(h == 910692844, "hash s16x5 = %ld", (long)h);
  }
  {
    int32_t a[3] = {-1, 0, 1};
    one[0] = 3;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_INT32, a, 1, one));
    EXPECT(h == 1033715404, "hash i32x3 = %ld", (long)h);
  }
  {
    int64_t a[3] = {1LL << 40, 2LL << 40, 3LL << 40};
    one[0] = 3;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_INT64, a, 1, one));
    EXPECT(h == 390730627, "hash i64x3 = %ld", (long)h);
  }
  {
    intptr_t a[4];
    /* OCaml computes i * max_int / 3 with 63-bit wrap-around. */
    for (int i = 0; i < 4; i++) {
      int64_t p = (int64_t)((uint64_t)i * 4611686018427387903ULL << 1) >> 1;
      a[i] = p / 3;
    }
    one[0] = 4;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_CAML_INT, a, 1, one));
    EXPECT(h == 171872139, "hash intx4 = %ld", (long)h);
  }
  {
    double a[3] = {0.0, 1.0 / 3.0, 2.0 / 3.0};
    one[0] = 3;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_FLOAT64, a, 1, one));
    EXPECT(h == 257478473, "hash f64x3 = %ld", (long)h);
  }
  {
    float a[3] = {0.0f, (float)(1.0 / 3.0), (float)(2.0 / 3.0)};
    one[0] = 3;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_FLOAT32, a, 1, one));
    EXPECT(h == 685908697, "hash f32x3 = %ld", (long)h);
  }
  {
    uint16_t a[3] = {0x7e00, 0x8000, 0x3e00};
    one[0] = 3;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_FLOAT16, a, 1, one));
    EXPECT(h == 31503316, "hash f16x3 = %ld", (long)h);
  }
  {
    double a[4] = {0.0, -1.0, 1.0, -1.0};
    one[0] = 2;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_COMPLEX64, a, 1, one));
    EXPECT(h == 251398163, "hash c64x2 = %ld", (long)h);
  }
  {
    /* Array2 2x3, Fortran layout, element (i,j) = 10i+j, column major. */
    double a[6];
    for (int j = 1; j <= 3; j++)
      for (int i = 1; i <= 2; i++) a[(j - 1) * 2 + (i - 1)] = 10 * i + j;
    two[0] = 2;
    two[1] = 3;
    intptr_t h = ocaml_hash(fake_ba(&f, MC_BA_FLOAT64 | MC_BA_FORTRAN_LAYOUT, a, 2, two));
    EXPECT(h == 987262735, "hash f64f2x3 = %ld", (long)h);
  }
}

static int cmp(value a, value b, int *unordered) {
  *unordered = 0;
  return mc_bigarray_ops.compare(a, b, unordered);
}

static void test_ba_compare(void) {
  struct fake_ba fa, fb;
  intptr_t three[1] = {3}, two[1] = {2};
  int un;
  int32_t x[3] = {1, 2, 3}, y[3] = {1, 5, 0};
  value a = fake_ba(&fa, MC_BA_INT32, x, 1, three);
  value b = fake_ba(&fb, MC_BA_INT32, y, 1, three);
  EXPECT(cmp(a, b, &un) < 0 && !un, "int32 [1;2;3] < [1;5;0]");
  EXPECT(cmp(b, a, &un) > 0, "int32 [1;5;0] > [1;2;3]");
  EXPECT(cmp(a, a, &un) == 0, "int32 equal");
  /* Fewer elements in the first dimension sorts first. */
  b = fake_ba(&fb, MC_BA_INT32, y, 1, two);
  EXPECT(cmp(a, b, &un) > 0, "dims 3 > dims 2");
  /* Kinds compare in reverse order of their numbers, as in stock. */
  b = fake_ba(&fb, MC_BA_INT64, y, 1, three);
  EXPECT(cmp(a, b, &un) == MC_BA_INT64 - MC_BA_INT32, "int32 vs int64: %d", cmp(a, b, &un));
  /* Unsigned bytes compare as unsigned, signed ones as signed. */
  uint8_t p[1] = {0xff}, q[1] = {0x01};
  intptr_t onedim[1] = {1};
  a = fake_ba(&fa, MC_BA_UINT8, p, 1, onedim);
  b = fake_ba(&fb, MC_BA_UINT8, q, 1, onedim);
  EXPECT(cmp(a, b, &un) > 0, "uint8 255 > 1");
  a = fake_ba(&fa, MC_BA_SINT8, p, 1, onedim);
  b = fake_ba(&fb, MC_BA_SINT8, q, 1, onedim);
  EXPECT(cmp(a, b, &un) < 0, "sint8 -1 < 1");
  /* NaN: less than numbers, equal to itself, flags unordered. */
  double n1[2] = {NAN, 1.0}, n2[2] = {0.0, 1.0}, n3[2] = {NAN, 2.0};
  a = fake_ba(&fa, MC_BA_FLOAT64, n1, 1, two);
  b = fake_ba(&fb, MC_BA_FLOAT64, n2, 1, two);
  EXPECT(cmp(a, b, &un) == -1 && un == 1, "nan < 0 (unordered)");
  EXPECT(cmp(b, a, &un) == 1 && un == 1, "0 > nan (unordered)");
  b = fake_ba(&fb, MC_BA_FLOAT64, n3, 1, two);
  EXPECT(cmp(a, b, &un) == -1 && un == 1, "[nan;1] < [nan;2]");
}

int main(void) {
  test_md5_rfc();
  test_digests_vs_stock();
  test_blake2b_rfc();
  test_lxm();
  test_float16();
  test_ba_hash();
  test_ba_compare();
  printf("test_libs: %d checks, %d failures\n", checks, failures);
  return failures != 0;
}
