/* prng.h: the LXM step of prng.c, for C callers and unit tests. */
#ifndef MC_PRNG_H
#define MC_PRNG_H

#include <stdint.h>

/* Returns the next output of the L64X128 generator whose state is st[0..3]
 * (additive constant, LCG state, two xoroshiro words) and advances it. */
uint64_t mc_lxm_next_raw(uint64_t st[4]);

#endif
