/* floats.h: float <-> text conversions and float -> integer truncation,
 * shared by floats.c, ints.c and the unit tests. */
#ifndef MC_FLOATS_H
#define MC_FLOATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "domain.h"

/* Parses the text of float_of_string: underscores are ignored anywhere,
 * "[+-]0x..." goes through the hexadecimal reader, anything else through
 * the C library's strtod (so "nan", "inf", "infinity", leading blanks and
 * exponent overflow behave as in stock).  The whole text must be consumed.
 * Returns false on malformed input. */
bool mc_parse_float(const char *text, size_t len, double *out);

/* Writes the %h rendering of x into buf (at most cap bytes, always
 * NUL-terminated when cap > 0) and returns the full length, like snprintf.
 * prec < 0 asks for as many hex digits as the value needs; style is '+',
 * ' ' or '-' (sign shown for positive values: plus, blank, nothing). */
size_t mc_hexfloat_format(char *buf, size_t cap, double x, intptr_t prec, int style);

/* True if fmt (up to its first NUL, at most len bytes) is a printf format
 * holding exactly one conversion that consumes one double: flags among
 * "-+ #0", optional width and precision given as digits, and one of
 * "eEfFgGaA".  Plain text and "%%" may surround it. */
bool mc_float_format_ok(const char *fmt, size_t len);

/* vsnprintf into a fresh OCaml string.  Raises Out_of_memory if the C
 * library reports an error (result too long for an int). */
value mc_format_number(mc_domain *d, const char *cfmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Float to integer truncation with the results x86-64 gives for NaN and
 * out-of-range inputs (the "integer indefinite" value, the smallest integer
 * of the target width), so that we match stock without relying on
 * undefined behaviour in C casts. */
static inline int64_t mc_trunc_to_int64(double x) {
  if (x >= -9223372036854775808.0 && x < 9223372036854775808.0) return (int64_t)x;
  return INT64_MIN;
}
static inline int32_t mc_trunc_to_int32(double x) {
  if (x > -2147483649.0 && x < 2147483648.0) return (int32_t)x;
  return INT32_MIN;
}

#endif
