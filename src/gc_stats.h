/* gc_stats.h: pause-time histograms (minor collections, major slices,
 * other stop-the-world sections), printed at exit with OCAMLRUNPARAM=v=0x400. */
#ifndef MC_GC_STATS_H
#define MC_GC_STATS_H

#include <stdint.h>

enum mc_pause_kind { PAUSE_MINOR, PAUSE_MAJOR_SLICE, PAUSE_STW, PAUSE_KINDS };

/* Log-scale histogram: 8 buckets per power of two of nanoseconds, so a
 * percentile is known within about 9%; count, sum and max are exact. */
#define PAUSE_BUCKETS (8 * 40)
struct mc_pause_hist {
  uint64_t buckets[PAUSE_BUCKETS];
  uint64_t count;
  uint64_t total_ns;
  uint64_t max_ns;
};

struct mc_pause_stats {
  struct mc_pause_hist kind[PAUSE_KINDS];
};

/* Monotonic time in nanoseconds. */
uint64_t mc_now_ns(void);
void mc_pause_record(struct mc_pause_stats *s, enum mc_pause_kind k, uint64_t ns);
void mc_pause_merge(struct mc_pause_stats *into, const struct mc_pause_stats *from);
/* Print one line per kind: count, mean, p50, p99, p99.9, max (µs). */
void mc_pause_print(const struct mc_pause_stats *s, void *file);

#endif
