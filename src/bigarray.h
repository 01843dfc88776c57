/* bigarray.h: Bigarray values (custom blocks "_bigarr02" over malloc'd data).
 *
 * The custom block's data area is a struct mc_bigarray, laid out as stock
 * OCaml's struct caml_ba_array (four words, then one word per dimension),
 * since marshalled sizes depend on it.  The elements live outside the heap.
 */
#ifndef MC_BIGARRAY_H
#define MC_BIGARRAY_H

#include <stdatomic.h>
#include "domain.h"
#include "custom.h"

/* Element kinds, numbered as Bigarray.kind's constructors. */
enum mc_ba_kind {
  MC_BA_FLOAT32,
  MC_BA_FLOAT64,
  MC_BA_SINT8,
  MC_BA_UINT8,
  MC_BA_SINT16,
  MC_BA_UINT16,
  MC_BA_INT32,
  MC_BA_INT64,
  MC_BA_CAML_INT,
  MC_BA_NATIVE_INT,
  MC_BA_COMPLEX32,
  MC_BA_COMPLEX64,
  MC_BA_CHAR,
  MC_BA_FLOAT16,
  MC_BA_NUM_KINDS
};

/* The flags word: kind in the low byte, then layout and ownership bits. */
#define MC_BA_KIND_MASK 0xFF
#define MC_BA_FORTRAN_LAYOUT 0x100   /* else C layout (row major, from 0) */
#define MC_BA_LAYOUT_MASK 0x100
#define MC_BA_LAYOUT_SHIFT 8
#define MC_BA_MANAGED 0x200          /* data malloc'd by the runtime */
#define MC_BA_MAPPED_FILE 0x400      /* data is a mapped file */
#define MC_BA_MANAGED_MASK 0x600     /* neither bit: external data */
#define MC_BA_SUBARRAY 0x800         /* data shared with another bigarray */

#define MC_BA_MAX_NUM_DIMS 16

/* Shared ownership of managed data among a bigarray and its views
 * (sub, slice, reshape, change_layout). */
struct mc_ba_proxy {
  _Atomic(uintptr_t) refcount;
  void *data;        /* start of the malloc'd (or mapped) block */
  uintptr_t size;    /* its size in bytes, for mapped files */
};

struct mc_bigarray {
  void *data;
  intptr_t num_dims;
  intptr_t flags;
  struct mc_ba_proxy *proxy;  /* NULL until a view shares the data */
  intptr_t dim[];
};

#define mc_bigarray_val(v) ((struct mc_bigarray *)data_custom_val(v))
#define mc_ba_data_val(v) (mc_bigarray_val(v)->data)

extern const struct mc_custom_ops mc_bigarray_ops;

/* Size in bytes of one element of each kind. */
extern const unsigned char mc_ba_element_size[MC_BA_NUM_KINDS];

uintptr_t mc_ba_num_elts(const struct mc_bigarray *b);
uintptr_t mc_ba_byte_size(const struct mc_bigarray *b);

/* Allocates a bigarray with the given flags (kind | layout | ownership)
 * and dimensions.  With data == NULL the elements are malloc'd (contents
 * unspecified) and owned by the bigarray; otherwise `data` is used as is.
 * Raises Out_of_memory if the size overflows or malloc fails. */
value mc_ba_alloc(mc_domain *d, int flags, int num_dims, void *data, const intptr_t *dim);

/* Conversions to and from half precision, as stock does them (a double is
 * first rounded to single precision, then to half, to nearest even). */
double mc_ba_float16_to_double(uint16_t h);
uint16_t mc_ba_double_to_float16(double x);

#endif
