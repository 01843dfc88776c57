/* io.c: buffered channels (in_channel / out_channel) and their primitives. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include "alloc.h"
#include "bigarray.h"
#include "custom.h"
#include "fail.h"
#include "io.h"
#include "io_internal.h"
#include "prims.h"
#include "runtime.h"

/* ------------------------------------------------------------------ */
/* Locking                                                             */
/* ------------------------------------------------------------------ */

/* Takes the channel mutex.  When another thread holds it, wait inside a
 * blocking section: the holder may itself be blocked in read() or write()
 * and need this domain to answer a stop-the-world request first. */
void mc_channel_lock(mc_domain *d, struct mc_channel *ch) {
  if (pthread_mutex_trylock(&ch->mutex) == 0) return;
  mc_enter_blocking_section(d);
  int rc = pthread_mutex_lock(&ch->mutex);
  mc_leave_blocking_section(d);
  if (rc == EDEADLK) mc_fatal(d->rt, "channel locked twice by the same thread");
}

void mc_channel_unlock(mc_domain *d, struct mc_channel *ch) {
  (void)d;
  pthread_mutex_unlock(&ch->mutex);
}

struct mc_channel *mc_channel_of_value(value v) {
  return *(struct mc_channel **)data_custom_val(v);
}

/* True when this domain has asynchronous work waiting (signal handlers,
 * finalisers, GC requests). */
static bool work_pending(mc_domain *d) {
  return atomic_load_explicit(&d->action_pending, memory_order_relaxed) ||
         mc_signals_pending(d->rt);
}

/* Runs pending asynchronous work with the channel unlocked, so that a
 * signal handler may use the channel itself.  Everything about the channel
 * (even whether it is still open) must be re-read afterwards.  If a handler
 * raises, the lock is already released, as the error rule requires. */
static void run_pending(mc_domain *d, struct mc_channel *ch) {
  if (!work_pending(d)) return;
  pthread_mutex_unlock(&ch->mutex);
  mc_process_pending(d);
  mc_channel_lock(d, ch);
}

/* Unlock, then raise Sys_error for errno value err (Sys_blocked_io for
 * EAGAIN on reads and writes when `io` is set). */
static _Noreturn void fail_unlocked(mc_domain *d, struct mc_channel *ch, int err, bool io) {
  pthread_mutex_unlock(&ch->mutex);
  if (io && (err == EAGAIN || err == EWOULDBLOCK)) mc_raise_sys_blocked_io(d);
  mc_raise_sys_error_errno(d, NULL, err);
}

/* ------------------------------------------------------------------ */
/* System calls, wrapped in blocking sections                          */
/* ------------------------------------------------------------------ */

/* read() once; -1 with errno set on error.  A closed channel (fd -1)
 * fails with EBADF without a system call. */
static ssize_t sys_read(mc_domain *d, int fd, void *p, size_t n) {
  if (fd < 0) {
    errno = EBADF;
    return -1;
  }
  mc_enter_blocking_section(d);
  ssize_t got = read(fd, p, n);
  int err = errno;
  mc_leave_blocking_section(d);
  errno = err;
  return got;
}

/* write() once.  A write of up to PIPE_BUF bytes to a non-blocking pipe is
 * all-or-nothing, so on EAGAIN retry with a single byte, as stock does. */
static ssize_t sys_write(mc_domain *d, int fd, const void *p, size_t n) {
  if (fd < 0) {
    errno = EBADF;
    return -1;
  }
  for (;;) {
    mc_enter_blocking_section(d);
    ssize_t put = write(fd, p, n);
    int err = errno;
    mc_leave_blocking_section(d);
    errno = err;
    if (put < 0 && (err == EAGAIN || err == EWOULDBLOCK) && n > 1) {
      n = 1;
      continue;
    }
    return put;
  }
}

static off_t sys_lseek(mc_domain *d, int fd, off_t where, int whence) {
  if (fd < 0) {
    errno = EBADF;
    return -1;
  }
  mc_enter_blocking_section(d);
  off_t r = lseek(fd, where, whence);
  int err = errno;
  mc_leave_blocking_section(d);
  errno = err;
  return r;
}

/* ------------------------------------------------------------------ */
/* Output, with the channel locked                                     */
/* ------------------------------------------------------------------ */

/* One write() of the pending bytes (after running pending work).  Returns
 * true if nothing is left pending.  On a permanent error (EBADF, EPIPE,
 * ECONNRESET) an open channel drops its pending bytes, so that closing it
 * or finalising it can still succeed later. */
static bool flush_once(mc_domain *d, struct mc_channel *ch) {
  for (;;) {
    run_pending(d, ch);
    size_t todo = ch->cur;
    if (todo == 0) return true;
    ssize_t done = sys_write(d, ch->fd, ch->buf, todo);
    if (done < 0) {
      int err = errno;
      if (err == EINTR) continue;
      if ((err == EBADF || err == EPIPE || err == ECONNRESET) && ch->fd != -1) ch->cur = 0;
      fail_unlocked(d, ch, err, true);
    }
    size_t left = todo - (size_t)done;
    if (left > 0) memmove(ch->buf, ch->buf + done, left);
    ch->cur = left;
    ch->offset += done;
    return left == 0;
  }
}

void mc_channel_flush(mc_domain *d, struct mc_channel *ch) {
  while (!flush_once(d, ch)) {
  }
}

static void flush_if_unbuffered(mc_domain *d, struct mc_channel *ch) {
  if (ch->flags & MC_CHAN_UNBUFFERED) mc_channel_flush(d, ch);
}

/* Appends one byte; a full buffer is flushed (partially, at least one
 * byte) before, never after: a byte that fills the buffer stays there. */
static void put_byte(mc_domain *d, struct mc_channel *ch, unsigned char c) {
  while (ch->cur >= ch->cap) flush_once(d, ch);
  ch->buf[ch->cur++] = c;
}

/* Copies up to n bytes from p into the buffer and returns how many were
 * taken.  When they fill the buffer exactly or overflow it, the buffer is
 * topped up and one flush attempt follows.  p is not used after that
 * flush, so it may point into an OCaml block. */
static size_t put_some(mc_domain *d, struct mc_channel *ch, const char *p, size_t n) {
  size_t room = ch->cap - ch->cur;
  if (n < room) {
    memcpy(ch->buf + ch->cur, p, n);
    ch->cur += n;
    return n;
  }
  if (room > 0) memcpy(ch->buf + ch->cur, p, room);
  ch->cur = ch->cap;
  flush_once(d, ch);
  return room;
}

void mc_channel_write(mc_domain *d, struct mc_channel *ch, const char *p, size_t n) {
  while (n > 0) {
    size_t k = put_some(d, ch, p, n);
    p += k;
    n -= k;
  }
}

/* Output of a binary int: four bytes, most significant first. */
static void put_be32(mc_domain *d, struct mc_channel *ch, uint32_t w) {
  if (ch->flags & MC_CHAN_TEXT) {
    pthread_mutex_unlock(&ch->mutex);
    mc_failwith(d, "output_binary_int: not a binary channel");
  }
  for (int shift = 24; shift >= 0; shift -= 8) put_byte(d, ch, (unsigned char)(w >> shift));
}

/* Moves an output channel to absolute position dest, flushing first. */
static void seek_output(mc_domain *d, struct mc_channel *ch, int64_t dest) {
  mc_channel_flush(d, ch);
  off_t got = sys_lseek(d, ch->fd, (off_t)dest, SEEK_SET);
  if (got < 0 || got != (off_t)dest) fail_unlocked(d, ch, errno, false);
  ch->offset = dest;
}

static int64_t output_position(struct mc_channel *ch) {
  return ch->offset + (int64_t)ch->cur;
}

/* ------------------------------------------------------------------ */
/* Input, with the channel locked                                      */
/* ------------------------------------------------------------------ */

/* Returns the number of buffered bytes, reading one bufferful first when
 * the buffer is empty and `want` > 0 (0 then means end of file).  Pending
 * work runs before each read attempt. */
static size_t input_available(mc_domain *d, struct mc_channel *ch, size_t want) {
  for (;;) {
    run_pending(d, ch);
    size_t avail = ch->len - ch->cur;
    if (avail > 0 || want == 0) return avail;
    ssize_t got = sys_read(d, ch->fd, ch->buf, ch->cap);
    if (got < 0) {
      if (errno == EINTR) continue;
      fail_unlocked(d, ch, errno, true);
    }
    ch->offset += got;
    ch->cur = 0;
    ch->len = (size_t)got;
    return ch->len;
  }
}

/* Next byte, refilling the buffer if needed; End_of_file at the end. */
static unsigned char get_byte(mc_domain *d, struct mc_channel *ch) {
  if (ch->cur < ch->len) return ch->buf[ch->cur++];
  if (input_available(d, ch, 1) == 0) {
    pthread_mutex_unlock(&ch->mutex);
    mc_raise_end_of_file(d);
  }
  return ch->buf[ch->cur++];
}

size_t mc_channel_read(mc_domain *d, struct mc_channel *ch, char *p, size_t n) {
  size_t avail = input_available(d, ch, n);
  size_t k = n < avail ? n : avail;
  if (k > 0) memcpy(p, ch->buf + ch->cur, k);
  ch->cur += k;
  return k;
}

size_t mc_channel_really_read(mc_domain *d, struct mc_channel *ch, char *p, size_t n) {
  size_t total = 0;
  while (total < n) {
    size_t k = mc_channel_read(d, ch, p + total, n - total);
    if (k == 0) break;
    total += k;
  }
  return total;
}

static uint32_t get_be32(mc_domain *d, struct mc_channel *ch) {
  if (ch->flags & MC_CHAN_TEXT) {
    pthread_mutex_unlock(&ch->mutex);
    mc_failwith(d, "input_binary_int: not a binary channel");
  }
  uint32_t w = 0;
  for (int i = 0; i < 4; i++) w = (w << 8) | get_byte(d, ch);
  return w;
}

/* Moves an input channel to dest.  A target inside the bytes still held
 * in the buffer is reached without a system call. */
static void seek_input(mc_domain *d, struct mc_channel *ch, int64_t dest) {
  int64_t buffered_start = ch->offset - (int64_t)ch->len;
  if (!(ch->flags & MC_CHAN_TEXT) && dest >= buffered_start && dest <= ch->offset) {
    ch->cur = ch->len - (size_t)(ch->offset - dest);
    return;
  }
  off_t got = sys_lseek(d, ch->fd, (off_t)dest, SEEK_SET);
  if (got < 0 || got != (off_t)dest) fail_unlocked(d, ch, errno, false);
  ch->offset = dest;
  ch->cur = ch->len = 0;
}

static int64_t input_position(struct mc_channel *ch) {
  return ch->offset - (int64_t)(ch->len - ch->cur);
}

/* Looks for a newline in the unread input, reading more as needed.
 * Returns the length of the line including its newline (> 0); or minus
 * the number of bytes buffered when no newline can be found, either
 * because the input ended or because the buffer is full (0 at end of
 * file with nothing buffered).  Unread bytes are moved to the front of
 * the buffer to make room. */
static intptr_t scan_line(mc_domain *d, struct mc_channel *ch) {
  run_pending(d, ch);
  size_t searched = 0; /* bytes after cur already known to hold no newline */
  for (;;) {
    size_t unread = ch->len - ch->cur;
    if (searched < unread) {
      const unsigned char *from = ch->buf + ch->cur;
      const unsigned char *nl = memchr(from + searched, '\n', unread - searched);
      if (nl != NULL) return (intptr_t)(nl - from) + 1;
      searched = unread;
    }
    if (ch->cur > 0) {
      if (unread > 0) memmove(ch->buf, ch->buf + ch->cur, unread);
      ch->cur = 0;
      ch->len = unread;
    }
    if (ch->len >= ch->cap) return -(intptr_t)unread;
    ssize_t got = sys_read(d, ch->fd, ch->buf + ch->len, ch->cap - ch->len);
    if (got < 0) {
      if (errno == EINTR) {
        run_pending(d, ch);
        searched = 0;
        continue;
      }
      fail_unlocked(d, ch, errno, true);
    }
    if (got == 0) return -(intptr_t)unread;
    ch->offset += got;
    ch->len += (size_t)got;
  }
}

/* ------------------------------------------------------------------ */
/* Both directions                                                     */
/* ------------------------------------------------------------------ */

/* Size of the file under the channel.  The descriptor's position is put
 * back where the channel believes it is. */
static int64_t file_size(mc_domain *d, struct mc_channel *ch) {
  run_pending(d, ch);
  int fd = ch->fd;
  off_t here = (off_t)ch->offset;
  if (ch->flags & MC_CHAN_TEXT) {
    here = sys_lseek(d, fd, 0, SEEK_CUR);
    if (here < 0) fail_unlocked(d, ch, errno, false);
  }
  off_t end = sys_lseek(d, fd, 0, SEEK_END);
  if (end < 0) fail_unlocked(d, ch, errno, false);
  if (sys_lseek(d, fd, here, SEEK_SET) != here) fail_unlocked(d, ch, errno, false);
  return end;
}

/* ------------------------------------------------------------------ */
/* Channel objects                                                     */
/* ------------------------------------------------------------------ */

/* Frees a channel that no block refers to any more (already unlinked). */
static void channel_free(struct mc_channel *ch) {
  pthread_mutex_destroy(&ch->mutex);
  free(ch->name);
  free(ch->buf);
  free(ch);
}

/* True if runtime warnings are enabled (OCAMLRUNPARAM=W,
 * Sys.enable_runtime_warnings).  The first time, a note on how to turn
 * them off is printed, as stock does.  Channel finalisers are the only
 * runtime warnings, so the "note printed" flag lives in the Sys state,
 * which every channel creation makes sure exists. */
static bool warnings_on(mc_runtime *rt) {
  if (rt->params.runtime_warnings == 0) return false;
  struct mc_sysstate *st = mc_sysstate_peek(rt);
  if (st != NULL && !atomic_exchange(&st->warning_note_done, 1))
    fprintf(stderr, "[ocaml] (use Sys.enable_runtime_warnings to control these warnings)\n");
  return true;
}

/* Finaliser of channel blocks.  An open output channel that still holds
 * data is not freed: it stays in rt->channels, so that the flush at exit
 * (Stdlib.flush_all, through out_channels_list) can still write it.
 * Flushing here is not an option: it may block or fail. */
static void channel_finalize(value v) {
  struct mc_channel *ch = mc_channel_of_value(v);
  if (!(ch->flags & MC_CHAN_FROM_GC)) return;
  mc_runtime *rt = ch->rt;
  bool holds_data = ch->is_output && ch->fd != -1 && ch->cur > 0;
  if (ch->fd != -1 && ch->name != NULL && warnings_on(rt))
    fprintf(stderr, "[ocaml] channel opened on file '%s' dies without being closed\n", ch->name);
  if (holds_data && ch->name != NULL && warnings_on(rt))
    fprintf(stderr, "[ocaml] (moreover, it has unflushed data)\n");

  pthread_mutex_lock(&rt->channels_lock);
  ch->refcount--;
  bool keep = ch->refcount > 0 || holds_data;
  if (!keep) {
    if (ch->prev != NULL) ch->prev->next = ch->next;
    else rt->channels = ch->next;
    if (ch->next != NULL) ch->next->prev = ch->prev;
  }
  pthread_mutex_unlock(&rt->channels_lock);
  if (!keep) channel_free(ch);
}

static int channel_compare(value a, value b, int *unordered) {
  (void)unordered;
  uintptr_t x = (uintptr_t)mc_channel_of_value(a), y = (uintptr_t)mc_channel_of_value(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

static intptr_t channel_hash(value v) {
  return (intptr_t)mc_channel_of_value(v);
}

static const struct mc_custom_ops channel_ops = {
    .identifier = "_chan",
    .finalize = channel_finalize,
    .compare = channel_compare,
    .hash = channel_hash,
};

/* A new custom block referring to ch; the caller has counted it in
 * ch->refcount. */
static value channel_block(mc_domain *d, struct mc_channel *ch) {
  value v = mc_alloc_custom(d, &channel_ops, sizeof(struct mc_channel *), 0, 1);
  *(struct mc_channel **)data_custom_val(v) = ch;
  return v;
}

struct mc_channel *mc_channel_create(mc_domain *d, int fd, bool output, unsigned flags) {
  mc_runtime *rt = d->rt;
  struct mc_channel *ch = calloc(1, sizeof *ch);
  unsigned char *buf = malloc(MC_IO_BUFFER_SIZE);
  if (ch == NULL || buf == NULL) {
    free(ch);
    free(buf);
    mc_raise_out_of_memory(d);
  }
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&ch->mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  ch->fd = fd;
  ch->is_output = output;
  ch->flags = flags;
  ch->buf = buf;
  ch->cap = MC_IO_BUFFER_SIZE;
  ch->rt = rt;
  /* The position is -1 on pipes and terminals; stock keeps it so, and so
   * pos_in counts from -1 there. */
  ch->offset = (int64_t)sys_lseek(d, fd, 0, SEEK_CUR);

  pthread_mutex_lock(&rt->channels_lock);
  ch->next = rt->channels;
  if (rt->channels != NULL) rt->channels->prev = ch;
  rt->channels = ch;
  pthread_mutex_unlock(&rt->channels_lock);
  return ch;
}

value mc_open_descriptor(mc_domain *d, int fd, bool output, unsigned flags) {
  (void)mc_sysstate(d); /* see warnings_on */
  struct mc_channel *ch = mc_channel_create(d, fd, output, flags | MC_CHAN_FROM_GC);
  ch->refcount = 1;
  return channel_block(d, ch);
}

/* Flushes every open output channel at exit or on a fatal error.  There
 * may be no usable domain, so no blocking section and no signal handler;
 * errors are ignored and channels locked elsewhere are skipped. */
void mc_flush_all_channels(mc_runtime *rt) {
  pthread_mutex_lock(&rt->channels_lock);
  for (struct mc_channel *ch = rt->channels; ch != NULL; ch = ch->next) {
    if (!ch->is_output || ch->fd == -1) continue;
    if (pthread_mutex_trylock(&ch->mutex) != 0) continue;
    while (ch->cur > 0) {
      ssize_t done = write(ch->fd, ch->buf, ch->cur);
      if (done < 0 && errno == EINTR) continue;
      if (done <= 0) break;
      memmove(ch->buf, ch->buf + done, ch->cur - (size_t)done);
      ch->cur -= (size_t)done;
      ch->offset += done;
    }
    pthread_mutex_unlock(&ch->mutex);
  }
  pthread_mutex_unlock(&rt->channels_lock);
}

/* ------------------------------------------------------------------ */
/* Primitives                                                          */
/* ------------------------------------------------------------------ */

value caml_ml_open_descriptor_in(mc_domain *d, value fd) {
  return mc_open_descriptor(d, int_val(fd), false, 0);
}

value caml_ml_open_descriptor_out(mc_domain *d, value fd) {
  return mc_open_descriptor(d, int_val(fd), true, 0);
}

/* Stock exports these to C with C int arguments; as primitives they take
 * tagged ints. */
value caml_ml_open_descriptor_in_with_flags(mc_domain *d, value fd, value flags) {
  return mc_open_descriptor(d, int_val(fd), false, (unsigned)int_val(flags));
}

value caml_ml_open_descriptor_out_with_flags(mc_domain *d, value fd, value flags) {
  return mc_open_descriptor(d, int_val(fd), true, (unsigned)int_val(flags));
}

value caml_ml_set_channel_name(mc_domain *d, value vch, value vname) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  char *copy = string_length(vname) > 0 ? mc_xstrdup(string_val(vname)) : NULL;
  mc_channel_lock(d, ch);
  free(ch->name);
  ch->name = copy;
  mc_channel_unlock(d, ch);
  return val_unit;
}

/* The list of open output channels, most recently opened first.  Each
 * channel is counted once more before the lock is dropped, so that none
 * can be freed while the blocks are being allocated. */
value caml_ml_out_channels_list(mc_domain *d, value unit) {
  mc_runtime *rt = d->rt;
  struct mc_channel **found = NULL;
  size_t n = 0, cap = 0;
  pthread_mutex_lock(&rt->channels_lock);
  for (struct mc_channel *ch = rt->channels; ch != NULL; ch = ch->next) {
    if (!ch->is_output || ch->fd == -1) continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 8;
      struct mc_channel **bigger = realloc(found, cap * sizeof *found);
      if (bigger == NULL) {
        pthread_mutex_unlock(&rt->channels_lock);
        mc_fatal(rt, "caml_ml_out_channels_list: out of memory");
      }
      found = bigger;
    }
    ch->refcount++;
    found[n++] = ch;
  }
  pthread_mutex_unlock(&rt->channels_lock);

  value list = val_emptylist, item = val_unit;
  GC_ROOTS(d, &list, &item);
  for (size_t i = n; i > 0; i--) {
    item = channel_block(d, found[i - 1]);
    list = mc_alloc_pair(d, TAG_CONS, item, list);
  }
  free(found);
  return list;
}

value caml_channel_descriptor(mc_domain *d, value vch) {
  int fd = mc_channel_of_value(vch)->fd;
  if (fd == -1) mc_raise_sys_error_errno(d, NULL, EBADF);
  return val_int(fd);
}

/* Closing does not flush (Stdlib.close_out does that first); a second
 * close does nothing. */
value caml_ml_close_channel(mc_domain *d, value vch) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  int fd = ch->fd;
  if (fd != -1) {
    ch->fd = -1;
    free(ch->buf);
    ch->buf = NULL;
    ch->cap = 1;
    ch->cur = ch->is_output ? 1 : 0;
    ch->len = 0;
    mc_enter_blocking_section(d);
    int rc = close(fd);
    int err = errno;
    mc_leave_blocking_section(d);
    if (rc == -1) fail_unlocked(d, ch, err, false);
  }
  mc_channel_unlock(d, ch);
  return val_unit;
}

static int64_t locked_size(mc_domain *d, value vch) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  int64_t size = file_size(d, ch);
  mc_channel_unlock(d, ch);
  return size;
}

/* Positions that do not fit an OCaml int fail as stock does. */
static value checked_position(mc_domain *d, int64_t pos) {
  if (pos > MAX_LONG) mc_raise_sys_error_errno(d, NULL, EOVERFLOW);
  return val_long(pos);
}

value caml_ml_channel_size(mc_domain *d, value vch) {
  return checked_position(d, locked_size(d, vch));
}

value caml_ml_channel_size_64(mc_domain *d, value vch) {
  return mc_copy_int64(d, locked_size(d, vch));
}

/* Text mode does not exist on Linux: stock ignores the request, and
 * channels stay binary. */
value caml_ml_set_binary_mode(mc_domain *d, value vch, value mode) {
  (void)d, (void)vch, (void)mode;
  return val_unit;
}

value caml_ml_is_binary_mode(mc_domain *d, value vch) {
  (void)d;
  return val_bool(!(mc_channel_of_value(vch)->flags & MC_CHAN_TEXT));
}

/* Flushing a closed channel is silently ignored: libraries flush at exit
 * channels that may have been closed. */
value caml_ml_flush(mc_domain *d, value vch) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  if (ch->fd != -1) mc_channel_flush(d, ch);
  mc_channel_unlock(d, ch);
  return val_unit;
}

value caml_ml_set_buffered(mc_domain *d, value vch, value mode) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  if (bool_val(mode)) {
    ch->flags &= ~(unsigned)MC_CHAN_UNBUFFERED;
  } else {
    ch->flags |= MC_CHAN_UNBUFFERED;
    if (ch->fd != -1) mc_channel_flush(d, ch);
  }
  mc_channel_unlock(d, ch);
  return val_unit;
}

value caml_ml_is_buffered(mc_domain *d, value vch) {
  (void)d;
  return val_bool(!(mc_channel_of_value(vch)->flags & MC_CHAN_UNBUFFERED));
}

value caml_ml_output_char(mc_domain *d, value vch, value c) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  put_byte(d, ch, (unsigned char)long_val(c));
  flush_if_unbuffered(d, ch);
  mc_channel_unlock(d, ch);
  return val_unit;
}

value caml_ml_output_int(mc_domain *d, value vch, value w) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  put_be32(d, ch, (uint32_t)long_val(w));
  flush_if_unbuffered(d, ch);
  mc_channel_unlock(d, ch);
  return val_unit;
}

/* The source may move whenever a flush runs pending work (a signal handler
 * can allocate), so it is rooted and its address recomputed each round. */
value caml_ml_output_bytes(mc_domain *d, value vch, value src, value vofs, value vlen) {
  GC_ROOTS(d, &src);
  struct mc_channel *ch = mc_channel_of_value(vch);
  size_t ofs = (size_t)long_val(vofs);
  size_t len = (size_t)long_val(vlen);
  mc_channel_lock(d, ch);
  while (len > 0) {
    size_t k = put_some(d, ch, string_val(src) + ofs, len);
    ofs += k;
    len -= k;
  }
  flush_if_unbuffered(d, ch);
  mc_channel_unlock(d, ch);
  return val_unit;
}

value caml_ml_output(mc_domain *d, value vch, value src, value vofs, value vlen) {
  return caml_ml_output_bytes(d, vch, src, vofs, vlen);
}

static char *bigarray_bytes(value ba) {
  return ((struct mc_bigarray *)data_custom_val(ba))->data;
}

/* Like stock, no flush for unbuffered channels here. */
value caml_ml_output_bigarray(mc_domain *d, value vch, value ba, value vofs, value vlen) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  mc_channel_write(d, ch, bigarray_bytes(ba) + long_val(vofs), (size_t)long_val(vlen));
  mc_channel_unlock(d, ch);
  return val_unit;
}

static void locked_seek_out(mc_domain *d, value vch, int64_t dest) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  seek_output(d, ch, dest);
  mc_channel_unlock(d, ch);
}

value caml_ml_seek_out(mc_domain *d, value vch, value pos) {
  locked_seek_out(d, vch, long_val(pos));
  return val_unit;
}

value caml_ml_seek_out_64(mc_domain *d, value vch, value pos) {
  locked_seek_out(d, vch, int64_val(pos));
  return val_unit;
}

static int64_t locked_pos_out(mc_domain *d, value vch) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  int64_t pos = output_position(ch);
  mc_channel_unlock(d, ch);
  return pos;
}

value caml_ml_pos_out(mc_domain *d, value vch) {
  return checked_position(d, locked_pos_out(d, vch));
}

value caml_ml_pos_out_64(mc_domain *d, value vch) {
  return mc_copy_int64(d, locked_pos_out(d, vch));
}

value caml_ml_input_char(mc_domain *d, value vch) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  unsigned char c = get_byte(d, ch);
  mc_channel_unlock(d, ch);
  return val_int(c);
}

value caml_ml_input_int(mc_domain *d, value vch) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  uint32_t w = get_be32(d, ch);
  mc_channel_unlock(d, ch);
  return val_long((int32_t)w);
}

/* Reads at most len bytes: whatever is buffered, or else one read() of a
 * bufferful.  The destination is addressed only after the read, as
 * pending work may move it. */
value caml_ml_input(mc_domain *d, value vch, value dst, value vofs, value vlen) {
  GC_ROOTS(d, &dst);
  struct mc_channel *ch = mc_channel_of_value(vch);
  size_t len = (size_t)long_val(vlen);
  mc_channel_lock(d, ch);
  size_t avail = input_available(d, ch, len);
  size_t k = len < avail ? len : avail;
  if (k > 0) memcpy(string_val(dst) + long_val(vofs), ch->buf + ch->cur, k);
  ch->cur += k;
  mc_channel_unlock(d, ch);
  return val_long((intptr_t)k);
}

value caml_ml_input_bigarray(mc_domain *d, value vch, value ba, value vofs, value vlen) {
  GC_ROOTS(d, &ba);
  struct mc_channel *ch = mc_channel_of_value(vch);
  size_t len = (size_t)long_val(vlen);
  mc_channel_lock(d, ch);
  size_t avail = input_available(d, ch, len);
  size_t k = len < avail ? len : avail;
  if (k > 0) memcpy(bigarray_bytes(ba) + long_val(vofs), ch->buf + ch->cur, k);
  ch->cur += k;
  mc_channel_unlock(d, ch);
  return val_long((intptr_t)k);
}

static void locked_seek_in(mc_domain *d, value vch, int64_t dest) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  seek_input(d, ch, dest);
  mc_channel_unlock(d, ch);
}

value caml_ml_seek_in(mc_domain *d, value vch, value pos) {
  locked_seek_in(d, vch, long_val(pos));
  return val_unit;
}

value caml_ml_seek_in_64(mc_domain *d, value vch, value pos) {
  locked_seek_in(d, vch, int64_val(pos));
  return val_unit;
}

static int64_t locked_pos_in(mc_domain *d, value vch) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  int64_t pos = input_position(ch);
  mc_channel_unlock(d, ch);
  return pos;
}

value caml_ml_pos_in(mc_domain *d, value vch) {
  return checked_position(d, locked_pos_in(d, vch));
}

value caml_ml_pos_in_64(mc_domain *d, value vch) {
  return mc_copy_int64(d, locked_pos_in(d, vch));
}

value caml_ml_input_scan_line(mc_domain *d, value vch) {
  struct mc_channel *ch = mc_channel_of_value(vch);
  mc_channel_lock(d, ch);
  intptr_t n = scan_line(d, ch);
  mc_channel_unlock(d, ch);
  return val_long(n);
}

/* Rows of the terminal behind the channel, -1 if it is not a terminal. */
value caml_terminfo_rows(mc_domain *d, value vch) {
  (void)d;
  struct winsize ws;
  if (ioctl(mc_channel_of_value(vch)->fd, TIOCGWINSZ, &ws) != 0) return val_int(-1);
  return val_int(ws.ws_row);
}

const struct mc_primdef mc_prims_io[] = {
    PRIM(caml_ml_open_descriptor_in, 1),
    PRIM(caml_ml_open_descriptor_out, 1),
    PRIM(caml_ml_open_descriptor_in_with_flags, 2),
    PRIM(caml_ml_open_descriptor_out_with_flags, 2),
    PRIM(caml_ml_set_channel_name, 2),
    PRIM(caml_ml_out_channels_list, 1),
    PRIM(caml_channel_descriptor, 1),
    PRIM(caml_ml_close_channel, 1),
    PRIM(caml_ml_channel_size, 1),
    PRIM(caml_ml_channel_size_64, 1),
    PRIM(caml_ml_set_binary_mode, 2),
    PRIM(caml_ml_is_binary_mode, 1),
    PRIM(caml_ml_flush, 1),
    PRIM(caml_ml_set_buffered, 2),
    PRIM(caml_ml_is_buffered, 1),
    PRIM(caml_ml_output_char, 2),
    PRIM(caml_ml_output_int, 2),
    PRIM(caml_ml_output_bytes, 4),
    PRIM(caml_ml_output, 4),
    PRIM(caml_ml_output_bigarray, 4),
    PRIM(caml_ml_seek_out, 2),
    PRIM(caml_ml_seek_out_64, 2),
    PRIM(caml_ml_pos_out, 1),
    PRIM(caml_ml_pos_out_64, 1),
    PRIM(caml_ml_input_char, 1),
    PRIM(caml_ml_input_int, 1),
    PRIM(caml_ml_input, 4),
    PRIM(caml_ml_input_bigarray, 4),
    PRIM(caml_ml_seek_in, 2),
    PRIM(caml_ml_seek_in_64, 2),
    PRIM(caml_ml_pos_in, 1),
    PRIM(caml_ml_pos_in_64, 1),
    PRIM(caml_ml_input_scan_line, 1),
    PRIM(caml_terminfo_rows, 1),
    PRIM_END};
