/* marshal_internal.h: the byte format shared by marshal_in.c and marshal_out.c.
 *
 * A message is a header followed by the data.  Three header layouts exist,
 * told apart by their first four bytes (big endian):
 *
 *   small, 20 bytes:  magic | data length | objects | words on 32 bits |
 *                     words on 64 bits                (5 x 32-bit words)
 *   big, 32 bytes:    magic | 4 zero bytes | data length | objects |
 *                     words on 64 bits                (3 x 64-bit words)
 *   compressed:       magic | header length (low 6 bits of byte 4) | five
 *                     base-128 numbers, most significant group first, high
 *                     bit set on every byte but the last (compressed length,
 *                     plain length, objects, words on 32 bits, on 64 bits).
 *                     mcrun has no zstd and only recognises this header.
 *
 * "objects" counts the blocks a reader must remember for back-references;
 * "words" is the heap space (headers included) the value needs.  The data
 * is a pre-order walk of the value graph, one item per value, each item
 * starting with one byte described by the codes below.
 */
#ifndef MC_MARSHAL_INTERNAL_H
#define MC_MARSHAL_INTERNAL_H

#include "domain.h"

#define MARSHAL_MAGIC_SMALL 0x8495A6BEu
#define MARSHAL_MAGIC_BIG 0x8495A6BFu
#define MARSHAL_MAGIC_ZSTD 0x8495A6BDu

#define MARSHAL_HEADER_SMALL 20
#define MARSHAL_HEADER_BIG 32
#define MARSHAL_HEADER_MAX 55

/* First byte of an item.  Bytes at or above 0x20 pack a small payload into
 * the code itself; bytes below 0x20 are followed by big-endian operands. */
enum {
  MCODE_SMALL_BLOCK = 0x80,  /* 1sss tttt: block, size s < 8, tag t < 16 */
  MCODE_SMALL_INT = 0x40,    /* 01nn nnnn: integer 0..63 */
  MCODE_SMALL_STRING = 0x20, /* 001l llll: string of length < 32, bytes follow */

  MCODE_INT8 = 0x00,         /* signed integer, 1 byte */
  MCODE_INT16 = 0x01,        /* signed integer, 2 bytes */
  MCODE_INT32 = 0x02,        /* signed integer, 4 bytes */
  MCODE_INT64 = 0x03,        /* signed integer, 8 bytes */
  MCODE_SHARED8 = 0x04,      /* back-reference, distance in 1 byte */
  MCODE_SHARED16 = 0x05,     /* ... in 2 bytes */
  MCODE_SHARED32 = 0x06,     /* ... in 4 bytes */
  MCODE_SHARED64 = 0x14,     /* ... in 8 bytes */
  MCODE_BLOCK32 = 0x08,      /* block header word in 4 bytes, then fields */
  MCODE_BLOCK64 = 0x13,      /* block header word in 8 bytes, then fields */
  MCODE_STRING8 = 0x09,      /* string, length in 1 byte, then bytes */
  MCODE_STRING32 = 0x0A,     /* ... length in 4 bytes */
  MCODE_STRING64 = 0x15,     /* ... length in 8 bytes */
  MCODE_DOUBLE_BIG = 0x0B,   /* boxed float, 8 bytes big endian */
  MCODE_DOUBLE_LITTLE = 0x0C,/* boxed float, 8 bytes little endian */
  MCODE_FARRAY8_BIG = 0x0D,  /* float array, count in 1 byte, big endian floats */
  MCODE_FARRAY8_LITTLE = 0x0E,
  MCODE_FARRAY32_BIG = 0x0F, /* ... count in 4 bytes */
  MCODE_FARRAY32_LITTLE = 0x07,
  MCODE_FARRAY64_BIG = 0x16, /* ... count in 8 bytes */
  MCODE_FARRAY64_LITTLE = 0x17,
  MCODE_CODEPOINTER = 0x10,  /* 4-byte offset into code, 16-byte MD5 of the code */
  MCODE_INFIXPOINTER = 0x11, /* 4-byte byte offset, then the enclosing closure */
  MCODE_CUSTOM_OLD = 0x12,   /* OCaml <= 4.08 custom block: rejected */
  MCODE_CUSTOM_LEN = 0x18,   /* identifier\0, 4-byte size on 32 bits, 8-byte size
                                on 64 bits, then the serialised data */
  MCODE_CUSTOM_FIXED = 0x19, /* identifier\0, then data of the ops' fixed size */
};

/* Float byte order written by this host (floats go out in native order and
 * are swapped by a reader of the other order). */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define MARSHAL_HOST_BIG_ENDIAN 1
#else
#define MARSHAL_HOST_BIG_ENDIAN 0
#endif

/* Marshal.extern_flags, as bits (constructor number n gives bit 1 << n). */
enum {
  MFLAG_NO_SHARING = 1,
  MFLAG_CLOSURES = 2,
  MFLAG_COMPAT_32 = 4,
  MFLAG_COMPRESSED = 8,  /* compiler-libs' Compression; ignored without zstd */
};

/* The primitives (listed in the table at the end of marshal_in.c). */
value caml_input_value(mc_domain *d, value vchan);
value caml_input_value_to_outside_heap(mc_domain *d, value vchan);
value caml_input_value_from_bytes(mc_domain *d, value str, value ofs);
value caml_marshal_data_size(mc_domain *d, value buff, value ofs);
value caml_output_value(mc_domain *d, value vchan, value v, value flags);
value caml_output_value_to_bytes(mc_domain *d, value v, value flags);
value caml_output_value_to_string(mc_domain *d, value v, value flags);
value caml_output_value_to_buffer(mc_domain *d, value buf, value ofs, value len, value v,
                                  value flags);

#endif
