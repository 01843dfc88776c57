/* store: the SQLite result store (runs, task executions with compressed
   logs, per-run entries and cells, the file-hash cache). */
#include "store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct store {
  sqlite3 *db;
  sqlite3_stmt *fh_get, *fh_put, *ex_find, *ex_get, *ex_ins, *cell_put, *entry_put;
};

static const char *SCHEMA =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);"
    "CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started REAL, finished REAL,"
    " state TEXT, corpus TEXT, argv TEXT, runtimes TEXT, executed INTEGER DEFAULT 0,"
    " cached INTEGER DEFAULT 0, resumed_from INTEGER DEFAULT 0, summary TEXT);"
    "CREATE TABLE IF NOT EXISTS execs(id INTEGER PRIMARY KEY, run_id INTEGER, key TEXT,"
    " kind TEXT, entry TEXT, runtime TEXT, attempt INTEGER, state TEXT, reason TEXT,"
    " exit_code INTEGER, sig INTEGER, started REAL, wall REAL, utime REAL, stime REAL,"
    " maxrss_kb INTEGER, timeout_s INTEGER, mem_mb INTEGER, result_hash TEXT,"
    " stdout_hash TEXT, stderr_hash TEXT, outputs TEXT, stdout BLOB, stderr BLOB, log BLOB,"
    " extra TEXT);"
    "CREATE INDEX IF NOT EXISTS execs_key ON execs(key, id);"
    "CREATE INDEX IF NOT EXISTS execs_run ON execs(run_id);"
    "CREATE TABLE IF NOT EXISTS entries(run_id INTEGER, entry TEXT, idx INTEGER, grp TEXT,"
    " build_exec INTEGER, compare_exec INTEGER, category TEXT, signature TEXT,"
    " carried INTEGER DEFAULT 0, PRIMARY KEY(run_id, entry));"
    "CREATE TABLE IF NOT EXISTS cells(run_id INTEGER, entry TEXT, runtime TEXT,"
    " exec_id INTEGER, state TEXT, PRIMARY KEY(run_id, entry, runtime));"
    "CREATE TABLE IF NOT EXISTS filehash(path TEXT PRIMARY KEY, stamp TEXT, hash TEXT);"
    "INSERT OR IGNORE INTO meta VALUES('schema', '1');";

#define EXEC_COLS                                                                          \
  "id, run_id, key, kind, entry, runtime, attempt, state, reason, exit_code, sig, started, " \
  "wall, utime, stime, maxrss_kb, timeout_s, mem_mb, result_hash, stdout_hash, stderr_hash, " \
  "outputs, extra"
#define EXEC_LOGS ", stdout, stderr, log"

static int prep(store_t *s, sqlite3_stmt **st, const char *sql) {
  return sqlite3_prepare_v2(s->db, sql, -1, st, NULL) == SQLITE_OK ? 0 : -1;
}

store_t *store_open(const char *path, char *err, size_t errlen) {
  store_t *s = xcalloc(1, sizeof *s);
  if (sqlite3_open(path, &s->db) != SQLITE_OK) {
    snprintf(err, errlen, "cannot open %s: %s", path, sqlite3_errmsg(s->db));
    sqlite3_close(s->db);
    free(s);
    return NULL;
  }
  sqlite3_busy_timeout(s->db, 10000);
  char *msg = NULL;
  if (sqlite3_exec(s->db, SCHEMA, NULL, NULL, &msg) != SQLITE_OK) {
    snprintf(err, errlen, "cannot initialise %s: %s", path, msg ? msg : "?");
    sqlite3_free(msg);
    sqlite3_close(s->db);
    free(s);
    return NULL;
  }
  if (prep(s, &s->fh_get, "SELECT hash FROM filehash WHERE path=? AND stamp=?") ||
      prep(s, &s->fh_put, "INSERT OR REPLACE INTO filehash VALUES(?,?,?)") ||
      prep(s, &s->ex_find, "SELECT " EXEC_COLS " FROM execs WHERE key=? ORDER BY id DESC LIMIT 1") ||
      prep(s, &s->ex_get, "SELECT " EXEC_COLS EXEC_LOGS " FROM execs WHERE id=?") ||
      prep(s, &s->ex_ins,
           "INSERT INTO execs(run_id, key, kind, entry, runtime, attempt, state, reason, exit_code,"
           " sig, started, wall, utime, stime, maxrss_kb, timeout_s, mem_mb, result_hash,"
           " stdout_hash, stderr_hash, outputs, extra, stdout, stderr, log)"
           " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)") ||
      prep(s, &s->cell_put, "INSERT OR REPLACE INTO cells VALUES(?,?,?,?,?)") ||
      prep(s, &s->entry_put, "INSERT OR REPLACE INTO entries VALUES(?,?,?,?,?,?,?,?,?)")) {
    snprintf(err, errlen, "cannot prepare statements: %s", sqlite3_errmsg(s->db));
    store_close(s);
    return NULL;
  }
  return s;
}

void store_close(store_t *s) {
  if (!s) return;
  sqlite3_stmt *all[] = {s->fh_get, s->fh_put, s->ex_find, s->ex_get, s->ex_ins, s->cell_put, s->entry_put};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++) sqlite3_finalize(all[i]);
  sqlite3_close(s->db);
  free(s);
}

int store_begin(store_t *s) { return sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1; }
int store_commit(store_t *s) { return sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1; }

static const char *col_text(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? (const char *)t : "";
}

/* ---- runs ---- */

long store_run_start(store_t *s, const char *corpus, const char *argv, const char *runtimes,
                     long *resumed_from) {
  sqlite3_stmt *st;
  *resumed_from = 0;
  if (prep(s, &st, "SELECT max(id) FROM runs WHERE state='running'") == 0) {
    if (sqlite3_step(st) == SQLITE_ROW) *resumed_from = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_exec(s->db, "UPDATE runs SET state='interrupted' WHERE state='running'", NULL, NULL, NULL);
  if (prep(s, &st, "INSERT INTO runs(started, state, corpus, argv, runtimes, resumed_from)"
                   " VALUES(?, 'running', ?, ?, ?, ?)") != 0)
    return -1;
  sqlite3_bind_double(st, 1, wall_sec());
  sqlite3_bind_text(st, 2, corpus, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, argv, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, runtimes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 5, *resumed_from);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? (long)sqlite3_last_insert_rowid(s->db) : -1;
}

int store_run_finish(store_t *s, long run_id, const char *state, long executed, long cached,
                     const char *summary) {
  sqlite3_stmt *st;
  if (prep(s, &st, "UPDATE runs SET finished=?, state=?, executed=?, cached=?, summary=? WHERE id=?") != 0)
    return -1;
  sqlite3_bind_double(st, 1, wall_sec());
  sqlite3_bind_text(st, 2, state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 3, executed);
  sqlite3_bind_int64(st, 4, cached);
  sqlite3_bind_text(st, 5, summary ? summary : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 6, run_id);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

long store_prev_complete_run(store_t *s, long before) {
  sqlite3_stmt *st;
  long id = 0;
  if (prep(s, &st, "SELECT max(id) FROM runs WHERE state='complete' AND (?<=0 OR id<?)") != 0) return 0;
  sqlite3_bind_int64(st, 1, before);
  sqlite3_bind_int64(st, 2, before);
  if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return id;
}

int store_run_get(store_t *s, long id, run_info_t *r) {
  sqlite3_stmt *st;
  memset(r, 0, sizeof *r);
  if (prep(s, &st, "SELECT id, started, finished, state, executed, cached, resumed_from, corpus,"
                   " argv, runtimes, summary FROM runs WHERE id=?") != 0)
    return -1;
  sqlite3_bind_int64(st, 1, id);
  int rc = -1;
  if (sqlite3_step(st) == SQLITE_ROW) {
    r->id = sqlite3_column_int64(st, 0);
    r->started = sqlite3_column_double(st, 1);
    r->finished = sqlite3_column_double(st, 2);
    snprintf(r->state, sizeof r->state, "%s", col_text(st, 3));
    r->executed = sqlite3_column_int64(st, 4);
    r->cached = sqlite3_column_int64(st, 5);
    r->resumed_from = sqlite3_column_int64(st, 6);
    r->corpus = xstrdup(col_text(st, 7));
    r->argv = xstrdup(col_text(st, 8));
    r->runtimes = xstrdup(col_text(st, 9));
    r->summary = xstrdup(col_text(st, 10));
    rc = 0;
  }
  sqlite3_finalize(st);
  return rc;
}

void run_info_free(run_info_t *r) {
  free(r->corpus);
  free(r->argv);
  free(r->runtimes);
  free(r->summary);
  memset(r, 0, sizeof *r);
}

int store_runs_list(store_t *s, long *ids, int max) {
  sqlite3_stmt *st;
  if (prep(s, &st, "SELECT id FROM runs ORDER BY id DESC LIMIT ?") != 0) return 0;
  sqlite3_bind_int(st, 1, max);
  int n = 0;
  while (n < max && sqlite3_step(st) == SQLITE_ROW) ids[n++] = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

/* ---- executions ---- */

void exec_init(exec_rec_t *e) {
  memset(e, 0, sizeof *e);
  buf_init(&e->out);
  buf_init(&e->err);
  buf_init(&e->log);
}

void exec_free(exec_rec_t *e) {
  free(e->entry);
  free(e->runtime);
  free(e->reason);
  free(e->outputs);
  free(e->extra);
  buf_free(&e->out);
  buf_free(&e->err);
  buf_free(&e->log);
  exec_init(e);
}

static void bind_blob_z(sqlite3_stmt *st, int i, const buf_t *b) {
  buf_t z;
  buf_init(&z);
  if (b->len && z_compress(b->data, b->len, &z) == 0)
    sqlite3_bind_blob(st, i, z.data, (int)z.len, SQLITE_TRANSIENT);
  else
    sqlite3_bind_blob(st, i, "", 0, SQLITE_TRANSIENT);
  buf_free(&z);
}

long store_exec_insert(store_t *s, exec_rec_t *e) {
  sqlite3_stmt *st = s->ex_ins;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, e->run_id);
  sqlite3_bind_text(st, 2, e->key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, e->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, e->entry ? e->entry : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 5, e->runtime ? e->runtime : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 6, e->attempt);
  sqlite3_bind_text(st, 7, e->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 8, e->reason ? e->reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 9, e->exit_code);
  sqlite3_bind_int(st, 10, e->sig);
  sqlite3_bind_double(st, 11, e->started);
  sqlite3_bind_double(st, 12, e->wall);
  sqlite3_bind_double(st, 13, e->utime);
  sqlite3_bind_double(st, 14, e->stime);
  sqlite3_bind_int64(st, 15, e->maxrss_kb);
  sqlite3_bind_int(st, 16, e->timeout_s);
  sqlite3_bind_int64(st, 17, e->mem_mb);
  sqlite3_bind_text(st, 18, e->result_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 19, e->stdout_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 20, e->stderr_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 21, e->outputs ? e->outputs : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 22, e->extra ? e->extra : "", -1, SQLITE_TRANSIENT);
  bind_blob_z(st, 23, &e->out);
  bind_blob_z(st, 24, &e->err);
  bind_blob_z(st, 25, &e->log);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return -1;
  e->id = (long)sqlite3_last_insert_rowid(s->db);
  return e->id;
}

static void load_blob(sqlite3_stmt *st, int i, buf_t *b) {
  const void *p = sqlite3_column_blob(st, i);
  int n = sqlite3_column_bytes(st, i);
  buf_reset(b);
  if (!p || n == 0 || z_uncompress(p, (size_t)n, b) != 0) {
    buf_reset(b);
    buf_add(b, "", 0);
  }
}

static void read_exec(sqlite3_stmt *st, exec_rec_t *e, int with_logs) {
  exec_free(e);
  e->id = sqlite3_column_int64(st, 0);
  e->run_id = sqlite3_column_int64(st, 1);
  snprintf(e->key, sizeof e->key, "%s", col_text(st, 2));
  snprintf(e->kind, sizeof e->kind, "%s", col_text(st, 3));
  e->entry = xstrdup(col_text(st, 4));
  e->runtime = xstrdup(col_text(st, 5));
  e->attempt = sqlite3_column_int(st, 6);
  snprintf(e->state, sizeof e->state, "%s", col_text(st, 7));
  e->reason = xstrdup(col_text(st, 8));
  e->exit_code = sqlite3_column_int(st, 9);
  e->sig = sqlite3_column_int(st, 10);
  e->started = sqlite3_column_double(st, 11);
  e->wall = sqlite3_column_double(st, 12);
  e->utime = sqlite3_column_double(st, 13);
  e->stime = sqlite3_column_double(st, 14);
  e->maxrss_kb = sqlite3_column_int64(st, 15);
  e->timeout_s = sqlite3_column_int(st, 16);
  e->mem_mb = sqlite3_column_int64(st, 17);
  snprintf(e->result_hash, sizeof e->result_hash, "%s", col_text(st, 18));
  snprintf(e->stdout_hash, sizeof e->stdout_hash, "%s", col_text(st, 19));
  snprintf(e->stderr_hash, sizeof e->stderr_hash, "%s", col_text(st, 20));
  e->outputs = xstrdup(col_text(st, 21));
  e->extra = xstrdup(col_text(st, 22));
  if (with_logs) {
    load_blob(st, 23, &e->out);
    load_blob(st, 24, &e->err);
    load_blob(st, 25, &e->log);
  }
}

int store_exec_find(store_t *s, const char *key, exec_rec_t *out, int with_logs) {
  sqlite3_stmt *st = s->ex_find;
  sqlite3_reset(st);
  sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
  int rc = -1;
  if (sqlite3_step(st) == SQLITE_ROW) {
    long id = sqlite3_column_int64(st, 0);
    if (with_logs) {
      sqlite3_reset(st);
      return store_exec_get(s, id, out, 1);
    }
    read_exec(st, out, 0);
    rc = 0;
  }
  sqlite3_reset(st);
  return rc;
}

int store_exec_get(store_t *s, long id, exec_rec_t *out, int with_logs) {
  sqlite3_stmt *st = s->ex_get;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, id);
  int rc = -1;
  if (sqlite3_step(st) == SQLITE_ROW) {
    read_exec(st, out, with_logs);
    rc = 0;
  }
  sqlite3_reset(st);
  return rc;
}

int store_exec_count(store_t *s, const char *key, const char *state) {
  sqlite3_stmt *st;
  int n = 0;
  if (prep(s, &st, "SELECT count(*) FROM execs WHERE key=?1 AND (?2 IS NULL OR state=?2)") != 0) return 0;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
  if (state) sqlite3_bind_text(st, 2, state, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, 2);
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return n;
}

long store_execs_in_run(store_t *s, long run_id) {
  sqlite3_stmt *st;
  long n = 0;
  if (prep(s, &st, "SELECT count(*) FROM execs WHERE run_id=?") != 0) return 0;
  sqlite3_bind_int64(st, 1, run_id);
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

void store_execs_each(store_t *s, long run_id, void (*f)(void *ctx, const exec_rec_t *e), void *ctx) {
  sqlite3_stmt *st;
  if (prep(s, &st, "SELECT " EXEC_COLS " FROM execs WHERE run_id=? ORDER BY id") != 0) return;
  sqlite3_bind_int64(st, 1, run_id);
  exec_rec_t e;
  exec_init(&e);
  while (sqlite3_step(st) == SQLITE_ROW) {
    read_exec(st, &e, 0);
    f(ctx, &e);
  }
  exec_free(&e);
  sqlite3_finalize(st);
}

/* ---- entries and cells ---- */

int store_entry_put(store_t *s, const entry_row_t *r) {
  sqlite3_stmt *st = s->entry_put;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, r->run_id);
  sqlite3_bind_text(st, 2, r->entry, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 3, r->idx);
  sqlite3_bind_text(st, 4, r->grp ? r->grp : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 5, r->build_exec);
  sqlite3_bind_int64(st, 6, r->compare_exec);
  sqlite3_bind_text(st, 7, r->category ? r->category : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 8, r->signature ? r->signature : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 9, r->carried);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

int store_cell_put(store_t *s, long run_id, const char *entry, const char *runtime, long exec_id,
                   const char *state) {
  sqlite3_stmt *st = s->cell_put;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, run_id);
  sqlite3_bind_text(st, 2, entry, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, runtime, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 4, exec_id);
  sqlite3_bind_text(st, 5, state, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

int store_entries_of(store_t *s, long run_id, entry_row_t **rows, size_t *n) {
  sqlite3_stmt *st;
  *rows = NULL;
  *n = 0;
  if (prep(s, &st, "SELECT run_id, entry, idx, grp, build_exec, compare_exec, category, signature,"
                   " carried FROM entries WHERE run_id=? ORDER BY idx, entry") != 0)
    return -1;
  sqlite3_bind_int64(st, 1, run_id);
  size_t cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? 2 * cap : 256;
      *rows = xrealloc(*rows, cap * sizeof **rows);
    }
    entry_row_t *r = &(*rows)[(*n)++];
    r->run_id = sqlite3_column_int64(st, 0);
    r->entry = xstrdup(col_text(st, 1));
    r->idx = sqlite3_column_int(st, 2);
    r->grp = xstrdup(col_text(st, 3));
    r->build_exec = sqlite3_column_int64(st, 4);
    r->compare_exec = sqlite3_column_int64(st, 5);
    r->category = xstrdup(col_text(st, 6));
    r->signature = xstrdup(col_text(st, 7));
    r->carried = sqlite3_column_int(st, 8);
  }
  sqlite3_finalize(st);
  return 0;
}

int store_cells_of(store_t *s, long run_id, cell_row_t **rows, size_t *n) {
  sqlite3_stmt *st;
  *rows = NULL;
  *n = 0;
  if (prep(s, &st, "SELECT entry, runtime, exec_id, state FROM cells WHERE run_id=?") != 0) return -1;
  sqlite3_bind_int64(st, 1, run_id);
  size_t cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? 2 * cap : 256;
      *rows = xrealloc(*rows, cap * sizeof **rows);
    }
    cell_row_t *r = &(*rows)[(*n)++];
    r->entry = xstrdup(col_text(st, 0));
    r->runtime = xstrdup(col_text(st, 1));
    r->exec_id = sqlite3_column_int64(st, 2);
    r->state = xstrdup(col_text(st, 3));
  }
  sqlite3_finalize(st);
  return 0;
}

void store_rows_free(entry_row_t *rows, size_t n, cell_row_t *cells, size_t ncells) {
  for (size_t i = 0; i < n; i++) {
    free(rows[i].entry);
    free(rows[i].grp);
    free(rows[i].category);
    free(rows[i].signature);
  }
  free(rows);
  for (size_t i = 0; i < ncells; i++) {
    free(cells[i].entry);
    free(cells[i].runtime);
    free(cells[i].state);
  }
  free(cells);
}

/* ---- file-hash cache ---- */

static int fh_get(void *ctx, const char *path, const char *stamp, char out[HASH_HEX]) {
  store_t *s = ctx;
  sqlite3_reset(s->fh_get);
  sqlite3_bind_text(s->fh_get, 1, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s->fh_get, 2, stamp, -1, SQLITE_TRANSIENT);
  int rc = -1;
  if (sqlite3_step(s->fh_get) == SQLITE_ROW) {
    snprintf(out, HASH_HEX, "%s", col_text(s->fh_get, 0));
    rc = strlen(out) == 64 ? 0 : -1;
  }
  sqlite3_reset(s->fh_get);
  return rc;
}

static void fh_put(void *ctx, const char *path, const char *stamp, const char *hash) {
  store_t *s = ctx;
  sqlite3_reset(s->fh_put);
  sqlite3_bind_text(s->fh_put, 1, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s->fh_put, 2, stamp, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s->fh_put, 3, hash, -1, SQLITE_TRANSIENT);
  sqlite3_step(s->fh_put);
  sqlite3_reset(s->fh_put);
}

void store_hash_cache(store_t *s, hash_cache_t *c) {
  memset(c, 0, sizeof *c);
  c->ctx = s;
  c->get = fh_get;
  c->put = fh_put;
}
