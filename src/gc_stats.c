/* gc_stats.c: pause-time histograms of the collector. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "gc_stats.h"

uint64_t mc_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Bucket of a duration: the power of two below it, and which eighth of
 * the way to the next power. */
static int bucket_of(uint64_t ns) {
  if (ns < 8) return (int)ns;
  int log = 63 - __builtin_clzll(ns);
  int sub = (int)((ns >> (log - 3)) & 7);
  int b = (log - 2) * 8 + sub;
  return b < PAUSE_BUCKETS ? b : PAUSE_BUCKETS - 1;
}

/* The upper bound of a bucket, in ns. */
static uint64_t bucket_upper(int b) {
  if (b < 8) return (uint64_t)b + 1;
  int log = b / 8 + 2, sub = b % 8;
  return ((uint64_t)(8 + sub + 1)) << (log - 3);
}

void mc_pause_record(struct mc_pause_stats *s, enum mc_pause_kind k, uint64_t ns) {
  struct mc_pause_hist *h = &s->kind[k];
  h->buckets[bucket_of(ns)]++;
  h->count++;
  h->total_ns += ns;
  if (ns > h->max_ns) h->max_ns = ns;
}

void mc_pause_merge(struct mc_pause_stats *into, const struct mc_pause_stats *from) {
  for (int k = 0; k < PAUSE_KINDS; k++) {
    struct mc_pause_hist *a = &into->kind[k];
    const struct mc_pause_hist *b = &from->kind[k];
    for (int i = 0; i < PAUSE_BUCKETS; i++) a->buckets[i] += b->buckets[i];
    a->count += b->count;
    a->total_ns += b->total_ns;
    if (b->max_ns > a->max_ns) a->max_ns = b->max_ns;
  }
}

static double percentile_us(const struct mc_pause_hist *h, double q) {
  if (h->count == 0) return 0;
  uint64_t rank = (uint64_t)(q * (double)h->count);
  if (rank >= h->count) rank = h->count - 1;
  uint64_t seen = 0;
  for (int i = 0; i < PAUSE_BUCKETS; i++) {
    seen += h->buckets[i];
    if (seen > rank) {
      uint64_t up = bucket_upper(i);
      return (double)(up < h->max_ns ? up : h->max_ns) / 1000.0;
    }
  }
  return (double)h->max_ns / 1000.0;
}

void mc_pause_print(const struct mc_pause_stats *s, void *file) {
  FILE *f = file;
  static const char *const names[PAUSE_KINDS] = {"minor", "major_slice", "stw_other"};
  fprintf(f, "pauses_us: kind count mean p50 p99 p99.9 max\n");
  for (int k = 0; k < PAUSE_KINDS; k++) {
    const struct mc_pause_hist *h = &s->kind[k];
    double mean = h->count ? (double)h->total_ns / (double)h->count / 1000.0 : 0;
    fprintf(f, "pauses_us: %s %llu %.1f %.1f %.1f %.1f %.1f\n", names[k],
            (unsigned long long)h->count, mean, percentile_us(h, 0.5), percentile_us(h, 0.99),
            percentile_us(h, 0.999), (double)h->max_ns / 1000.0);
  }
}
