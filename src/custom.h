/* custom.h: custom blocks (CUSTOM_TAG): C data with an operations table.
 *
 * Field 0 of a custom block points to its struct mc_custom_ops; the data
 * follows.  Operations that a type does not support are NULL.
 */
#ifndef MC_CUSTOM_H
#define MC_CUSTOM_H

#include "domain.h"

struct mc_ser;    /* marshal.c: an output_value in progress */
struct mc_deser;  /* marshal.c: an input_value in progress */

struct mc_custom_ops {
  const char *identifier;   /* as stock names it, e.g. "_j" for int64 */
  void (*finalize)(value v);
  /* Total order: negative, zero, positive.  Sets *unordered to 1 when the
   * two values are unordered (NaN-like), as polymorphic compare needs. */
  int (*compare)(value a, value b, int *unordered);
  intptr_t (*hash)(value v);
  /* Marshalling: write the data with the mc_ser_* functions (marshal.h) and
   * set the data sizes on 32- and 64-bit hosts. */
  void (*serialize)(struct mc_ser *s, value v, uintptr_t *bsize_32, uintptr_t *bsize_64);
  /* Read the data back into `dst` (the block's data area) with the
   * mc_deser_* functions; returns the data size in bytes. */
  uintptr_t (*deserialize)(struct mc_deser *s, void *dst);
  /* Compare a custom block with an immediate integer, or NULL. */
  int (*compare_ext)(value a, value b, int *unordered);
  const struct mc_custom_fixed_length *fixed_length;  /* or NULL */
};

struct mc_custom_fixed_length {
  intptr_t bsize_32, bsize_64;
};

#define custom_ops_val(v) (*(const struct mc_custom_ops **)(v))
#define data_custom_val(v) ((void *)&field(v, 1))

/* Allocates a custom block with `bsize` bytes of data.  `mem` and `max`
 * tell the GC how much out-of-heap memory the block holds (0, 1 if none). */
value mc_alloc_custom(mc_domain *d, const struct mc_custom_ops *ops, uintptr_t bsize,
                      uintptr_t mem, uintptr_t max);
/* Same, with mem counted against the minor/major custom ratios (stock's
 * caml_alloc_custom_mem). */
value mc_alloc_custom_mem(mc_domain *d, const struct mc_custom_ops *ops, uintptr_t bsize,
                          uintptr_t mem);

/* Registry used by unmarshalling to find ops by identifier. */
void mc_register_custom_ops(mc_runtime *rt, const struct mc_custom_ops *ops);
const struct mc_custom_ops *mc_find_custom_ops(mc_runtime *rt, const char *identifier);

/* Built-in boxed integers (ints.c). */
extern const struct mc_custom_ops mc_int32_ops, mc_int64_ops, mc_nativeint_ops;
#define int32_val(v) (*(int32_t *)data_custom_val(v))
#define nativeint_val(v) (*(intptr_t *)data_custom_val(v))
static inline int64_t int64_val(value v) {
  int64_t x;
  memcpy(&x, data_custom_val(v), sizeof x);
  return x;
}
value mc_copy_int32(mc_domain *d, int32_t x);
value mc_copy_int64(mc_domain *d, int64_t x);
value mc_copy_nativeint(mc_domain *d, intptr_t x);

#endif
