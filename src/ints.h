/* ints.h: integer text conversions shared by ints.c and the unit tests. */
#ifndef MC_INTS_H
#define MC_INTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* Parses the text accepted by int_of_string and its Int32, Int64 and
 * Nativeint variants, for an integer type of `nbits` bits (63 for int).
 *
 *   [-+] ( digits | 0x hex | 0o octal | 0b binary | 0u digits )
 *
 * Underscores may follow the first digit anywhere.  Plain decimal must
 * fit the signed range; the prefixed forms are unsigned and may use all
 * nbits (a minus sign then negates modulo 2^nbits).  Returns false on bad
 * syntax or overflow; otherwise stores the value, sign applied, as a
 * 64-bit two's-complement number (the caller truncates it to its type). */
bool mc_parse_int_text(const char *text, size_t len, int nbits, int64_t *out);

/* Size of the C format buffer; an OCaml format whose length plus the
 * length modifier plus one reaches it is rejected as too long, as stock
 * does. */
#define MC_INTFMT_MAX 32

enum mc_intfmt_status {
  MC_INTFMT_OK,
  MC_INTFMT_TOO_LONG,  /* Invalid_argument "format_int: format too long" */
  MC_INTFMT_BAD        /* not a single integer conversion */
};

/* Turns an OCaml integer format ("%d", "%+ld", "%#Lx", "%5nu", ...) into
 * a C format for one argument: the OCaml size letter (l, n or L) before
 * the conversion is dropped and `lenmod` ("", "l") inserted instead.  The
 * conversion letter (one of d i u x X o) must end the format.  Stores the
 * letter in *conv. */
enum mc_intfmt_status mc_int_format_build(const char *fmt, size_t len, const char *lenmod,
                                          char out[MC_INTFMT_MAX], char *conv);

#endif
