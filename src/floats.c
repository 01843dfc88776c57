/* floats.c: float primitives: boxed arithmetic, libm wrappers, comparisons,
 * classification, and conversions between floats and text. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "fail.h"
#include "floats.h"
#include "prims.h"

/* ------------------------------------------------------------------ */
/* Formatting helpers                                                   */
/* ------------------------------------------------------------------ */

/* Runs vsnprintf twice when needed: once into a stack buffer, which is
 * enough for nearly every number, and, when the text is longer, a second
 * time straight into an OCaml string of the exact length.  The format may
 * live in the OCaml heap, so it is copied before the allocation can move
 * it.  The arguments are C scalars, unaffected by a GC. */
value mc_format_number(mc_domain *d, const char *cfmt, ...) {
  char quick[128];
  va_list args, again;
  va_start(args, cfmt);
  va_copy(again, args);
  int need = vsnprintf(quick, sizeof quick, cfmt, args);
  va_end(args);
  if (need < 0) {
    va_end(again);
    mc_raise_out_of_memory(d);
  }
  if ((size_t)need < sizeof quick) {
    va_end(again);
    return mc_copy_string_len(d, quick, (mlsize_t)need);
  }
  char *fmt_copy = mc_xstrdup(cfmt);
  value str = mc_alloc_string(d, (mlsize_t)need);
  /* A string block always has room for one byte past its length; that
   * byte is padding and is zero, which is what vsnprintf stores there. */
  vsnprintf(string_val(str), (size_t)need + 1, fmt_copy, again);
  va_end(again);
  free(fmt_copy);
  return str;
}

/* Accepts "%%" pairs and plain text anywhere, and exactly one real
 * conversion: '%', flags, width digits, optional '.' and precision
 * digits, then a floating-point conversion letter. */
bool mc_float_format_ok(const char *fmt, size_t len) {
  size_t end = strnlen(fmt, len);
  int conversions = 0;
  size_t i = 0;
  while (i < end) {
    if (fmt[i] != '%') {
      i++;
      continue;
    }
    i++;
    if (i < end && fmt[i] == '%') {
      i++;
      continue;
    }
    while (i < end && strchr("-+ #0", fmt[i]) != NULL) i++;
    while (i < end && fmt[i] >= '0' && fmt[i] <= '9') i++;
    if (i < end && fmt[i] == '.') {
      i++;
      while (i < end && fmt[i] >= '0' && fmt[i] <= '9') i++;
    }
    if (i >= end || strchr("eEfFgGaA", fmt[i]) == NULL) return false;
    i++;
    conversions++;
  }
  return conversions == 1;
}

/* Appends characters to a bounded buffer while counting the full length,
 * so that one pass both measures and writes. */
struct textbuf {
  char *buf;
  size_t cap;
  size_t len;
};

static void put_char(struct textbuf *t, char c) {
  if (t->len + 1 < t->cap) t->buf[t->len] = c;
  t->len++;
}

static void put_text(struct textbuf *t, const char *s) {
  while (*s != '\0') put_char(t, *s++);
}

static char hex_digit_char(unsigned v) { return "0123456789abcdef"[v & 15]; }

/* Facts followed (stock's %h): the sign comes first ('-' for negative
 * values including negative NaN, else the style character); infinities
 * and NaNs print as "infinity" and "nan"; finite values print as
 * 0x<lead digit>[.<digits>]p<signed decimal exponent>, where subnormals
 * use exponent -1022 with a 0 lead digit and zero uses exponent 0.  With a
 * precision of 0..12 the 52-bit fraction is rounded to that many hex
 * digits, ties to even (a carry can turn the lead digit into 2); a larger
 * precision pads with zeros; a negative one prints just enough digits. */
size_t mc_hexfloat_format(char *buf, size_t cap, double x, intptr_t prec, int style) {
  struct textbuf t = {buf, cap, 0};
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  bool negative = (bits >> 63) != 0;
  unsigned biased = (unsigned)((bits >> 52) & 0x7FF);
  const uint64_t frac_mask = ((uint64_t)1 << 52) - 1;
  uint64_t mant = bits & frac_mask;

  if (negative)
    put_char(&t, '-');
  else if (style == '+' || style == ' ')
    put_char(&t, (char)style);

  if (biased == 0x7FF) {
    put_text(&t, mant == 0 ? "infinity" : "nan");
  } else {
    int exponent;
    if (biased != 0) {
      exponent = (int)biased - 1023;
      mant |= (uint64_t)1 << 52;
    } else {
      exponent = mant != 0 ? -1022 : 0;
    }
    if (prec >= 0 && prec <= 12) {
      int drop = 52 - 4 * (int)prec;
      uint64_t step = (uint64_t)1 << drop;
      uint64_t cut = mant & (step - 1);
      mant -= cut;
      if (cut > step / 2 || (cut == step / 2 && (mant & step) != 0)) mant += step;
    }
    uint64_t fraction = mant & frac_mask;
    size_t ndigits;
    if (prec >= 0) {
      ndigits = (size_t)prec;
    } else {
      ndigits = 0;
      for (uint64_t f = fraction; f != 0; f = (f << 4) & frac_mask) ndigits++;
    }
    put_text(&t, "0x");
    put_char(&t, hex_digit_char((unsigned)(mant >> 52)));
    if (ndigits > 0) put_char(&t, '.');
    for (size_t k = 0; k < ndigits; k++) {
      unsigned digit = k < 13 ? (unsigned)(fraction >> (48 - 4 * k)) & 15 : 0;
      put_char(&t, hex_digit_char(digit));
    }
    char expbuf[16];
    snprintf(expbuf, sizeof expbuf, "p%+d", exponent);
    put_text(&t, expbuf);
  }
  if (cap > 0) t.buf[t.len < cap ? t.len : cap - 1] = '\0';
  return t.len;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                              */
/* ------------------------------------------------------------------ */

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Reads the digits of a hexadecimal float, between "0x" and `end` (the
 * text is NUL-terminated at `end`).  Facts followed from stock, so that
 * results match bit for bit, double rounding of subnormals included:
 * leading zero digits are skipped; at most 60 significant bits are kept,
 * and any nonzero bit beyond them is folded into the lowest kept bit
 * (round to odd); the kept bits are converted to double and scaled with
 * ldexp.  An exponent that does not fit an int returns 0 or infinity at
 * once (infinity only if a nonzero digit came before the 'p'). */
static bool read_hex_float(const char *digits, const char *end, double *out) {
  uint64_t kept = 0;
  int kept_bits = 0;
  long long seen_bits = 0, spilled_bits = 0, point_at = -1;
  long long scale = 0;

  for (const char *p = digits; p < end; p++) {
    if (*p == '.') {
      if (point_at >= 0) return false;
      point_at = seen_bits;
      continue;
    }
    if (*p == 'p' || *p == 'P') {
      if (p[1] == '\0') return false;
      char *stop;
      long e = strtol(p + 1, &stop, 10);
      if (stop != end) return false;
      if (e <= INT_MIN) {
        *out = 0.0;
        return true;
      }
      if (e >= INT_MAX) {
        *out = kept == 0 ? 0.0 : HUGE_VAL;
        return true;
      }
      scale = e;
      break;
    }
    int v = hex_value(*p);
    if (v < 0) return false;
    seen_bits += 4;
    if (kept == 0 && v == 0) continue;
    if (kept_bits < 60) {
      kept = (kept << 4) | (uint64_t)v;
      kept_bits += 4;
    } else {
      if (v != 0) kept |= 1;
      spilled_bits += 4;
    }
  }
  if (seen_bits == 0) return false;

  long long shift = spilled_bits;
  if (point_at >= 0) shift += point_at - seen_bits;
  scale += shift;
  if (scale > INT_MAX) scale = INT_MAX;
  if (scale < INT_MIN) scale = INT_MIN;
  double r = (double)(int64_t)kept;
  if (scale != 0) r = ldexp(r, (int)scale);
  *out = r;
  return true;
}

/* Converts underscore-free, NUL-terminated text of length n. */
static bool convert_clean(const char *text, size_t n, double *out) {
  const char *q = text;
  bool negative = false;
  if (*q == '-') {
    negative = true;
    q++;
  } else if (*q == '+') {
    q++;
  }
  if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
    if (!read_hex_float(q + 2, text + n, out)) return false;
    if (negative) *out = -*out;
    return true;
  }
  char *stop;
  double r = strtod(text, &stop);
  if (stop != text + n) return false;
  *out = r;
  return true;
}

bool mc_parse_float(const char *text, size_t len, double *out) {
  char local[64];
  char *clean = len < sizeof local ? local : mc_xmalloc(len + 1);
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] != '_') clean[n++] = text[i];
  clean[n] = '\0';
  bool ok = n > 0 && convert_clean(clean, n, out);
  if (clean != local) free(clean);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Text primitives                                                      */
/* ------------------------------------------------------------------ */

value caml_format_float(mc_domain *d, value fmt, value arg) {
  if (!mc_float_format_ok(string_val(fmt), string_length(fmt)))
    mc_invalid_argument(d, "format_float");
  return mc_format_number(d, string_val(fmt), double_val(arg));
}

value caml_hexstring_of_float(mc_domain *d, value arg, value vprec, value vstyle) {
  double x = double_val(arg);
  intptr_t prec = long_val(vprec);
  int style = int_val(vstyle);
  if (prec > ((intptr_t)1 << 40)) mc_raise_out_of_memory(d);
  size_t len = mc_hexfloat_format(NULL, 0, x, prec, style);
  value res = mc_alloc_string(d, (mlsize_t)len);
  /* Room for the NUL: see mc_format_number. */
  mc_hexfloat_format(string_val(res), len + 1, x, prec, style);
  return res;
}

value caml_float_of_string(mc_domain *d, value vs) {
  double r;
  if (!mc_parse_float(string_val(vs), string_length(vs), &r)) mc_failwith(d, "float_of_string");
  return mc_copy_double(d, r);
}

/* ------------------------------------------------------------------ */
/* Arithmetic and libm                                                  */
/* ------------------------------------------------------------------ */

value caml_int_of_float(mc_domain *d, value f) {
  return val_long(mc_trunc_to_int64(double_val(f)));
}

value caml_float_of_int(mc_domain *d, value n) { return mc_copy_double(d, (double)long_val(n)); }

/* One-argument and two-argument wrappers: read the operands, compute,
 * box the result. */
#define FLOAT_FUN1(prim, expr)                 \
  value prim(mc_domain *d, value va) {         \
    double a = double_val(va);                 \
    return mc_copy_double(d, (expr));          \
  }
#define FLOAT_FUN2(prim, expr)                 \
  value prim(mc_domain *d, value va, value vb) { \
    double a = double_val(va), b = double_val(vb); \
    return mc_copy_double(d, (expr));          \
  }

FLOAT_FUN1(caml_neg_float, -a)
FLOAT_FUN1(caml_abs_float, fabs(a))
FLOAT_FUN2(caml_add_float, a + b)
FLOAT_FUN2(caml_sub_float, a - b)
FLOAT_FUN2(caml_mul_float, a * b)
FLOAT_FUN2(caml_div_float, a / b)
FLOAT_FUN2(caml_fmod_float, fmod(a, b))
FLOAT_FUN2(caml_power_float, pow(a, b))
FLOAT_FUN2(caml_atan2_float, atan2(a, b))
FLOAT_FUN2(caml_hypot_float, hypot(a, b))
FLOAT_FUN2(caml_copysign_float, copysign(a, b))
FLOAT_FUN2(caml_nextafter_float, nextafter(a, b))
FLOAT_FUN1(caml_exp_float, exp(a))
FLOAT_FUN1(caml_exp2_float, exp2(a))
FLOAT_FUN1(caml_expm1_float, expm1(a))
FLOAT_FUN1(caml_log_float, log(a))
FLOAT_FUN1(caml_log10_float, log10(a))
FLOAT_FUN1(caml_log2_float, log2(a))
FLOAT_FUN1(caml_log1p_float, log1p(a))
FLOAT_FUN1(caml_sqrt_float, sqrt(a))
FLOAT_FUN1(caml_cbrt_float, cbrt(a))
FLOAT_FUN1(caml_sin_float, sin(a))
FLOAT_FUN1(caml_cos_float, cos(a))
FLOAT_FUN1(caml_tan_float, tan(a))
FLOAT_FUN1(caml_asin_float, asin(a))
FLOAT_FUN1(caml_acos_float, acos(a))
FLOAT_FUN1(caml_atan_float, atan(a))
FLOAT_FUN1(caml_sinh_float, sinh(a))
FLOAT_FUN1(caml_cosh_float, cosh(a))
FLOAT_FUN1(caml_tanh_float, tanh(a))
FLOAT_FUN1(caml_asinh_float, asinh(a))
FLOAT_FUN1(caml_acosh_float, acosh(a))
FLOAT_FUN1(caml_atanh_float, atanh(a))
FLOAT_FUN1(caml_erf_float, erf(a))
FLOAT_FUN1(caml_erfc_float, erfc(a))
FLOAT_FUN1(caml_trunc_float, trunc(a))
FLOAT_FUN1(caml_round_float, round(a))
FLOAT_FUN1(caml_floor_float, floor(a))
FLOAT_FUN1(caml_ceil_float, ceil(a))

value caml_fma_float(mc_domain *d, value va, value vb, value vc) {
  return mc_copy_double(d, fma(double_val(va), double_val(vb), double_val(vc)));
}

/* ldexp takes a C int: the OCaml int is truncated to its low 32 bits, as
 * stock does. */
value caml_ldexp_float(mc_domain *d, value f, value i) {
  return mc_copy_double(d, ldexp(double_val(f), int_val(i)));
}

/* Returns (mantissa, exponent). */
value caml_frexp_float(mc_domain *d, value f) {
  int e;
  value mant = mc_copy_double(d, frexp(double_val(f), &e));
  return mc_alloc_pair(d, 0, mant, val_int(e));
}

/* Returns (fractional part, integral part). */
value caml_modf_float(mc_domain *d, value f) {
  double whole;
  double part = modf(double_val(f), &whole);
  value vpart = mc_copy_double(d, part);
  GC_ROOTS(d, &vpart);
  value vwhole = mc_copy_double(d, whole);
  return mc_alloc_pair(d, 0, vpart, vwhole);
}

value caml_signbit_float(mc_domain *d, value f) { return val_bool(signbit(double_val(f)) != 0); }

/* ------------------------------------------------------------------ */
/* Comparisons and classification                                       */
/* ------------------------------------------------------------------ */

#define FLOAT_TEST(prim, op)                                   \
  value prim(mc_domain *d, value va, value vb) {               \
    return val_bool(double_val(va) op double_val(vb));         \
  }
FLOAT_TEST(caml_eq_float, ==)
FLOAT_TEST(caml_neq_float, !=)
FLOAT_TEST(caml_lt_float, <)
FLOAT_TEST(caml_le_float, <=)
FLOAT_TEST(caml_gt_float, >)
FLOAT_TEST(caml_ge_float, >=)

/* Total order where NaN equals itself and is below every other float. */
value caml_float_compare(mc_domain *d, value va, value vb) {
  double a = double_val(va), b = double_val(vb);
  intptr_t a_nan = a != a, b_nan = b != b;
  if (a_nan || b_nan) return val_long(b_nan - a_nan);
  return val_long((intptr_t)(a > b) - (intptr_t)(a < b));
}

/* Constructors of Stdlib.fpclass, in declaration order. */
enum { FPCLASS_NORMAL, FPCLASS_SUBNORMAL, FPCLASS_ZERO, FPCLASS_INFINITE, FPCLASS_NAN };

value caml_classify_float(mc_domain *d, value vx) {
  uint64_t bits;
  double x = double_val(vx);
  memcpy(&bits, &x, sizeof bits);
  uint64_t exponent = (bits >> 52) & 0x7FF;
  uint64_t fraction = bits & (((uint64_t)1 << 52) - 1);
  int cls;
  if (exponent == 0x7FF)
    cls = fraction == 0 ? FPCLASS_INFINITE : FPCLASS_NAN;
  else if (exponent == 0)
    cls = fraction == 0 ? FPCLASS_ZERO : FPCLASS_SUBNORMAL;
  else
    cls = FPCLASS_NORMAL;
  return val_int(cls);
}

const struct mc_primdef mc_prims_float[] = {
    PRIM(caml_format_float, 2),
    PRIM(caml_hexstring_of_float, 3),
    PRIM(caml_float_of_string, 1),
    PRIM(caml_int_of_float, 1),
    PRIM(caml_float_of_int, 1),
    PRIM(caml_neg_float, 1),
    PRIM(caml_abs_float, 1),
    PRIM(caml_add_float, 2),
    PRIM(caml_sub_float, 2),
    PRIM(caml_mul_float, 2),
    PRIM(caml_div_float, 2),
    PRIM(caml_fmod_float, 2),
    PRIM(caml_power_float, 2),
    PRIM(caml_atan2_float, 2),
    PRIM(caml_hypot_float, 2),
    PRIM(caml_copysign_float, 2),
    PRIM(caml_nextafter_float, 2),
    PRIM(caml_fma_float, 3),
    PRIM(caml_exp_float, 1),
    PRIM(caml_exp2_float, 1),
    PRIM(caml_expm1_float, 1),
    PRIM(caml_log_float, 1),
    PRIM(caml_log10_float, 1),
    PRIM(caml_log2_float, 1),
    PRIM(caml_log1p_float, 1),
    PRIM(caml_sqrt_float, 1),
    PRIM(caml_cbrt_float, 1),
    PRIM(caml_sin_float, 1),
    PRIM(caml_cos_float, 1),
    PRIM(caml_tan_float, 1),
    PRIM(caml_asin_float, 1),
    PRIM(caml_acos_float, 1),
    PRIM(caml_atan_float, 1),
    PRIM(caml_sinh_float, 1),
    PRIM(caml_cosh_float, 1),
    PRIM(caml_tanh_float, 1),
    PRIM(caml_asinh_float, 1),
    PRIM(caml_acosh_float, 1),
    PRIM(caml_atanh_float, 1),
    PRIM(caml_erf_float, 1),
    PRIM(caml_erfc_float, 1),
    PRIM(caml_trunc_float, 1),
    PRIM(caml_round_float, 1),
    PRIM(caml_floor_float, 1),
    PRIM(caml_ceil_float, 1),
    PRIM(caml_ldexp_float, 2),
    PRIM(caml_frexp_float, 1),
    PRIM(caml_modf_float, 1),
    PRIM(caml_signbit_float, 1),
    PRIM(caml_eq_float, 2),
    PRIM(caml_neq_float, 2),
    PRIM(caml_lt_float, 2),
    PRIM(caml_le_float, 2),
    PRIM(caml_gt_float, 2),
    PRIM(caml_ge_float, 2),
    PRIM(caml_float_compare, 2),
    PRIM(caml_classify_float, 1),
    PRIM_END};
