/* judge: cell states from raw outcomes, per-entry comparison categories,
   and error signatures for grouping regressions by root cause. */
#ifndef MCH_JUDGE_H
#define MCH_JUDGE_H

#include "corpus.h"
#include "store.h"

/* Cell states, as the report shows them. */
typedef enum {
  CELL_PASS,
  CELL_FAIL,
  CELL_BUILD_FAIL,
  CELL_TIMEOUT,
  CELL_CRASH,
  CELL_OOM,
  CELL_SKIPPED,
  CELL_INTERNAL,
  CELL__COUNT
} cell_state_t;

/* Per-entry categories, comparing the baseline (stock) with another runtime. */
typedef enum {
  CAT_REGRESSED,
  CAT_FIXED,
  CAT_SAME_PASS,
  CAT_SAME_FAIL,
  CAT_SPURIOUS,
  CAT_BROKEN,
  CAT__COUNT
} category_t;

/* Raw outcome names stored in execs.state for run tasks. */
#define RAW_EXIT "exit"
#define RAW_SIGNAL "signal"
#define RAW_TIMEOUT "timeout"
#define RAW_OOM "oom"
#define RAW_INTERNAL "internal"

const char *cell_name(cell_state_t s);
cell_state_t cell_from_name(const char *s);
const char *category_name(category_t c);
category_t category_from_name(const char *s);
/* How bad a category is, for picking the worst over several runtimes. */
int category_rank(category_t c);

/* The ocamltest verdict in its output: "passed", "failed", "skipped" or NULL. */
const char *ocamltest_verdict(const char *out);

/* The state of one cell.  `base` is the baseline's execution (NULL when
   judging the baseline itself); expected_stdout_hash is for EXPECT_STDOUT.
   *why receives a short reason (static or in `why_buf`). */
cell_state_t judge_cell(expect_t expect, int expect_status, const char *expected_stdout_hash,
                        const exec_rec_t *self, const exec_rec_t *base, buf_t *why);

/* The category of an entry from its baseline and other cell; confirmed_*
   tell whether a timeout or out-of-memory state was seen twice. */
category_t judge_category(cell_state_t base, cell_state_t other, int base_confirmed,
                          int other_confirmed);

/* A short, normalised description of why a cell failed, shared by cells
   failing for the same root cause (numbers, addresses and paths removed). */
void judge_signature(cell_state_t st, const exec_rec_t *self, const exec_rec_t *base, buf_t *out);

/* Normalise one line for a signature (exposed for tests). */
void judge_normalise(const char *line, buf_t *out);

#endif
