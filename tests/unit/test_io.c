/* test_io.c: unit tests for channels (io.c) and signal numbers (signals.c):
 * buffering and flush points, positions, seeks, line scanning, binary
 * integers, pipes, closing, and flushing at exit, on real files. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "alloc.h"
#include "custom.h"
#include "domain.h"
#include "domain_internal.h"
#include "io.h"
#include "io_internal.h"
#include "runtime.h"
#include "startup.h"

value caml_ml_output_char(mc_domain *d, value vch, value c);
value caml_ml_output_int(mc_domain *d, value vch, value w);
value caml_ml_output_bytes(mc_domain *d, value vch, value src, value ofs, value len);
value caml_ml_flush(mc_domain *d, value vch);
value caml_ml_pos_out(mc_domain *d, value vch);
value caml_ml_seek_out(mc_domain *d, value vch, value pos);
value caml_ml_channel_size(mc_domain *d, value vch);
value caml_ml_close_channel(mc_domain *d, value vch);
value caml_ml_set_buffered(mc_domain *d, value vch, value mode);
value caml_ml_is_buffered(mc_domain *d, value vch);
value caml_ml_is_binary_mode(mc_domain *d, value vch);
value caml_ml_input(mc_domain *d, value vch, value dst, value ofs, value len);
value caml_ml_input_char(mc_domain *d, value vch);
value caml_ml_input_int(mc_domain *d, value vch);
value caml_ml_input_scan_line(mc_domain *d, value vch);
value caml_ml_pos_in(mc_domain *d, value vch);
value caml_ml_seek_in(mc_domain *d, value vch, value pos);
value caml_channel_descriptor(mc_domain *d, value vch);
value caml_ml_out_channels_list(mc_domain *d, value unit);
value caml_sys_argv(mc_domain *d, value unit);
value caml_sys_get_config(mc_domain *d, value unit);
value caml_sys_random_seed(mc_domain *d, value unit);
value caml_sys_read_directory(mc_domain *d, value path);
value caml_sys_file_exists(mc_domain *d, value name);
value caml_sys_is_directory(mc_domain *d, value name);

static int failures = 0;
static int checks = 0;

#define EXPECT_EQ(what, got, want)                                                  \
  do {                                                                              \
    long long got_ = (long long)(got), want_ = (long long)(want);                   \
    checks++;                                                                       \
    if (got_ != want_) {                                                            \
      failures++;                                                                   \
      printf("FAIL %s:%d: %s: got %lld, want %lld\n", __FILE__, __LINE__, what, got_, \
             want_);                                                                \
    }                                                                               \
  } while (0)

static struct mc_runtime rt;
static struct mc_domain dom;

/* ---- Blocks built in C memory (never seen by a GC) ---- */

/* A custom block holding a channel pointer, as io.c makes them. */
struct fake_chan {
  header_t hd;
  value ops;
  struct mc_channel *ch;
};

static value chan_value(struct fake_chan *b, struct mc_channel *ch) {
  b->hd = make_header(2, CUSTOM_TAG, COLOR_NOT_MARKABLE);
  b->ops = 0;
  b->ch = ch;
  return (value)&b->ops;
}

/* A bytes block of `len` bytes (len < 8 * 63), contents copied from s
 * when s is not NULL. */
struct fake_bytes {
  header_t hd;
  value words[64];
};

static value bytes_value(struct fake_bytes *b, const char *s, size_t len) {
  size_t wosize = (len + 8) / 8;
  b->hd = make_header(wosize, STRING_TAG, COLOR_NOT_MARKABLE);
  unsigned char *p = (unsigned char *)b->words;
  memset(p, 0, wosize * 8);
  if (s != NULL) memcpy(p, s, len);
  p[wosize * 8 - 1] = (unsigned char)(wosize * 8 - 1 - len);
  return (value)b->words;
}

/* ---- Files ---- */

static char dir_template[] = "/tmp/mcrun-test-io-XXXXXX";

static int open_tmp(const char *name, int flags) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir_template, name);
  return open(path, flags, 0600);
}

static long long file_bytes(const char *name) {
  char path[256];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir_template, name);
  return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static size_t read_back(const char *name, char *out, size_t cap) {
  int fd = open_tmp(name, O_RDONLY);
  ssize_t n = read(fd, out, cap);
  close(fd);
  return n < 0 ? 0 : (size_t)n;
}

/* ---- Tests ---- */

static void test_signal_numbers(void) {
  EXPECT_EQ("sigabrt", mc_signal_to_host(-1), SIGABRT);
  EXPECT_EQ("sigint", mc_signal_to_host(-6), SIGINT);
  EXPECT_EQ("sigkill", mc_signal_to_host(-7), SIGKILL);
  EXPECT_EQ("sigusr1", mc_signal_to_host(-12), SIGUSR1);
  EXPECT_EQ("sigchld", mc_signal_to_host(-14), SIGCHLD);
  EXPECT_EQ("sigxfsz", mc_signal_to_host(-28), SIGXFSZ);
  EXPECT_EQ("-29 passes", mc_signal_to_host(-29), -29);
  EXPECT_EQ("host 5 passes", mc_signal_to_host(5), 5);
  EXPECT_EQ("back sigint", mc_signal_from_host(SIGINT), -6);
  EXPECT_EQ("back sigterm", mc_signal_from_host(SIGTERM), -11);
  EXPECT_EQ("back sigpoll", mc_signal_from_host(SIGPOLL), -23);
  EXPECT_EQ("back rtmin", mc_signal_from_host(SIGRTMIN), SIGRTMIN);
  for (int s = -28; s <= -1; s++)
    EXPECT_EQ("round trip", mc_signal_from_host(mc_signal_to_host(s)), s);
  EXPECT_EQ("no signals pending", mc_signals_pending(&rt), 0);
}

/* Output: what reaches the file, and when. */
static void test_output(void) {
  mc_domain *d = &dom;
  int fd = open_tmp("out", O_WRONLY | O_CREAT | O_TRUNC);
  struct mc_channel *ch = mc_channel_create(d, fd, true, 0);
  struct fake_chan cb;
  value vch = chan_value(&cb, ch);
  EXPECT_EQ("new channel is buffered", bool_val(caml_ml_is_buffered(d, vch)), 1);
  EXPECT_EQ("binary mode", bool_val(caml_ml_is_binary_mode(d, vch)), 1);
  EXPECT_EQ("descriptor", int_val(caml_channel_descriptor(d, vch)), fd);

  caml_ml_output_char(d, vch, val_int('A' + 256));  /* only the low byte */
  struct fake_bytes fb;
  value s = bytes_value(&fb, "xxhello", 7);
  caml_ml_output_bytes(d, vch, s, val_int(2), val_int(5));
  EXPECT_EQ("pos_out", long_val(caml_ml_pos_out(d, vch)), 6);
  EXPECT_EQ("nothing written yet", file_bytes("out"), 0);
  caml_ml_output_int(d, vch, val_int(-2));
  caml_ml_flush(d, vch);
  EXPECT_EQ("flushed", file_bytes("out"), 10);
  char back[16];
  EXPECT_EQ("read back size", read_back("out", back, sizeof back), 10);
  EXPECT_EQ("low byte", back[0], 'A');
  EXPECT_EQ("bytes", memcmp(back + 1, "hello", 5), 0);
  EXPECT_EQ("binary int", memcmp(back + 6, "\xff\xff\xff\xfe", 4), 0);
  EXPECT_EQ("channel_size", long_val(caml_ml_channel_size(d, vch)), 10);

  /* A block that fills the buffer exactly is written at once ... */
  static char big[MC_IO_BUFFER_SIZE + 10];
  memset(big, 'b', sizeof big);
  mc_channel_lock(d, ch);
  mc_channel_write(d, ch, big, MC_IO_BUFFER_SIZE - 1);
  mc_channel_unlock(d, ch);
  EXPECT_EQ("one byte short: kept", file_bytes("out"), 10);
  mc_channel_lock(d, ch);
  mc_channel_write(d, ch, big, 1);
  mc_channel_unlock(d, ch);
  EXPECT_EQ("exactly full: written", file_bytes("out"), 10 + MC_IO_BUFFER_SIZE);
  /* ... while single bytes fill it and wait for the next byte. */
  for (int i = 0; i < MC_IO_BUFFER_SIZE; i++) caml_ml_output_char(d, vch, val_int('c'));
  EXPECT_EQ("full by chars: kept", file_bytes("out"), 10 + MC_IO_BUFFER_SIZE);
  caml_ml_output_char(d, vch, val_int('d'));
  EXPECT_EQ("next char flushes", file_bytes("out"), 10 + 2 * MC_IO_BUFFER_SIZE);
  EXPECT_EQ("pos_out counts pending", long_val(caml_ml_pos_out(d, vch)),
            11 + 2 * MC_IO_BUFFER_SIZE);

  /* Seeking flushes first, then moves. */
  caml_ml_seek_out(d, vch, val_int(3));
  EXPECT_EQ("seek flushed", file_bytes("out"), 11 + 2 * MC_IO_BUFFER_SIZE);
  caml_ml_output_char(d, vch, val_int('Z'));
  EXPECT_EQ("pos after seek", long_val(caml_ml_pos_out(d, vch)), 4);

  /* Unbuffered: every primitive writes through. */
  caml_ml_set_buffered(d, vch, val_false);
  EXPECT_EQ("switching flushes", read_back("out", back, 4), 4);
  EXPECT_EQ("overwritten byte", back[3], 'Z');
  EXPECT_EQ("now unbuffered", bool_val(caml_ml_is_buffered(d, vch)), 0);
  caml_ml_output_char(d, vch, val_int('Y'));
  read_back("out", back, 5);
  EXPECT_EQ("written through", back[4], 'Y');
  caml_ml_set_buffered(d, vch, val_true);

  /* Unflushed data is written by the flush at exit. */
  caml_ml_output_char(d, vch, val_int('X'));
  read_back("out", back, 6);
  EXPECT_EQ("buffered again", back[5], 'o');
  mc_flush_all_channels(&rt);
  read_back("out", back, 6);
  EXPECT_EQ("flush_all wrote it", back[5], 'X');

  /* Closing: a second close does nothing; flush is ignored; the closed
   * buffer looks full, so pos_out is one past the offset. */
  caml_ml_close_channel(d, vch);
  caml_ml_close_channel(d, vch);
  caml_ml_flush(d, vch);
  EXPECT_EQ("closed pos_out", long_val(caml_ml_pos_out(d, vch)), 7);
  EXPECT_EQ("closed fd", ch->fd, -1);
  mc_flush_all_channels(&rt); /* skips closed channels */
}

/* Input: lines, positions, seeks inside and outside the buffer. */
static void test_input(void) {
  mc_domain *d = &dom;
  int wfd = open_tmp("in", O_WRONLY | O_CREAT | O_TRUNC);
  const char text[] = "ab\ncd\n\nlast";
  (void)!write(wfd, text, sizeof text - 1);
  (void)!write(wfd, "\x80\x00\x00\x01\x7f\xff\xff\xff", 8);
  close(wfd);
  int fd = open_tmp("in", O_RDONLY);
  struct mc_channel *ch = mc_channel_create(d, fd, false, 0);
  struct fake_chan cb;
  value vch = chan_value(&cb, ch);
  struct fake_bytes fb;
  value buf = bytes_value(&fb, NULL, 100);

  EXPECT_EQ("size", long_val(caml_ml_channel_size(d, vch)), 19);
  EXPECT_EQ("scan first line", long_val(caml_ml_input_scan_line(d, vch)), 3);
  EXPECT_EQ("whole file buffered", ch->offset, 19);
  EXPECT_EQ("input 2", long_val(caml_ml_input(d, vch, buf, val_int(0), val_int(2))), 2);
  EXPECT_EQ("input content", memcmp(string_val(buf), "ab", 2), 0);
  EXPECT_EQ("newline char", long_val(caml_ml_input_char(d, vch)), '\n');
  EXPECT_EQ("pos_in", long_val(caml_ml_pos_in(d, vch)), 3);
  EXPECT_EQ("scan second", long_val(caml_ml_input_scan_line(d, vch)), 3);
  /* Seek back inside the buffer: no system call, offset unchanged. */
  caml_ml_seek_in(d, vch, val_int(1));
  EXPECT_EQ("seek in buffer", ch->offset, 19);
  EXPECT_EQ("char after seek", long_val(caml_ml_input_char(d, vch)), 'b');
  caml_ml_seek_in(d, vch, val_int(6));
  EXPECT_EQ("empty line", long_val(caml_ml_input_scan_line(d, vch)), 1);
  caml_ml_input_char(d, vch);
  /* No newline before the end: minus the bytes left. */
  EXPECT_EQ("last line", long_val(caml_ml_input_scan_line(d, vch)), -12);
  EXPECT_EQ("scan moved bytes to front", ch->cur, 0);
  EXPECT_EQ("pos kept", long_val(caml_ml_pos_in(d, vch)), 7);
  caml_ml_input(d, vch, buf, val_int(0), val_int(4));
  EXPECT_EQ("binary int min", long_val(caml_ml_input_int(d, vch)), -2147483647 - 1 + 1);
  EXPECT_EQ("binary int max", long_val(caml_ml_input_int(d, vch)), 2147483647);
  EXPECT_EQ("at eof", long_val(caml_ml_input_scan_line(d, vch)), 0);
  EXPECT_EQ("input at eof", long_val(caml_ml_input(d, vch, buf, val_int(0), val_int(5))), 0);
  /* Seek outside the buffer: lseek, buffer dropped. */
  caml_ml_seek_in(d, vch, val_int(1000));
  EXPECT_EQ("far seek pos", long_val(caml_ml_pos_in(d, vch)), 1000);
  EXPECT_EQ("far seek buffer", ch->len, 0);
  caml_ml_seek_in(d, vch, val_int(3));
  char four[4];
  mc_channel_lock(d, ch);
  EXPECT_EQ("really_read", mc_channel_really_read(d, ch, four, 4), 4);
  EXPECT_EQ("really_read content", memcmp(four, "cd\n\n", 4), 0);
  char rest[64];
  EXPECT_EQ("really_read short", mc_channel_really_read(d, ch, rest, sizeof rest), 12);
  EXPECT_EQ("read at eof", mc_channel_read(d, ch, rest, 1), 0);
  mc_channel_unlock(d, ch);

  caml_ml_close_channel(d, vch);
  EXPECT_EQ("input 0 after close", long_val(caml_ml_input(d, vch, buf, val_int(0), val_int(0))), 0);
}

/* A line longer than the buffer is returned in pieces. */
static void test_long_line(void) {
  mc_domain *d = &dom;
  int wfd = open_tmp("long", O_WRONLY | O_CREAT | O_TRUNC);
  static char big[MC_IO_BUFFER_SIZE + 100];
  memset(big, 'q', sizeof big);
  big[sizeof big - 1] = '\n';
  (void)!write(wfd, big, sizeof big);
  close(wfd);
  struct mc_channel *ch = mc_channel_create(d, open_tmp("long", O_RDONLY), false, 0);
  struct fake_chan cb;
  value vch = chan_value(&cb, ch);
  EXPECT_EQ("full buffer, no newline", long_val(caml_ml_input_scan_line(d, vch)),
            -MC_IO_BUFFER_SIZE);
  char *sink = malloc(MC_IO_BUFFER_SIZE);
  mc_channel_lock(d, ch);
  EXPECT_EQ("consume", mc_channel_really_read(d, ch, sink, MC_IO_BUFFER_SIZE), MC_IO_BUFFER_SIZE);
  mc_channel_unlock(d, ch);
  free(sink);
  EXPECT_EQ("rest of line", long_val(caml_ml_input_scan_line(d, vch)), 100);
  caml_ml_close_channel(d, vch);
}

/* Pipes: no position (stock counts from -1), data arrives in pieces. */
static void test_pipe(void) {
  mc_domain *d = &dom;
  int p[2];
  if (pipe(p) != 0) {
    EXPECT_EQ("pipe", 0, 1);
    return;
  }
  (void)!write(p[1], "one\ntwo", 7);
  struct mc_channel *ch = mc_channel_create(d, p[0], false, 0);
  struct fake_chan cb;
  value vch = chan_value(&cb, ch);
  EXPECT_EQ("pipe offset", ch->offset, -1);
  EXPECT_EQ("pipe line", long_val(caml_ml_input_scan_line(d, vch)), 4);
  EXPECT_EQ("pipe pos_in", long_val(caml_ml_pos_in(d, vch)), -1);
  caml_ml_seek_in(d, vch, val_int(3)); /* inside the buffer window: no lseek */
  EXPECT_EQ("pipe pos_in after seek", long_val(caml_ml_pos_in(d, vch)), 3);
  (void)!write(p[1], "\nthree", 6);
  close(p[1]);
  EXPECT_EQ("pipe second line", long_val(caml_ml_input_scan_line(d, vch)), 4);
  EXPECT_EQ("pipe offset grew", ch->offset, 12);
  caml_ml_close_channel(d, vch);
}

static size_t list_length(value l) {
  size_t n = 0;
  for (; is_block(l); l = field(l, 1)) n++;
  return n;
}

static size_t linked_channels(mc_runtime *r) {
  size_t n = 0;
  for (struct mc_channel *c = r->channels; c != NULL; c = c->next) n++;
  return n;
}

/* With a real runtime and heap: channel blocks, out_channels_list, the
 * finaliser's keep-if-unflushed rule, and Sys primitives that allocate. */
static void test_with_runtime(void) {
  mc_runtime *r = mc_runtime_new();
  mc_domain *d = mc_domain_new(r, NULL);
  value in = val_unit, out_a = val_unit, out_b = val_unit, list = val_unit, v = val_unit;
  GC_ROOTS(d, &in, &out_a, &out_b, &list, &v);

  in = mc_open_descriptor(d, open_tmp("in", O_RDONLY), false, 0);
  out_a = mc_open_descriptor(d, open_tmp("a", O_WRONLY | O_CREAT | O_TRUNC), true, 0);
  out_b = mc_open_descriptor(d, open_tmp("b", O_WRONLY | O_CREAT | O_TRUNC), true, 0);
  struct mc_channel *a = mc_channel_of_value(out_a), *b = mc_channel_of_value(out_b);
  EXPECT_EQ("channel block tag", tag_val(out_a), CUSTOM_TAG);
  EXPECT_EQ("identifier", strcmp(custom_ops_val(out_a)->identifier, "_chan"), 0);
  int unordered = 0;
  EXPECT_EQ("compare self", custom_ops_val(out_a)->compare(out_a, out_a, &unordered), 0);
  EXPECT_EQ("compare by address", custom_ops_val(out_a)->compare(out_a, out_b, &unordered),
            (uintptr_t)a < (uintptr_t)b ? -1 : 1);
  EXPECT_EQ("hash is address", custom_ops_val(out_a)->hash(out_a), (intptr_t)a);

  list = caml_ml_out_channels_list(d, val_unit);
  EXPECT_EQ("two output channels", list_length(list), 2);
  EXPECT_EQ("newest first", mc_channel_of_value(field(list, 0)) == b, 1);
  EXPECT_EQ("then older", mc_channel_of_value(field(field(list, 1), 0)) == a, 1);
  EXPECT_EQ("listed once more", a->refcount, 2);
  custom_ops_val(field(list, 0))->finalize(field(list, 0));
  custom_ops_val(field(field(list, 1), 0))->finalize(field(field(list, 1), 0));
  EXPECT_EQ("list blocks dropped", a->refcount, 1);
  EXPECT_EQ("three linked", linked_channels(r), 3);

  /* b holds unflushed data: its finaliser keeps it for the flush at exit. */
  mc_channel_lock(d, b);
  mc_channel_write(d, b, "kept", 4);
  mc_channel_unlock(d, b);
  custom_ops_val(out_b)->finalize(out_b);
  custom_ops_val(out_a)->finalize(out_a);
  EXPECT_EQ("a freed, b kept", linked_channels(r), 2);
  EXPECT_EQ("b still listed", r->channels == b, 1);
  list = caml_ml_out_channels_list(d, val_unit);
  EXPECT_EQ("b listed again", list_length(list), 1);
  mc_flush_all_channels(r);
  char back[8];
  EXPECT_EQ("flushed at exit", read_back("b", back, sizeof back), 4);
  EXPECT_EQ("flushed content", memcmp(back, "kept", 4), 0);

  /* Sys.argv is made once, then the same array every time. */
  char *args[] = {"prog", "x", NULL};
  r->argv = args;
  r->argc = 2;
  v = caml_sys_argv(d, val_unit);
  EXPECT_EQ("argv length", wosize_val(v), 2);
  EXPECT_EQ("argv[1]", strcmp(string_val(field(v, 1)), "x"), 0);
  EXPECT_EQ("argv identity", caml_sys_argv(d, val_unit) == v, 1);

  v = caml_sys_get_config(d, val_unit);
  EXPECT_EQ("config os", strcmp(string_val(field(v, 0)), "Unix"), 0);
  EXPECT_EQ("config word size", long_val(field(v, 1)), 64);
  EXPECT_EQ("config big endian", field(v, 2), val_false);

  v = caml_sys_random_seed(d, val_unit);
  EXPECT_EQ("seed length", wosize_val(v), 12);
  int in_range = 1;
  for (mlsize_t i = 0; i < wosize_val(v); i++)
    if (long_val(field(v, i)) < 0 || long_val(field(v, i)) > 255) in_range = 0;
  EXPECT_EQ("seed bytes", in_range, 1);

  v = mc_copy_string(d, dir_template);
  EXPECT_EQ("dir exists", caml_sys_file_exists(d, v), val_true);
  EXPECT_EQ("is dir", caml_sys_is_directory(d, v), val_true);
  v = caml_sys_read_directory(d, v);
  EXPECT_EQ("readdir entries", wosize_val(v), 5); /* out in long a b */
  v = mc_copy_string_len(d, "in\0x", 4);
  EXPECT_EQ("NUL in name", caml_sys_file_exists(d, v), val_false);
}

int main(void) {
  if (mkdtemp(dir_template) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  pthread_mutex_init(&rt.channels_lock, NULL);
  dom.rt = &rt;
  rt.domains[0] = &dom;
  rt.nslots = 1;
  atomic_store(&rt.ndomains_live, 1);

  test_signal_numbers();
  test_output();
  test_input();
  test_long_line();
  test_pipe();
  test_with_runtime();

  const char *names[] = {"out", "in", "long", "a", "b"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir_template, names[i]);
    unlink(path);
  }
  rmdir(dir_template);
  if (failures != 0) {
    fprintf(stderr, "test_io: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("test_io: %d checks passed\n", checks);
  return 0;
}
