/* store: the SQLite result store (runs, task executions with compressed
   logs, per-run entries and cells, the file-hash cache). */
#ifndef MCH_STORE_H
#define MCH_STORE_H

#include "hash.h"
#include "util.h"

typedef struct store store_t;

/* One execution of a task (build, run or compare). */
typedef struct exec_rec {
  long id;
  long run_id;
  char key[HASH_HEX];
  char kind[16];     /* build | run | compare */
  char *entry;
  char *runtime;     /* runtime name for runs, "" otherwise */
  int attempt;       /* 1 for the first execution of a key */
  char state[24];    /* raw outcome (ok, exit, signal, timeout, oom, internal) or category */
  char *reason;      /* human-readable: failure reason, signature */
  int exit_code;
  int sig;
  double started, wall, utime, stime;
  long maxrss_kb;
  int timeout_s;
  long mem_mb;
  char result_hash[HASH_HEX]; /* identity of the outcome (used by dependents' keys) */
  char stdout_hash[HASH_HEX];
  char stderr_hash[HASH_HEX];
  char *outputs;     /* "name hash\n" lines: build manifest or compared outputs */
  buf_t out, err, log; /* uncompressed contents (loaded only on request) */
  char *extra;       /* free-form JSON */
} exec_rec_t;

void exec_init(exec_rec_t *e);
void exec_free(exec_rec_t *e);

store_t *store_open(const char *path, char *err, size_t errlen);
void store_close(store_t *s);
int store_begin(store_t *s);
int store_commit(store_t *s);

/* Runs.  A run left 'running' by a killed process is marked 'interrupted'
   by store_run_start, which returns its id in *resumed_from (or 0). */
long store_run_start(store_t *s, const char *corpus, const char *argv, const char *runtimes,
                     long *resumed_from);
int store_run_finish(store_t *s, long run_id, const char *state, long executed, long cached,
                     const char *summary);
/* The latest complete run with id < before (before <= 0: any), or 0. */
long store_prev_complete_run(store_t *s, long before);
typedef struct run_info {
  long id;
  double started, finished;
  char state[16];
  long executed, cached, resumed_from;
  char *corpus, *argv, *runtimes, *summary;
} run_info_t;
int store_run_get(store_t *s, long id, run_info_t *out);
void run_info_free(run_info_t *r);
/* Ids of runs, newest first (at most max). */
int store_runs_list(store_t *s, long *ids, int max);

/* Executions.  Insert commits nothing by itself: wrap in begin/commit. */
long store_exec_insert(store_t *s, exec_rec_t *e);
/* The latest execution of a key; 0 if found.  with_logs loads contents. */
int store_exec_find(store_t *s, const char *key, exec_rec_t *out, int with_logs);
int store_exec_get(store_t *s, long id, exec_rec_t *out, int with_logs);
/* How many executions of key have the given state (NULL: any). */
int store_exec_count(store_t *s, const char *key, const char *state);
long store_execs_in_run(store_t *s, long run_id);
/* Call f for every execution recorded by a run, in order (no logs). */
void store_execs_each(store_t *s, long run_id, void (*f)(void *ctx, const exec_rec_t *e), void *ctx);

/* Per-run rows: one per entry, one per (entry, runtime) cell. */
typedef struct entry_row {
  long run_id;
  char *entry, *grp, *category, *signature;
  int idx, carried;
  long build_exec, compare_exec;
} entry_row_t;
typedef struct cell_row {
  char *entry, *runtime, *state;
  long exec_id;
} cell_row_t;
int store_entry_put(store_t *s, const entry_row_t *r);
int store_cell_put(store_t *s, long run_id, const char *entry, const char *runtime, long exec_id,
                   const char *state);
/* All entries of a run ordered by idx; caller frees with store_rows_free. */
int store_entries_of(store_t *s, long run_id, entry_row_t **rows, size_t *n);
int store_cells_of(store_t *s, long run_id, cell_row_t **rows, size_t *n);
void store_rows_free(entry_row_t *rows, size_t n, cell_row_t *cells, size_t ncells);

/* A hash_cache_t backed by the filehash table. */
void store_hash_cache(store_t *s, hash_cache_t *c);

#endif
