/* runner: one mchealth run: keys every task by the content of its inputs,
   reuses stored results, executes the rest on parallel workers, records
   everything in the store and summarises. */
#ifndef MCH_RUNNER_H
#define MCH_RUNNER_H

#include "progress.h"
#include "util.h"

typedef struct runner_opts {
  const char *corpus;     /* corpus file */
  const char *state_dir;  /* database, content store, work and report */
  const char *report_dir; /* NULL: STATE/report */
  int jobs;
  const char *only;       /* extended regex on entry names, or NULL */
  int retry_regressed;
  int rerun;               /* execute the selected entries' runs again, even if stored */
  progress_mode_t progress;
  double broken_threshold; /* fraction of stock cells failing that means a broken environment */
  int timeout;             /* overrides every entry's timeout when > 0 */
  long mem_mb;             /* overrides every entry's memory limit when > 0 */
  int keep_work;
  int no_report;
  int fail_on_regression;
  strvec_t runtimes;       /* NAME=PATH overrides */
  strvec_t defines;        /* NAME=VALUE overrides */
} runner_opts_t;

void runner_opts_init(runner_opts_t *o);
/* Run; returns the process exit status (0 ok, 1 regressions with
   --fail-on-regression, 2 error, 3 broken environment, 130 interrupted). */
int runner_main(runner_opts_t *o);

#endif
