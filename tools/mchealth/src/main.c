/* main: the mchealth command line (run, report, gen, list, runs, show). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus.h"
#include "gen.h"
#include "judge.h"
#include "report.h"
#include "runner.h"
#include "store.h"

static const char *USAGE =
    "usage: mchealth [run] [options]       run the corpus on every runtime and compare\n"
    "       mchealth report [--run N] [--out DIR]   rewrite the HTML report of a run\n"
    "       mchealth gen diff|compile|bench|stdlib DIR [TEMPLATE]   print corpus entries for DIR\n"
    "       mchealth gen testsuite [-j N] [--all] [--dir tests/SUB] [--timeout S] [--testsuite DIR] [--ocamltest PATH]\n"
    "       mchealth list [--only REGEX]     list the corpus entries\n"
    "       mchealth runs                    list the recorded runs\n"
    "       mchealth tasks [--run N]         list the tasks a run executed (default: the last run)\n"
    "       mchealth show ENTRY [RUNTIME]    print the latest logs of a cell\n"
    "\n"
    "options:\n"
    "  -c, --corpus FILE      corpus file (default corpus/main.corpus)\n"
    "  -s, --state DIR        results database, content store, report (default build/health)\n"
    "  -j, --jobs N           parallel workers (default 2)\n"
    "  --only REGEX           only entries whose name matches (POSIX extended regex)\n"
    "  --retry-regressed      rerun the non-stock cells of the entries that regressed or were\n"
    "                         spurious in the last complete run (confirms timeouts/oom)\n"
    "  --rerun                run the selected entries again on every runtime, even if stored\n"
    "                         (with --only; e.g. after changing a limit)\n"
    "  --runtime NAME=PATH    set a runtime column (the first declared is the baseline)\n"
    "  -D NAME=VALUE          set a corpus variable\n"
    "  --timeout S            per-task timeout for every entry (default: the corpus's)\n"
    "  --memory MB            per-task memory limit, RLIMIT_DATA (default: the corpus's)\n"
    "  --progress MODE        auto, bar, plain or quiet (default auto: bar on a terminal)\n"
    "  --broken-threshold F   fraction of non-passing stock cells meaning a broken environment (0.5)\n"
    "  --report DIR           where to write the report (default STATE/report)\n"
    "  --no-report            do not write the report\n"
    "  --keep-work            keep the working directories of tasks (STATE/work)\n"
    "  --fail-on-regression   exit with status 1 when an entry regressed\n"
    "exit status: 0 done, 1 regressions (with --fail-on-regression), 2 error, 3 broken environment,\n"
    "130 interrupted (rerun to resume)\n";

static void usage(int status) {
  fputs(USAGE, status ? stderr : stdout);
  exit(status);
}

/* Option value: "--opt=value" or "--opt value". */
static const char *optval(int argc, char **argv, int *i, const char *name, const char *shortname) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) == 0 && a[n] == '=') return a + n + 1;
  if (strcmp(a, name) == 0 || (shortname && strcmp(a, shortname) == 0)) {
    if (*i + 1 >= argc) die("%s wants a value", name);
    return argv[++*i];
  }
  if (shortname && strncmp(a, shortname, strlen(shortname)) == 0 && a[strlen(shortname)] && shortname[1] != '-')
    return a + strlen(shortname);
  return NULL;
}

/* The reference toolchain directory, as scripts/reference-ocaml.sh makes it. */
static char *default_ref(void) {
  const char *r = getenv("MCRUN_REF");
  if (r && *r) return xstrdup(r);
  const char *c = getenv("MCRUN_CACHE");
  if (c && *c) return xasprintf("%s/ocaml-5.3.0", c);
  return xasprintf("%s/.cache/mcrun/ocaml-5.3.0", getenv("HOME") ? getenv("HOME") : "");
}

static int cmd_gen(int argc, char **argv) {
  if (argc < 2) usage(2);
  const char *kind = argv[1];
  buf_t out;
  buf_init(&out);
  char err[600];
  if (strcmp(kind, "testsuite") == 0) {
    gen_ts_opts_t o = {.jobs = 2, .timeout = 180, .tmpl = "${TESTSUITE}"};
    char *ref = default_ref();
    char *ts = xasprintf("%s/src/testsuite", ref);
    char *ot = xasprintf("%s/src/ocamltest/ocamltest", ref);
    free(ref);
    o.testsuite = ts;
    o.ocamltest = ot;
    for (int i = 2; i < argc; i++) {
      const char *v;
      if ((v = optval(argc, argv, &i, "--jobs", "-j"))) o.jobs = atoi(v);
      else if ((v = optval(argc, argv, &i, "--testsuite", NULL))) o.testsuite = v;
      else if ((v = optval(argc, argv, &i, "--ocamltest", NULL))) o.ocamltest = v;
      else if ((v = optval(argc, argv, &i, "--template", NULL))) o.tmpl = v;
      else if ((v = optval(argc, argv, &i, "--dir", NULL))) o.subdir = v;
      else if ((v = optval(argc, argv, &i, "--timeout", NULL))) o.timeout = atoi(v);
      else if (strcmp(argv[i], "--all") == 0) o.all = 1;
      else usage(2);
    }
    if (o.jobs < 1) o.jobs = 1;
    if (gen_testsuite(&o, &out, err, sizeof err) != 0) die("gen testsuite: %s", err);
    free(ts);
    free(ot);
  } else {
    if (argc < 3) usage(2);
    const char *dir = argv[2], *tmpl = argc > 3 ? argv[3] : argv[2];
    if (corpus_gen_dir(kind, tmpl, dir, &out, err, sizeof err) != 0) die("%s", err);
  }
  fwrite(out.data ? out.data : "", 1, out.len, stdout);
  buf_free(&out);
  return 0;
}

static store_t *open_state(const char *state) {
  char err[600];
  char *db = path_join(state, "mchealth.db");
  if (!file_exists(db)) die("no results in %s (run mchealth first)", state);
  store_t *s = store_open(db, err, sizeof err);
  if (!s) die("%s", err);
  free(db);
  return s;
}

static int cmd_runs(const char *state) {
  store_t *s = open_state(state);
  long ids[50];
  int n = store_runs_list(s, ids, 50);
  for (int i = n - 1; i >= 0; i--) {
    run_info_t r;
    if (store_run_get(s, ids[i], &r) != 0) continue;
    char t[40];
    iso_time(r.started, t, sizeof t);
    printf("run %-4ld %s  %-11s %6ld executed %6ld cached  %.0f s  %s\n", r.id, t, r.state, r.executed, r.cached,
           r.finished > r.started ? r.finished - r.started : 0.0, r.argv);
    run_info_free(&r);
  }
  store_close(s);
  return 0;
}

static void print_task(void *ctx, const exec_rec_t *e) {
  (void)ctx;
  if (strcmp(e->kind, "run-alias") == 0) return; /* a second name for a run just listed */
  printf("%-7s %-6s %-10s %s\n", e->kind, e->runtime, e->state, e->entry);
}

/* The tasks a run executed (not those it took from the store). */
static int cmd_tasks(const char *state, long run) {
  store_t *s = open_state(state);
  if (!run) {
    long ids[1];
    if (store_runs_list(s, ids, 1) == 1) run = ids[0];
  }
  store_execs_each(s, run, print_task, NULL);
  store_close(s);
  return 0;
}

static int cmd_show(const char *state, const char *entry, const char *rt) {
  store_t *s = open_state(state);
  long run = store_prev_complete_run(s, 0);
  cell_row_t *cells;
  entry_row_t *rows;
  size_t nc, n;
  store_entries_of(s, run, &rows, &n);
  store_cells_of(s, run, &cells, &nc);
  int found = 0;
  for (size_t i = 0; i < n; i++)
    if (strcmp(rows[i].entry, entry) == 0) printf("%s: %s  %s\n", entry, rows[i].category, rows[i].signature), found = 1;
  for (size_t j = 0; j < nc; j++) {
    if (strcmp(cells[j].entry, entry) != 0 || (rt && strcmp(cells[j].runtime, rt) != 0)) continue;
    exec_rec_t ex;
    exec_init(&ex);
    printf("== %s: %s\n", cells[j].runtime, cells[j].state);
    if (cells[j].exec_id && store_exec_get(s, cells[j].exec_id, &ex, 1) == 0) {
      printf("-- %s, %.2f s, %ld KiB peak\n-- commands:\n%s\n-- stdout:\n%s\n-- stderr:\n%s\n", ex.reason, ex.wall,
             ex.maxrss_kb, ex.extra, ex.out.data, ex.err.data);
    }
    exec_free(&ex);
  }
  store_rows_free(rows, n, cells, nc);
  store_close(s);
  if (!found) die("no entry '%s' in run %ld", entry, run);
  return 0;
}

int main(int argc, char **argv) {
  runner_opts_t o;
  runner_opts_init(&o);
  o.corpus = "corpus/main.corpus";
  const char *cmd = "run";
  int first = 1;
  /* the command is the first word that names one (options may come first) */
  static const char *const cmds[] = {"run", "report", "gen", "list", "runs", "tasks", "show", "help", NULL};
  for (int i = 1; i < argc && strcmp(cmd, "run") == 0; i++)
    for (int k = 0; cmds[k]; k++)
      if (strcmp(argv[i], cmds[k]) == 0 && (i == 1 || argv[i - 1][0] != '-' || strchr(argv[i - 1], '='))) {
        cmd = argv[i];
        for (int j = i; j + 1 < argc; j++) argv[j] = argv[j + 1];
        argc--;
        break;
      }
  if (strcmp(cmd, "gen") == 0) {
    argv[0] = "gen";
    return cmd_gen(argc, argv);
  }
  if (strcmp(cmd, "help") == 0) usage(0);
  long report_run = 0;
  const char *report_out = NULL;
  strvec_t rest;
  sv_init(&rest);
  for (int i = first; i < argc; i++) {
    const char *v;
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) usage(0);
    else if ((v = optval(argc, argv, &i, "--corpus", "-c"))) o.corpus = v;
    else if ((v = optval(argc, argv, &i, "--state", "-s"))) o.state_dir = v;
    else if ((v = optval(argc, argv, &i, "--jobs", "-j"))) o.jobs = atoi(v);
    else if ((v = optval(argc, argv, &i, "--only", NULL))) o.only = v;
    else if ((v = optval(argc, argv, &i, "--runtime", NULL))) sv_push(&o.runtimes, v);
    else if ((v = optval(argc, argv, &i, "--define", "-D"))) sv_push(&o.defines, v);
    else if ((v = optval(argc, argv, &i, "--timeout", NULL))) o.timeout = atoi(v);
    else if ((v = optval(argc, argv, &i, "--memory", NULL))) o.mem_mb = atol(v);
    else if ((v = optval(argc, argv, &i, "--broken-threshold", NULL))) o.broken_threshold = atof(v);
    else if ((v = optval(argc, argv, &i, "--report", NULL))) o.report_dir = v;
    else if ((v = optval(argc, argv, &i, "--run", NULL))) report_run = atol(v);
    else if ((v = optval(argc, argv, &i, "--out", NULL))) report_out = v;
    else if ((v = optval(argc, argv, &i, "--progress", NULL))) {
      if (strcmp(v, "auto") == 0) o.progress = PROGRESS_AUTO;
      else if (strcmp(v, "bar") == 0) o.progress = PROGRESS_BAR;
      else if (strcmp(v, "plain") == 0) o.progress = PROGRESS_PLAIN;
      else if (strcmp(v, "quiet") == 0) o.progress = PROGRESS_QUIET;
      else die("--progress wants auto, bar, plain or quiet");
    } else if (strcmp(a, "--retry-regressed") == 0) o.retry_regressed = 1;
    else if (strcmp(a, "--rerun") == 0) o.rerun = 1;
    else if (strcmp(a, "--no-report") == 0) o.no_report = 1;
    else if (strcmp(a, "--keep-work") == 0) o.keep_work = 1;
    else if (strcmp(a, "--fail-on-regression") == 0) o.fail_on_regression = 1;
    else if (a[0] == '-') {
      fprintf(stderr, "mchealth: unknown option '%s'\n", a);
      usage(2);
    } else sv_push(&rest, a);
  }
  const char *state = o.state_dir ? o.state_dir : "build/health";
  int status = 0;
  if (strcmp(cmd, "run") == 0) {
    if (rest.n) usage(2);
    status = runner_main(&o);
  } else if (strcmp(cmd, "report") == 0) {
    store_t *s = open_state(state);
    long run = report_run ? report_run : store_prev_complete_run(s, 0);
    char *dir = report_out ? xstrdup(report_out) : path_join(state, "report");
    char err[600];
    if (report_write(s, run, dir, err, sizeof err) != 0) die("%s", err);
    printf("report: %s/index.html\n", dir);
    free(dir);
    store_close(s);
  } else if (strcmp(cmd, "tasks") == 0) {
    status = cmd_tasks(state, report_run);
  } else if (strcmp(cmd, "runs") == 0) {
    status = cmd_runs(state);
  } else if (strcmp(cmd, "show") == 0) {
    if (rest.n < 1) usage(2);
    status = cmd_show(state, rest.v[0], rest.n > 1 ? rest.v[1] : NULL);
  } else if (strcmp(cmd, "list") == 0) {
    corpus_t c;
    corpus_init(&c);
    char err[600];
    for (size_t i = 0; i < o.defines.n; i++) {
      char *eq = strchr(o.defines.v[i], '=');
      if (!eq) die("-D wants NAME=VALUE");
      char *name = xstrndup(o.defines.v[i], (size_t)(eq - o.defines.v[i]));
      corpus_define(&c, name, eq + 1);
      free(name);
    }
    if (corpus_load(&c, o.corpus, err, sizeof err) != 0) die("%s", err);
    for (size_t i = 0; i < c.nentries; i++) printf("%-14s %s\n", c.entries[i].group, c.entries[i].name);
    fprintf(stderr, "%zu entries, %zu runtimes\n", c.nentries, c.nrts);
    corpus_free(&c);
  } else {
    fprintf(stderr, "mchealth: unknown command '%s'\n", cmd);
    usage(2);
  }
  sv_free(&rest);
  sv_free(&o.runtimes);
  sv_free(&o.defines);
  return status;
}
