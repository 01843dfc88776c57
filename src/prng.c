/* prng.c: the L64X128 LXM generator behind Stdlib.Random (OCaml 5). */
#include "prng.h"
#include "bigarray.h"
#include "custom.h"
#include "prims.h"

/* Random.State.t is a Bigarray.Array1 of four int64, in this order:
 *   [0] the LCG's additive constant (odd)
 *   [1] the LCG's state
 *   [2], [3] the xoroshiro128 state (never both zero)
 * Written from Steele and Vigna, "LXM: Better Splittable Pseudorandom
 * Number Generators (and Almost as Fast)", OOPSLA 2021, figure 1. */
enum { LXM_ADD, LXM_LCG, LXM_XBG0, LXM_XBG1 };

/* The 64-bit LCG multiplier of the paper. */
#define LCG_MULT 0xd1342543de82ef95ULL
/* Multiplier of Lea's 64-bit mixing function. */
#define LEA_MULT 0xdaba0b6eb09322e3ULL

static inline uint64_t rol64(uint64_t x, unsigned n) { return (x << n) | (x >> (64 - n)); }

/* Lea's mixer: two xor-shift-multiply rounds and a final xor-shift. */
static inline uint64_t lea64(uint64_t z) {
  for (int round = 0; round < 2; round++) z = (z ^ (z >> 32)) * LEA_MULT;
  return z ^ (z >> 32);
}

/* One step of xoroshiro128 (parameters a=24, b=16, c=37). */
static inline void xbg_step(uint64_t *s) {
  uint64_t lo = s[0], hi = s[1] ^ s[0];
  s[0] = rol64(lo, 24) ^ hi ^ (hi << 16);
  s[1] = rol64(hi, 37);
}

/* Output of the current state, then advance both sub-generators. */
uint64_t mc_lxm_next_raw(uint64_t st[4]) {
  uint64_t out = lea64(st[LXM_LCG] + st[LXM_XBG0]);
  st[LXM_LCG] = st[LXM_LCG] * LCG_MULT + st[LXM_ADD];
  xbg_step(&st[LXM_XBG0]);
  return out;
}

value caml_lxm_next(mc_domain *d, value state) {
  uint64_t *st = mc_ba_data_val(state);
  return mc_copy_int64(d, (int64_t)mc_lxm_next_raw(st));
}

const struct mc_primdef mc_prims_prng[] = {
    PRIM(caml_lxm_next, 1),
    PRIM_END};
