/* diff: line-based unified diffs of two texts (for stdout/stderr of regressions). */
#ifndef MCH_DIFF_H
#define MCH_DIFF_H

#include "util.h"

/* Append a unified diff of a -> b to out, with `context` lines around
   changes, headed by "--- la" and "+++ lb".  At most max_lines lines of
   diff are produced.  Returns the number of changed lines (0: identical). */
long diff_unified(const char *a, const char *b, const char *la, const char *lb, int context,
                  long max_lines, buf_t *out);

#endif
