/* gen: the generator of testsuite corpus entries: lists OCaml's test
   suite with ocamltest and keeps the tests that stock actually runs. */
#include "gen.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "judge.h"
#include "proc.h"

/* Run a command in cwd, capture its stdout (lines) into out. */
static int capture_cmd(const char *cwd, char *const argv[], char *const envp[], const char *tmpdir, buf_t *out,
                       char *err, size_t errlen) {
  char *of = xasprintf("%s/capture.out", tmpdir);
  unlink(of);
  proc_spec_t sp = {.cwd = cwd, .argv = argv, .envp = envp, .stdout_path = of, .stderr_path = NULL};
  proc_result_t res;
  int to;
  int rc = proc_run_sync(&sp, 120, &res, &to, err, errlen);
  if (rc == 0) file_read(of, out);
  free(of);
  return rc;
}

/* Build products and editor droppings are not inputs of a test. */
static int junk(const char *name) {
  static const char *ext[] = {".cmi", ".cmo", ".cmt", ".cmti", ".cma", ".byte", ".o", ".a", ".so", ".cmx", ".cmxa", NULL};
  if (name[0] == '.' || strcmp(name, "_ocamltest") == 0 || str_ends(name, "~")) return 1;
  for (int i = 0; ext[i]; i++)
    if (str_ends(name, ext[i])) return 1;
  return 0;
}

typedef struct ts_test {
  char *dir;  /* relative to the testsuite, e.g. tests/lib-hashtbl */
  char *file; /* e.g. htbl.ml */
  const char *verdict;
  double secs; /* stock's wall time */
} ts_test_t;

int gen_testsuite(const gen_ts_opts_t *o, buf_t *out, char *err, size_t errlen) {
  char *tmp = xstrdup("/tmp/mchealth-gen-XXXXXX");
  if (!mkdtemp(tmp)) {
    snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
    return -1;
  }
  char *envp[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TERM=dumb", NULL, NULL};
  char *ocdir = xasprintf("OCAMLTESTDIR=%s/ot", tmp);
  envp[4] = ocdir;
  buf_t dirs, list;
  buf_init(&dirs);
  buf_init(&list);
  char *a1[] = {(char *)o->ocamltest, "-find-test-dirs", (char *)(o->subdir ? o->subdir : "tests"), NULL};
  if (capture_cmd(o->testsuite, a1, envp, tmp, &dirs, err, errlen) != 0) return -1;
  ts_test_t *tests = NULL;
  size_t n = 0, cap = 0;
  strvec_t dv;
  sv_init(&dv);
  for (char *p = dirs.data; p && *p;) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    if (*p) sv_push(&dv, p);
    p = nl ? nl + 1 : NULL;
  }
  sv_sort(&dv);
  for (size_t i = 0; i < dv.n; i++) {
    char *a2[] = {(char *)o->ocamltest, "-list-tests", dv.v[i], NULL};
    buf_reset(&list);
    if (capture_cmd(o->testsuite, a2, envp, tmp, &list, err, errlen) != 0) continue;
    strvec_t fs;
    sv_init(&fs);
    for (char *p = list.data; p && *p;) {
      char *nl = strchr(p, '\n');
      if (nl) *nl = 0;
      if (*p) sv_push(&fs, p);
      p = nl ? nl + 1 : NULL;
    }
    sv_sort(&fs);
    for (size_t j = 0; j < fs.n; j++) {
      if (n == cap) tests = xrealloc(tests, (cap = cap ? 2 * cap : 512) * sizeof *tests);
      tests[n].dir = xstrdup(dv.v[i]);
      tests[n].file = xstrdup(fs.v[j]);
      tests[n].verdict = o->all ? "passed" : NULL;
      n++;
    }
    sv_free(&fs);
  }
  fprintf(stderr, "gen testsuite: %zu tests in %zu directories%s\n", n, dv.n,
          o->all ? "" : "; running each on stock to keep those it runs");

  /* run stock on every test, o->jobs at a time */
  proc_become_subreaper();
  if (!o->all) {
    typedef struct job {
      pid_t pid;
      size_t t;
      char *dir;
      double start;
      int killed;
    } job_t;
    job_t *jobs = xcalloc((size_t)o->jobs, sizeof *jobs);
    size_t next = 0, done = 0;
    int active = 0;
    while (done < n) {
      while (active < o->jobs && next < n) {
        int slot = 0;
        while (jobs[slot].pid) slot++;
        jobs[slot].t = next;
        jobs[slot].dir = xasprintf("%s/j%zu", tmp, next);
        mkdir_p(jobs[slot].dir);
        char *outp = xasprintf("%s/out", jobs[slot].dir);
        char *ot = xasprintf("OCAMLTESTDIR=%s/ot", jobs[slot].dir);
        char *path = xasprintf("%s/%s", tests[next].dir, tests[next].file);
        char *av[] = {(char *)o->ocamltest, path, NULL};
        char *ev[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TERM=dumb", ot, NULL};
        proc_spec_t sp = {.cwd = o->testsuite, .argv = av, .envp = ev, .stdout_path = outp, .stderr_path = NULL};
        char e2[300];
        jobs[slot].pid = proc_spawn(&sp, e2, sizeof e2);
        jobs[slot].start = now_sec();
        jobs[slot].killed = 0;
        if (jobs[slot].pid < 0) jobs[slot].pid = 0, tests[next].verdict = "error", done++;
        else active++;
        free(outp);
        free(ot);
        free(path);
        next++;
      }
      int st;
      pid_t p = waitpid(-1, &st, WNOHANG);
      if (p < 0) break;
      if (p == 0) {
        /* a test that runs too long on stock is left out of the corpus */
        for (int s = 0; s < o->jobs; s++)
          if (jobs[s].pid && !jobs[s].killed && now_sec() - jobs[s].start > o->timeout) {
            proc_kill_group(jobs[s].pid, SIGKILL);
            jobs[s].killed = 1;
          }
        usleep(20000);
        continue;
      }
      for (int s = 0; s < o->jobs; s++)
        if (jobs[s].pid == p) {
          buf_t ob;
          buf_init(&ob);
          char *outp = xasprintf("%s/out", jobs[s].dir);
          file_read(outp, &ob);
          const char *v = ocamltest_verdict(ob.data ? ob.data : "");
          tests[jobs[s].t].verdict = jobs[s].killed ? "timeout" : v ? v : "failed";
          tests[jobs[s].t].secs = now_sec() - jobs[s].start;
          if (jobs[s].killed)
            fprintf(stderr, "gen testsuite: %s/%s: stock took over %d s, left out\n", tests[jobs[s].t].dir,
                    tests[jobs[s].t].file, o->timeout);
          rm_rf(jobs[s].dir);
          free(jobs[s].dir);
          free(outp);
          buf_free(&ob);
          jobs[s].pid = 0;
          active--;
          done++;
          if (done % 100 == 0) fprintf(stderr, "gen testsuite: %zu/%zu\n", done, n);
        }
    }
    free(jobs);
  }

  long kept = 0, skipped = 0;
  buf_addf(out, "# The OCaml 5.3 test suite: every test that stock ocamltest runs (skipped ones left out).\n"
                "# Generated by: mchealth gen testsuite (see docs/mchealth.md); do not edit by hand.\n");
  for (size_t i = 0; i < n; i++) {
    ts_test_t *t = &tests[i];
    if (!t->verdict || strcmp(t->verdict, "skipped") == 0 || strcmp(t->verdict, "error") == 0 ||
        strcmp(t->verdict, "timeout") == 0) {
      skipped++;
      continue;
    }
    kept++;
    const char *rel = str_starts(t->dir, "tests/") ? t->dir + 6 : t->dir;
    buf_addf(out, "entry ts/%s/%s\n  group testsuite\n", rel, t->file);
    buf_addf(out, "  input %s/%s/%s\n", o->tmpl, t->dir, t->file);
    /* the test's own and the shared support files of its directory */
    char *absdir = xasprintf("%s/%s", o->testsuite, t->dir);
    strvec_t names, tests_here;
    sv_init(&names);
    sv_init(&tests_here);
    dir_list(absdir, &names);
    for (size_t j = 0; j < n; j++)
      if (strcmp(tests[j].dir, t->dir) == 0) sv_push(&tests_here, tests[j].file);
    char *mybase = xstrndup(t->file, strcspn(t->file, "."));
    for (size_t j = 0; j < names.n; j++) {
      const char *f = names.v[j];
      if (junk(f) || sv_contains(&tests_here, f)) continue;
      /* a file named after another test of the directory is that test's */
      int other = 0, mine = 0;
      for (size_t k = 0; k < tests_here.n; k++) {
        char *b = xstrndup(tests_here.v[k], strcspn(tests_here.v[k], "."));
        char *pre = xasprintf("%s.", b);
        if (str_starts(f, pre)) {
          if (strcmp(b, mybase) == 0) mine = 1;
          else other = 1;
        }
        free(pre);
        free(b);
      }
      if (other && !mine) continue;
      buf_addf(out, "  input %s/%s/%s\n", o->tmpl, t->dir, f);
    }
    free(mybase);
    sv_free(&names);
    sv_free(&tests_here);
    free(absdir);
    buf_addf(out, "  run ${OCAMLTEST} -e %s/%s/%s\n", o->tmpl, t->dir, t->file);
    buf_adds(out, "  env OCAMLSRCDIR=${RUNTIME_TREE}\n  env OCAMLTESTDIR=${WORK}/_ocamltest\n  env TERM=dumb\n");
    /* ten times stock's time, at least a minute, at most five */
    int tmo = (int)(t->secs * 10);
    if (tmo < 60) tmo = 60;
    if (tmo > 300) tmo = 300;
    if (t->secs > 0) buf_addf(out, "  timeout %d\n", tmo);
    buf_adds(out, "  expect ocamltest\nend\n");
  }
  fprintf(stderr, "gen testsuite: %ld tests kept, %ld skipped by stock\n", kept, skipped);
  for (size_t i = 0; i < n; i++) {
    free(tests[i].dir);
    free(tests[i].file);
  }
  free(tests);
  sv_free(&dv);
  buf_free(&dirs);
  buf_free(&list);
  rm_rf(tmp);
  free(tmp);
  free(ocdir);
  return 0;
}
