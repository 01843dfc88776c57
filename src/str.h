/* str.h: the regular-expression engine behind the str library (str.c).
 *
 * str.ml compiles a regular expression into a record
 *
 *   { prog : int array;  cpool : string array;  normtable : string;
 *     numgroups : int;   numregisters : int;    startchars : int }
 *
 * whose `prog` is a small backtracking program.  Each instruction is one
 * OCaml int: the low 8 bits are the opcode, the rest (arithmetic shift) its
 * operand.  Jump operands count instructions from the one after the jump.
 * This header exposes the engine without the OCaml glue, for unit tests.
 */
#ifndef MC_STR_H
#define MC_STR_H

#include <stdbool.h>
#include "value.h"

/* Where a match may start. */
enum mc_regex_mode {
  MC_REGEX_AT,        /* exactly at pos (Str.string_match) */
  MC_REGEX_PARTIAL,   /* at pos; running out of text counts as success */
  MC_REGEX_FORWARD,   /* first start at pos, pos+1, ..., length */
  MC_REGEX_BACKWARD   /* first start at pos, pos-1, ..., 0 */
};

/* NULL if `re` is a well-formed compiled regexp record whose program stays
 * inside its own code and tables; otherwise a short reason.  The engine
 * assumes a checked record. */
const char *mc_regex_check(value re);

/* Number of groups of a checked record, group 0 (the whole match) included. */
mlsize_t mc_regex_ngroups(value re);

/* Run the checked regexp `re` over s[0..len) starting as `mode` says from
 * pos (0 <= pos <= len).  On success fills groups[2i] and groups[2i+1]
 * with the start and end offsets of group i, or -1 and -1 when group i did
 * not take part, for i < mc_regex_ngroups(re), and returns true.  Never
 * allocates OCaml values, so `re` and `s` stay put while it runs. */
bool mc_regex_exec(value re, const unsigned char *s, size_t len, size_t pos,
                   enum mc_regex_mode mode, intptr_t *groups);

#endif
