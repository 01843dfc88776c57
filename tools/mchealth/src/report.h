/* report: the static HTML report (grid, per-entry pages with logs and
   diffs, summary, changes since the previous run, regressions grouped by
   signature), results.json and a markdown summary. */
#ifndef MCH_REPORT_H
#define MCH_REPORT_H

#include <stddef.h>

#include "store.h"

/* Write the report of run `run_id` into dir (created if needed).  Returns 0,
   or -1 with a message. */
int report_write(store_t *s, long run_id, const char *dir, char *err, size_t errlen);

#endif
