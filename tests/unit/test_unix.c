/* test_unix.c: unit tests for the pure parts of the unix library: the
 * errno <-> Unix.error mapping, flag lists, socket address conversion in
 * both directions, and the layout of a raised Unix_error. */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "alloc.h"
#include "fail.h"
#include "prims.h"
#include "startup.h"
#include "unix.h"
#include "domain_internal.h"

static int failures = 0;
static int checks = 0;

#define EXPECT(cond, ...)                         \
  do {                                            \
    checks++;                                     \
    if (!(cond)) {                                \
      failures++;                                 \
      printf("FAIL %s:%d: ", __FILE__, __LINE__); \
      printf(__VA_ARGS__);                        \
      printf("\n");                               \
    }                                             \
  } while (0)

static bool string_is(value s, const char *want, size_t len) {
  return string_length(s) == len && memcmp(string_val(s), want, len) == 0;
}

/* ---- Error codes ---- */

static void test_error_mapping(void) {
  /* Positions of a few constructors in Unix.error. */
  static const struct {
    int err, index;
  } known[] = {{E2BIG, 0},     {EACCES, 1},   {EAGAIN, 2},     {EBADF, 3},
               {EINTR, 11},    {EINVAL, 12},  {ENOENT, 20},    {EPERM, 30},
               {EPIPE, 31},    {EXDEV, 36},   {EINPROGRESS, 38}, {EOPNOTSUPP, 47},
               {ECONNREFUSED, 63}, {ELOOP, 66}, {EOVERFLOW, 67}};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    EXPECT(mc_unix_error_index(known[i].err) == known[i].index, "errno %d -> %d, want %d",
           known[i].err, mc_unix_error_index(known[i].err), known[i].index);
  /* EWOULDBLOCK is EAGAIN on Linux, and reads as EAGAIN; ENOTSUP as
   * EOPNOTSUPP. */
  EXPECT(mc_unix_error_index(EWOULDBLOCK) == 2, "EWOULDBLOCK reads as EAGAIN");
  EXPECT(mc_unix_error_index(ENOTSUP) == 47, "ENOTSUP reads as EOPNOTSUPP");
  /* Codes without a constructor. */
  EXPECT(mc_unix_error_index(EL2NSYNC) == -1, "EL2NSYNC has no constructor");
  EXPECT(mc_unix_error_index(0) == -1, "0 has no constructor");
  EXPECT(mc_unix_error_index(9999) == -1, "9999 has no constructor");
  /* Every constructor round-trips, except EWOULDBLOCK (index 37). */
  for (int i = 0; i < MC_UNIX_NERRORS; i++) {
    int err = mc_unix_errno_of_index(i);
    EXPECT(err > 0, "constructor %d has an errno", i);
    if (i != 37) EXPECT(mc_unix_error_index(err) == i, "round trip of constructor %d", i);
  }
  EXPECT(mc_unix_errno_of_index(MC_UNIX_NERRORS) == -1, "past the end");
  EXPECT(mc_unix_errno_of_index(-1) == -1, "before the start");
  /* From OCaml values: a constant constructor, and EUNKNOWNERR n. */
  EXPECT(mc_unix_errno_of_error(val_int(20)) == ENOENT, "ENOENT value");
  struct {
    header_t hd;
    value arg;
  } unknown = {make_header(1, 0, COLOR_NOT_MARKABLE), val_int(4242)};
  EXPECT(mc_unix_errno_of_error((value)&unknown.arg) == 4242, "EUNKNOWNERR 4242");
}

/* ---- Flag lists (blocks in C memory, never seen by a GC) ---- */

struct cell {
  header_t hd;
  value head, tail;
};

static value cons(struct cell *c, value head, value tail) {
  c->hd = make_header(2, TAG_CONS, COLOR_NOT_MARKABLE);
  c->head = head;
  c->tail = tail;
  return (value)&c->head;
}

static void test_flag_lists(void) {
  static const int table[] = {1, 2, 4, 8, 16};
  struct cell c[3];
  EXPECT(mc_unix_flag_list(val_emptylist, table) == 0, "empty list");
  value l = cons(&c[0], val_int(4), cons(&c[1], val_int(1), cons(&c[2], val_int(1), val_emptylist)));
  EXPECT(mc_unix_flag_list(l, table) == (16 | 2), "or of entries, repeats harmless");
  EXPECT(mc_unix_index_of(8, table, 5, -1) == 3, "index_of found");
  EXPECT(mc_unix_index_of(3, table, 5, 7) == 7, "index_of fallback");
  struct {
    header_t hd;
    value v;
  } some_true = {make_header(1, TAG_SOME, COLOR_NOT_MARKABLE), val_true},
    some_false = {make_header(1, TAG_SOME, COLOR_NOT_MARKABLE), val_false};
  EXPECT(mc_unix_cloexec_wanted((value)&some_true.v), "Some true");
  EXPECT(!mc_unix_cloexec_wanted((value)&some_false.v), "Some false");
  EXPECT(!mc_unix_cloexec_wanted(val_none), "None is off by default");
}

/* ---- Socket addresses ---- */

static value addr_unix(mc_domain *d, const char *path, size_t len) {
  value s = mc_copy_string_len(d, path, len);
  value r = mc_alloc_small(d, 1, 0);
  field(r, 0) = s;
  return r;
}

static value addr_inet(mc_domain *d, const void *bytes, size_t len, int port) {
  value s = mc_copy_string_len(d, bytes, len);
  return mc_alloc_pair(d, 1, s, val_int(port));
}

static void test_sockaddr_decode(mc_domain *d) {
  union mc_sockaddr sa;
  socklen_t len = 0;
  value a = val_unit;
  GC_ROOTS(d, &a);

  a = addr_unix(d, "/tmp/sock", 9);
  EXPECT(mc_unix_sockaddr_decode(a, &sa, &len) == 0, "unix path decodes");
  EXPECT(sa.un.sun_family == AF_UNIX, "AF_UNIX");
  EXPECT(strcmp(sa.un.sun_path, "/tmp/sock") == 0, "path copied with its NUL");
  EXPECT(len == offsetof(struct sockaddr_un, sun_path) + 9, "length excludes the NUL");

  a = addr_unix(d, "\0abstract\0name", 14);
  EXPECT(mc_unix_sockaddr_decode(a, &sa, &len) == 0, "abstract name decodes");
  EXPECT(memcmp(sa.un.sun_path, "\0abstract\0name", 14) == 0, "abstract bytes kept");
  EXPECT(len == offsetof(struct sockaddr_un, sun_path) + 14, "abstract length");

  a = addr_unix(d, "bad\0path", 8);
  EXPECT(mc_unix_sockaddr_decode(a, &sa, &len) == ENOENT, "NUL inside a path");

  char longpath[200];
  memset(longpath, 'x', sizeof longpath);
  a = addr_unix(d, longpath, sizeof sa.un.sun_path);
  EXPECT(mc_unix_sockaddr_decode(a, &sa, &len) == ENAMETOOLONG, "path of sun_path bytes");
  a = addr_unix(d, longpath, sizeof sa.un.sun_path - 1);
  EXPECT(mc_unix_sockaddr_decode(a, &sa, &len) == 0, "longest path that fits");

  unsigned char v4[4] = {127, 0, 0, 1};
  a = addr_inet(d, v4, 4, 8080);
  EXPECT(mc_unix_sockaddr_decode(a, &sa, &len) == 0, "inet4 decodes");
  EXPECT(sa.in4.sin_family == AF_INET && len == sizeof(struct sockaddr_in), "AF_INET");
  EXPECT(ntohs(sa.in4.sin_port) == 8080, "port in network order");
  EXPECT(sa.in4.sin_addr.s_addr == htonl(0x7f000001), "address bytes as given");

  unsigned char v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
  a = addr_inet(d, v6, 16, 443);
  EXPECT(mc_unix_sockaddr_decode(a, &sa, &len) == 0, "inet6 decodes");
  EXPECT(sa.in6.sin6_family == AF_INET6 && len == sizeof(struct sockaddr_in6), "AF_INET6");
  EXPECT(ntohs(sa.in6.sin6_port) == 443, "v6 port");
  EXPECT(memcmp(&sa.in6.sin6_addr, v6, 16) == 0, "v6 bytes");
  EXPECT(sa.in6.sin6_flowinfo == 0 && sa.in6.sin6_scope_id == 0, "v6 rest zeroed");
}

static void test_sockaddr_encode(mc_domain *d) {
  union mc_sockaddr sa, back;
  socklen_t len, blen;
  value v = val_unit;
  GC_ROOTS(d, &v);

  memset(&sa, 0, sizeof sa);
  sa.in4.sin_family = AF_INET;
  sa.in4.sin_port = htons(54321);
  sa.in4.sin_addr.s_addr = htonl(0x0a010203);
  v = mc_unix_sockaddr_to_value(d, &sa, sizeof sa.in4, -1);
  EXPECT(tag_val(v) == 1 && wosize_val(v) == 2, "ADDR_INET block");
  EXPECT(string_is(field(v, 0), "\x0a\x01\x02\x03", 4), "four address bytes");
  EXPECT(field(v, 1) == val_int(54321), "port");
  EXPECT(mc_unix_sockaddr_decode(v, &back, &blen) == 0 && blen == sizeof sa.in4 &&
             memcmp(&back.in4, &sa.in4, sizeof sa.in4) == 0,
         "inet4 round trip");

  memset(&sa, 0, sizeof sa);
  sa.in6.sin6_family = AF_INET6;
  sa.in6.sin6_port = htons(1);
  sa.in6.sin6_addr.s6_addr[15] = 1;
  v = mc_unix_sockaddr_to_value(d, &sa, sizeof sa.in6, -1);
  EXPECT(tag_val(v) == 1 && string_length(field(v, 0)) == 16, "ADDR_INET v6");
  EXPECT(byte_u(field(v, 0), 15) == 1 && field(v, 1) == val_int(1), "v6 contents");

  memset(&sa, 0, sizeof sa);
  sa.un.sun_family = AF_UNIX;
  strcpy(sa.un.sun_path, "some/path");
  len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 10); /* with the NUL */
  v = mc_unix_sockaddr_to_value(d, &sa, len, -1);
  EXPECT(tag_val(v) == 0 && wosize_val(v) == 1, "ADDR_UNIX block");
  EXPECT(string_is(field(v, 0), "some/path", 9), "path stops at the NUL");

  memcpy(sa.un.sun_path, "\0ab\0c", 5);
  len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 5);
  v = mc_unix_sockaddr_to_value(d, &sa, len, -1);
  EXPECT(string_is(field(v, 0), "\0ab\0c", 5), "abstract name keeps every byte");

  /* Unnamed: only the family, or even less. */
  v = mc_unix_sockaddr_to_value(d, &sa, sizeof(sa_family_t), -1);
  EXPECT(tag_val(v) == 0 && string_length(field(v, 0)) == 0, "unnamed socket");
  sa.gen.sa_family = 12345; /* garbage: must not be looked at */
  v = mc_unix_sockaddr_to_value(d, &sa, 0, -1);
  EXPECT(tag_val(v) == 0 && string_length(field(v, 0)) == 0, "zero-length address");
}

/* ---- Raising ---- */

/* A raise of Unix_error (ENOENT, "stat", "x\0y") after registering a
 * stand-in exception constructor under stock's name. */
static void test_raise(mc_domain *d) {
  value ctor = val_unit, name = val_unit, arg = val_unit;
  GC_ROOTS(d, &ctor, &name, &arg);
  ctor = mc_alloc_pair(d, OBJECT_TAG, val_unit, val_int(7));
  name = mc_copy_string(d, "Unix.Unix_error");
  const struct mc_primdef *reg = mc_prim_lookup("caml_register_named_value");
  EXPECT(reg != NULL, "caml_register_named_value exists");
  if (reg == NULL) return;
  ((mc_prim2)reg->fn)(d, name, ctor);
  arg = mc_copy_string_len(d, "x\0y", 3);

  struct mc_catch c;
  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    mc_unix_raise(d, ENOENT, "stat", arg);
  }
  value exn = c.exn;
  EXPECT(is_block(exn) && wosize_val(exn) == 4 && tag_val(exn) == 0, "bucket of 4 fields");
  if (!is_block(exn) || wosize_val(exn) != 4) return;
  EXPECT(field(exn, 0) == ctor, "the registered constructor");
  EXPECT(field(exn, 1) == val_int(20), "ENOENT constructor");
  EXPECT(string_is(field(exn, 2), "stat", 4), "function name");
  EXPECT(string_is(field(exn, 3), "x\0y", 3), "argument kept byte for byte");

  mc_catch_enter(d, &c);
  if (setjmp(c.buf) == 0) {
    mc_unix_raise(d, 9999, "f", MC_UNIX_NO_ARG);
  }
  exn = c.exn;
  EXPECT(is_block(field(exn, 1)) && field(field(exn, 1), 0) == val_int(9999), "EUNKNOWNERR 9999");
  EXPECT(string_is(field(exn, 3), "", 0), "no argument is the empty string");
}

/* Kept in a static so that LeakSanitizer sees the runtime as reachable. */
static mc_domain *volatile test_domain;

int main(void) {
  mc_domain *d = test_domain = mc_domain_new(mc_runtime_new(), NULL);
  test_error_mapping();
  test_flag_lists();
  test_sockaddr_decode(d);
  test_sockaddr_encode(d);
  test_raise(d);
  if (failures != 0) {
    printf("test_unix: %d of %d checks FAILED\n", failures, checks);
    return 1;
  }
  printf("test_unix: all %d checks passed\n", checks);
  return 0;
}
