/* check: a minimal test harness for the mchealth C unit tests. */
#ifndef MCH_CHECK_H
#define MCH_CHECK_H

#include <stdio.h>
#include <string.h>

typedef struct check_counts {
  int passed, failed;
} check_counts_t;

#define CHECK(cc, cond)                                                             \
  do {                                                                              \
    if (cond) (cc)->passed++;                                                       \
    else {                                                                          \
      (cc)->failed++;                                                               \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);      \
    }                                                                               \
  } while (0)

#define CHECK_STR(cc, a, b)                                                          \
  do {                                                                               \
    const char *a_ = (a), *b_ = (b);                                                 \
    if (a_ && b_ && strcmp(a_, b_) == 0) (cc)->passed++;                             \
    else {                                                                           \
      (cc)->failed++;                                                                \
      fprintf(stderr, "%s:%d: '%s' != '%s'\n", __FILE__, __LINE__, a_ ? a_ : "(null)", \
              b_ ? b_ : "(null)");                                                   \
    }                                                                                \
  } while (0)

/* Print the closing line the test runner reads; returns the exit status. */
static inline int check_report(const char *name, const check_counts_t *cc) {
  printf("%s: %d passed, %d failed\n", name, cc->passed, cc->failed);
  return cc->failed ? 1 : 0;
}

#endif
