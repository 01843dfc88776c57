/* strings.c: primitives on strings and bytes: creation, length, indexed and
 * multi-byte access, comparisons, blit and fill. */
#include <string.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "prims.h"

/* Longest string a block can hold: every byte of the largest block but the
 * padding byte. */
#define MAX_STRING_LENGTH ((mlsize_t)MAX_WOSIZE * sizeof(value) - 1)

/* ---- Creation, length, conversions ---- */

/* A fresh uninitialised string of `len` bytes; `who` names the OCaml
 * function in the Invalid_argument raised for a negative or huge length. */
static value create(mc_domain *d, value len, const char *who) {
  mlsize_t n = (mlsize_t)long_val(len);  /* negative lengths become huge */
  if (n > MAX_STRING_LENGTH) mc_invalid_argument(d, who);
  return mc_alloc_string(d, n);
}

value caml_create_bytes(mc_domain *d, value len) { return create(d, len, "Bytes.create"); }
value caml_create_string(mc_domain *d, value len) { return create(d, len, "String.create"); }

value caml_ml_string_length(mc_domain *d, value s) { return val_long(string_length(s)); }
value caml_ml_bytes_length(mc_domain *d, value s) { return val_long(string_length(s)); }

/* Strings and bytes share their representation: conversions are free. */
value caml_string_of_bytes(mc_domain *d, value b) { return b; }
value caml_bytes_of_string(mc_domain *d, value s) { return s; }

/* ---- Indexed access ---- */

/* The position of a `width`-byte access at index `vidx` of s, after
 * checking that all its bytes lie inside s. */
static mlsize_t access_at(mc_domain *d, value s, value vidx, mlsize_t width) {
  intptr_t idx = long_val(vidx);
  if (idx < 0 || (mlsize_t)idx + width > string_length(s))
    mc_invalid_argument(d, "index out of bounds");
  return (mlsize_t)idx;
}

/* Little-endian load and store of `width` bytes (the host may not allow
 * unaligned word accesses, and stock reads byte by byte too). */
static uint64_t load_le(const unsigned char *p, mlsize_t width) {
  uint64_t x = 0;
  while (width-- > 0) x = (x << 8) | p[width];
  return x;
}
static void store_le(unsigned char *p, mlsize_t width, uint64_t x) {
  for (mlsize_t k = 0; k < width; k++, x >>= 8) p[k] = (unsigned char)x;
}

/* Single bytes of a bytes value may be read and written by several
 * domains at once (a race OCaml allows): relaxed atomics, as the
 * interpreter's GETBYTESCHAR and SETBYTESCHAR do. */
value caml_string_get(mc_domain *d, value s, value i) {
  return val_int(__atomic_load_n(&byte_u(s, access_at(d, s, i, 1)), __ATOMIC_RELAXED));
}
value caml_bytes_get(mc_domain *d, value s, value i) { return caml_string_get(d, s, i); }

value caml_bytes_set(mc_domain *d, value s, value i, value c) {
  __atomic_store_n(&byte_u(s, access_at(d, s, i, 1)), (unsigned char)long_val(c), __ATOMIC_RELAXED);
  return val_unit;
}
value caml_string_set(mc_domain *d, value s, value i, value c) { return caml_bytes_set(d, s, i, c); }

/* 16-bit reads give an unsigned int; 32- and 64-bit reads give boxed
 * integers with the bytes read little-endian. */
value caml_string_get16(mc_domain *d, value s, value i) {
  mlsize_t at = access_at(d, s, i, 2);
  return val_long((intptr_t)load_le(bytes_val(s) + at, 2));
}
value caml_string_get32(mc_domain *d, value s, value i) {
  mlsize_t at = access_at(d, s, i, 4);
  return mc_copy_int32(d, (int32_t)(uint32_t)load_le(bytes_val(s) + at, 4));
}
value caml_string_get64(mc_domain *d, value s, value i) {
  mlsize_t at = access_at(d, s, i, 8);
  return mc_copy_int64(d, (int64_t)load_le(bytes_val(s) + at, 8));
}
value caml_bytes_get16(mc_domain *d, value s, value i) { return caml_string_get16(d, s, i); }
value caml_bytes_get32(mc_domain *d, value s, value i) { return caml_string_get32(d, s, i); }
value caml_bytes_get64(mc_domain *d, value s, value i) { return caml_string_get64(d, s, i); }

/* Writes keep the low 16, 32 or 64 bits of the new value. */
value caml_bytes_set16(mc_domain *d, value s, value i, value x) {
  mlsize_t at = access_at(d, s, i, 2);
  store_le(bytes_val(s) + at, 2, (uint64_t)long_val(x));
  return val_unit;
}
value caml_bytes_set32(mc_domain *d, value s, value i, value x) {
  mlsize_t at = access_at(d, s, i, 4);
  store_le(bytes_val(s) + at, 4, (uint32_t)int32_val(x));
  return val_unit;
}
value caml_bytes_set64(mc_domain *d, value s, value i, value x) {
  mlsize_t at = access_at(d, s, i, 8);
  store_le(bytes_val(s) + at, 8, (uint64_t)int64_val(x));
  return val_unit;
}

/* ---- Comparisons ---- */

/* Lexicographic order on bytes, a proper prefix sorting first: -1, 0, 1. */
static int order(value a, value b) {
  if (a == b) return 0;
  mlsize_t la = string_length(a), lb = string_length(b);
  int c = memcmp(string_val(a), string_val(b), la < lb ? la : lb);
  if (c != 0) return c < 0 ? -1 : 1;
  return (la > lb) - (la < lb);
}

static bool same_contents(value a, value b) {
  if (a == b) return true;
  mlsize_t la = string_length(a);
  return la == string_length(b) && memcmp(string_val(a), string_val(b), la) == 0;
}

value caml_string_equal(mc_domain *d, value a, value b) { return val_bool(same_contents(a, b)); }
value caml_string_notequal(mc_domain *d, value a, value b) { return val_bool(!same_contents(a, b)); }
value caml_string_compare(mc_domain *d, value a, value b) { return val_int(order(a, b)); }
value caml_string_lessthan(mc_domain *d, value a, value b) { return val_bool(order(a, b) < 0); }
value caml_string_lessequal(mc_domain *d, value a, value b) { return val_bool(order(a, b) <= 0); }
value caml_string_greaterthan(mc_domain *d, value a, value b) { return val_bool(order(a, b) > 0); }
value caml_string_greaterequal(mc_domain *d, value a, value b) { return val_bool(order(a, b) >= 0); }

value caml_bytes_equal(mc_domain *d, value a, value b) { return val_bool(same_contents(a, b)); }
value caml_bytes_notequal(mc_domain *d, value a, value b) { return val_bool(!same_contents(a, b)); }
value caml_bytes_compare(mc_domain *d, value a, value b) { return val_int(order(a, b)); }
value caml_bytes_lessthan(mc_domain *d, value a, value b) { return val_bool(order(a, b) < 0); }
value caml_bytes_lessequal(mc_domain *d, value a, value b) { return val_bool(order(a, b) <= 0); }
value caml_bytes_greaterthan(mc_domain *d, value a, value b) { return val_bool(order(a, b) > 0); }
value caml_bytes_greaterequal(mc_domain *d, value a, value b) { return val_bool(order(a, b) >= 0); }

/* ---- Blit and fill ----
 * The OCaml callers (Bytes.blit, Bytes.fill, ...) have checked the ranges;
 * source and destination may overlap. */

value caml_blit_bytes(mc_domain *d, value src, value src_off, value dst, value dst_off, value len) {
  memmove(bytes_val(dst) + long_val(dst_off), bytes_val(src) + long_val(src_off),
          (size_t)long_val(len));
  return val_unit;
}
value caml_blit_string(mc_domain *d, value src, value src_off, value dst, value dst_off, value len) {
  return caml_blit_bytes(d, src, src_off, dst, dst_off, len);
}

value caml_fill_bytes(mc_domain *d, value s, value off, value len, value c) {
  memset(bytes_val(s) + long_val(off), (unsigned char)long_val(c), (size_t)long_val(len));
  return val_unit;
}
value caml_fill_string(mc_domain *d, value s, value off, value len, value c) {
  return caml_fill_bytes(d, s, off, len, c);
}

const struct mc_primdef mc_prims_string[] = {
    PRIM(caml_create_bytes, 1),
    PRIM(caml_create_string, 1),
    PRIM(caml_ml_string_length, 1),
    PRIM(caml_ml_bytes_length, 1),
    PRIM(caml_string_of_bytes, 1),
    PRIM(caml_bytes_of_string, 1),
    PRIM(caml_string_get, 2),
    PRIM(caml_bytes_get, 2),
    PRIM(caml_bytes_set, 3),
    PRIM(caml_string_set, 3),
    PRIM(caml_string_get16, 2),
    PRIM(caml_string_get32, 2),
    PRIM(caml_string_get64, 2),
    PRIM(caml_bytes_get16, 2),
    PRIM(caml_bytes_get32, 2),
    PRIM(caml_bytes_get64, 2),
    PRIM(caml_bytes_set16, 3),
    PRIM(caml_bytes_set32, 3),
    PRIM(caml_bytes_set64, 3),
    PRIM(caml_string_equal, 2),
    PRIM(caml_string_notequal, 2),
    PRIM(caml_string_compare, 2),
    PRIM(caml_string_lessthan, 2),
    PRIM(caml_string_lessequal, 2),
    PRIM(caml_string_greaterthan, 2),
    PRIM(caml_string_greaterequal, 2),
    PRIM(caml_bytes_equal, 2),
    PRIM(caml_bytes_notequal, 2),
    PRIM(caml_bytes_compare, 2),
    PRIM(caml_bytes_lessthan, 2),
    PRIM(caml_bytes_lessequal, 2),
    PRIM(caml_bytes_greaterthan, 2),
    PRIM(caml_bytes_greaterequal, 2),
    PRIM(caml_blit_bytes, 5),
    PRIM(caml_blit_string, 5),
    PRIM(caml_fill_bytes, 4),
    PRIM(caml_fill_string, 4),
    PRIM_END,
};
