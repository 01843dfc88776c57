/* io_internal.h: channel internals and the Sys/signal state shared by io.c,
 * sys.c and signals.c (and, for a few helpers, by the unix library). */
#ifndef MC_IO_INTERNAL_H
#define MC_IO_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <pthread.h>
#include "domain.h"
#include "io.h"

/* Size of a channel buffer: the same as stock, because programs can see it
 * (when a large write reaches the file descriptor, In_channel chunking). */
#define MC_IO_BUFFER_SIZE 65536

/* Channel flags. */
enum {
  MC_CHAN_FROM_GC = 4,     /* owned by custom blocks, freed by their finaliser */
  MC_CHAN_TEXT = 8,        /* text mode: never set on Linux */
  MC_CHAN_UNBUFFERED = 16  /* flush after every output primitive */
};

/* A buffered channel.
 *
 * Input channel:  buf[cur, len) holds bytes read but not yet consumed;
 *                 `offset` is the file position just after buf[len - 1].
 * Output channel: buf[0, cur) holds bytes not yet written;
 *                 `offset` is the file position where buf[0] will go.
 *
 * Closing sets fd to -1 and frees buf (NULL).  cap becomes 1 and, for an
 * output channel, cur becomes 1: the "buffer" looks full, so the next byte
 * written forces a flush, which fails with EBADF; an input channel looks
 * empty, so the next read fails the same way.  This reproduces stock's
 * observable behaviour (including pos_out = offset + 1 after close).
 *
 * Everything below `mutex` is protected by it (take it through
 * mc_channel_lock); refcount, prev and next by rt->channels_lock. */
struct mc_channel {
  pthread_mutex_t mutex;
  int fd;
  bool is_output;
  unsigned flags;
  int64_t offset;
  unsigned char *buf;
  size_t cap;
  size_t cur;
  size_t len;
  char *name;                       /* for runtime warnings, or NULL */
  mc_runtime *rt;
  int refcount;                     /* custom blocks pointing here */
  struct mc_channel *prev, *next;   /* rt->channels */
};

/* Error rule of the mc_channel_* functions of io.h: they are called with
 * the channel locked, and when they raise (Sys_error, End_of_file, or an
 * exception from a signal handler run while waiting) they release the
 * lock first.  The caller must therefore not unlock after a raise. */

/* A channel on fd, linked into d->rt->channels, with no OCaml block:
 * nothing frees it (for C users and tests).  `flags` are MC_CHAN_* bits. */
struct mc_channel *mc_channel_create(mc_domain *d, int fd, bool output, unsigned flags);

/* Wraps file descriptor fd in a new channel, and returns its OCaml value
 * (Unix.in_channel_of_descr and friends).  `flags` are MC_CHAN_* bits. */
value mc_open_descriptor(mc_domain *d, int fd, bool output, unsigned flags);

/* Sys_error "<arg>: <strerror(err)>", with arg an OCaml string (any
 * bytes, NUL included, as stock prints them). */
_Noreturn void mc_sys_error_at(mc_domain *d, value arg, int err);

/* ---- Signals (signals.c) ---- */

#define MC_NSIG NSIG

/* OCaml's portable signal numbers (Sys.sigint = -6, ...) to host numbers
 * and back; numbers that are not portable ones pass through unchanged. */
int mc_signal_to_host(int ocaml_signo);
int mc_signal_from_host(int host_signo);

/* Call after a change of the signal mask (sigprocmask, leaving a blocking
 * section): signals that were recorded while blocked become visible to
 * mc_signals_pending again. */
void mc_signals_recheck(mc_runtime *rt);

/* Runtime-wide state of Sys and signals, created on first use and held
 * by rt->sys. */

struct mc_sysstate {
  mc_runtime *rt;
  pthread_mutex_t lock;            /* serialises handler installs and argv setup */
  _Atomic(int) any_pending;        /* hint: some pending[] entry may be set */
  _Atomic(int) pending[MC_NSIG];   /* host signal received, handler not yet run */
  value handlers;                  /* OCaml array of MC_NSIG closures (global root) */
  value argv;                      /* Sys.argv, or unit until first asked (global root) */
  _Atomic(int) warning_note_done;  /* the runtime-warnings note was printed */
};

/* The state of d's runtime, created (with its roots registered) if needed. */
struct mc_sysstate *mc_sysstate(mc_domain *d);
/* The state of rt if it exists yet, else NULL (never allocates). */
struct mc_sysstate *mc_sysstate_peek(mc_runtime *rt);

#endif
