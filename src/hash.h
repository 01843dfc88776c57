/* hash.h: the mixing steps of OCaml's generic hash (MurmurHash3, 32-bit).
 *
 * A hash is computed by starting from a seed, folding data words in with
 * the mc_hash_mix_* functions, and finishing with mc_hash_final_mix.  The
 * arithmetic is bit-for-bit that of stock OCaml, so that Hashtbl.hash gives
 * the same numbers under mcrun as under ocamlrun.  Custom blocks (int64,
 * bigarrays, ...) use these helpers in their own hash operations.
 */
#ifndef MC_HASH_H
#define MC_HASH_H

#include <stdint.h>
#include "value.h"

/* Folds one 32-bit word into the running hash h. */
uint32_t mc_hash_mix_uint32(uint32_t h, uint32_t d);
/* Folds a native integer; equal to mixing (uint32_t)d whenever d fits in
 * 32 signed bits, so that 32- and 64-bit hosts agree on small numbers. */
uint32_t mc_hash_mix_intnat(uint32_t h, intptr_t d);
/* Folds a 64-bit integer: low half first, then high half. */
uint32_t mc_hash_mix_int64(uint32_t h, int64_t d);
/* Folds a double; all NaNs hash alike, and -0.0 hashes as +0.0. */
uint32_t mc_hash_mix_double(uint32_t h, double d);
/* Folds a single-precision float, with the same normalisations. */
uint32_t mc_hash_mix_float(uint32_t h, float f);
/* Folds the bytes of an OCaml string (little-endian 32-bit chunks, then the
 * tail, then the length). */
uint32_t mc_hash_mix_string(uint32_t h, value s);
/* Same, for a C buffer. */
uint32_t mc_hash_mix_bytes(uint32_t h, const unsigned char *p, size_t len);
/* Final avalanche of the bits of h. */
uint32_t mc_hash_final_mix(uint32_t h);

/* The hash of a polymorphic variant constructor name, as the compiler
 * computes it (an OCaml int, sign-extended from 31 bits). */
value mc_hash_variant(const char *tag);

#endif
