/* test_marshal.c: unit tests of marshal_in.c and marshal_out.c.
 *
 * 1. Encoding: values built in C are marshalled and compared byte for byte
 *    with what stock OCaml 5.3 writes for the same values (the expected
 *    strings were produced by Marshal.to_string under stock ocamlrun).
 * 2. Decoding: those same messages are read back and checked field by field
 *    (sharing and cycles included).
 * 3. Big and deep values: round trips through the major-heap path and long
 *    lists, which must not recurse in C.
 * 4. Corrupted messages: each must raise Failure with an exact message,
 *    and the heap must stay sound (a minor collection follows each).
 * 5. Output errors: abstract blocks, buffer overflow, Compat_32.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "custom.h"
#include "fail.h"
#include "gc.h"
#include "marshal.h"
#include "marshal_internal.h"
#include "marshal_test_domain.h"

static int failures, checks;

#define CHECK(cond, ...)                                  \
  do {                                                    \
    checks++;                                             \
    if (!(cond)) {                                        \
      failures++;                                         \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);         \
      printf(__VA_ARGS__);                                \
      printf("\n");                                       \
    }                                                     \
  } while (0)

/* Stock's Marshal.to_string output for the sample values (header + data). */
#define MSG(s) (const unsigned char *)(s), sizeof(s) - 1
#define H(len, objs, w32, w64) \
  "\x84\x95\xa6\xbe\x00\x00\x00" len "\x00\x00\x00" objs "\x00\x00\x00" w32 "\x00\x00\x00" w64

static const char m_int5[] = H("\x01", "\x00", "\x00", "\x00") "\x45";
static const char m_intm1[] = H("\x02", "\x00", "\x00", "\x00") "\x00\xff";
static const char m_int300[] = H("\x03", "\x00", "\x00", "\x00") "\x01\x01\x2c";
static const char m_int70000[] = H("\x05", "\x00", "\x00", "\x00") "\x02\x00\x01\x11\x70";
static const char m_intbig[] = H("\x09", "\x00", "\x00", "\x00") "\x03\x00\x00\x01\x00\x00\x00\x00\x00";
static const char m_str[] = H("\x06", "\x01", "\x03", "\x02") "\x25hello";
static const char m_str40[] = H("\x2a", "\x01", "\x0c", "\x07") "\x09\x28"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char m_float[] = H("\x09", "\x01", "\x03", "\x02") "\x0c\x00\x00\x00\x00\x00\x00\xf8\x3f";
static const char m_farr[] = H("\x12", "\x01", "\x05", "\x03")
    "\x0e\x02\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\x40";
static const char m_pair[] = H("\x05", "\x02", "\x05", "\x05") "\xa0\x41\x22\x61\x62";
static const char m_shared[] = H("\x0a", "\x02", "\x06", "\x05") "\xa0\x26shared\x04\x01";
static const char m_noshare[] = H("\x0f", "\x00", "\x09", "\x07") "\xa0\x26shared\x26shared";
static const char m_list[] = H("\x07", "\x03", "\x09", "\x09") "\xa0\x41\xa0\x42\xa0\x43\x40";
static const char m_tag20[] = H("\x06", "\x01", "\x02", "\x02") "\x08\x00\x00\x07\x14\x47";
static const char m_cyclic[] = H("\x04", "\x01", "\x03", "\x03") "\xa0\x41\x04\x01";
static const char m_int64[] = H("\x0c", "\x01", "\x04", "\x03") "\x19_j\x00\x11\x22\x33\x44\x55\x66\x77\x88";
static const char m_int32[] = H("\x08", "\x01", "\x03", "\x03") "\x19_i\x00\x11\x22\x33\x44";
static const char m_nativeint[] = H("\x09", "\x01", "\x03", "\x03") "\x19_n\x00\x01\x00\x00\x00\x05";
static const char m_emptyarr[] = H("\x01", "\x00", "\x00", "\x00") "\x80";

/* ---- Helpers ---- */

static value flags_no_sharing(mc_domain *d) {
  return mc_alloc_pair(d, 0, val_int(0), val_emptylist);
}

static value flags_compat32(mc_domain *d) { return mc_alloc_pair(d, 0, val_int(2), val_emptylist); }

static bool bytes_equal(value s, const char *expect, size_t n) {
  return string_length(s) == n && memcmp(bytes_val(s), expect, n) == 0;
}

static void dump(const char *what, value s) {
  printf("  %s (%zu bytes):", what, (size_t)string_length(s));
  for (size_t i = 0; i < string_length(s); i++) printf(" %02x", byte_u(s, i));
  printf("\n");
}

/* Marshal v with `flags` and compare with the expected message. */
static void check_encoding(mc_domain *d, const char *name, value v, value flags, const char *expect,
                           size_t n) {
  value out = caml_output_value_to_bytes(d, v, flags);
  bool ok = bytes_equal(out, expect, n);
  CHECK(ok, "encoding of %s differs from stock", name);
  if (!ok) dump("got", out);
}

/* Reads a message from C memory; on an exception returns false and the
 * exception in *res. */
static bool try_input(mc_domain *d, const void *p, size_t n, value *res) {
  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    value v = mc_input_value_from_bytes(d, (const char *)p, n);
    mc_catch_leave(d, &c);
    *res = v;
    return true;
  }
  *res = c.exn;
  return false;
}

/* Same through the primitive, from an OCaml string at offset ofs. */
static bool try_input_string(mc_domain *d, const void *p, size_t n, intptr_t ofs, value *res) {
  value str = mc_copy_string_len(d, (const char *)p, n);
  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    value v = caml_input_value_from_bytes(d, str, val_long(ofs));
    mc_catch_leave(d, &c);
    *res = v;
    return true;
  }
  *res = c.exn;
  return false;
}

static bool is_exn(mc_domain *d, value exn, int index, const char *msg) {
  if (msg == NULL) return exn == mc_predef_exn(d, index);
  if (!is_block(exn) || wosize_val(exn) < 2 || field(exn, 0) != mc_predef_exn(d, index)) return false;
  value s = field(exn, 1);
  return string_length(s) == strlen(msg) && memcmp(bytes_val(s), msg, strlen(msg)) == 0;
}

static const char *exn_text(value exn) {
  static char buf[600];
  if (is_block(exn) && wosize_val(exn) >= 2 && is_block(field(exn, 1)) &&
      tag_val(field(exn, 1)) == STRING_TAG)
    snprintf(buf, sizeof buf, "exception with \"%s\"", string_val(field(exn, 1)));
  else
    snprintf(buf, sizeof buf, "exception without a string");
  return buf;
}

/* The message must be refused with Failure `msg`; then the heap must still
 * survive a minor collection. */
static void expect_failure(mc_domain *d, const char *name, const void *p, size_t n, const char *msg) {
  value r;
  bool ok = try_input(d, p, n, &r);
  CHECK(!ok, "%s: accepted", name);
  if (!ok) CHECK(is_exn(d, r, EXN_FAILURE, msg), "%s: expected Failure \"%s\", got %s", name, msg, exn_text(r));
  mc_minor_collection(d);
}

static void expect_failure_string(mc_domain *d, const char *name, const void *p, size_t n, intptr_t ofs,
                                  const char *msg) {
  value r;
  bool ok = try_input_string(d, p, n, ofs, &r);
  CHECK(!ok, "%s: accepted", name);
  if (!ok) CHECK(is_exn(d, r, EXN_FAILURE, msg), "%s: expected Failure \"%s\", got %s", name, msg, exn_text(r));
  mc_minor_collection(d);
}

/* A message with a small header around `data`, the header's counts given. */
static size_t make_msg(unsigned char *out, const void *data, size_t n, uint32_t nobjs, uint32_t w64) {
  static const unsigned char magic[4] = {0x84, 0x95, 0xA6, 0xBE};
  memcpy(out, magic, 4);
  uint32_t fields[4] = {(uint32_t)n, nobjs, w64, w64};
  for (int k = 0; k < 4; k++)
    for (int b = 0; b < 4; b++) out[4 + 4 * k + b] = (unsigned char)(fields[k] >> (24 - 8 * b));
  memcpy(out + 20, data, n);
  return 20 + n;
}

#define BAD(name, data, nobjs, w64, msg)                               \
  do {                                                                 \
    unsigned char buf_[256];                                           \
    size_t n_ = make_msg(buf_, data, sizeof(data) - 1, nobjs, w64);    \
    expect_failure(d, name, buf_, n_, msg);                            \
  } while (0)

/* ---- 1 and 2: stock samples ---- */

static void test_samples(mc_domain *d) {
  value v = val_unit, a = val_unit, b = val_unit;
  GC_ROOTS(d, &v, &a, &b);

  check_encoding(d, "5", val_int(5), val_emptylist, m_int5, sizeof m_int5 - 1);
  check_encoding(d, "-1", val_int(-1), val_emptylist, m_intm1, sizeof m_intm1 - 1);
  check_encoding(d, "300", val_int(300), val_emptylist, m_int300, sizeof m_int300 - 1);
  check_encoding(d, "70000", val_int(70000), val_emptylist, m_int70000, sizeof m_int70000 - 1);
  check_encoding(d, "2^40", val_long((intptr_t)1 << 40), val_emptylist, m_intbig, sizeof m_intbig - 1);
  v = mc_copy_string(d, "hello");
  check_encoding(d, "\"hello\"", v, val_emptylist, m_str, sizeof m_str - 1);
  v = mc_alloc_string(d, 40);
  memset(bytes_val(v), 'a', 40);
  check_encoding(d, "40 a's", v, val_emptylist, m_str40, sizeof m_str40 - 1);
  v = mc_copy_double(d, 1.5);
  check_encoding(d, "1.5", v, val_emptylist, m_float, sizeof m_float - 1);
  v = mc_alloc_float_array(d, 2);
  store_double_flat_field(v, 0, 1.0);
  store_double_flat_field(v, 1, 2.0);
  check_encoding(d, "[|1.;2.|]", v, val_emptylist, m_farr, sizeof m_farr - 1);
  a = mc_copy_string(d, "ab");
  v = mc_alloc_pair(d, 0, val_int(1), a);
  check_encoding(d, "(1,\"ab\")", v, val_emptylist, m_pair, sizeof m_pair - 1);
  a = mc_copy_string(d, "shared");
  v = mc_alloc_pair(d, 0, a, a);
  check_encoding(d, "(s,s)", v, val_emptylist, m_shared, sizeof m_shared - 1);
  b = flags_no_sharing(d);
  check_encoding(d, "(s,s) No_sharing", v, b, m_noshare, sizeof m_noshare - 1);
  v = mc_alloc_pair(d, 0, val_int(3), val_emptylist);
  v = mc_alloc_pair(d, 0, val_int(2), v);
  v = mc_alloc_pair(d, 0, val_int(1), v);
  check_encoding(d, "[1;2;3]", v, val_emptylist, m_list, sizeof m_list - 1);
  v = mc_alloc(d, 1, 20);
  field(v, 0) = val_int(7);
  check_encoding(d, "tag 20", v, val_emptylist, m_tag20, sizeof m_tag20 - 1);
  v = mc_alloc_pair(d, 0, val_int(1), val_unit);
  field(v, 1) = v;
  check_encoding(d, "cyclic", v, val_emptylist, m_cyclic, sizeof m_cyclic - 1);
  v = mc_copy_int64(d, 0x1122334455667788LL);
  check_encoding(d, "int64", v, val_emptylist, m_int64, sizeof m_int64 - 1);
  v = mc_copy_int32(d, 0x11223344);
  check_encoding(d, "int32", v, val_emptylist, m_int32, sizeof m_int32 - 1);
  v = mc_copy_nativeint(d, 5);
  check_encoding(d, "nativeint", v, val_emptylist, m_nativeint, sizeof m_nativeint - 1);
  check_encoding(d, "[||]", atom(0), val_emptylist, m_emptyarr, sizeof m_emptyarr - 1);

  /* Decoding. */
  value r;
  CHECK(try_input(d, MSG(m_int5), &r) && r == val_int(5), "decode 5");
  CHECK(try_input(d, MSG(m_intm1), &r) && r == val_int(-1), "decode -1");
  CHECK(try_input(d, MSG(m_int300), &r) && r == val_int(300), "decode 300");
  CHECK(try_input(d, MSG(m_int70000), &r) && r == val_int(70000), "decode 70000");
  CHECK(try_input(d, MSG(m_intbig), &r) && r == val_long((intptr_t)1 << 40), "decode 2^40");
  CHECK(try_input(d, MSG(m_str), &r) && tag_val(r) == STRING_TAG && string_length(r) == 5 &&
            memcmp(bytes_val(r), "hello", 5) == 0,
        "decode \"hello\"");
  CHECK(try_input(d, MSG(m_str40), &r) && string_length(r) == 40 && byte_u(r, 39) == 'a' &&
            wosize_val(r) == 6,
        "decode 40 a's");
  CHECK(try_input(d, MSG(m_float), &r) && tag_val(r) == DOUBLE_TAG && double_val(r) == 1.5, "decode 1.5");
  CHECK(try_input(d, MSG(m_farr), &r) && tag_val(r) == DOUBLE_ARRAY_TAG && wosize_val(r) == 2 &&
            double_flat_field(r, 0) == 1.0 && double_flat_field(r, 1) == 2.0,
        "decode float array");
  CHECK(try_input(d, MSG(m_pair), &r) && wosize_val(r) == 2 && field(r, 0) == val_int(1) &&
            string_length(field(r, 1)) == 2,
        "decode pair");
  CHECK(try_input(d, MSG(m_shared), &r) && field(r, 0) == field(r, 1) &&
            string_length(field(r, 0)) == 6,
        "decode shared pair keeps sharing");
  CHECK(try_input(d, MSG(m_noshare), &r) && field(r, 0) != field(r, 1) &&
            memcmp(bytes_val(field(r, 1)), "shared", 6) == 0,
        "decode unshared pair");
  CHECK(try_input(d, MSG(m_list), &r) && field(r, 0) == val_int(1) &&
            field(field(r, 1), 0) == val_int(2) && field(field(field(r, 1), 1), 0) == val_int(3) &&
            field(field(field(r, 1), 1), 1) == val_emptylist,
        "decode [1;2;3]");
  CHECK(try_input(d, MSG(m_tag20), &r) && tag_val(r) == 20 && wosize_val(r) == 1 &&
            field(r, 0) == val_int(7),
        "decode tag 20");
  CHECK(try_input(d, MSG(m_cyclic), &r) && field(r, 1) == r && field(r, 0) == val_int(1),
        "decode cyclic list");
  CHECK(try_input(d, MSG(m_int64), &r) && tag_val(r) == CUSTOM_TAG && int64_val(r) == 0x1122334455667788LL,
        "decode int64");
  CHECK(try_input(d, MSG(m_int32), &r) && int32_val(r) == 0x11223344, "decode int32");
  CHECK(try_input(d, MSG(m_nativeint), &r) && nativeint_val(r) == 5, "decode nativeint");
  CHECK(try_input(d, MSG(m_emptyarr), &r) && r == atom(0), "decode [||]");
  /* The same data under a big (64-bit) header. */
  static const char big_pair[] = "\x84\x95\xa6\xbf\0\0\0\0" "\0\0\0\0\0\0\0\x05"
                                 "\0\0\0\0\0\0\0\x02" "\0\0\0\0\0\0\0\x05" "\xa0\x41\x22\x61\x62";
  CHECK(try_input(d, MSG(big_pair), &r) && field(r, 0) == val_int(1) &&
            memcmp(bytes_val(field(r, 1)), "ab", 2) == 0,
        "decode with a big header");
  v = mc_copy_string_len(d, big_pair, sizeof big_pair - 1);
  CHECK(caml_marshal_data_size(d, v, val_long(0)) == val_long(32 - 16 + 5), "data_size, big header");
  v = mc_copy_string_len(d, "\x84\x95\xa6\xbd\x0b\x81\x00\x01\x00\x00\x00\0\0\0\0\0", 16);
  CHECK(caml_marshal_data_size(d, v, val_long(0)) == val_long(11 - 16 + 128), "data_size, compressed");
  /* From an OCaml string at an offset, as Marshal.from_string does. */
  unsigned char padded[64] = "xyz";
  memcpy(padded + 3, m_shared, sizeof m_shared - 1);
  CHECK(try_input_string(d, padded, 3 + sizeof m_shared - 1, 3, &r) && field(r, 0) == field(r, 1),
        "decode from string at offset 3");
  mc_minor_collection(d);
}

/* ---- 3: big and deep values ---- */

static void test_big_and_deep(mc_domain *d) {
  value v = val_unit, m = val_unit, r = val_unit;
  GC_ROOTS(d, &v, &m, &r);

  /* An int array too big for the young reservation. */
  const mlsize_t n = 300000;
  v = mc_alloc(d, n, 0);
  for (mlsize_t i = 0; i < n; i++) field(v, i) = val_long((intptr_t)i * 7 - 1000);
  m = caml_output_value_to_bytes(d, v, val_emptylist);
  CHECK(try_input_string(d, bytes_val(m), string_length(m), 0, &r), "big array: refused");
  bool same = is_block(r) && wosize_val(r) == n;
  for (mlsize_t i = 0; same && i < n; i++) same = field(r, i) == field(v, i);
  CHECK(same, "big array: round trip differs");

  /* A one-million-cell list, and sharing across it. */
  const intptr_t cells = 1000000;
  v = val_emptylist;
  for (intptr_t i = cells; i > 0; i--) v = mc_alloc_pair(d, 0, val_long(i), v);
  m = caml_output_value_to_bytes(d, v, val_emptylist);
  r = mc_input_value_from_bytes(d, (const char *)bytes_val(m), string_length(m));
  intptr_t count = 0;
  bool ordered = true;
  for (value p = r; is_block(p); p = field(p, 1)) {
    count++;
    if (field(p, 0) != val_long(count)) ordered = false;
  }
  CHECK(count == cells && ordered, "long list: %ld cells back", (long)count);

  /* A deep left-nested chain (each block's first field is the next). */
  v = val_int(0);
  for (int i = 0; i < 200000; i++) v = mc_alloc_pair(d, 1, v, val_int(i));
  m = caml_output_value_to_bytes(d, v, val_emptylist);
  r = mc_input_value_from_bytes(d, (const char *)bytes_val(m), string_length(m));
  int depth = 0;
  for (value p = r; is_block(p); p = field(p, 0)) depth++;
  CHECK(depth == 200000, "deep chain: depth %d", depth);

  /* A shared string referenced 70000 times: SHARED16 and SHARED32 codes. */
  v = mc_alloc(d, 70000, 0);
  m = mc_copy_string(d, "x");
  for (mlsize_t i = 0; i < 70000; i++) {
    r = i % 2 ? m : mc_copy_double(d, (double)i);
    mc_modify(d, &field(v, i), r);
  }
  m = caml_output_value_to_bytes(d, v, val_emptylist);
  r = mc_input_value_from_bytes(d, (const char *)bytes_val(m), string_length(m));
  CHECK(field(r, 1) == field(r, 69999) && double_val(field(r, 69998)) == 69998.0,
        "far back-references");
  mc_minor_collection(d);
}

/* ---- 4: corrupted input ---- */

static void test_corrupted(mc_domain *d) {
  static const char *IF = "input_value: ill-formed message";
  static const char *TR = "input_value: truncated object";

  expect_failure(d, "empty", "", 0, TR);
  expect_failure(d, "3 bytes", "\x84\x95\xa6", 3, TR);
  expect_failure(d, "header cut", m_int300, 19, TR);
  expect_failure(d, "bad magic", "\x12\x34\x56\x78\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00"
                                 "\x00\x00\x00\x00\x45", 21, "input_value: bad object");
  expect_failure(d, "data shorter than header says", m_str, sizeof m_str - 2, TR);
  expect_failure(d, "compressed",
                 "\x84\x95\xa6\xbd\x0a\x01\x01\x00\x00\x00\x45", 11,
                 "input_value: compressed object, cannot decompress");

  BAD("string longer than data", "\x25hel", 1, 2, TR);
  BAD("STRING64 huge", "\x15\x7f\xff\xff\xff\xff\xff\xff\xff", 1, 2, TR);
  BAD("BLOCK64 huge", "\x13\x00\x00\x40\x00\x00\x00\x04\x00\x41", 1, 3, TR);
  BAD("float array huge", "\x17\x10\x00\x00\x00\x00\x00\x00\x00", 1, 3, TR);
  BAD("float cut", "\x0c\x00\x00\x00", 1, 2, TR);
  BAD("INT32 cut", "\x02\x00\x00", 0, 0, TR);
  BAD("block fields missing", "\xa0\x41", 1, 3, TR);
  BAD("unused code", "\x1a", 0, 0, IF);
  BAD("code 0xff without room", "\xff", 1, 9, TR);
  BAD("string tag via BLOCK32", "\x08\x00\x00\x04\xfc\x41", 1, 2, IF);
  BAD("abstract tag via BLOCK32", "\x08\x00\x00\x04\xfb\x41", 1, 2, IF);
  BAD("infix tag block", "\x08\x00\x00\x08\xf9\x41\x41", 1, 3, IF);
  BAD("continuation block", "\x08\x00\x00\x08\xf5\x41\x41", 1, 3, IF);
  BAD("object of size 1", "\x08\x00\x00\x04\xf8\x41", 1, 2, IF);
  BAD("closure atom", "\x08\x00\x00\x00\xf7", 0, 0, IF);
  BAD("back-reference too far", "\xa0\x41\x04\x02", 1, 3, IF);
  BAD("back-reference 0 (itself, not built)", "\xa0\x41\x04\x00", 1, 3, IF);
  BAD("back-reference with No_sharing header", "\xa0\x41\x04\x01", 0, 3, IF);
  BAD("more objects than the header says", "\xa0\x21\x61\x21\x62", 1, 7, IF);
  BAD("objects claimed beyond data", "\x45", 5, 0, IF);
  BAD("words beyond the header's count", "\xb0\x41\x42\x43", 1, 2, IF);
  BAD("cyclic forward reference", "\xa0\x04\x01\x04\x02", 1, 3, IF);
  BAD("unknown custom", "\x18_zz\0\0\0\0\4\0\0\0\0\0\0\0\x08", 1, 3,
      "input_value: unknown custom block identifier _zz");
  BAD("custom name without NUL", "\x19_j", 1, 3, TR);
  BAD("int64 data cut", "\x19_j\0\x11\x22", 1, 3, TR);
  BAD("variable-length custom with wrong size", "\x18_j\0\0\0\0\4\0\0\0\0\0\0\0\x04\1\2\3\4\5\6\7\x08", 1, 3,
      "input_value: error while deserializing custom block _j");
  BAD("custom size lie", "\x18_j\0\0\0\0\4\x7f\0\0\0\0\0\0\0", 1, 3,
      "input_value: error while deserializing custom block _j");
  BAD("old custom code", "\x12_j\0", 1, 3,
      "input_value: custom blocks serialized with OCaml 4.08.0 (or prior) are no longer supported");
  BAD("unknown code pointer",
      "\x08\x00\x00\x08\xf7\x10\x00\x00\x00\x00"
      "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10" "\x41", 1, 3,
      "input_value: unknown code module 0102030405060708090A0B0C0D0E0F10");
  BAD("closure without code pointer", "\x08\x00\x00\x08\xf7\x41\x45", 1, 3, IF);
  BAD("infix pointer to a non-closure", "\x11\x00\x00\x00\x10\xa0\x41\x41", 1, 3, IF);
  BAD("infix pointer to an int", "\x11\x00\x00\x00\x10\x41", 0, 0, IF);
  BAD("infix after infix", "\x11\x00\x00\x00\x10\x11\x00\x00\x00\x10\x41", 0, 0, IF);

  /* Through Marshal.from_string's primitive. */
  expect_failure_string(d, "from_string: cut", m_str, sizeof m_str - 2, 0,
                        "input_val_from_string: bad length");
  expect_failure_string(d, "from_string: bad magic", "abcdefghijklmnopqrstuvwxyz", 26, 0,
                        "input_val_from_string: bad object");
  expect_failure_string(d, "from_string: offset past end", m_int5, sizeof m_int5 - 1, 40,
                        "input_val_from_string: bad length");
  expect_failure_string(d, "from_string: bad code", H("\x01", "\x00", "\x00", "\x00") "\x1b", 21, 0,
                        "input_val_from_string: ill-formed message");

  /* A failure half way through a young reservation leaves the heap sound
   * and the next message reads fine. */
  value r;
  CHECK(try_input(d, MSG(m_list), &r) && field(r, 0) == val_int(1), "read after failures");
}

/* Random corruption of valid messages: must never crash (run under ASan). */
static void test_mutations(mc_domain *d) {
  static const char *const samples[] = {m_str, m_farr, m_pair, m_shared, m_list, m_tag20, m_cyclic,
                                        m_int64, m_nativeint};
  static const size_t lens[] = {sizeof m_str - 1, sizeof m_farr - 1, sizeof m_pair - 1,
                                sizeof m_shared - 1, sizeof m_list - 1, sizeof m_tag20 - 1,
                                sizeof m_cyclic - 1, sizeof m_int64 - 1, sizeof m_nativeint - 1};
  uint64_t seed = 0x2545F4914F6CDD1DULL;
  unsigned char buf[128];
  int accepted = 0, refused = 0;
  for (int round = 0; round < 20000; round++) {
    size_t k = (size_t)round % (sizeof samples / sizeof samples[0]);
    size_t n = lens[k];
    memcpy(buf, samples[k], n);
    for (int flips = 0; flips < 3; flips++) {
      seed ^= seed << 13;
      seed ^= seed >> 7;
      seed ^= seed << 17;
      size_t at = 4 + (size_t)(seed % (n - 4));
      buf[at] = (unsigned char)(seed >> 32);
    }
    value r;
    if (try_input(d, buf, n, &r)) accepted++;
    else refused++;
    if (round % 512 == 0) mc_minor_collection(d);
  }
  CHECK(accepted + refused == 20000, "mutations ran");
  mc_minor_collection(d);
}

/* ---- 5: output errors ---- */

static bool try_output(mc_domain *d, value v, value flags, value *res) {
  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    value r = caml_output_value_to_bytes(d, v, flags);
    mc_catch_leave(d, &c);
    *res = r;
    return true;
  }
  *res = c.exn;
  return false;
}

static void test_output_errors(mc_domain *d) {
  value v = val_unit, f = val_unit, r = val_unit, buf = val_unit;
  GC_ROOTS(d, &v, &f, &r, &buf);
  v = mc_alloc(d, 1, ABSTRACT_TAG);
  v = mc_alloc_pair(d, 0, val_int(1), v);
  CHECK(!try_output(d, v, val_emptylist, &r) &&
            is_exn(d, r, EXN_INVALID_ARGUMENT, "output_value: abstract value (Abstract)"),
        "abstract block: %s", exn_text(r));
  f = flags_compat32(d);
  CHECK(!try_output(d, val_long((intptr_t)1 << 40), f, &r) &&
            is_exn(d, r, EXN_FAILURE, "output_value: integer cannot be read back on 32-bit platform"),
        "Compat_32 big int: %s", exn_text(r));
  CHECK(try_output(d, val_long(1 << 20), f, &r) && string_length(r) == 25, "Compat_32 small int");

  /* Marshal.to_buffer: fits, then overflows. */
  buf = mc_alloc_string(d, 64);
  v = mc_copy_string(d, "hello");
  r = caml_output_value_to_buffer(d, buf, val_long(3), val_long(40), v, val_emptylist);
  CHECK(r == val_long(sizeof m_str - 1) && memcmp(bytes_val(buf) + 3, m_str, sizeof m_str - 1) == 0,
        "to_buffer result");
  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    caml_output_value_to_buffer(d, buf, val_long(0), val_long(22), v, val_emptylist);
    mc_catch_leave(d, &c);
    CHECK(false, "to_buffer overflow accepted");
  } else {
    CHECK(is_exn(d, c.exn, EXN_FAILURE, "Marshal.to_buffer: buffer overflow"), "to_buffer overflow: %s",
          exn_text(c.exn));
  }
  /* data_size on the stock samples. */
  v = mc_copy_string_len(d, m_str40, sizeof m_str40 - 1);
  CHECK(caml_marshal_data_size(d, v, val_long(0)) == val_long(sizeof m_str40 - 1 - 16), "data_size");
}

/* Kept in a static so that LeakSanitizer sees the runtime as reachable. */
static mc_domain *volatile test_domain;

int main(void) {
  mc_domain *d = test_domain = marshal_test_domain();
  test_samples(d);
  test_big_and_deep(d);
  test_corrupted(d);
  test_mutations(d);
  test_output_errors(d);
  if (failures) {
    printf("test_marshal: %d of %d checks FAILED\n", failures, checks);
    return 1;
  }
  printf("test_marshal: all %d checks passed\n", checks);
  return 0;
}
