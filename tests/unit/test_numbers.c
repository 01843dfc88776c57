/* test_numbers.c: unit tests for the number <-> text conversions of
 * floats.c and ints.c (parsers, %h rendering, format checks). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "floats.h"
#include "ints.h"

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

static uint64_t bits_of(double x) {
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

/* ---- float_of_string ---- */

static void float_ok(const char *text, size_t len, double want) {
  double got = 0;
  bool ok = mc_parse_float(text, len, &got);
  EXPECT(ok, "float_of_string %s: rejected", text);
  if (ok)
    EXPECT(bits_of(got) == bits_of(want) || (isnan(got) && isnan(want)),
           "float_of_string %s: got %a, want %a", text, got, want);
}
#define FLOAT_OK(s, want) float_ok(s, sizeof(s) - 1, want)

static void float_bad(const char *text, size_t len) {
  double got;
  EXPECT(!mc_parse_float(text, len, &got), "float_of_string \"%s\" accepted", text);
}
#define FLOAT_BAD(s) float_bad(s, sizeof(s) - 1)

static void test_parse_float(void) {
  FLOAT_OK("1.5", 1.5);
  FLOAT_OK("-2.25e3", -2250.0);
  FLOAT_OK("1_000.5", 1000.5);
  FLOAT_OK("_1_", 1.0);
  FLOAT_OK("0x1.8p3", 12.0);
  FLOAT_OK("0X1.8P3", 12.0);
  FLOAT_OK("-0x1p-2", -0.25);
  FLOAT_OK("+0x10", 16.0);
  FLOAT_OK("0x.8", 0.5);
  FLOAT_OK("0x1.", 1.0);
  FLOAT_OK("0x1_0", 16.0);
  FLOAT_OK("0x1p+4", 16.0);
  FLOAT_OK("0x1p-1074", 0x1p-1074);
  FLOAT_OK("0x1p-1075", 0.0);          /* tie, to even */
  FLOAT_OK("0x3p-1076", 0x1p-1074);    /* 0.75 ulp */
  FLOAT_OK("0x1p99999999999", HUGE_VAL);
  FLOAT_OK("-0x1p99999999999", -HUGE_VAL);
  FLOAT_OK("0x1p-99999999999", 0.0);
  FLOAT_OK("0xp99999999999", 0.0);     /* stock's early exit: no digits needed */
  FLOAT_OK("0x0p99999999999", 0.0);
  FLOAT_OK("0x1p1024", HUGE_VAL);
  FLOAT_OK("0x1.fffffffffffff8p0", 2.0);       /* ties to even, upward */
  FLOAT_OK("0x1.fffffffffffff7fffffp0", 0x1.fffffffffffffp0);
  FLOAT_OK("0x1.00000000000008000000000001p0", 0x1.0000000000001p0); /* sticky bit */
  FLOAT_OK("0x0000000000000000000001p0", 1.0);
  FLOAT_OK("nan", NAN);
  FLOAT_OK("-nan", NAN);
  FLOAT_OK("inf", HUGE_VAL);
  FLOAT_OK("-infinity", -HUGE_VAL);
  FLOAT_OK("Infinity", HUGE_VAL);
  FLOAT_OK(" 1", 1.0);                 /* strtod skips leading blanks */
  FLOAT_OK("1e500", HUGE_VAL);
  FLOAT_OK("1e-500", 0.0);
  FLOAT_OK("4.9e-324", 0x1p-1074);
  FLOAT_OK("0.1", 0.1);
  FLOAT_OK("1.", 1.0);
  FLOAT_OK(".5", 0.5);
  FLOAT_BAD("");
  FLOAT_BAD("_");
  FLOAT_BAD("-");
  FLOAT_BAD("1 ");
  FLOAT_BAD("1.5x");
  FLOAT_BAD("0x");
  FLOAT_BAD("0x.");
  FLOAT_BAD("0xp3");
  FLOAT_BAD("0x1p");
  FLOAT_BAD("0x1p3x");
  FLOAT_BAD("0x1..2");
  FLOAT_BAD("0x1g");
  FLOAT_BAD("0x-1");
  FLOAT_BAD("+-1");
  FLOAT_BAD("1.5\0");
  FLOAT_BAD("0x1\0");
  FLOAT_BAD("e5");

  /* A long input goes through the heap buffer. */
  char longtext[300];
  memset(longtext, '0', sizeof longtext);
  longtext[0] = '1';
  longtext[1] = '.';
  float_ok(longtext, sizeof longtext, 1.0);

  /* The hex reader must agree with glibc's correctly rounded strtod on
   * long inputs in the normal range. */
  srand(12345);
  int mismatches = 0;
  for (int round = 0; round < 20000; round++) {
    char text[64];
    int n = 0;
    text[n++] = '0';
    text[n++] = 'x';
    int ndig = 1 + rand() % 24;
    int point = rand() % (ndig + 1);
    for (int k = 0; k < ndig; k++) {
      if (k == point) text[n++] = '.';
      text[n++] = "0123456789abcdef"[rand() % 16];
    }
    if (rand() % 4 == 0) {      /* a long run of f's or 8 then zeros: rounding edges */
      int run = rand() % 12;
      char c = rand() % 2 ? 'f' : '0';
      if (c == '0') text[n++] = '8';
      for (int k = 0; k < run && n < 40; k++) text[n++] = c;
    }
    n += snprintf(text + n, sizeof text - (size_t)n, "p%d", rand() % 600 - 300);
    double mine, ref = strtod(text, NULL);
    if (!mc_parse_float(text, (size_t)n, &mine) || bits_of(mine) != bits_of(ref)) {
      if (mismatches++ < 5) printf("FAIL hex parse %s: got %a want %a\n", text, mine, ref);
    }
  }
  checks++;
  if (mismatches) failures++;
}

/* ---- %h rendering ---- */

static void hex_is(double x, intptr_t prec, int style, const char *want) {
  char buf[128];
  size_t n = mc_hexfloat_format(buf, sizeof buf, x, prec, style);
  EXPECT(n == strlen(want) && strcmp(buf, want) == 0, "hexstring(%a, %ld, '%c') = \"%s\", want \"%s\"",
         x, (long)prec, style, buf, want);
}

static void test_hexfloat(void) {
  hex_is(1.0, -1, '-', "0x1p+0");
  hex_is(0.0, -1, '-', "0x0p+0");
  hex_is(-0.0, -1, '-', "-0x0p+0");
  hex_is(0.1, -1, '-', "0x1.999999999999ap-4");
  hex_is(12.0, -1, '-', "0x1.8p+3");
  hex_is(0x1p-1074, -1, '-', "0x0.0000000000001p-1022");
  hex_is(0x1p-1022, -1, '-', "0x1p-1022");
  hex_is(0x1.fffffffffffffp1023, -1, '-', "0x1.fffffffffffffp+1023");
  hex_is(NAN, -1, '-', "nan");
  hex_is(-NAN, -1, '-', "-nan");
  hex_is(HUGE_VAL, -1, '+', "+infinity");
  hex_is(-HUGE_VAL, -1, '-', "-infinity");
  hex_is(1.0, -1, '+', "+0x1p+0");
  hex_is(1.0, -1, ' ', " 0x1p+0");
  hex_is(-1.0, -1, '+', "-0x1p+0");
  hex_is(1.5, 0, '-', "0x2p+0");        /* tie, lead digit odd: up */
  hex_is(2.5, 0, '-', "0x1p+1");        /* tie, lead digit even: down */
  hex_is(0x1.18p0, 1, '-', "0x1.2p+0");  /* tie, odd digit: up */
  hex_is(0x1.28p0, 1, '-', "0x1.2p+0");  /* tie, even digit: down */
  hex_is(0x1.29p0, 1, '-', "0x1.3p+0");
  hex_is(0x1.fffffffffffffp0, 12, '-', "0x2.000000000000p+0");
  hex_is(1.0, 3, '-', "0x1.000p+0");
  hex_is(0.1, 15, '-', "0x1.999999999999a00p-4");
  hex_is(0x1p-1074, 2, '-', "0x0.00p-1022");
  hex_is(0x1.8p-1022 / 2, 0, '-', "0x1p-1022");

  /* Measuring with no buffer, and truncation. */
  EXPECT(mc_hexfloat_format(NULL, 0, 0.1, -1, '-') == 20, "measure");
  char small[6];
  size_t n = mc_hexfloat_format(small, sizeof small, 0.1, -1, '-');
  EXPECT(n == 20 && strcmp(small, "0x1.9") == 0, "truncated: %zu \"%s\"", n, small);

  /* Agreement with glibc's %a for normal numbers. */
  srand(777);
  int mismatches = 0;
  for (int round = 0; round < 20000; round++) {
    uint64_t b = ((uint64_t)rand() << 40) ^ ((uint64_t)rand() << 20) ^ (uint64_t)rand();
    b = (b & ~((uint64_t)0x7FF << 52)) | ((uint64_t)(1 + rand() % 2046) << 52);
    double x;
    memcpy(&x, &b, sizeof x);
    int prec = rand() % 16 - 1;
    char mine[64], ref[64];
    mc_hexfloat_format(mine, sizeof mine, x, prec, '-');
    if (prec < 0)
      snprintf(ref, sizeof ref, "%a", x);
    else
      snprintf(ref, sizeof ref, "%.*a", prec, x);
    /* glibc never carries into the lead digit: it renormalises (0x2p+0
     * becomes 0x1p+1), so compare only when no carry occurred. */
    if (strstr(mine, "0x2") != NULL) continue;
    if (strcmp(mine, ref) != 0 && mismatches++ < 5) printf("FAIL %%h: %s vs glibc %s\n", mine, ref);
  }
  checks++;
  if (mismatches) failures++;
}

/* ---- float format check ---- */

static void test_float_format(void) {
  static const char *good[] = {"%.12g", "%f", "%.17g", "%+.3e", "% E", "%#.0f", "%-10.4G",
                               "%a", "%.0A", "%F", "x%%%5.3ey", "%08.3f"};
  static const char *bad[] = {"%s", "%d", "%f%f", "%", "%Lf", "%*f", "%.*f", "abc", "%%", "%lf", "%n"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    EXPECT(mc_float_format_ok(good[i], strlen(good[i])), "format \"%s\" rejected", good[i]);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    EXPECT(!mc_float_format_ok(bad[i], strlen(bad[i])), "format \"%s\" accepted", bad[i]);
  /* Text after an embedded NUL is ignored, as C's printf would. */
  EXPECT(mc_float_format_ok("%f\0%s", 5), "NUL-terminated format");
}

/* ---- integer parsing ---- */

static void int_ok(const char *text, size_t len, int nbits, int64_t want) {
  int64_t got = 0;
  bool ok = mc_parse_int_text(text, len, nbits, &got);
  EXPECT(ok && got == want, "parse_int(\"%s\", %d): ok=%d got %lld want %lld", text, nbits, ok,
         (long long)got, (long long)want);
}
#define INT_OK(s, nbits, want) int_ok(s, sizeof(s) - 1, nbits, want)

static void int_bad(const char *text, size_t len, int nbits) {
  int64_t got;
  EXPECT(!mc_parse_int_text(text, len, nbits, &got), "parse_int(\"%s\", %d) accepted", text, nbits);
}
#define INT_BAD(s, nbits) int_bad(s, sizeof(s) - 1, nbits)

static void test_parse_int(void) {
  INT_OK("0", 63, 0);
  INT_OK("123", 63, 123);
  INT_OK("-123", 63, -123);
  INT_OK("+7", 63, 7);
  INT_OK("1_000_000", 63, 1000000);
  INT_OK("1__", 63, 1);
  INT_OK("0x1F", 63, 31);
  INT_OK("0XfF", 63, 255);
  INT_OK("0o17", 63, 15);
  INT_OK("0O17", 63, 15);
  INT_OK("0b101", 63, 5);
  INT_OK("0B1_1", 63, 3);
  INT_OK("0u42", 63, 42);
  INT_OK("-0x10", 63, -16);
  INT_OK("00012", 63, 12);
  INT_OK("4611686018427387903", 63, 4611686018427387903LL);
  INT_OK("-4611686018427387904", 63, -4611686018427387904LL);
  INT_BAD("4611686018427387904", 63);
  INT_BAD("-4611686018427387905", 63);
  INT_OK("0x7fffffffffffffff", 63, INT64_MAX);   /* becomes -1 once tagged */
  INT_BAD("0x8000000000000000", 63);
  INT_OK("-0x7fffffffffffffff", 63, -INT64_MAX);
  INT_OK("0u9223372036854775807", 63, INT64_MAX);
  INT_BAD("0u9223372036854775808", 63);

  INT_OK("2147483647", 32, 2147483647);
  INT_OK("-2147483648", 32, -2147483648LL);
  INT_BAD("2147483648", 32);
  INT_BAD("-2147483649", 32);
  INT_OK("0xffffffff", 32, 4294967295LL);
  INT_BAD("0x100000000", 32);
  INT_OK("-0xffffffff", 32, -4294967295LL);
  INT_OK("0b11111111111111111111111111111111", 32, 4294967295LL);

  INT_OK("9223372036854775807", 64, INT64_MAX);
  INT_OK("-9223372036854775808", 64, INT64_MIN);
  INT_BAD("9223372036854775808", 64);
  INT_BAD("-9223372036854775809", 64);
  INT_OK("0xffffffffffffffff", 64, -1);
  INT_OK("0u18446744073709551615", 64, -1);
  INT_BAD("0u18446744073709551616", 64);
  INT_BAD("0x10000000000000000", 64);
  INT_OK("-0xffffffffffffffff", 64, 1);
  INT_BAD("99999999999999999999", 64);
  INT_BAD("18446744073709551616", 64);

  INT_BAD("", 63);
  INT_BAD("-", 63);
  INT_BAD("+", 63);
  INT_BAD("_1", 63);
  INT_BAD("0x", 63);
  INT_BAD("0x_1", 63);
  INT_BAD("0b2", 63);
  INT_BAD("0o8", 63);
  INT_BAD("12a", 63);
  INT_BAD("1 ", 63);
  INT_BAD(" 1", 63);
  INT_BAD("1\0", 63);
  INT_BAD("--1", 63);
  INT_BAD("0xg", 63);
  INT_BAD("1.0", 63);
  INT_OK("0", 32, 0);
  INT_OK("-0", 32, 0);
  INT_BAD("0b", 63);
  INT_BAD("0u", 63);
  INT_BAD("-0x", 64);
}

/* ---- integer formats ---- */

static void fmt_is(const char *fmt, const char *lenmod, const char *want, char want_conv) {
  char out[MC_INTFMT_MAX];
  char conv = 0;
  enum mc_intfmt_status st = mc_int_format_build(fmt, strlen(fmt), lenmod, out, &conv);
  EXPECT(st == MC_INTFMT_OK && strcmp(out, want) == 0 && conv == want_conv,
         "format_build(\"%s\", \"%s\"): status %d \"%s\" conv %c", fmt, lenmod, st,
         st == MC_INTFMT_OK ? out : "", conv);
}

static void fmt_status(const char *fmt, size_t len, const char *lenmod, enum mc_intfmt_status want) {
  char out[MC_INTFMT_MAX];
  char conv;
  enum mc_intfmt_status st = mc_int_format_build(fmt, len, lenmod, out, &conv);
  EXPECT(st == want, "format_build(\"%s\"): status %d, want %d", fmt, st, want);
}

static void test_int_format(void) {
  fmt_is("%d", "l", "%ld", 'd');
  fmt_is("%+d", "l", "%+ld", 'd');
  fmt_is("% i", "l", "% li", 'i');
  fmt_is("%#x", "l", "%#lx", 'x');
  fmt_is("%X", "l", "%lX", 'X');
  fmt_is("%#o", "l", "%#lo", 'o');
  fmt_is("%u", "l", "%lu", 'u');
  fmt_is("%Ld", "l", "%ld", 'd');
  fmt_is("%nx", "l", "%lx", 'x');
  fmt_is("%ld", "", "%d", 'd');
  fmt_is("%+lu", "", "%+u", 'u');
  fmt_is("%-08.3d", "l", "%-08.3ld", 'd');
  fmt_is("a%%b%d", "l", "a%%b%ld", 'd');
  fmt_status("%s", 2, "l", MC_INTFMT_BAD);
  fmt_status("%f", 2, "l", MC_INTFMT_BAD);
  fmt_status("%dx", 3, "l", MC_INTFMT_BAD);
  fmt_status("%d%d", 4, "l", MC_INTFMT_BAD);
  fmt_status("%", 1, "l", MC_INTFMT_BAD);
  fmt_status("", 0, "l", MC_INTFMT_BAD);
  fmt_status("%lld", 4, "l", MC_INTFMT_BAD);
  fmt_status("%*d", 3, "l", MC_INTFMT_BAD);
  fmt_status("%d\0", 3, "l", MC_INTFMT_BAD);
  /* Length limit: len + strlen(lenmod) + 1 < 32. */
  fmt_status("%0000000000000000000000000001d", 30, "l", MC_INTFMT_TOO_LONG);
  fmt_status("%000000000000000000000000001d", 29, "l", MC_INTFMT_OK);
  fmt_status("%0000000000000000000000000001d", 30, "", MC_INTFMT_OK);
  fmt_status("%00000000000000000000000000001d", 31, "", MC_INTFMT_TOO_LONG);
  fmt_status("%s0000000000000000000000000000000", 33, "", MC_INTFMT_TOO_LONG);
}

/* ---- float -> integer truncation ---- */

static void test_trunc(void) {
  EXPECT(mc_trunc_to_int64(1e19) == INT64_MIN, "trunc64 1e19");
  EXPECT(mc_trunc_to_int64(-1e19) == INT64_MIN, "trunc64 -1e19");
  EXPECT(mc_trunc_to_int64(NAN) == INT64_MIN, "trunc64 nan");
  EXPECT(mc_trunc_to_int64(-9223372036854775808.0) == INT64_MIN, "trunc64 -2^63");
  EXPECT(mc_trunc_to_int64(9223372036854774784.0) == 9223372036854774784LL, "trunc64 max");
  EXPECT(mc_trunc_to_int64(-2.9) == -2, "trunc64 -2.9");
  EXPECT(mc_trunc_to_int32(3e9) == INT32_MIN, "trunc32 3e9");
  EXPECT(mc_trunc_to_int32(2147483647.9) == INT32_MAX, "trunc32 max");
  EXPECT(mc_trunc_to_int32(-2147483648.9) == INT32_MIN, "trunc32 -2^31-0.9");
  EXPECT(mc_trunc_to_int32(-2147483649.0) == INT32_MIN, "trunc32 -2^31-1");
  EXPECT(mc_trunc_to_int32(HUGE_VAL) == INT32_MIN, "trunc32 inf");
  EXPECT(mc_trunc_to_int32(7.99) == 7, "trunc32 7.99");
}

int main(void) {
  test_parse_float();
  test_hexfloat();
  test_float_format();
  test_parse_int();
  test_int_format();
  test_trunc();
  if (failures != 0) {
    printf("test_numbers: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("test_numbers: %d checks passed\n", checks);
  return 0;
}
