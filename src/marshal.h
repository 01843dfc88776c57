/* marshal.h: output_value / input_value (OCaml's marshalling format).
 *
 * Unmarshalling treats its input as untrusted: every size, tag, offset and
 * back-reference is checked, and bad input raises Failure, never crashes.
 */
#ifndef MC_MARSHAL_H
#define MC_MARSHAL_H

#include "domain.h"

struct mc_ser;
struct mc_deser;
struct mc_channel;

/* Unmarshal one value from a complete marshalled message (header
 * included) held in memory.  Raises Failure on malformed input. */
value mc_input_value_from_bytes(mc_domain *d, const char *data, size_t len);
/* Unmarshal from a channel (caml_input_value). */
value mc_input_value_from_channel(mc_domain *d, struct mc_channel *ch);
/* Marshal v with the given Marshal.extern_flags list into a channel. */
void mc_output_value_to_channel(mc_domain *d, struct mc_channel *ch, value v, value flags);

/* For custom blocks' serialize functions. */
void mc_ser_int_1(struct mc_ser *s, int x);
void mc_ser_int_2(struct mc_ser *s, int x);
void mc_ser_int_4(struct mc_ser *s, int32_t x);
void mc_ser_int_8(struct mc_ser *s, int64_t x);
void mc_ser_float_8(struct mc_ser *s, double x);
void mc_ser_block_1(struct mc_ser *s, const void *data, size_t len);
void mc_ser_block_2(struct mc_ser *s, const void *data, size_t len);
void mc_ser_block_4(struct mc_ser *s, const void *data, size_t len);
void mc_ser_block_8(struct mc_ser *s, const void *data, size_t len);
void mc_ser_block_float_8(struct mc_ser *s, const void *data, size_t len);
/* Report an error from a serialize function (raises Invalid_argument
 * or Failure, as stock does for the situation). */
_Noreturn void mc_ser_fail(struct mc_ser *s, const char *msg);

/* For custom blocks' deserialize functions.  Reading past the end of the
 * input raises Failure. */
int mc_deser_uint_1(struct mc_deser *s);
int mc_deser_sint_1(struct mc_deser *s);
int mc_deser_uint_2(struct mc_deser *s);
int mc_deser_sint_2(struct mc_deser *s);
uint32_t mc_deser_uint_4(struct mc_deser *s);
int32_t mc_deser_sint_4(struct mc_deser *s);
uint64_t mc_deser_uint_8(struct mc_deser *s);
int64_t mc_deser_sint_8(struct mc_deser *s);
double mc_deser_float_8(struct mc_deser *s);
void mc_deser_block_1(struct mc_deser *s, void *data, size_t len);
void mc_deser_block_2(struct mc_deser *s, void *data, size_t len);
void mc_deser_block_4(struct mc_deser *s, void *data, size_t len);
void mc_deser_block_8(struct mc_deser *s, void *data, size_t len);
void mc_deser_block_float_8(struct mc_deser *s, void *data, size_t len);
_Noreturn void mc_deser_fail(struct mc_deser *s, const char *msg);
/* The domain doing the (de)serialisation. */
mc_domain *mc_ser_domain(struct mc_ser *s);
mc_domain *mc_deser_domain(struct mc_deser *s);
/* The operations of the custom block whose data is being read. */
const struct mc_custom_ops *mc_deser_custom_ops(struct mc_deser *s);

#endif
