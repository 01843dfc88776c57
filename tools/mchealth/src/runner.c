/* runner: one mchealth run: keys every task by the content of its inputs,
   reuses stored results, executes the rest on parallel workers, records
   everything in the store and summarises. */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "graph.h"
#include "hash.h"
#include "judge.h"
#include "proc.h"
#include "report.h"
#include "store.h"

#define MAXRT 8
#define STORED_LOG_MAX (4u << 20)  /* bytes of stdout/stderr kept in the store */
#define CAPTURE_MAX (64u << 20)    /* bytes of stdout/stderr read back */
#define FSIZE_MAX_MB 1024          /* RLIMIT_FSIZE: no file may grow past this (runtime
                                      events rings need over 64 MiB) */

/* Per-entry progress through the graph. */
typedef struct ent {
  int selected;
  unsigned force_mask; /* runtimes whose run task must execute again */
  int build_task, run_task[MAXRT], compare_task;
  long build_exec;
  char build_state[24];
  char build_result[HASH_HEX];
  char *manifest;
  long run_exec[MAXRT];
  char run_key[MAXRT][HASH_HEX];
  char run_result[MAXRT][HASH_HEX];
  char run_raw[MAXRT][24];
} ent_t;

/* A runtime column. */
typedef struct rt_info {
  char *name;
  char *path;
  char hash[HASH_HEX];
  char *tree;       /* shadow source tree with this runtime, made on demand */
  char tree_id[HASH_HEX];
  int tree_state;   /* 0 not made, 1 made, -1 failed */
} rt_info_t;

/* A worker slot: a task whose commands run one after another. */
typedef struct slot {
  int task;         /* -1: free */
  pid_t pid;
  strvec_t cmds;    /* expanded command lines */
  size_t next_cmd;
  strvec_t env;     /* NAME=VALUE strings */
  char **envp;      /* array over env's strings */
  char *dir, *cwd, *out_path, *err_path, *stdin_path;
  char key[HASH_HEX];
  double started, deadline;
  int timed_out;
  long mem_mb;
  int timeout_s;
  proc_result_t acc;
  char spawn_err[300];
  int attempt;
} slot_t;

typedef struct run_ctx {
  runner_opts_t *o;
  corpus_t c;
  store_t *s;
  hash_cache_t hc;
  rt_info_t rts[MAXRT];
  int nrt;
  graph_t g;
  ent_t *ents;
  slot_t *slots;
  int nslots;
  progress_t prog;
  long run_id, prev_run;
  char *state, *work, *cas, *trees;
  long executed, cached;
  int interrupted;
  int in_tx;
  char tree_src_id[HASH_HEX];
  int tree_src_done;
} run_ctx_t;

void runner_opts_init(runner_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->jobs = 2;
  o->progress = PROGRESS_AUTO;
  o->broken_threshold = 0.5;
  sv_init(&o->runtimes);
  sv_init(&o->defines);
}

/* ---- transactions: one open at a time, committed after each task ---- */

static void tx_begin(run_ctx_t *x) {
  if (!x->in_tx && store_begin(x->s) == 0) x->in_tx = 1;
}

static void tx_commit(run_ctx_t *x) {
  if (x->in_tx) {
    store_commit(x->s);
    x->in_tx = 0;
  }
}

/* ---- helpers ---- */

static void env_push(strvec_t *env, const char *kv) {
  size_t n = strcspn(kv, "=");
  for (size_t i = 0; i < env->n; i++)
    if (strncmp(env->v[i], kv, n) == 0 && env->v[i][n] == '=') {
      free(env->v[i]);
      env->v[i] = xstrdup(kv);
      return;
    }
  sv_push(env, kv);
}

static char **env_array(strvec_t *env) {
  char **a = xcalloc(env->n + 1, sizeof *a);
  for (size_t i = 0; i < env->n; i++) a[i] = env->v[i];
  return a;
}

/* Split "PATH [AS]" of a copy line (template) into path and destination. */
static void copy_parts(const char *line, char **path, char **as) {
  const char *sp = strpbrk(line, " \t");
  if (!sp) {
    *path = xstrdup(line);
    *as = NULL;
    return;
  }
  *path = xstrndup(line, (size_t)(sp - line));
  char *rest = xstrdup(sp);
  char *t = str_trim(rest);
  *as = *t ? xstrdup(t) : NULL;
  free(rest);
}

static int expand(run_ctx_t *x, const char *t, const local_var_t *l, size_t nl, buf_t *out, char *err,
                  size_t errlen) {
  return corpus_expand(&x->c, t, l, nl, out, err, errlen);
}

/* Identity of the source tree named by ${OCAMLSRC} (for RUNTIME_TREE). */
static int tree_src_identity(run_ctx_t *x, char *err, size_t errlen) {
  if (x->tree_src_done) return 0;
  keyb_t k;
  keyb_init(&k, "tree-src");
  if (corpus_key_template(&x->c, &k, "src", "${OCAMLSRC}", NULL, 0, err, errlen) != 0) return -1;
  keyb_final(&k, x->tree_src_id);
  x->tree_src_done = 1;
  return 0;
}

/* Locals for a run on runtime r: RUNTIME, RUNTIME_NAME, RUNTIME_TREE, and
   WORK (the task's working directory; not part of keys). */
static size_t run_locals(run_ctx_t *x, int r, local_var_t *l, const char *work) {
  rt_info_t *rt = &x->rts[r];
  if (!rt->tree) {
    rt->tree = xasprintf("%s/%s-%.16s-v3", x->trees, rt->name, rt->hash);
    keyb_t k;
    keyb_init(&k, "runtime-tree v3 (dispatcher, usage mark)");
    keyb_str(&k, "runtime", rt->hash);
    keyb_str(&k, "stock", x->rts[0].hash);
    keyb_str(&k, "src", x->tree_src_id);
    keyb_final(&k, rt->tree_id);
  }
  l[0] = (local_var_t){"RUNTIME", rt->path, rt->hash};
  l[1] = (local_var_t){"RUNTIME_NAME", rt->name, rt->name};
  l[2] = (local_var_t){"RUNTIME_TREE", rt->tree, rt->tree_id};
  l[3] = (local_var_t){"WORK", work ? work : "$WORK", "work"};
  return 4;
}

static int uses_tree(const centry_t *e) {
  for (size_t i = 0; i < e->run.n; i++)
    if (strstr(e->run.v[i], "${RUNTIME_TREE}")) return 1;
  for (size_t i = 0; i < e->env.n; i++)
    if (strstr(e->env.v[i], "${RUNTIME_TREE}")) return 1;
  return 0;
}

/* Whether an entry reaches its runtime only through ${RUNTIME_TREE}: then
   a run that never started the runtime (the dispatcher leaves a mark when
   it does) has an outcome independent of the runtime, and other runtimes
   reuse it (typing tests, for instance, run no program at all). */
static int runtime_via_tree_only(const centry_t *e) {
  if (!uses_tree(e)) return 0;
  const strvec_t *lists[] = {&e->run, &e->env};
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; i < lists[k]->n; i++)
      if (strstr(lists[k]->v[i], "${RUNTIME}") || strstr(lists[k]->v[i], "${RUNTIME_NAME}")) return 0;
  if (e->stdin_t && strstr(e->stdin_t, "${RUNTIME")) return 0;
  return 1;
}

/* The runtime/ocamlrun of a shadow tree: programs built by ocamltest
   (under an _ocamltest directory) run on the cell's runtime; the compilers
   and tools that ocamltest starts through the same path run on stock, as
   scripts/ocamltest.sh does, so that the testsuite column measures the
   runtime running the tests (the tools are measured by their own entries). */
static char *dispatcher(const char *stock, const char *runtime) {
  return xasprintf("#!/bin/sh\n"
                   "# Written by mchealth: test programs run on the runtime of the cell, the\n"
                   "# compilers and tools on stock.\n"
                   "prog=\nskip=\n"
                   "for a in \"$@\"; do\n"
                   "  if [ -n \"$skip\" ]; then skip=; continue; fi\n"
                   "  case $a in -I) skip=1 ;; -*) ;; *) prog=$a; break ;; esac\n"
                   "done\n"
                   "case $prog in /*) ;; ?*) prog=$PWD/$prog ;; esac\n"
                   "case $prog in */_ocamltest/*)\n"
                   "  [ -n \"$MCHEALTH_RUNTIME_USED\" ] && : >\"$MCHEALTH_RUNTIME_USED\"\n"
                   "  exec '%s' \"$@\" ;;\n"
                   "esac\n"
                   "exec '%s' \"$@\"\n",
                   runtime, stock);
}

/* Make the shadow tree for runtime r: symbolic links to every entry of
   ${OCAMLSRC}, except runtime/ocamlrun{,d,i} which point to the runtime.
   Built under a temporary name and renamed, so it is whole or absent. */
static int ensure_tree(run_ctx_t *x, int r, char *err, size_t errlen) {
  rt_info_t *rt = &x->rts[r];
  if (rt->tree_state) return rt->tree_state > 0 ? 0 : -1;
  rt->tree_state = -1;
  if (dir_exists(rt->tree)) return rt->tree_state = 1, 0;
  buf_t src;
  buf_init(&src);
  if (expand(x, "${OCAMLSRC}", NULL, 0, &src, err, errlen) != 0) return buf_free(&src), -1;
  char *tmp = xasprintf("%s.tmp%d", rt->tree, (int)getpid());
  rm_rf(tmp);
  strvec_t top, rtn;
  sv_init(&top);
  sv_init(&rtn);
  int rc = mkdir_p(tmp);
  if (rc == 0) rc = dir_list(src.data, &top);
  for (size_t i = 0; rc == 0 && i < top.n; i++) {
    char *from = path_join(src.data, top.v[i]), *to = path_join(tmp, top.v[i]);
    if (strcmp(top.v[i], "runtime") == 0) {
      rc = mkdir(to, 0755);
      if (rc == 0) rc = dir_list(from, &rtn);
      for (size_t j = 0; rc == 0 && j < rtn.n; j++) {
        char *f2 = path_join(from, rtn.v[j]), *t2 = path_join(to, rtn.v[j]);
        const char *n = rtn.v[j];
        int is_rt = strcmp(n, "ocamlrun") == 0 || strcmp(n, "ocamlrund") == 0 || strcmp(n, "ocamlruni") == 0;
        if (is_rt) {
          char *script = dispatcher(x->rts[0].path, rt->path);
          rc = file_write(t2, script, strlen(script));
          if (rc == 0) rc = chmod(t2, 0755);
          free(script);
        } else {
          rc = symlink(f2, t2);
        }
        free(f2);
        free(t2);
      }
    } else {
      rc = symlink(from, to);
    }
    free(from);
    free(to);
  }
  if (rc == 0) rc = rename(tmp, rt->tree);
  if (rc != 0) {
    snprintf(err, errlen, "cannot make the source tree for runtime %s in %s: %s", rt->name, rt->tree,
             strerror(errno));
    rm_rf(tmp);
  } else {
    rt->tree_state = 1;
  }
  free(tmp);
  sv_free(&top);
  sv_free(&rtn);
  buf_free(&src);
  return rc == 0 ? 0 : -1;
}

/* ---- content store for build products ---- */

static char *cas_path(run_ctx_t *x, const char *h) { return xasprintf("%s/%.2s/%s", x->cas, h, h); }

/* Put every regular file under dir into the content store; the manifest
   lists "hash mode relpath" lines in name order. */
static int snapshot(run_ctx_t *x, const char *dir, const char *rel, buf_t *manifest) {
  strvec_t names;
  sv_init(&names);
  if (dir_list(dir, &names) != 0) return -1;
  int rc = 0;
  for (size_t i = 0; i < names.n && rc == 0; i++) {
    char *p = path_join(dir, names.v[i]);
    char *r = *rel ? xasprintf("%s/%s", rel, names.v[i]) : xstrdup(names.v[i]);
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
      rc = snapshot(x, p, r, manifest);
    } else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
      char h[HASH_HEX];
      if (hash_file(NULL, p, h) != 0) rc = -1;
      else {
        char *c = cas_path(x, h);
        if (!file_exists(c)) {
          char *d = xasprintf("%s/%.2s", x->cas, h), *tmp = xasprintf("%s.tmp%d", c, (int)getpid());
          mkdir_p(d);
          if (copy_file(p, tmp) != 0 || rename(tmp, c) != 0) rc = -1;
          unlink(tmp);
          free(d);
          free(tmp);
        }
        free(c);
        buf_addf(manifest, "%s %o %s\n", h, (unsigned)(st.st_mode & 0777), r);
      }
    }
    free(p);
    free(r);
  }
  sv_free(&names);
  return rc;
}

/* Copy a manifest's files from the content store into dir. */
static int materialise(run_ctx_t *x, const char *manifest, const char *dir, int check_only) {
  const char *p = manifest;
  int rc = 0;
  while (p && *p && rc == 0) {
    const char *nl = strchr(p, '\n');
    char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
    char h[HASH_HEX];
    unsigned mode;
    int off = 0;
    if (sscanf(line, "%64s %o %n", h, &mode, &off) >= 2 && off > 0) {
      char *c = cas_path(x, h);
      if (check_only) {
        rc = file_exists(c) ? 0 : -1;
      } else {
        char *dst = path_join(dir, line + off);
        char *slash = strrchr(dst, '/');
        if (slash) {
          *slash = 0;
          mkdir_p(dst);
          *slash = '/';
        }
        rc = copy_file(c, dst);
        if (rc == 0) chmod(dst, mode);
        free(dst);
      }
      free(c);
    }
    free(line);
    p = nl ? nl + 1 : NULL;
  }
  return rc;
}

/* ---- keys ---- */

static int key_paths(run_ctx_t *x, keyb_t *k, const char *tag, const strvec_t *tmpls, int copies,
                     char *err, size_t errlen) {
  buf_t p;
  buf_init(&p);
  for (size_t i = 0; i < tmpls->n; i++) {
    char *path, *as = NULL;
    if (copies) copy_parts(tmpls->v[i], &path, &as);
    else path = xstrdup(tmpls->v[i]);
    char h[HASH_HEX];
    int rc = expand(x, path, NULL, 0, &p, err, errlen);
    if (rc == 0 && hash_path(&x->hc, p.data, NULL, h) != 0) {
      if (copies || strcmp(tag, "stdin") == 0) {
        snprintf(err, errlen, "cannot read %s '%s': %s", tag, p.data, strerror(errno));
        rc = -1;
      } else {
        snprintf(h, sizeof h, "missing"); /* a missing input is a state too */
      }
    }
    if (rc == 0) {
      keyb_str(k, tag, tmpls->v[i]);
      keyb_str(k, "hash", h);
    }
    free(path);
    free(as);
    if (rc) return buf_free(&p), -1;
  }
  buf_free(&p);
  return 0;
}

static int build_key(run_ctx_t *x, const centry_t *e, char out[HASH_HEX], char *err, size_t errlen) {
  keyb_t k;
  keyb_init(&k, "build v1");
  if (key_paths(x, &k, "copy", &e->copies, 1, err, errlen) != 0) return -1;
  if (key_paths(x, &k, "input", &e->inputs, 0, err, errlen) != 0) return -1;
  for (size_t i = 0; i < e->build.n; i++)
    if (corpus_key_template(&x->c, &k, "build", e->build.v[i], NULL, 0, err, errlen) != 0) return -1;
  local_var_t work = {"WORK", "$WORK", "work"};
  if (e->build.n)
    for (size_t i = 0; i < e->env.n; i++)
      if (!strstr(e->env.v[i], "${RUNTIME") &&
          corpus_key_template(&x->c, &k, "env", e->env.v[i], &work, 1, err, errlen) != 0)
        return -1;
  keyb_final(&k, out);
  return 0;
}

/* The key of a run.  With indep, the key of the same run for any runtime
   that it never starts (see runtime_via_tree_only). */
static int run_key(run_ctx_t *x, int ei, int r, int indep, char out[HASH_HEX], char *err, size_t errlen) {
  const centry_t *e = &x->c.entries[ei];
  ent_t *en = &x->ents[ei];
  local_var_t l[4];
  if (uses_tree(e) && tree_src_identity(x, err, errlen) != 0) return -1;
  size_t nl = run_locals(x, r, l, NULL);
  char indep_tree[HASH_HEX];
  if (indep) {
    keyb_t t;
    keyb_init(&t, "runtime-tree v3 (dispatcher, usage mark), runtime unused");
    keyb_str(&t, "stock", x->rts[0].hash);
    keyb_str(&t, "src", x->tree_src_id);
    keyb_final(&t, indep_tree);
    l[0].identity = "unused";
    l[2].identity = indep_tree;
  }
  keyb_t k;
  keyb_init(&k, "run v1");
  keyb_str(&k, "build", en->build_result);
  keyb_str(&k, "expect", expect_name(e->expect));
  if (key_paths(x, &k, "input", &e->inputs, 0, err, errlen) != 0) return -1;
  for (size_t i = 0; i < e->run.n; i++)
    if (corpus_key_template(&x->c, &k, "run", e->run.v[i], l, nl, err, errlen) != 0) return -1;
  for (size_t i = 0; i < e->env.n; i++)
    if (corpus_key_template(&x->c, &k, "env", e->env.v[i], l, nl, err, errlen) != 0) return -1;
  if (e->stdin_t) {
    strvec_t one;
    sv_init(&one);
    sv_push(&one, e->stdin_t);
    int rc = key_paths(x, &k, "stdin", &one, 0, err, errlen);
    sv_free(&one);
    if (rc) return -1;
  }
  for (size_t i = 0; i < e->outputs.n; i++) keyb_str(&k, "output", e->outputs.v[i]);
  keyb_final(&k, out);
  return 0;
}

static void result_hash(exec_rec_t *ex) {
  keyb_t k;
  keyb_init(&k, "result");
  keyb_str(&k, "state", ex->state);
  keyb_int(&k, "exit", ex->exit_code);
  keyb_int(&k, "sig", ex->sig);
  keyb_str(&k, "stdout", ex->stdout_hash);
  keyb_str(&k, "stderr", ex->stderr_hash);
  keyb_str(&k, "outputs", ex->outputs ? ex->outputs : "");
  keyb_final(&k, ex->result_hash);
}

/* ---- task completion ---- */

static const char *task_label(run_ctx_t *x, int t, char *buf, size_t n) {
  gtask_t *g = &x->g.t[t];
  const char *kind = g->kind == TASK_BUILD ? "build" : g->kind == TASK_RUN ? "run" : "compare";
  snprintf(buf, n, "%-7s %-6s %s", kind, g->kind == TASK_RUN ? x->rts[g->runtime].name : "",
           x->c.entries[g->entry].name);
  return buf;
}

static void finish_task(run_ctx_t *x, int t, int executed, const char *what) {
  char lab[300], line[400];
  task_label(x, t, lab, sizeof lab);
  snprintf(line, sizeof line, "%s  %s", lab, what ? what : "");
  if (executed) x->executed++;
  else x->cached++;
  tx_commit(x);
  graph_done(&x->g, t);
  progress_task(&x->prog, executed, line);
}

static void record_build(run_ctx_t *x, int ei, const exec_rec_t *ex) {
  ent_t *en = &x->ents[ei];
  en->build_exec = ex->id;
  snprintf(en->build_state, sizeof en->build_state, "%s", ex->state);
  snprintf(en->build_result, sizeof en->build_result, "%s", ex->result_hash);
  free(en->manifest);
  en->manifest = xstrdup(ex->outputs ? ex->outputs : "");
}

static void record_run(run_ctx_t *x, int ei, int r, const exec_rec_t *ex) {
  ent_t *en = &x->ents[ei];
  en->run_exec[r] = ex->id;
  snprintf(en->run_result[r], HASH_HEX, "%s", ex->result_hash);
  snprintf(en->run_raw[r], sizeof en->run_raw[r], "%s", ex->state);
}

/* Record an internal error for a task that could not even start. */
static void internal_error(run_ctx_t *x, int t, const char *key, const char *msg) {
  gtask_t *g = &x->g.t[t];
  exec_rec_t ex;
  exec_init(&ex);
  ex.run_id = x->run_id;
  snprintf(ex.key, sizeof ex.key, "%s", key ? key : "");
  snprintf(ex.kind, sizeof ex.kind, "%s", g->kind == TASK_BUILD ? "build" : "run");
  ex.entry = xstrdup(x->c.entries[g->entry].name);
  ex.runtime = xstrdup(g->kind == TASK_RUN ? x->rts[g->runtime].name : "");
  ex.attempt = 1;
  snprintf(ex.state, sizeof ex.state, "%s", RAW_INTERNAL);
  ex.reason = xstrdup(msg);
  ex.started = wall_sec();
  buf_adds(&ex.err, msg);
  sha256_hex(msg, strlen(msg), ex.stderr_hash);
  result_hash(&ex);
  tx_begin(x);
  store_exec_insert(x->s, &ex);
  if (g->kind == TASK_BUILD) record_build(x, g->entry, &ex);
  else record_run(x, g->entry, g->runtime, &ex);
  exec_free(&ex);
  char m[400];
  snprintf(m, sizeof m, "internal error: %s", msg);
  finish_task(x, t, 1, m);
}

/* ---- starting tasks ---- */

static void slot_clear(slot_t *s) {
  sv_free(&s->cmds);
  sv_free(&s->env);
  free(s->envp);
  free(s->dir);
  free(s->cwd);
  free(s->out_path);
  free(s->err_path);
  free(s->stdin_path);
  int keep_task = -1;
  memset(s, 0, sizeof *s);
  s->task = keep_task;
  sv_init(&s->cmds);
  sv_init(&s->env);
}

static void slot_spawn_next(run_ctx_t *x, slot_t *s);

/* Prepare a slot for a build or run task and start its first command. */
static int slot_start(run_ctx_t *x, slot_t *s, int t, const char *key, char *err, size_t errlen) {
  gtask_t *g = &x->g.t[t];
  const centry_t *e = &x->c.entries[g->entry];
  ent_t *en = &x->ents[g->entry];
  slot_clear(s);
  s->task = t;
  snprintf(s->key, sizeof s->key, "%s", key);
  /* fixed-width names: paths recorded in output files keep their length */
  s->dir = xasprintf("%s/t%08d", x->work, t);
  s->cwd = xasprintf("%s/w", s->dir);
  s->out_path = xasprintf("%s/stdout", s->dir);
  s->err_path = xasprintf("%s/stderr", s->dir);
  rm_rf(s->dir);
  if (mkdir_p(s->cwd) != 0) {
    snprintf(err, errlen, "cannot create %s: %s", s->cwd, strerror(errno));
    return -1;
  }
  file_write(s->out_path, "", 0);
  file_write(s->err_path, "", 0);
  local_var_t l[4];
  size_t nl = 0;
  buf_t b;
  buf_init(&b);
  int rc = 0;
  if (g->kind == TASK_BUILD) {
    for (size_t i = 0; rc == 0 && i < e->copies.n; i++) {
      char *path, *as;
      copy_parts(e->copies.v[i], &path, &as);
      rc = expand(x, path, NULL, 0, &b, err, errlen);
      if (rc == 0) {
        char *dst = path_join(s->cwd, as ? as : path_base(b.data));
        if (copy_tree(b.data, dst) != 0) {
          snprintf(err, errlen, "cannot copy %s: %s", b.data, strerror(errno));
          rc = -1;
        }
        free(dst);
      }
      free(path);
      free(as);
    }
    for (size_t i = 0; rc == 0 && i < e->build.n; i++) {
      rc = expand(x, e->build.v[i], NULL, 0, &b, err, errlen);
      if (rc == 0) sv_push(&s->cmds, b.data);
    }
  } else {
    nl = run_locals(x, g->runtime, l, s->cwd);
    if (uses_tree(e)) rc = ensure_tree(x, g->runtime, err, errlen);
    if (rc == 0 && materialise(x, en->manifest, s->cwd, 0) != 0) {
      snprintf(err, errlen, "cannot copy the build products (content store damaged?)");
      rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < e->run.n; i++) {
      rc = expand(x, e->run.v[i], l, nl, &b, err, errlen);
      if (rc == 0) sv_push(&s->cmds, b.data);
    }
    if (rc == 0 && e->stdin_t) {
      rc = expand(x, e->stdin_t, l, nl, &b, err, errlen);
      if (rc == 0) s->stdin_path = path_abs(b.data);
    }
  }
  strvec_t env;
  sv_init(&env);
  env = s->env;
  env_push(&env, "PATH=/usr/local/bin:/usr/bin:/bin");
  char *tmp = xasprintf("HOME=%s", s->cwd);
  env_push(&env, tmp);
  free(tmp);
  tmp = xasprintf("TMPDIR=%s", s->cwd);
  env_push(&env, tmp);
  free(tmp);
  env_push(&env, "LANG=C");
  env_push(&env, "LC_ALL=C");
  if (g->kind == TASK_BUILD) {
    l[0] = (local_var_t){"WORK", s->cwd, "work"};
    nl = 1;
  }
  for (size_t i = 0; rc == 0 && i < e->env.n; i++) {
    if (g->kind == TASK_BUILD && (strstr(e->env.v[i], "${RUNTIME") || s->cmds.n == 0)) continue;
    rc = expand(x, e->env.v[i], l, nl, &b, err, errlen);
    if (rc == 0) env_push(&env, b.data);
  }
  if (g->kind == TASK_RUN && runtime_via_tree_only(e)) {
    char *mark = xasprintf("MCHEALTH_RUNTIME_USED=%s/runtime-used", s->dir);
    env_push(&env, mark);
    free(mark);
  }
  s->env = env;
  s->envp = env_array(&s->env);
  buf_free(&b);
  if (rc != 0) return -1;
  s->timeout_s = x->o->timeout > 0 ? x->o->timeout : e->timeout_s;
  s->mem_mb = x->o->mem_mb > 0 ? x->o->mem_mb : e->mem_mb;
  s->started = now_sec();
  s->deadline = s->started + s->timeout_s;
  s->next_cmd = 0;
  s->acc.exited = 1; /* no command at all counts as success */
  if (s->cmds.n > 0) slot_spawn_next(x, s);
  return 0;
}

static void slot_spawn_next(run_ctx_t *x, slot_t *s) {
  (void)x;
  strvec_t argv;
  sv_init(&argv);
  const char *cmd = s->cmds.v[s->next_cmd++];
  if (cmd_split(cmd, &argv, s->spawn_err, sizeof s->spawn_err) != 0 || argv.n == 0) {
    if (!s->spawn_err[0]) snprintf(s->spawn_err, sizeof s->spawn_err, "empty command");
    s->pid = -1;
    sv_free(&argv);
    return;
  }
  char **av = xcalloc(argv.n + 1, sizeof *av);
  for (size_t i = 0; i < argv.n; i++) av[i] = argv.v[i];
  FILE *ef = fopen(s->err_path, "a");
  if (ef && s->cmds.n > 1) {
    fprintf(ef, "+ %s\n", cmd);
    fclose(ef);
  } else if (ef) {
    fclose(ef);
  }
  proc_spec_t sp = {.cwd = s->cwd,
                    .argv = av,
                    .envp = s->envp,
                    .stdin_path = s->stdin_path,
                    .stdout_path = s->out_path,
                    .stderr_path = s->err_path,
                    .mem_mb = s->mem_mb,
                    .fsize_mb = FSIZE_MAX_MB};
  s->pid = proc_spawn(&sp, s->spawn_err, sizeof s->spawn_err);
  free(av);
  sv_free(&argv);
}

/* ---- finishing executed tasks ---- */

static int looks_oom(const buf_t *err) {
  const char *t = err->data ? err->data : "";
  size_t n = err->len;
  const char *tail = n > 400 ? t + n - 400 : t;
  return strstr(tail, "Out of memory") || strstr(tail, "out of memory") || strstr(tail, "Out_of_memory") ||
         strstr(tail, "Cannot allocate memory") || strstr(tail, "cannot allocate");
}

/* Read a captured stream: hash the whole (normalised) text, keep a prefix. */
static void capture(run_ctx_t *x, slot_t *s, const char *path, buf_t *keep, char hash[HASH_HEX],
                    int ti) {
  int trunc = 0;
  buf_reset(keep);
  if (file_read_max(path, keep, CAPTURE_MAX, &trunc) != 0) buf_add(keep, "", 0);
  /* paths that differ between runs and runtimes only */
  buf_replace(keep, s->cwd, "$WORK");
  buf_replace(keep, s->dir, "$TASK");
  gtask_t *g = &x->g.t[ti];
  if (g->kind == TASK_RUN && x->rts[g->runtime].tree) buf_replace(keep, x->rts[g->runtime].tree, "$TREE");
  if (g->kind == TASK_RUN) buf_replace(keep, x->rts[g->runtime].path, "$RUNTIME");
  buf_replace(keep, x->state, "$STATE");
  sha256_hex(keep->data, keep->len, hash);
  if (keep->len > STORED_LOG_MAX) {
    keep->len = STORED_LOG_MAX;
    keep->data[keep->len] = 0;
    buf_adds(keep, "\n[... output truncated by mchealth ...]\n");
  }
}

static void slot_finish(run_ctx_t *x, slot_t *s) {
  int t = s->task;
  gtask_t *g = &x->g.t[t];
  const centry_t *e = &x->c.entries[g->entry];
  exec_rec_t ex;
  exec_init(&ex);
  ex.run_id = x->run_id;
  snprintf(ex.key, sizeof ex.key, "%s", s->key);
  snprintf(ex.kind, sizeof ex.kind, "%s", g->kind == TASK_BUILD ? "build" : "run");
  ex.entry = xstrdup(e->name);
  ex.runtime = xstrdup(g->kind == TASK_RUN ? x->rts[g->runtime].name : "");
  ex.attempt = store_exec_count(x->s, s->key, NULL) + 1;
  ex.started = wall_sec() - (now_sec() - s->started);
  ex.wall = now_sec() - s->started;
  ex.utime = s->acc.utime;
  ex.stime = s->acc.stime;
  ex.maxrss_kb = s->acc.maxrss_kb;
  ex.timeout_s = s->timeout_s;
  ex.mem_mb = s->mem_mb;
  ex.exit_code = s->acc.exited ? s->acc.exit_code : 0;
  ex.sig = s->acc.exited ? 0 : s->acc.sig;
  capture(x, s, s->out_path, &ex.out, ex.stdout_hash, t);
  capture(x, s, s->err_path, &ex.err, ex.stderr_hash, t);
  const char *raw;
  char reason[400] = "";
  if (s->pid < 0 && s->spawn_err[0]) {
    raw = RAW_INTERNAL;
    snprintf(reason, sizeof reason, "cannot run: %s", s->spawn_err);
    buf_addf(&ex.err, "mchealth: %s\n", reason);
  } else if (s->timed_out) {
    raw = RAW_TIMEOUT;
    snprintf(reason, sizeof reason, "timed out after %d s", s->timeout_s);
  } else if (!s->acc.exited) {
    if (s->acc.sig == SIGKILL && s->mem_mb > 0 && s->acc.maxrss_kb >= s->mem_mb * 1024 * 9 / 10) {
      raw = RAW_OOM;
      snprintf(reason, sizeof reason, "killed near the memory limit (%ld MiB)", s->mem_mb);
    } else {
      raw = RAW_SIGNAL;
      snprintf(reason, sizeof reason, "killed by signal %d (%s)", s->acc.sig, strsignal(s->acc.sig));
    }
  } else if (s->acc.exit_code != 0 && looks_oom(&ex.err)) {
    raw = RAW_OOM;
    snprintf(reason, sizeof reason, "out of memory (limit %ld MiB), exit status %d", s->mem_mb,
             s->acc.exit_code);
  } else {
    raw = RAW_EXIT;
    snprintf(reason, sizeof reason, "exit status %d", s->acc.exit_code);
  }
  buf_t outputs;
  buf_init(&outputs);
  buf_add(&outputs, "", 0);
  if (g->kind == TASK_BUILD) {
    if (strcmp(raw, RAW_EXIT) == 0 && s->acc.exit_code == 0) {
      raw = "ok";
      if (snapshot(x, s->cwd, "", &outputs) != 0) {
        raw = RAW_INTERNAL;
        snprintf(reason, sizeof reason, "cannot store the build products");
      }
    } else if (strcmp(raw, RAW_EXIT) == 0) {
      raw = "fail";
    }
  } else {
    for (size_t i = 0; i < e->outputs.n; i++) {
      char *p = path_join(s->cwd, e->outputs.v[i]);
      char h[HASH_HEX];
      buf_t content;
      buf_init(&content);
      /* the working directory may be recorded in the file (bytecode
         debug information does): compare with it replaced */
      if (file_read(p, &content) != 0) snprintf(h, sizeof h, "missing");
      else {
        buf_replace(&content, s->cwd, "$WORK");
        sha256_hex(content.data, content.len, h);
      }
      buf_free(&content);
      buf_addf(&outputs, "%s %s\n", e->outputs.v[i], h);
      free(p);
    }
  }
  snprintf(ex.state, sizeof ex.state, "%s", raw);
  ex.reason = xstrdup(reason);
  ex.outputs = buf_steal(&outputs);
  {
    buf_t cj;
    buf_init(&cj);
    for (size_t i = 0; i < s->cmds.n; i++) {
      buf_t c;
      buf_init(&c);
      buf_adds(&c, s->cmds.v[i]);
      buf_replace(&c, s->cwd, "$WORK");
      buf_replace(&c, x->state, "$STATE");
      buf_addf(&cj, "%s%s", i ? "\n" : "", c.data);
      buf_free(&c);
    }
    ex.extra = cj.data ? buf_steal(&cj) : xstrdup("");
  }
  result_hash(&ex);
  tx_begin(x);
  if (store_exec_insert(x->s, &ex) < 0) die("cannot record a result in the store");
  if (g->kind == TASK_BUILD) record_build(x, g->entry, &ex);
  else record_run(x, g->entry, g->runtime, &ex);
  if (g->kind == TASK_RUN && strcmp(raw, RAW_EXIT) == 0 && runtime_via_tree_only(e)) {
    char *mark = xasprintf("%s/runtime-used", s->dir);
    char ikey[HASH_HEX], kerr[300];
    if (!file_exists(mark) && run_key(x, g->entry, g->runtime, 1, ikey, kerr, sizeof kerr) == 0) {
      /* the runtime was never started: record the outcome under the key
         that every runtime shares */
      exec_rec_t alias = ex; /* shares ex's strings; only inserted */
      alias.id = 0;
      snprintf(alias.kind, sizeof alias.kind, "run-alias");
      snprintf(alias.key, sizeof alias.key, "%s", ikey);
      store_exec_insert(x->s, &alias);
    }
    free(mark);
  }
  char what[500];
  snprintf(what, sizeof what, "%s  %.2fs", g->kind == TASK_BUILD && strcmp(raw, "ok") == 0 ? "ok" : reason,
           ex.wall);
  exec_free(&ex);
  if (!x->o->keep_work) rm_rf(s->dir);
  slot_clear(s);
  s->task = -1;
  finish_task(x, t, 1, what);
}

/* A child of slot s ended. */
static void slot_child_done(run_ctx_t *x, slot_t *s, const proc_result_t *r) {
  s->acc.utime += r->utime;
  s->acc.stime += r->stime;
  if (r->maxrss_kb > s->acc.maxrss_kb) s->acc.maxrss_kb = r->maxrss_kb;
  s->acc.exited = r->exited;
  s->acc.exit_code = r->exit_code;
  s->acc.sig = r->sig;
  s->pid = 0;
  if (!s->timed_out && r->exited && r->exit_code == 0 && s->next_cmd < s->cmds.n) {
    slot_spawn_next(x, s);
    if (s->pid > 0) return;
  }
  slot_finish(x, s);
}

/* ---- in-process tasks ---- */

static int cached_usable(run_ctx_t *x, const exec_rec_t *ex, int timeout_s, long mem_mb) {
  (void)x;
  if (strcmp(ex->state, RAW_INTERNAL) == 0) return 0;
  /* a timeout or out-of-memory under a smaller limit says nothing now */
  if (strcmp(ex->state, RAW_TIMEOUT) == 0 && ex->timeout_s < timeout_s) return 0;
  if (strcmp(ex->state, RAW_OOM) == 0 && ex->mem_mb < mem_mb) return 0;
  return 1;
}

/* Returns 1 if the task was completed in-process, 0 if a slot was started. */
static int start_build(run_ctx_t *x, int t, slot_t *slot) {
  gtask_t *g = &x->g.t[t];
  const centry_t *e = &x->c.entries[g->entry];
  char key[HASH_HEX], err[600];
  if (build_key(x, e, key, err, sizeof err) != 0) {
    internal_error(x, t, NULL, err);
    return 1;
  }
  exec_rec_t ex;
  exec_init(&ex);
  if (store_exec_find(x->s, key, &ex, 0) == 0 && cached_usable(x, &ex, e->timeout_s, e->mem_mb) &&
      (strcmp(ex.state, "ok") != 0 || materialise(x, ex.outputs, NULL, 1) == 0)) {
    record_build(x, g->entry, &ex);
    exec_free(&ex);
    finish_task(x, t, 0, NULL);
    return 1;
  }
  exec_free(&ex);
  if (slot_start(x, slot, t, key, err, sizeof err) != 0) {
    slot_clear(slot);
    slot->task = -1;
    internal_error(x, t, key, err);
    return 1;
  }
  if (slot->cmds.n == 0 || slot->pid < 0) {
    /* nothing to run (or it could not start): finish now */
    slot_finish(x, slot);
    return 1;
  }
  return 0;
}

static int start_run(run_ctx_t *x, int t, slot_t *slot) {
  gtask_t *g = &x->g.t[t];
  const centry_t *e = &x->c.entries[g->entry];
  ent_t *en = &x->ents[g->entry];
  int r = g->runtime;
  if (strcmp(en->build_state, "ok") != 0) {
    /* the build failed: nothing to run */
    en->run_exec[r] = 0;
    snprintf(en->run_result[r], HASH_HEX, "build-%s", en->build_state);
    snprintf(en->run_raw[r], sizeof en->run_raw[r], "build-fail");
    graph_done(&x->g, t);
    x->prog.total--;
    return 1;
  }
  char key[HASH_HEX], err[600];
  if (run_key(x, g->entry, r, 0, key, err, sizeof err) != 0) {
    internal_error(x, t, NULL, err);
    return 1;
  }
  snprintf(en->run_key[r], HASH_HEX, "%s", key);
  int timeout_s = x->o->timeout > 0 ? x->o->timeout : e->timeout_s;
  long mem = x->o->mem_mb > 0 ? x->o->mem_mb : e->mem_mb;
  exec_rec_t ex;
  exec_init(&ex);
  if (!(en->force_mask & (1u << r)) && store_exec_find(x->s, key, &ex, 0) == 0 &&
      cached_usable(x, &ex, timeout_s, mem)) {
    record_run(x, g->entry, r, &ex);
    exec_free(&ex);
    finish_task(x, t, 0, NULL);
    return 1;
  }
  char ikey[HASH_HEX];
  if (!(en->force_mask & (1u << r)) && runtime_via_tree_only(e) &&
      run_key(x, g->entry, r, 1, ikey, err, sizeof err) == 0 && store_exec_find(x->s, ikey, &ex, 0) == 0 &&
      cached_usable(x, &ex, timeout_s, mem)) {
    /* an execution that never started its runtime: valid for this one too */
    record_run(x, g->entry, r, &ex);
    exec_free(&ex);
    finish_task(x, t, 0, NULL);
    return 1;
  }
  exec_free(&ex);
  if (slot_start(x, slot, t, key, err, sizeof err) != 0) {
    slot_clear(slot);
    slot->task = -1;
    internal_error(x, t, key, err);
    return 1;
  }
  if (slot->pid < 0) {
    slot_finish(x, slot);
    return 1;
  }
  return 0;
}

static int transient_raw(const char *raw) { return strcmp(raw, RAW_TIMEOUT) == 0 || strcmp(raw, RAW_OOM) == 0; }

/* Compare: judge the cells, categorise the entry, record its rows. */
static void do_compare(run_ctx_t *x, int t) {
  gtask_t *g = &x->g.t[t];
  const centry_t *e = &x->c.entries[g->entry];
  ent_t *en = &x->ents[g->entry];
  char err[600] = "";
  char expected_hash[HASH_HEX] = "";
  if (e->expect == EXPECT_STDOUT) {
    buf_t p;
    buf_init(&p);
    if (expand(x, e->expect_file, NULL, 0, &p, err, sizeof err) != 0 || hash_file(&x->hc, p.data, expected_hash) != 0)
      snprintf(expected_hash, sizeof expected_hash, "missing");
    buf_free(&p);
  }
  int confirmed[MAXRT];
  keyb_t k;
  keyb_init(&k, "compare v1");
  keyb_str(&k, "expect", expect_name(e->expect));
  keyb_int(&k, "status", e->expect_status);
  keyb_str(&k, "expected", expected_hash);
  keyb_str(&k, "build", en->build_state);
  for (int r = 0; r < x->nrt; r++) {
    confirmed[r] = transient_raw(en->run_raw[r]) && store_exec_count(x->s, en->run_key[r], en->run_raw[r]) >= 2;
    keyb_str(&k, "rt", x->rts[r].name);
    keyb_str(&k, "result", en->run_result[r]);
    keyb_int(&k, "confirmed", confirmed[r]);
  }
  char key[HASH_HEX];
  keyb_final(&k, key);
  cell_state_t cells[MAXRT];
  category_t cat = CAT_SAME_PASS;
  exec_rec_t cmp;
  exec_init(&cmp);
  int executed = 0;
  if (store_exec_find(x->s, key, &cmp, 0) == 0) {
    cat = category_from_name(cmp.state);
    for (int r = 0; r < x->nrt; r++) cells[r] = CELL_INTERNAL;
    /* outputs: "runtime state" lines */
    for (const char *p = cmp.outputs; p && *p;) {
      const char *nl = strchr(p, '\n');
      char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
      char *sp = strchr(line, ' ');
      if (sp) {
        *sp = 0;
        for (int r = 0; r < x->nrt; r++)
          if (strcmp(x->rts[r].name, line) == 0) cells[r] = cell_from_name(sp + 1);
      }
      free(line);
      p = nl ? nl + 1 : NULL;
    }
  } else {
    executed = 1;
    exec_rec_t runs[MAXRT];
    buf_t why, sig, outl, detail;
    buf_init(&why);
    buf_init(&sig);
    buf_init(&outl);
    buf_init(&detail);
    for (int r = 0; r < x->nrt; r++) {
      exec_init(&runs[r]);
      if (en->run_exec[r]) store_exec_get(x->s, en->run_exec[r], &runs[r], 1);
    }
    buf_adds(&detail, "{");
    for (int r = 0; r < x->nrt; r++) {
      if (strcmp(en->build_state, "ok") != 0) {
        cells[r] = strcmp(en->build_state, RAW_INTERNAL) == 0 ? CELL_INTERNAL : CELL_BUILD_FAIL;
        buf_reset(&why);
        buf_adds(&why, "the build failed");
      } else {
        cells[r] = judge_cell(e->expect, e->expect_status, expected_hash, &runs[r], r ? &runs[0] : NULL, &why);
      }
      buf_addf(&outl, "%s %s\n", x->rts[r].name, cell_name(cells[r]));
      buf_addf(&detail, "%s", r ? "," : "");
      buf_add_json(&detail, x->rts[r].name);
      buf_adds(&detail, ":");
      buf_add_json(&detail, why.data);
    }
    buf_adds(&detail, "}");
    /* the worst category over the non-baseline runtimes */
    int worst_r = x->nrt > 1 ? 1 : 0;
    cat = CAT_SAME_PASS;
    for (int r = 1; r < x->nrt; r++) {
      category_t c = judge_category(cells[0], cells[r], confirmed[0], confirmed[r]);
      if (r == 1 || category_rank(c) > category_rank(cat)) {
        cat = c;
        worst_r = r;
      }
    }
    if (x->nrt == 1) cat = judge_category(cells[0], cells[0], confirmed[0], confirmed[0]);
    if (cat == CAT_BROKEN || cat == CAT_SAME_FAIL ||
        (cat == CAT_SPURIOUS && cells[0] != CELL_PASS && cells[0] != CELL_FAIL))
      judge_signature(cells[0], &runs[0], NULL, &sig); /* why stock itself fails */
    else if (cat != CAT_SAME_PASS && cat != CAT_FIXED)
      judge_signature(cells[worst_r], &runs[worst_r], &runs[0], &sig);
    snprintf(cmp.key, sizeof cmp.key, "%s", key);
    snprintf(cmp.kind, sizeof cmp.kind, "compare");
    cmp.run_id = x->run_id;
    cmp.entry = xstrdup(e->name);
    cmp.runtime = xstrdup("");
    cmp.attempt = 1;
    snprintf(cmp.state, sizeof cmp.state, "%s", category_name(cat));
    cmp.reason = xstrdup(sig.data ? sig.data : "");
    cmp.outputs = buf_steal(&outl);
    cmp.extra = buf_steal(&detail);
    cmp.started = wall_sec();
    result_hash(&cmp);
    tx_begin(x);
    store_exec_insert(x->s, &cmp);
    for (int r = 0; r < x->nrt; r++) exec_free(&runs[r]);
    buf_free(&why);
    buf_free(&sig);
  }
  tx_begin(x);
  entry_row_t row = {.run_id = x->run_id,
                     .entry = e->name,
                     .grp = e->group,
                     .category = (char *)category_name(cat),
                     .signature = cmp.reason,
                     .idx = g->entry,
                     .carried = 0,
                     .build_exec = en->build_exec,
                     .compare_exec = cmp.id};
  store_entry_put(x->s, &row);
  for (int r = 0; r < x->nrt; r++)
    store_cell_put(x->s, x->run_id, e->name, x->rts[r].name, en->run_exec[r], cell_name(cells[r]));
  if (cat == CAT_REGRESSED) x->prog.regressed++;
  char what[300];
  snprintf(what, sizeof what, "%s%s%s", category_name(cat), cmp.reason && *cmp.reason ? ": " : "",
           cmp.reason ? cmp.reason : "");
  exec_free(&cmp);
  finish_task(x, t, executed, what);
}

/* ---- selection ---- */

static void select_entries(run_ctx_t *x) {
  regex_t re;
  int use_re = 0;
  if (x->o->only) {
    int rc = regcomp(&re, x->o->only, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) die("--only: bad regular expression '%s'", x->o->only);
    use_re = 1;
  }
  entry_row_t *rows = NULL;
  size_t nrows = 0;
  if (x->o->retry_regressed) {
    if (!x->prev_run) die("--retry-regressed: no complete previous run in the store");
    store_entries_of(x->s, x->prev_run, &rows, &nrows);
  }
  for (size_t i = 0; i < x->c.nentries; i++) {
    ent_t *en = &x->ents[i];
    const char *name = x->c.entries[i].name;
    en->selected = !use_re || regexec(&re, name, 0, NULL, 0) == 0;
    if (en->selected && x->o->rerun) en->force_mask = (1u << x->nrt) - 1;
    if (en->selected && x->o->retry_regressed) {
      en->selected = 0;
      for (size_t j = 0; j < nrows; j++)
        if (strcmp(rows[j].entry, name) == 0 &&
            (strcmp(rows[j].category, "regressed") == 0 || strcmp(rows[j].category, "spurious") == 0)) {
          en->selected = 1;
          for (int r = 1; r < x->nrt; r++) en->force_mask |= 1u << r;
          /* a spurious stock cell is retried too */
          if (strcmp(rows[j].category, "spurious") == 0) en->force_mask |= 1u;
        }
    }
  }
  store_rows_free(rows, nrows, NULL, 0);
  if (use_re) regfree(&re);
}

/* Copy rows of entries that this run did not select from the previous run. */
static void carry_over(run_ctx_t *x) {
  if (!x->prev_run) return;
  entry_row_t *rows;
  cell_row_t *cells;
  size_t n, nc;
  store_entries_of(x->s, x->prev_run, &rows, &n);
  store_cells_of(x->s, x->prev_run, &cells, &nc);
  tx_begin(x);
  for (size_t i = 0; i < n; i++) {
    long idx = -1;
    for (size_t j = 0; j < x->c.nentries; j++)
      if (strcmp(x->c.entries[j].name, rows[i].entry) == 0) idx = (long)j;
    if (idx < 0 || x->ents[idx].selected) continue;
    entry_row_t r = rows[i];
    r.run_id = x->run_id;
    r.carried = 1;
    r.idx = (int)idx;
    store_entry_put(x->s, &r);
    for (size_t j = 0; j < nc; j++)
      if (strcmp(cells[j].entry, rows[i].entry) == 0)
        store_cell_put(x->s, x->run_id, cells[j].entry, cells[j].runtime, cells[j].exec_id, cells[j].state);
  }
  tx_commit(x);
  store_rows_free(rows, n, cells, nc);
}

/* Counts by category and baseline state; decides on a broken environment. */
static int summarise(run_ctx_t *x, buf_t *json, long cat_counts[CAT__COUNT], int *broken_env) {
  entry_row_t *rows;
  cell_row_t *cells;
  size_t n, nc;
  store_entries_of(x->s, x->run_id, &rows, &n);
  store_cells_of(x->s, x->run_id, &cells, &nc);
  long cellc[MAXRT][CELL__COUNT];
  memset(cellc, 0, sizeof cellc);
  memset(cat_counts, 0, sizeof(long) * CAT__COUNT);
  for (size_t i = 0; i < n; i++) cat_counts[category_from_name(rows[i].category)]++;
  for (size_t j = 0; j < nc; j++)
    for (int r = 0; r < x->nrt; r++)
      if (strcmp(cells[j].runtime, x->rts[r].name) == 0) cellc[r][cell_from_name(cells[j].state)]++;
  /* the baseline check: most stock cells not passing means the
     environment (toolchain, corpus paths) is broken, not the runtime */
  *broken_env = n > 0 && (double)(n - (size_t)cellc[0][CELL_PASS]) / (double)n > x->o->broken_threshold;
  buf_addf(json, "{\"entries\":%zu,\"categories\":{", n);
  for (int c = 0; c < CAT__COUNT; c++)
    buf_addf(json, "%s\"%s\":%ld", c ? "," : "", category_name((category_t)c), cat_counts[c]);
  buf_adds(json, "},\"cells\":{");
  for (int r = 0; r < x->nrt; r++) {
    buf_addf(json, "%s\"%s\":{", r ? "," : "", x->rts[r].name);
    for (int s = 0; s < CELL__COUNT; s++)
      buf_addf(json, "%s\"%s\":%ld", s ? "," : "", cell_name((cell_state_t)s), cellc[r][s]);
    buf_adds(json, "}");
  }
  buf_addf(json, "},\"broken_environment\":%s,\"executed\":%ld,\"cached\":%ld}", *broken_env ? "true" : "false",
           x->executed, x->cached);
  store_rows_free(rows, n, cells, nc);
  return 0;
}

/* ---- the main loop ---- */

static slot_t *free_slot(run_ctx_t *x) {
  for (int i = 0; i < x->nslots; i++)
    if (x->slots[i].task < 0) return &x->slots[i];
  return NULL;
}

static int busy_slots(run_ctx_t *x) {
  int n = 0;
  for (int i = 0; i < x->nslots; i++) n += x->slots[i].task >= 0;
  return n;
}

static void schedule(run_ctx_t *x) {
  for (;;) {
    slot_t *s = free_slot(x);
    if (!s || x->interrupted) return;
    int t = graph_pop_ready(&x->g);
    if (t < 0) return;
    switch (x->g.t[t].kind) {
    case TASK_BUILD: start_build(x, t, s); break;
    case TASK_RUN: start_run(x, t, s); break;
    case TASK_COMPARE: do_compare(x, t); break;
    }
  }
}

static void update_running(run_ctx_t *x) {
  char cur[120] = "";
  for (int i = 0; i < x->nslots; i++)
    if (x->slots[i].task >= 0) {
      gtask_t *g = &x->g.t[x->slots[i].task];
      snprintf(cur, sizeof cur, "%s%s%s", x->c.entries[g->entry].name, g->kind == TASK_RUN ? " @" : "",
               g->kind == TASK_RUN ? x->rts[g->runtime].name : "");
      break;
    }
  progress_running(&x->prog, busy_slots(x), cur);
}

static void loop(run_ctx_t *x) {
  schedule(x);
  while (!graph_finished(&x->g) && !x->interrupted) {
    double now = now_sec(), wait = 0.25;
    for (int i = 0; i < x->nslots; i++) {
      slot_t *s = &x->slots[i];
      if (s->task < 0 || s->pid <= 0) continue;
      if (!s->timed_out && now >= s->deadline) {
        s->timed_out = 1;
        proc_kill_group(s->pid, SIGKILL);
      } else if (!s->timed_out && s->deadline - now < wait) {
        wait = s->deadline - now;
      }
    }
    if (busy_slots(x) == 0) {
      schedule(x);
      if (busy_slots(x) == 0 && !graph_finished(&x->g)) {
        if (x->g.nheap == 0) die("internal error: the task graph is stuck");
      }
      continue;
    }
    pid_t pid;
    proc_result_t res;
    int signo = 0;
    proc_ev_t ev = proc_wait(wait, &pid, &res, &signo);
    if (ev == PROC_EV_CHILD) {
      for (int i = 0; i < x->nslots; i++)
        if (x->slots[i].task >= 0 && x->slots[i].pid == pid) {
          slot_child_done(x, &x->slots[i], &res);
          break;
        }
      schedule(x);
    } else if (ev == PROC_EV_SIGNAL) {
      x->interrupted = signo;
    }
    update_running(x);
  }
  if (x->interrupted) {
    for (int i = 0; i < x->nslots; i++)
      if (x->slots[i].task >= 0 && x->slots[i].pid > 0) proc_kill_group(x->slots[i].pid, SIGKILL);
    /* reap them */
    double until = now_sec() + 5;
    while (busy_slots(x) && now_sec() < until) {
      pid_t pid;
      proc_result_t res;
      int signo;
      if (proc_wait(0.2, &pid, &res, &signo) == PROC_EV_CHILD)
        for (int i = 0; i < x->nslots; i++)
          if (x->slots[i].task >= 0 && x->slots[i].pid == pid) {
            x->slots[i].pid = 0;
            if (!x->o->keep_work) rm_rf(x->slots[i].dir);
            slot_clear(&x->slots[i]);
            x->slots[i].task = -1;
          }
    }
  }
}

static char *runtimes_json(run_ctx_t *x) {
  buf_t b;
  buf_init(&b);
  buf_adds(&b, "[");
  for (int r = 0; r < x->nrt; r++) {
    buf_addf(&b, "%s{\"name\":", r ? "," : "");
    buf_add_json(&b, x->rts[r].name);
    buf_adds(&b, ",\"path\":");
    buf_add_json(&b, x->rts[r].path);
    buf_addf(&b, ",\"hash\":\"%s\"}", x->rts[r].hash);
  }
  buf_adds(&b, "]");
  return buf_steal(&b);
}

static void setup_runtimes(run_ctx_t *x) {
  runner_opts_t *o = x->o;
  for (size_t i = 0; i < o->runtimes.n; i++) {
    const char *eq = strchr(o->runtimes.v[i], '=');
    if (!eq) die("--runtime wants NAME=PATH, not '%s'", o->runtimes.v[i]);
    char *name = xstrndup(o->runtimes.v[i], (size_t)(eq - o->runtimes.v[i]));
    char *text = xasprintf("runtime %s %s\n", name, eq + 1);
    char err[600];
    corpus_t *c = &x->c;
    /* reuse the parser for one line; entries are untouched */
    size_t before = c->nentries;
    if (corpus_parse_text(c, text, "--runtime", ".", err, sizeof err) != 0) die("%s", err);
    (void)before;
    free(text);
    free(name);
  }
  if (x->c.nrts < 1) die("the corpus declares no runtime");
  if (x->c.nrts > MAXRT) die("at most %d runtimes", MAXRT);
  x->nrt = (int)x->c.nrts;
  for (int r = 0; r < x->nrt; r++) {
    buf_t p;
    buf_init(&p);
    char err[600];
    if (corpus_expand(&x->c, x->c.rts[r].path, NULL, 0, &p, err, sizeof err) != 0) die("runtime %s: %s", x->c.rts[r].name, err);
    x->rts[r].name = xstrdup(x->c.rts[r].name);
    char *rp = realpath(p.data, NULL);
    x->rts[r].path = rp ? rp : path_abs(p.data);
    if (access(x->rts[r].path, X_OK) != 0)
      die("runtime %s: '%s' is not an executable file (build it, or pass --runtime %s=PATH)", x->rts[r].name,
          x->rts[r].path, x->rts[r].name);
    if (hash_file(&x->hc, x->rts[r].path, x->rts[r].hash) != 0) die("runtime %s: cannot read %s", x->rts[r].name, x->rts[r].path);
    buf_free(&p);
  }
}

int runner_main(runner_opts_t *o) {
  run_ctx_t xs, *x = &xs;
  memset(x, 0, sizeof *x);
  x->o = o;
  if (o->jobs < 1) o->jobs = 1;
  const char *state = o->state_dir ? o->state_dir : "build/health";
  if (mkdir_p(state) != 0) die("cannot create %s: %s", state, strerror(errno));
  x->state = path_abs(state);
  x->work = path_join(x->state, "work");
  x->cas = path_join(x->state, "cas");
  x->trees = path_join(x->state, "trees");
  char *lockp = path_join(x->state, "lock");
  int lockfd = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB) != 0)
    die("another mchealth is running with the state directory %s", x->state);
  free(lockp);
  rm_rf(x->work);
  mkdir_p(x->work);
  mkdir_p(x->cas);
  mkdir_p(x->trees);

  char err[800];
  char *dbp = path_join(x->state, "mchealth.db");
  x->s = store_open(dbp, err, sizeof err);
  if (!x->s) die("%s", err);
  free(dbp);
  store_hash_cache(x->s, &x->hc);

  corpus_init(&x->c);
  x->c.hcache = &x->hc;
  for (size_t i = 0; i < o->defines.n; i++) {
    char *eq = strchr(o->defines.v[i], '=');
    if (!eq) die("-D wants NAME=VALUE");
    char *name = xstrndup(o->defines.v[i], (size_t)(eq - o->defines.v[i]));
    corpus_define(&x->c, name, eq + 1);
    free(name);
  }
  if (corpus_load(&x->c, o->corpus, err, sizeof err) != 0) die("%s", err);
  tx_begin(x);
  setup_runtimes(x);
  tx_commit(x);

  x->prev_run = store_prev_complete_run(x->s, 0);
  x->ents = xcalloc(x->c.nentries, sizeof *x->ents);
  select_entries(x);

  char *rtj = runtimes_json(x);
  long resumed = 0;
  char *corpus_abs = path_abs(o->corpus);
  buf_t argvs;
  buf_init(&argvs);
  buf_addf(&argvs, "-j%d%s%s%s%s", o->jobs, o->only ? " --only " : "", o->only ? o->only : "",
           o->retry_regressed ? " --retry-regressed" : "", o->rerun ? " --rerun" : "");
  x->run_id = store_run_start(x->s, corpus_abs, argvs.data, rtj, &resumed);
  if (x->run_id < 0) die("cannot record the run in the store");

  graph_init(&x->g);
  long ntasks = 0;
  for (size_t i = 0; i < x->c.nentries; i++) {
    ent_t *en = &x->ents[i];
    if (!en->selected) continue;
    graph_add_entry(&x->g, (int)i, x->nrt, &en->build_task, en->run_task, &en->compare_task);
    /* stock first, so that the others can reuse a runtime-independent outcome */
    if (runtime_via_tree_only(&x->c.entries[i]))
      for (int r = 1; r < x->nrt; r++) graph_edge(&x->g, en->run_task[0], en->run_task[r]);
    ntasks += 2 + x->nrt;
  }
  graph_seal(&x->g);
  x->nslots = o->jobs;
  x->slots = xcalloc((size_t)x->nslots, sizeof *x->slots);
  for (int i = 0; i < x->nslots; i++) {
    sv_init(&x->slots[i].cmds);
    x->slots[i].task = -1;
  }
  progress_init(&x->prog, o->progress, ntasks);
  {
    char m[600];
    buf_t rl;
    buf_init(&rl);
    for (int r = 0; r < x->nrt; r++) buf_addf(&rl, "%s%s=%s", r ? ", " : "", x->rts[r].name, x->rts[r].path);
    snprintf(m, sizeof m, "mchealth: run %ld%s: %ld tasks for %ld entries on %s; -j%d", x->run_id,
             resumed ? " (resuming an interrupted run)" : "", ntasks, ntasks / (2 + x->nrt), rl.data, o->jobs);
    buf_free(&rl);
    progress_note(&x->prog, m);
  }
  double t0 = now_sec();
  proc_become_subreaper();
  proc_block_signals();
  loop(x);
  proc_unblock_signals();
  tx_commit(x);
  progress_end(&x->prog);

  int status = 0;
  if (x->interrupted) {
    store_run_finish(x->s, x->run_id, "interrupted", x->executed, x->cached, "");
    fprintf(stderr, "mchealth: interrupted by signal %d after %ld executed tasks; rerun to resume\n", x->interrupted,
            x->executed);
    status = 130;
  } else {
    if (o->only || o->retry_regressed) carry_over(x);
    buf_t sj;
    buf_init(&sj);
    long cats[CAT__COUNT];
    int broken = 0;
    summarise(x, &sj, cats, &broken);
    store_run_finish(x->s, x->run_id, "complete", x->executed, x->cached, sj.data);
    double el = now_sec() - t0;
    printf("mchealth: run %ld complete in %dm%02ds: %ld tasks, %ld executed, %ld from the store\n", x->run_id,
           (int)el / 60, (int)el % 60, x->executed + x->cached, x->executed, x->cached);
    printf("entries:");
    for (int c = 0; c < CAT__COUNT; c++) printf(" %s %ld%s", category_name((category_t)c), cats[c], c + 1 < CAT__COUNT ? "," : "\n");
    if (broken)
      printf("BROKEN ENVIRONMENT: most stock cells do not pass; the results say nothing about %s\n",
             x->nrt > 1 ? x->rts[1].name : "the runtime");
    if (!o->no_report) {
      char *rd = o->report_dir ? xstrdup(o->report_dir) : path_join(x->state, "report");
      if (report_write(x->s, x->run_id, rd, err, sizeof err) != 0) {
        fprintf(stderr, "mchealth: report: %s\n", err);
        status = 2;
      } else {
        printf("report: %s/index.html\n", rd);
      }
      free(rd);
    }
    buf_free(&sj);
    if (broken) status = 3;
    else if (o->fail_on_regression && cats[CAT_REGRESSED] > 0) status = status ? status : 1;
  }
  free(rtj);
  free(corpus_abs);
  buf_free(&argvs);
  for (size_t i = 0; i < x->c.nentries; i++) free(x->ents[i].manifest);
  free(x->ents);
  for (int i = 0; i < x->nslots; i++) slot_clear(&x->slots[i]);
  free(x->slots);
  for (int r = 0; r < x->nrt; r++) {
    free(x->rts[r].name);
    free(x->rts[r].path);
    free(x->rts[r].tree);
  }
  graph_free(&x->g);
  corpus_free(&x->c);
  store_close(x->s);
  if (!o->keep_work) rm_rf(x->work);
  free(x->state);
  free(x->work);
  free(x->cas);
  free(x->trees);
  close(lockfd);
  return status;
}
