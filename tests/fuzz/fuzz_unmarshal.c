/* fuzz_unmarshal.c: feeds random and mutated messages to the unmarshaller.
 *
 * Every input goes to mc_input_value_from_bytes, which must either build a
 * value or raise; it must never crash, hang, leak or break the heap.  What
 * it builds is marshalled again and read back (what we write we must be
 * able to read), and minor and major collections run now and then, so
 * that a malformed heap left behind would show.
 *
 * Inputs whose first byte is odd are taken as bare data: a small header
 * with the right data length is put in front (object and word counts from
 * the next bytes), so the fuzzer spends its time past the header checks.
 *
 * libFuzzer (clang; the runtime compiled into the harness):
 *   clang -std=gnu11 -g -O1 -D_GNU_SOURCE -pthread -Isrc \
 *     -fsanitize=fuzzer,address,undefined tests/fuzz/fuzz_unmarshal.c \
 *     $(ls src/[a-z]*.c | grep -vx src/main.c) -lm -o build/fuzz_unmarshal
 *   build/fuzz_unmarshal -max_len=4096 corpus_dir/
 * Standalone (any compiler; built-in seeds, xorshift mutations), against
 * the objects of `make SAN=1`:
 *   gcc -std=gnu11 -g -D_GNU_SOURCE -DFUZZ_STANDALONE=1 -pthread -Isrc \
 *     -fsanitize=address,undefined tests/fuzz/fuzz_unmarshal.c \
 *     $(ls build-asan/obj/[a-z]*.o | grep -vx build-asan/obj/main.o) -lm \
 *     -o build-asan/fuzz_unmarshal
 *   build-asan/fuzz_unmarshal [iterations] [file...]
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "fail.h"
#include "gc.h"
#include "marshal.h"
#include "marshal_internal.h"
#include "../unit/marshal_test_domain.h"

#ifndef FUZZ_STANDALONE
#define FUZZ_STANDALONE 0
#endif

/* The harness is a test program, not the runtime: one domain for all runs. */
static mc_domain *fuzz_domain;
static unsigned long fuzz_runs, fuzz_accepted;

/* Read (data, n); if that works, marshal the value and read it back. */
static void run_one(mc_domain *d, const unsigned char *data, size_t n) {
  value v = val_unit, again = val_unit;
  GC_ROOTS(d, &v, &again);
  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) != 0) return;  /* refused: fine */
  v = mc_input_value_from_bytes(d, (const char *)data, n);
  mc_catch_leave(d, &c);
  fuzz_accepted++;

  struct mc_catch c2;
  mc_catch_enter(d, &c2);
  if (setjmp(c2.buf) != 0) return;  /* e.g. a code pointer without Closures */
  again = caml_output_value_to_bytes(d, v, val_emptylist);
  mc_catch_leave(d, &c2);

  struct mc_catch c3;
  mc_catch_enter(d, &c3);
  if (setjmp(c3.buf) != 0) {
    fprintf(stderr, "fuzz_unmarshal: cannot read back what was written\n");
    abort();
  }
  (void)caml_input_value_from_bytes(d, again, val_long(0));
  mc_catch_leave(d, &c3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (fuzz_domain == NULL) fuzz_domain = marshal_test_domain();
  mc_domain *d = fuzz_domain;
  if (size > 0 && (data[0] & 1)) {
    /* Bare data: synthesise the header. */
    size_t n = size - 1;
    unsigned char *msg = malloc(20 + n);
    uint32_t nobjs = n > 0 ? data[1] : 0, words = n > 1 ? (uint32_t)data[2] * 4 : 0;
    uint32_t hdr[5] = {MARSHAL_MAGIC_SMALL, (uint32_t)n, nobjs, words, words};
    for (int k = 0; k < 5; k++)
      for (int b = 0; b < 4; b++) msg[4 * k + b] = (unsigned char)(hdr[k] >> (24 - 8 * b));
    memcpy(msg + 20, data + 1, n);
    run_one(d, msg, 20 + n);
    free(msg);
  } else {
    run_one(d, data, size);
  }
  fuzz_runs++;
  if (fuzz_runs % 64 == 0) mc_minor_collection(d);
  if (fuzz_runs % 4096 == 0) mc_full_major(d);
  return 0;
}

#if FUZZ_STANDALONE

/* Valid messages from stock OCaml to start mutating from. */
static const struct {
  const char *bytes;
  size_t len;
} seeds[] = {
#define SEED(s) {s, sizeof(s) - 1}
    SEED("\x84\x95\xa6\xbe\x00\x00\x00\x0a\x00\x00\x00\x02\x00\x00\x00\x06\x00\x00\x00\x05"
         "\xa0\x26shared\x04\x01"),
    SEED("\x84\x95\xa6\xbe\x00\x00\x00\x07\x00\x00\x00\x03\x00\x00\x00\x09\x00\x00\x00\x09"
         "\xa0\x41\xa0\x42\xa0\x43\x40"),
    SEED("\x84\x95\xa6\xbe\x00\x00\x00\x04\x00\x00\x00\x01\x00\x00\x00\x03\x00\x00\x00\x03"
         "\xa0\x41\x04\x01"),
    SEED("\x84\x95\xa6\xbe\x00\x00\x00\x12\x00\x00\x00\x01\x00\x00\x00\x05\x00\x00\x00\x03"
         "\x0e\x02\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\x40"),
    SEED("\x84\x95\xa6\xbe\x00\x00\x00\x0c\x00\x00\x00\x01\x00\x00\x00\x04\x00\x00\x00\x03"
         "\x19_j\x00\x11\x22\x33\x44\x55\x66\x77\x88"),
    SEED("\x84\x95\xa6\xbe\x00\x00\x00\x06\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x02"
         "\x08\x00\x00\x07\x14\x47"),
    SEED("\x84\x95\xa6\xbe\x00\x00\x00\x0f\x00\x00\x00\x03\x00\x00\x00\x0a\x00\x00\x00\x08"
         "\xb0\x21\x61\x0c\x00\x00\x00\x00\x00\x00\xf8\x3f\x05\x00\x02"),
#undef SEED
};

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* One mutation of buf[0, *len) in place (capacity cap). */
static void mutate(unsigned char *buf, size_t *len, size_t cap) {
  static const unsigned char interesting[] = {0x00, 0x01, 0x04, 0x08, 0x11, 0x13, 0x15, 0x17,
                                              0x18, 0x19, 0x7f, 0x80, 0xf7, 0xf8, 0xf9, 0xff};
  uint64_t r = next_random();
  size_t n = *len;
  switch (r % 6) {
  case 0:  /* flip a bit */
    if (n) buf[(r >> 8) % n] ^= (unsigned char)(1u << ((r >> 4) & 7));
    break;
  case 1:  /* an interesting byte */
    if (n) buf[(r >> 8) % n] = interesting[(r >> 4) % sizeof interesting];
    break;
  case 2:  /* a random byte */
    if (n) buf[(r >> 8) % n] = (unsigned char)(r >> 40);
    break;
  case 3:  /* truncate */
    if (n) *len = (r >> 8) % n;
    break;
  case 4:  /* insert a byte */
    if (n < cap) {
      size_t at = n ? (r >> 8) % n : 0;
      memmove(buf + at + 1, buf + at, n - at);
      buf[at] = interesting[(r >> 4) % sizeof interesting];
      *len = n + 1;
    }
    break;
  default:  /* copy a chunk over another place */
    if (n > 2) {
      size_t from = (r >> 8) % n, to = (r >> 24) % n, k = 1 + (r >> 40) % 8;
      if (from + k > n) k = n - from;
      if (to + k > n) k = n - to;
      memmove(buf + to, buf + from, k);
    }
    break;
  }
}

static void run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return;
  }
  unsigned char *buf = malloc(1 << 20);
  size_t n = fread(buf, 1, 1 << 20, f);
  fclose(f);
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
}

int main(int argc, char **argv) {
  long iterations = argc > 1 ? atol(argv[1]) : 200000;
  for (int i = 2; i < argc; i++) run_file(argv[i]);
  unsigned char buf[512];
  const size_t nseeds = sizeof seeds / sizeof seeds[0];
  for (long it = 0; it < iterations; it++) {
    size_t k = (size_t)(next_random() % nseeds);
    size_t len = seeds[k].len;
    memcpy(buf, seeds[k].bytes, len);
    int rounds = 1 + (int)(next_random() % 4);
    for (int m = 0; m < rounds; m++) mutate(buf, &len, sizeof buf);
    /* Half the time, keep the header consistent with the data length. */
    if ((next_random() & 1) && len >= 20) {
      uint32_t dl = (uint32_t)(len - 20);
      for (int b = 0; b < 4; b++) buf[4 + b] = (unsigned char)(dl >> (24 - 8 * b));
    }
    LLVMFuzzerTestOneInput(buf, len);
  }
  printf("fuzz_unmarshal: %lu inputs (%lu accepted), no crash\n", fuzz_runs, fuzz_accepted);
  return 0;
}

#endif
