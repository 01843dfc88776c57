/* io.h: buffered channels (in_channel / out_channel).
 *
 * A channel is a C struct owned by a custom block (or by the runtime for
 * stdin/stdout/stderr).  Every channel has a mutex: primitives take it for
 * the duration of one operation, so channels may be shared by domains.
 */
#ifndef MC_IO_H
#define MC_IO_H

#include "domain.h"

struct mc_channel;

/* The C channel of an OCaml channel value. */
struct mc_channel *mc_channel_of_value(value v);

/* Lock/unlock a channel for a multi-step operation (marshal does this). */
void mc_channel_lock(mc_domain *d, struct mc_channel *ch);
void mc_channel_unlock(mc_domain *d, struct mc_channel *ch);

/* With the channel locked: write all bytes (raising Sys_error on error),
 * read up to n bytes (0 at end of file), read exactly n bytes (returns the
 * number read, less than n only at end of file). */
void mc_channel_write(mc_domain *d, struct mc_channel *ch, const char *p, size_t n);
size_t mc_channel_read(mc_domain *d, struct mc_channel *ch, char *p, size_t n);
size_t mc_channel_really_read(mc_domain *d, struct mc_channel *ch, char *p, size_t n);
void mc_channel_flush(mc_domain *d, struct mc_channel *ch);

/* Flush every open output channel, ignoring errors (used at exit and
 * before fatal errors). */
void mc_flush_all_channels(mc_runtime *rt);

#endif
