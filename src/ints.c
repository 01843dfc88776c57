/* ints.c: primitives on tagged ints and on the boxed int32, int64 and
 * nativeint types, with the custom operations of the boxed types. */
#include <string.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "floats.h"
#include "ints.h"
#include "marshal.h"
#include "prims.h"

/* ------------------------------------------------------------------ */
/* Text conversions                                                     */
/* ------------------------------------------------------------------ */

static int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Reads the optional base prefix after the sign; returns the base and
 * sets *unsigned_form for the prefixed forms. */
static unsigned read_prefix(const char *text, size_t len, size_t *pos, bool *unsigned_form) {
  size_t i = *pos;
  *unsigned_form = false;
  if (i + 1 >= len || text[i] != '0') return 10;
  unsigned base;
  switch (text[i + 1]) {
    case 'x': case 'X': base = 16; break;
    case 'o': case 'O': base = 8; break;
    case 'b': case 'B': base = 2; break;
    case 'u': case 'U': base = 10; break;
    default: return 10;
  }
  *unsigned_form = true;
  *pos = i + 2;
  return base;
}

bool mc_parse_int_text(const char *text, size_t len, int nbits, int64_t *out) {
  size_t i = 0;
  bool negative = false;
  if (i < len && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    i++;
  }
  bool unsigned_form;
  unsigned base = read_prefix(text, len, &i, &unsigned_form);

  /* The first digit must be there: no underscore right after the sign or
   * prefix. */
  int v = i < len ? digit_value(text[i]) : -1;
  if (v < 0 || (unsigned)v >= base) return false;
  uint64_t acc = (uint64_t)v;
  for (i++; i < len; i++) {
    if (text[i] == '_') continue;
    v = digit_value(text[i]);
    if (v < 0 || (unsigned)v >= base) return false;
    if (__builtin_mul_overflow(acc, (uint64_t)base, &acc)) return false;
    if (__builtin_add_overflow(acc, (uint64_t)v, &acc)) return false;
  }

  if (!unsigned_form) {
    uint64_t half = (uint64_t)1 << (nbits - 1);
    if (negative ? acc > half : acc >= half) return false;
  } else if (nbits < 64 && acc >= ((uint64_t)1 << nbits)) {
    return false;
  }
  *out = (int64_t)(negative ? (uint64_t)0 - acc : acc);
  return true;
}

enum mc_intfmt_status mc_int_format_build(const char *fmt, size_t len, const char *lenmod,
                                          char out[MC_INTFMT_MAX], char *conv) {
  size_t modlen = strlen(lenmod);
  if (len + modlen + 1 >= MC_INTFMT_MAX) return MC_INTFMT_TOO_LONG;

  /* Literal text (with "%%" escapes) up to the one conversion. */
  size_t i = 0;
  while (i < len) {
    if (fmt[i] == '\0') return MC_INTFMT_BAD;
    if (fmt[i] == '%') {
      if (i + 1 < len && fmt[i + 1] == '%') {
        i += 2;
        continue;
      }
      break;
    }
    i++;
  }
  if (i >= len) return MC_INTFMT_BAD;
  /* The conversion: '%' flags width [.precision] [size letter] letter. */
  i++;
  while (i < len && strchr("-+ #0", fmt[i]) != NULL && fmt[i] != '\0') i++;
  while (i < len && fmt[i] >= '0' && fmt[i] <= '9') i++;
  if (i < len && fmt[i] == '.') {
    i++;
    while (i < len && fmt[i] >= '0' && fmt[i] <= '9') i++;
  }
  size_t body_end = i;
  if (i < len && (fmt[i] == 'l' || fmt[i] == 'n' || fmt[i] == 'L')) i++;
  if (i + 1 != len || fmt[i] == '\0' || strchr("diuxXo", fmt[i]) == NULL) return MC_INTFMT_BAD;

  memcpy(out, fmt, body_end);
  memcpy(out + body_end, lenmod, modlen);
  out[body_end + modlen] = fmt[i];
  out[body_end + modlen + 1] = '\0';
  *conv = fmt[i];
  return MC_INTFMT_OK;
}

static bool is_unsigned_conv(char conv) { return strchr("uxXo", conv) != NULL; }

/* Builds the C format for one of the format primitives, raising what
 * stock raises for an over-long format. */
static char build_format(mc_domain *d, value fmt, const char *lenmod, char out[MC_INTFMT_MAX]) {
  char conv = 0;
  switch (mc_int_format_build(string_val(fmt), string_length(fmt), lenmod, out, &conv)) {
    case MC_INTFMT_OK: return conv;
    case MC_INTFMT_TOO_LONG: mc_invalid_argument(d, "format_int: format too long");
    case MC_INTFMT_BAD: break;
  }
  mc_invalid_argument(d, "format_int: bad format");
}

/* Parses for one integer type, raising Failure with that type's message. */
static int64_t parse_or_fail(mc_domain *d, value s, int nbits, const char *msg) {
  int64_t r;
  if (!mc_parse_int_text(string_val(s), string_length(s), nbits, &r)) mc_failwith(d, msg);
  return r;
}

/* ------------------------------------------------------------------ */
/* Tagged integers                                                      */
/* ------------------------------------------------------------------ */

value caml_int_compare(mc_domain *d, value a, value b) {
  /* Tagging preserves the order, so the tagged words compare directly. */
  return val_int((a > b) - (a < b));
}

value caml_bswap16(mc_domain *d, value v) {
  unsigned x = (unsigned)int_val(v);
  return val_int(((x & 0xFFu) << 8) | ((x >> 8) & 0xFFu));
}

value caml_int_of_string(mc_domain *d, value s) {
  return val_long((intptr_t)parse_or_fail(d, s, 63, "int_of_string"));
}

/* Unsigned conversions see the 63-bit pattern of the int as a
 * nonnegative number (so -1 prints as 7fffffffffffffff in hex). */
value caml_format_int(mc_domain *d, value fmt, value arg) {
  char cfmt[MC_INTFMT_MAX];
  char conv = build_format(d, fmt, "l", cfmt);
  if (is_unsigned_conv(conv)) return mc_format_number(d, cfmt, (unsigned long)((uvalue)arg >> 1));
  return mc_format_number(d, cfmt, (long)long_val(arg));
}

/* ------------------------------------------------------------------ */
/* Custom operations                                                    */
/* ------------------------------------------------------------------ */

static int cmp_int32(value a, value b, int *unordered) {
  int32_t x = int32_val(a), y = int32_val(b);
  return (x > y) - (x < y);
}
static int cmp_int64(value a, value b, int *unordered) {
  int64_t x = int64_val(a), y = int64_val(b);
  return (x > y) - (x < y);
}
static int cmp_nativeint(value a, value b, int *unordered) {
  intptr_t x = nativeint_val(a), y = nativeint_val(b);
  return (x > y) - (x < y);
}

/* Hashes: only the low 32 bits are used by Hashtbl.hash.  Stock's values:
 * int32 is its value, int64 the xor of its two halves (as an unsigned
 * 32-bit number), nativeint the xor of its high half, its sign and its
 * low half, which equals the int32 hash for values that fit 32 bits. */
static intptr_t hash_int32(value v) { return int32_val(v); }
static intptr_t hash_int64(value v) {
  uint64_t x = (uint64_t)int64_val(v);
  return (intptr_t)(uint32_t)((uint32_t)x ^ (uint32_t)(x >> 32));
}
static intptr_t hash_nativeint(value v) {
  intptr_t n = nativeint_val(v);
  return (n >> 32) ^ (n >> 63) ^ n;
}

static void ser_int32(struct mc_ser *s, value v, uintptr_t *bsize_32, uintptr_t *bsize_64) {
  mc_ser_int_4(s, int32_val(v));
  *bsize_32 = *bsize_64 = 4;
}
static void ser_int64(struct mc_ser *s, value v, uintptr_t *bsize_32, uintptr_t *bsize_64) {
  mc_ser_int_8(s, int64_val(v));
  *bsize_32 = *bsize_64 = 8;
}
/* Stock's layout: a one-byte width marker, then 4 bytes (marker 1) when
 * the value fits 32 bits, else 8 bytes (marker 2). */
static void ser_nativeint(struct mc_ser *s, value v, uintptr_t *bsize_32, uintptr_t *bsize_64) {
  intptr_t n = nativeint_val(v);
  if (n == (intptr_t)(int32_t)n) {
    mc_ser_int_1(s, 1);
    mc_ser_int_4(s, (int32_t)n);
  } else {
    mc_ser_int_1(s, 2);
    mc_ser_int_8(s, n);
  }
  *bsize_32 = 4;
  *bsize_64 = 8;
}

static uintptr_t deser_int32(struct mc_deser *s, void *dst) {
  int32_t x = mc_deser_sint_4(s);
  memcpy(dst, &x, sizeof x);
  return sizeof x;
}
static uintptr_t deser_int64(struct mc_deser *s, void *dst) {
  int64_t x = mc_deser_sint_8(s);
  memcpy(dst, &x, sizeof x);
  return sizeof x;
}
static uintptr_t deser_nativeint(struct mc_deser *s, void *dst) {
  intptr_t x;
  int marker = mc_deser_uint_1(s);
  if (marker == 1)
    x = mc_deser_sint_4(s);
  else if (marker == 2)
    x = (intptr_t)mc_deser_sint_8(s);
  else
    mc_deser_fail(s, "input_value: ill-formed native integer");
  memcpy(dst, &x, sizeof x);
  return sizeof x;
}

static const struct mc_custom_fixed_length len_int32 = {4, 4};
static const struct mc_custom_fixed_length len_int64 = {8, 8};
static const struct mc_custom_fixed_length len_nativeint = {4, 8};

const struct mc_custom_ops mc_int32_ops = {
    .identifier = "_i",
    .compare = cmp_int32,
    .hash = hash_int32,
    .serialize = ser_int32,
    .deserialize = deser_int32,
    .fixed_length = &len_int32,
};
const struct mc_custom_ops mc_int64_ops = {
    .identifier = "_j",
    .compare = cmp_int64,
    .hash = hash_int64,
    .serialize = ser_int64,
    .deserialize = deser_int64,
    .fixed_length = &len_int64,
};
const struct mc_custom_ops mc_nativeint_ops = {
    .identifier = "_n",
    .compare = cmp_nativeint,
    .hash = hash_nativeint,
    .serialize = ser_nativeint,
    .deserialize = deser_nativeint,
    .fixed_length = &len_nativeint,
};

/* Boxing.  The data word is cleared first so that the unused half of an
 * int32 block holds no stale bytes. */
value mc_copy_int32(mc_domain *d, int32_t x) {
  value v = mc_alloc_custom(d, &mc_int32_ops, sizeof x, 0, 1);
  field(v, 1) = 0;
  memcpy(data_custom_val(v), &x, sizeof x);
  return v;
}
value mc_copy_int64(mc_domain *d, int64_t x) {
  value v = mc_alloc_custom(d, &mc_int64_ops, sizeof x, 0, 1);
  memcpy(data_custom_val(v), &x, sizeof x);
  return v;
}
value mc_copy_nativeint(mc_domain *d, intptr_t x) {
  value v = mc_alloc_custom(d, &mc_nativeint_ops, sizeof x, 0, 1);
  memcpy(data_custom_val(v), &x, sizeof x);
  return v;
}

/* ------------------------------------------------------------------ */
/* Boxed arithmetic                                                     */
/* ------------------------------------------------------------------ */

/* The primitives common to the three boxed types, generated once per
 * type.  Arithmetic wraps (computed on the unsigned type); shift counts
 * are reduced modulo the width, as the x86-64 shift instructions that
 * stock compiles to do; division by zero raises Division_by_zero, and
 * MIN / -1 gives MIN (the dividend itself) with remainder 0. */
#define BOXED_INT_PRIMS(P, T, UT, GET, BOX, MINV, WIDTH)                        \
  value caml_##P##_neg(mc_domain *d, value a) { return BOX(d, (T)((UT)0 - (UT)GET(a))); } \
  value caml_##P##_add(mc_domain *d, value a, value b) {                       \
    return BOX(d, (T)((UT)GET(a) + (UT)GET(b)));                               \
  }                                                                            \
  value caml_##P##_sub(mc_domain *d, value a, value b) {                       \
    return BOX(d, (T)((UT)GET(a) - (UT)GET(b)));                               \
  }                                                                            \
  value caml_##P##_mul(mc_domain *d, value a, value b) {                       \
    return BOX(d, (T)((UT)GET(a) * (UT)GET(b)));                               \
  }                                                                            \
  value caml_##P##_div(mc_domain *d, value a, value b) {                       \
    T num = GET(a), den = GET(b);                                              \
    if (den == 0) mc_raise_zero_divide(d);                                     \
    if (den == -1 && num == MINV) return a;                                    \
    return BOX(d, num / den);                                                  \
  }                                                                            \
  value caml_##P##_mod(mc_domain *d, value a, value b) {                       \
    T num = GET(a), den = GET(b);                                              \
    if (den == 0) mc_raise_zero_divide(d);                                     \
    if (den == -1) return BOX(d, 0);                                           \
    return BOX(d, num % den);                                                  \
  }                                                                            \
  value caml_##P##_and(mc_domain *d, value a, value b) { return BOX(d, GET(a) & GET(b)); } \
  value caml_##P##_or(mc_domain *d, value a, value b) { return BOX(d, GET(a) | GET(b)); }  \
  value caml_##P##_xor(mc_domain *d, value a, value b) { return BOX(d, GET(a) ^ GET(b)); } \
  value caml_##P##_shift_left(mc_domain *d, value a, value n) {                \
    return BOX(d, (T)((UT)GET(a) << (int_val(n) & (WIDTH - 1))));             \
  }                                                                            \
  value caml_##P##_shift_right(mc_domain *d, value a, value n) {               \
    return BOX(d, GET(a) >> (int_val(n) & (WIDTH - 1)));                       \
  }                                                                            \
  value caml_##P##_shift_right_unsigned(mc_domain *d, value a, value n) {      \
    return BOX(d, (T)((UT)GET(a) >> (int_val(n) & (WIDTH - 1))));             \
  }                                                                            \
  value caml_##P##_compare(mc_domain *d, value a, value b) {                   \
    T x = GET(a), y = GET(b);                                                  \
    return val_int((x > y) - (x < y));                                         \
  }                                                                            \
  value caml_##P##_of_int(mc_domain *d, value v) { return BOX(d, (T)long_val(v)); } \
  value caml_##P##_to_int(mc_domain *d, value v) { return val_long((intptr_t)GET(v)); } \
  value caml_##P##_to_float(mc_domain *d, value v) { return mc_copy_double(d, (double)GET(v)); }

BOXED_INT_PRIMS(int32, int32_t, uint32_t, int32_val, mc_copy_int32, INT32_MIN, 32)
BOXED_INT_PRIMS(int64, int64_t, uint64_t, int64_val, mc_copy_int64, INT64_MIN, 64)
BOXED_INT_PRIMS(nativeint, intptr_t, uintptr_t, nativeint_val, mc_copy_nativeint, INTPTR_MIN, 64)

/* ---- int32 specifics ---- */

value caml_int32_bswap(mc_domain *d, value v) {
  return mc_copy_int32(d, (int32_t)__builtin_bswap32((uint32_t)int32_val(v)));
}

value caml_int32_of_float(mc_domain *d, value v) {
  return mc_copy_int32(d, mc_trunc_to_int32(double_val(v)));
}

/* Single-precision bit patterns: the double is rounded to float first. */
value caml_int32_bits_of_float(mc_domain *d, value v) {
  float f = (float)double_val(v);
  int32_t bits;
  memcpy(&bits, &f, sizeof bits);
  return mc_copy_int32(d, bits);
}

value caml_int32_float_of_bits(mc_domain *d, value v) {
  int32_t bits = int32_val(v);
  float f;
  memcpy(&f, &bits, sizeof f);
  return mc_copy_double(d, (double)f);
}

value caml_int32_format(mc_domain *d, value fmt, value arg) {
  char cfmt[MC_INTFMT_MAX];
  char conv = build_format(d, fmt, "", cfmt);
  int32_t x = int32_val(arg);
  if (is_unsigned_conv(conv)) return mc_format_number(d, cfmt, (unsigned)(uint32_t)x);
  return mc_format_number(d, cfmt, (int)x);
}

value caml_int32_of_string(mc_domain *d, value s) {
  return mc_copy_int32(d, (int32_t)parse_or_fail(d, s, 32, "Int32.of_string"));
}

/* ---- int64 specifics ---- */

value caml_int64_bswap(mc_domain *d, value v) {
  return mc_copy_int64(d, (int64_t)__builtin_bswap64((uint64_t)int64_val(v)));
}

value caml_int64_of_float(mc_domain *d, value v) {
  return mc_copy_int64(d, mc_trunc_to_int64(double_val(v)));
}

value caml_int64_of_int32(mc_domain *d, value v) { return mc_copy_int64(d, int32_val(v)); }
value caml_int64_to_int32(mc_domain *d, value v) { return mc_copy_int32(d, (int32_t)int64_val(v)); }
value caml_int64_of_nativeint(mc_domain *d, value v) { return mc_copy_int64(d, nativeint_val(v)); }
value caml_int64_to_nativeint(mc_domain *d, value v) {
  return mc_copy_nativeint(d, (intptr_t)int64_val(v));
}

value caml_int64_bits_of_float(mc_domain *d, value v) {
  double x = double_val(v);
  int64_t bits;
  memcpy(&bits, &x, sizeof bits);
  return mc_copy_int64(d, bits);
}

value caml_int64_float_of_bits(mc_domain *d, value v) {
  int64_t bits = int64_val(v);
  double x;
  memcpy(&x, &bits, sizeof x);
  return mc_copy_double(d, x);
}

value caml_int64_format(mc_domain *d, value fmt, value arg) {
  char cfmt[MC_INTFMT_MAX];
  char conv = build_format(d, fmt, "l", cfmt);
  int64_t x = int64_val(arg);
  if (is_unsigned_conv(conv)) return mc_format_number(d, cfmt, (unsigned long)(uint64_t)x);
  return mc_format_number(d, cfmt, (long)x);
}

value caml_int64_of_string(mc_domain *d, value s) {
  return mc_copy_int64(d, parse_or_fail(d, s, 64, "Int64.of_string"));
}

/* ---- nativeint specifics ---- */

value caml_nativeint_bswap(mc_domain *d, value v) {
  return mc_copy_nativeint(d, (intptr_t)__builtin_bswap64((uint64_t)nativeint_val(v)));
}

value caml_nativeint_of_float(mc_domain *d, value v) {
  return mc_copy_nativeint(d, (intptr_t)mc_trunc_to_int64(double_val(v)));
}

value caml_nativeint_of_int32(mc_domain *d, value v) { return mc_copy_nativeint(d, int32_val(v)); }
value caml_nativeint_to_int32(mc_domain *d, value v) {
  return mc_copy_int32(d, (int32_t)nativeint_val(v));
}

value caml_nativeint_format(mc_domain *d, value fmt, value arg) {
  char cfmt[MC_INTFMT_MAX];
  char conv = build_format(d, fmt, "l", cfmt);
  intptr_t x = nativeint_val(arg);
  if (is_unsigned_conv(conv)) return mc_format_number(d, cfmt, (unsigned long)(uintptr_t)x);
  return mc_format_number(d, cfmt, (long)x);
}

value caml_nativeint_of_string(mc_domain *d, value s) {
  return mc_copy_nativeint(d, (intptr_t)parse_or_fail(d, s, 64, "Nativeint.of_string"));
}

/* The names of the generated primitives, per boxed type. */
#define BOXED_INT_TABLE(P)                                                     \
  PRIM(caml_##P##_neg, 1), PRIM(caml_##P##_add, 2), PRIM(caml_##P##_sub, 2),   \
  PRIM(caml_##P##_mul, 2), PRIM(caml_##P##_div, 2), PRIM(caml_##P##_mod, 2),   \
  PRIM(caml_##P##_and, 2), PRIM(caml_##P##_or, 2), PRIM(caml_##P##_xor, 2),    \
  PRIM(caml_##P##_shift_left, 2), PRIM(caml_##P##_shift_right, 2),             \
  PRIM(caml_##P##_shift_right_unsigned, 2), PRIM(caml_##P##_compare, 2),       \
  PRIM(caml_##P##_of_int, 1), PRIM(caml_##P##_to_int, 1),                      \
  PRIM(caml_##P##_to_float, 1), PRIM(caml_##P##_of_float, 1),                  \
  PRIM(caml_##P##_bswap, 1), PRIM(caml_##P##_format, 2),                       \
  PRIM(caml_##P##_of_string, 1)

const struct mc_primdef mc_prims_ints[] = {
    PRIM(caml_int_compare, 2),
    PRIM(caml_bswap16, 1),
    PRIM(caml_int_of_string, 1),
    PRIM(caml_format_int, 2),
    BOXED_INT_TABLE(int32),
    PRIM(caml_int32_bits_of_float, 1),
    PRIM(caml_int32_float_of_bits, 1),
    BOXED_INT_TABLE(int64),
    PRIM(caml_int64_of_int32, 1),
    PRIM(caml_int64_to_int32, 1),
    PRIM(caml_int64_of_nativeint, 1),
    PRIM(caml_int64_to_nativeint, 1),
    PRIM(caml_int64_bits_of_float, 1),
    PRIM(caml_int64_float_of_bits, 1),
    BOXED_INT_TABLE(nativeint),
    PRIM(caml_nativeint_of_int32, 1),
    PRIM(caml_nativeint_to_int32, 1),
    PRIM_END};
