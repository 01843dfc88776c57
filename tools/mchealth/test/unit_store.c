/* unit_store: runs, executions with compressed logs, entries and cells,
   interrupted-run detection, the file-hash cache, and crash safety. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "store.h"
#include "util.h"

static void fill(exec_rec_t *e, long run, const char *key, const char *state) {
  exec_init(e);
  e->run_id = run;
  snprintf(e->key, sizeof e->key, "%s", key);
  snprintf(e->kind, sizeof e->kind, "run");
  e->entry = xstrdup("diff/x");
  e->runtime = xstrdup("mcrun");
  e->attempt = 1;
  snprintf(e->state, sizeof e->state, "%s", state);
  e->reason = xstrdup("exit status 0");
  e->wall = 1.5;
  e->maxrss_kb = 1234;
  e->timeout_s = 60;
  e->mem_mb = 4096;
}

int main(void) {
  check_counts_t cc = {0, 0};
  char dir[] = "/tmp/mch-unit-store-XXXXXX";
  CHECK(&cc, mkdtemp(dir) != NULL);
  char *db = path_join(dir, "t.db");
  char err[300];
  store_t *s = store_open(db, err, sizeof err);
  CHECK(&cc, s != NULL);

  long resumed = -1;
  long r1 = store_run_start(s, "c", "-j2", "[]", &resumed);
  CHECK(&cc, r1 > 0 && resumed == 0);

  /* an execution with a large, compressible log survives the round trip */
  exec_rec_t e, got;
  fill(&e, r1, "k1", "exit");
  for (int i = 0; i < 20000; i++) buf_addf(&e.out, "line %d of output\n", i % 7);
  buf_adds(&e.err, "stderr text");
  CHECK(&cc, store_begin(s) == 0);
  CHECK(&cc, store_exec_insert(s, &e) > 0);
  CHECK(&cc, store_commit(s) == 0);
  exec_init(&got);
  CHECK(&cc, store_exec_find(s, "k1", &got, 1) == 0);
  CHECK(&cc, got.out.len == e.out.len && memcmp(got.out.data, e.out.data, e.out.len) == 0);
  CHECK_STR(&cc, got.err.data, "stderr text");
  CHECK(&cc, got.maxrss_kb == 1234 && got.wall == 1.5);
  CHECK_STR(&cc, got.state, "exit");
  CHECK(&cc, store_exec_find(s, "nope", &got, 0) != 0);
  /* a second execution of the same key is the one found; both are kept */
  exec_rec_t e2;
  fill(&e2, r1, "k1", "timeout");
  store_exec_insert(s, &e2);
  CHECK(&cc, store_exec_find(s, "k1", &got, 0) == 0);
  CHECK_STR(&cc, got.state, "timeout");
  CHECK(&cc, store_exec_count(s, "k1", NULL) == 2);
  CHECK(&cc, store_exec_count(s, "k1", "timeout") == 1);
  CHECK(&cc, store_execs_in_run(s, r1) == 2);

  /* entries and cells */
  entry_row_t row = {.run_id = r1, .entry = "diff/x", .grp = "diff", .category = "regressed",
                     .signature = "sig", .idx = 3, .build_exec = 0, .compare_exec = 7};
  CHECK(&cc, store_entry_put(s, &row) == 0);
  CHECK(&cc, store_cell_put(s, r1, "diff/x", "stock", 1, "pass") == 0);
  CHECK(&cc, store_cell_put(s, r1, "diff/x", "mcrun", 2, "fail") == 0);
  entry_row_t *rows;
  cell_row_t *cells;
  size_t n, nc;
  store_entries_of(s, r1, &rows, &n);
  store_cells_of(s, r1, &cells, &nc);
  CHECK(&cc, n == 1 && nc == 2);
  CHECK_STR(&cc, rows[0].category, "regressed");
  CHECK(&cc, rows[0].idx == 3 && rows[0].compare_exec == 7);
  store_rows_free(rows, n, cells, nc);

  /* runs: an unfinished run is marked interrupted and resumed by the next */
  long r2 = store_run_start(s, "c", "-j2", "[]", &resumed);
  CHECK(&cc, resumed == r1);
  run_info_t ri;
  CHECK(&cc, store_run_get(s, r1, &ri) == 0);
  CHECK_STR(&cc, ri.state, "interrupted");
  run_info_free(&ri);
  CHECK(&cc, store_prev_complete_run(s, 0) == 0);
  CHECK(&cc, store_run_finish(s, r2, "complete", 5, 6, "{}") == 0);
  CHECK(&cc, store_prev_complete_run(s, 0) == r2);
  CHECK(&cc, store_prev_complete_run(s, r2) == 0);
  long r3 = store_run_start(s, "c", "", "[]", &resumed);
  CHECK(&cc, resumed == 0);
  store_run_finish(s, r3, "complete", 0, 0, "{}");
  CHECK(&cc, store_prev_complete_run(s, r3) == r2);

  /* the file-hash cache */
  hash_cache_t hc;
  store_hash_cache(s, &hc);
  char h[HASH_HEX];
  hc.put(hc.ctx, "/p", "stamp1", "0123456789012345678901234567890123456789012345678901234567890123");
  CHECK(&cc, hc.get(hc.ctx, "/p", "stamp1", h) == 0);
  CHECK(&cc, hc.get(hc.ctx, "/p", "stamp2", h) != 0);
  store_close(s);

  /* crash safety: a process killed in the middle of a transaction loses
     that transaction only */
  pid_t pid = fork();
  if (pid == 0) {
    store_t *c = store_open(db, err, sizeof err);
    for (int i = 0; i < 10; i++) {
      exec_rec_t x;
      char key[32];
      snprintf(key, sizeof key, "crash%d", i);
      fill(&x, r3, key, "exit");
      store_begin(c);
      store_exec_insert(c, &x);
      if (i == 9) kill(getpid(), SIGKILL); /* dies before committing the 10th */
      store_commit(c);
      exec_free(&x);
    }
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  CHECK(&cc, WIFSIGNALED(st));
  s = store_open(db, err, sizeof err);
  CHECK(&cc, s != NULL);
  if (s) {
    CHECK(&cc, store_exec_find(s, "crash8", &got, 0) == 0);
    CHECK(&cc, store_exec_find(s, "crash9", &got, 0) != 0);
    CHECK(&cc, store_exec_get(s, e.id, &got, 1) == 0 && got.out.len == e.out.len);
    store_close(s);
  }
  exec_free(&e);
  exec_free(&e2);
  exec_free(&got);
  rm_rf(dir);
  free(db);
  return check_report("unit_store", &cc);
}
