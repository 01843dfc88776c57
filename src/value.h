/* value.h: the OCaml value representation, exactly as OCaml 5.3 lays it out.
 *
 * A value is one machine word.  Odd words are immediate integers (n is
 * stored as 2n+1).  Even words point to the first field of a block; the
 * block's header is the word just before it:
 *
 *     63                      10 9     8 7       0
 *     +-------------------------+-------+---------+
 *     |  wosize (fields)        | color |   tag   |
 *     +-------------------------+-------+---------+
 *
 * Tags at or above NO_SCAN_TAG mark blocks whose fields the GC must not
 * follow.  The colour bits belong to the major GC (see gc.h): three of the
 * four colours rotate from cycle to cycle, the fourth marks blocks that the
 * collector never owns (atoms, static data).
 */
#ifndef MC_VALUE_H
#define MC_VALUE_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "config.h"

typedef intptr_t value;
typedef uintptr_t uvalue;
typedef uint64_t header_t;
typedef unsigned int tag_t;
typedef size_t mlsize_t;

/* Bytecode is a sequence of 32-bit words. */
typedef int32_t opcode_t;
typedef opcode_t *code_t;

_Static_assert(sizeof(value) == 8, "mcrun supports 64-bit hosts only");

/* ---- Immediate values ---- */

#define val_long(n) ((value)(((uvalue)(intptr_t)(n) << 1)) + 1)
#define long_val(v) ((intptr_t)(v) >> 1)
#define val_int(n) val_long(n)
#define int_val(v) ((int)long_val(v))
#define val_bool(b) ((b) ? val_true : val_false)
#define bool_val(v) int_val(v)
#define is_long(v) (((v) & 1) != 0)
#define is_block(v) (((v) & 1) == 0)

#define val_false val_int(0)
#define val_true val_int(1)
#define val_unit val_int(0)
#define val_emptylist val_int(0)
#define val_none val_int(0)

#define MAX_LONG ((intptr_t)(((uvalue)1 << 62) - 1))
#define MIN_LONG (-MAX_LONG - 1)

/* ---- Headers ---- */

#define HD_TAG_BITS 8
#define HD_COLOR_SHIFT 8
#define HD_COLOR_MASK ((header_t)3 << HD_COLOR_SHIFT)
#define HD_WOSIZE_SHIFT 10
#define MAX_WOSIZE (((header_t)1 << 54) - 1)

#define hd_tag(hd) ((tag_t)((hd) & 0xFF))
#define hd_wosize(hd) ((mlsize_t)((hd) >> HD_WOSIZE_SHIFT))
#define hd_color(hd) ((hd) & HD_COLOR_MASK)
#define hd_with_color(hd, c) (((hd) & ~HD_COLOR_MASK) | (c))
#define make_header(wosize, tag, color) \
  (((header_t)(wosize) << HD_WOSIZE_SHIFT) | (header_t)(color) | (header_t)(tag))

/* The fourth colour: never marked, never swept (atoms, static blocks). */
#define COLOR_NOT_MARKABLE ((header_t)3 << HD_COLOR_SHIFT)

#define hp_val(v) ((header_t *)(v) - 1)
/* The header as an lvalue: for writes to blocks that no other domain can
 * see yet, or during a stop-the-world section.  Reads go through hd_load:
 * another domain's marker may rewrite the colour bits of any major block
 * at any time (a relaxed atomic store, gc_major.c), so a plain read would
 * be a C data race.  Relaxed loads are ordinary moves on x86-64 and
 * AArch64; tag and size bits never change while a block is reachable. */
#define hd_val(v) (*hp_val(v))
#define hd_load(v) __atomic_load_n(hp_val(v), __ATOMIC_RELAXED)
#define tag_val(v) hd_tag(hd_load(v))
#define wosize_val(v) hd_wosize(hd_load(v))
/* Change the tag of a block that may be reachable (Obj.set_tag-like
 * updates), keeping the colour bits a marker may be setting meanwhile. */
static inline void hd_set_tag(value v, unsigned tag) {
  header_t old = hd_load(v);
  while (!__atomic_compare_exchange_n(hp_val(v), &old, (old & ~(header_t)0xFF) | tag, 0,
                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
}
#define whsize_wosize(sz) ((sz) + 1)
#define bosize_val(v) (wosize_val(v) * sizeof(value))
#define val_hp(hp) ((value)((header_t *)(hp) + 1))

/* Field i of block v, as an lvalue.  Writes to fields of blocks that may be
 * in the major heap go through mc_modify (gc.h), never through this. */
#define field(v, i) (((value *)(v))[i])

/* Accesses to fields that another domain may write concurrently (the
 * OCaml memory model allows such races; C does not, unless they are
 * atomic).  Loads acquire, so that a block published by another domain's
 * releasing store is seen initialised; plain stores become relaxed atomic
 * stores.  On x86-64 these are ordinary moves. */
#define field_acquire(v, i) __atomic_load_n(&field(v, i), __ATOMIC_ACQUIRE)
#define field_relaxed(v, i) __atomic_load_n(&field(v, i), __ATOMIC_RELAXED)
#define field_store_relaxed(v, i, x) __atomic_store_n(&field(v, i), (x), __ATOMIC_RELAXED)

/* ---- Tags ---- */

#define FORCING_TAG 244
#define CONT_TAG 245
#define LAZY_TAG 246
#define CLOSURE_TAG 247
#define OBJECT_TAG 248
#define INFIX_TAG 249
#define FORWARD_TAG 250
#define NO_SCAN_TAG 251
#define ABSTRACT_TAG 251
#define STRING_TAG 252
#define DOUBLE_TAG 253
#define DOUBLE_ARRAY_TAG 254
#define CUSTOM_TAG 255

/* Largest block that the minor heap may hold. */
#define MAX_YOUNG_WOSIZE 256

/* ---- Closures ----
 * Field 0 is a code pointer, field 1 the closure info: arity in the top 8
 * bits and, below, the index of the first environment field (everything
 * before it is code pointers, closure infos and infix headers, which the
 * GC must skip).  Closure info is an odd word, so it reads as an integer. */
#define code_val(v) (*(code_t *)&field(v, 0))
#define closinfo_val(v) field(v, 1)
#define make_closinfo(arity, startenv) \
  ((value)(((uvalue)(arity) << 56) + ((uvalue)(startenv) << 1) + 1))
#define closinfo_arity(info) ((intptr_t)(info) >> 56)
#define closinfo_startenv(info) ((mlsize_t)(((uvalue)(info) << 8) >> 9))
#define infix_offset_hd(hd) (hd_wosize(hd) * sizeof(value))
#define infix_offset_val(v) infix_offset_hd(hd_val(v))

/* ---- Strings ----
 * The last byte of a string block holds (bytes of padding - 1), so the
 * length is the block's byte size minus 1 minus that byte. */
#define string_val(v) ((char *)(v))
#define bytes_val(v) ((unsigned char *)(v))
#define byte_u(v, i) (((unsigned char *)(v))[i])
static inline mlsize_t string_length(value s) {
  mlsize_t bsize = bosize_val(s) - 1;
  return bsize - ((unsigned char *)s)[bsize];
}
#define wosize_of_string_length(len) (((len) + sizeof(value)) / sizeof(value))

/* ---- Floats ---- */
#define DOUBLE_WOSIZE 1
static inline double double_val(value v) {
  double d;
  memcpy(&d, (void *)v, sizeof d);
  return d;
}
static inline void store_double_val(value v, double d) { memcpy((void *)v, &d, sizeof d); }
static inline double double_flat_field(value v, mlsize_t i) {
  double d;
  memcpy(&d, (double *)v + i, sizeof d);
  return d;
}
static inline void store_double_flat_field(value v, mlsize_t i, double d) {
  memcpy((double *)v + i, &d, sizeof d);
}
/* The same for mutable float fields that other domains may access. */
static inline double double_flat_field_atomic(value v, mlsize_t i) {
  uint64_t bits = __atomic_load_n((uint64_t *)v + i, __ATOMIC_RELAXED);
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}
static inline void store_double_flat_field_atomic(value v, mlsize_t i, double d) {
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  __atomic_store_n((uint64_t *)v + i, bits, __ATOMIC_RELAXED);
}

/* ---- Tagged C pointers ----
 * An aligned C pointer with its low bit set reads as an integer, so the GC
 * ignores it.  Used for stacks held by continuations and for code pointers
 * saved on the interpreter stack. */
#define val_ptr(p) ((value)(p) + 1)
#define ptr_val(v) ((void *)((v) - 1))

/* ---- Atoms ----
 * Zero-sized blocks are never allocated: each tag has one static atom.  The
 * table is constant and lives outside the heap; its headers carry the
 * not-markable colour. */
extern const header_t mc_atom_table[257];
#define atom(tag) ((value)&mc_atom_table[(tag) + 1])

/* ---- Lists and options ---- */
#define TAG_CONS 0
#define TAG_SOME 0

#endif
