/* corpus: the plain-text corpus format (entries, variables, runtimes), its
   parser, variable expansion, command splitting and the identity of templates. */
#include "corpus.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 24

static void seterr(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, n, fmt, ap);
  va_end(ap);
}

const char *expect_name(expect_t e) {
  switch (e) {
  case EXPECT_STOCK: return "stock";
  case EXPECT_STATUS: return "status";
  case EXPECT_OCAMLTEST: return "ocamltest";
  case EXPECT_STDOUT: return "stdout";
  }
  return "?";
}

void corpus_init(corpus_t *c) {
  memset(c, 0, sizeof *c);
  c->default_timeout = 60;
  c->default_mem_mb = 4096;
}

static void entry_free(centry_t *e) {
  free(e->name);
  free(e->group);
  sv_free(&e->copies);
  sv_free(&e->inputs);
  sv_free(&e->build);
  sv_free(&e->run);
  sv_free(&e->env);
  sv_free(&e->outputs);
  free(e->stdin_t);
  free(e->expect_file);
  free(e->where);
}

void corpus_free(corpus_t *c) {
  for (size_t i = 0; i < c->nvars; i++) {
    free(c->vars[i].name);
    free(c->vars[i].value);
    sv_free(&c->vars[i].paths);
    sv_free(&c->vars[i].excludes);
  }
  free(c->vars);
  for (size_t i = 0; i < c->nrts; i++) {
    free(c->rts[i].name);
    free(c->rts[i].path);
  }
  free(c->rts);
  for (size_t i = 0; i < c->nentries; i++) entry_free(&c->entries[i]);
  free(c->entries);
  memset(c, 0, sizeof *c);
}

static cvar_t *find_var(const corpus_t *c, const char *name) {
  for (size_t i = 0; i < c->nvars; i++)
    if (strcmp(c->vars[i].name, name) == 0) return &c->vars[i];
  return NULL;
}

const cvar_t *corpus_var(const corpus_t *c, const char *name) { return find_var(c, name); }

/* Define or redefine a variable; definitions from the command line win. */
static cvar_t *def_var(corpus_t *c, const char *name, var_kind_t kind, const char *value, int cli) {
  cvar_t *v = find_var(c, name);
  if (v && v->from_cli && !cli) {
    /* keep the command-line value, but learn the declared kind */
    if (kind == VAR_PATH) v->kind = VAR_PATH;
    return NULL;
  }
  if (!v) {
    if (c->nvars == c->capvars) {
      c->capvars = c->capvars ? 2 * c->capvars : 32;
      c->vars = xrealloc(c->vars, c->capvars * sizeof *c->vars);
    }
    v = &c->vars[c->nvars++];
    memset(v, 0, sizeof *v);
    v->name = xstrdup(name);
    sv_init(&v->paths);
    sv_init(&v->excludes);
  } else {
    free(v->value);
    sv_free(&v->paths);
    sv_free(&v->excludes);
  }
  v->kind = kind;
  v->value = xstrdup(value);
  v->from_cli = cli;
  v->hashed = 0;
  return v;
}

void corpus_define(corpus_t *c, const char *name, const char *value) {
  def_var(c, name, VAR_SET, value, 1);
}

/* ---- expansion ---- */

/* Find the '}' matching the '${' at s[0..1]; returns its index or -1. */
static long match_brace(const char *s) {
  int depth = 0;
  for (long i = 0; s[i]; i++) {
    if (s[i] == '$' && s[i + 1] == '{') {
      depth++;
      i++;
    } else if (s[i] == '}') {
      if (--depth == 0) return i;
    }
  }
  return -1;
}

static const local_var_t *find_local(const local_var_t *l, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(l[i].name, name) == 0) return &l[i];
  return NULL;
}

static int expand_rec(corpus_t *c, const char *t, const local_var_t *locals, size_t nlocals,
                      buf_t *out, int depth, char *err, size_t errlen) {
  if (depth > MAX_DEPTH) {
    seterr(err, errlen, "variables nest too deeply (a cycle?) in '%s'", t);
    return -1;
  }
  for (const char *p = t; *p;) {
    if (p[0] == '$' && p[1] == '$') {
      buf_addc(out, '$');
      p += 2;
    } else if (p[0] == '$' && p[1] == '{') {
      long end = match_brace(p);
      if (end < 0) {
        seterr(err, errlen, "unterminated ${ in '%s'", t);
        return -1;
      }
      char *inner = xstrndup(p + 2, (size_t)end - 2);
      int rc = 0;
      if (str_starts(inner, "env:")) {
        char *name = inner + 4, *dflt = strstr(name, ":-");
        if (dflt) *dflt = 0, dflt += 2;
        const char *v = getenv(name);
        if (v && *v) buf_adds(out, v);
        else if (dflt) rc = expand_rec(c, dflt, locals, nlocals, out, depth + 1, err, errlen);
      } else {
        const local_var_t *l = find_local(locals, nlocals, inner);
        const cvar_t *v = l ? NULL : find_var(c, inner);
        if (l) buf_adds(out, l->value);
        else if (v) rc = expand_rec(c, v->value, locals, nlocals, out, depth + 1, err, errlen);
        else {
          seterr(err, errlen, "undefined variable ${%s}", inner);
          rc = -1;
        }
      }
      free(inner);
      if (rc) return rc;
      p += end + 1;
    } else {
      buf_addc(out, *p++);
    }
  }
  return 0;
}

int corpus_expand(corpus_t *c, const char *tmpl, const local_var_t *locals, size_t nlocals,
                  buf_t *out, char *err, size_t errlen) {
  buf_reset(out);
  buf_add(out, "", 0);
  return expand_rec(c, tmpl, locals, nlocals, out, 0, err, errlen);
}

/* The identity of a tool: content hashes of all its paths. */
static int tool_identity(corpus_t *c, cvar_t *v, char *err, size_t errlen) {
  if (v->hashed) return 0;
  keyb_t k;
  buf_t p;
  buf_init(&p);
  keyb_init(&k, "tool");
  for (size_t i = 0; i < v->paths.n; i++) {
    char h[HASH_HEX];
    if (corpus_expand(c, v->paths.v[i], NULL, 0, &p, err, errlen) != 0) {
      buf_free(&p);
      return -1;
    }
    if (hash_path(c->hcache, p.data, &v->excludes, h) != 0) {
      seterr(err, errlen, "tool ${%s}: cannot read '%s': %s", v->name, p.data, strerror(errno));
      buf_free(&p);
      return -1;
    }
    keyb_str(&k, "path", v->paths.v[i]);
    keyb_str(&k, "hash", h);
  }
  buf_free(&p);
  keyb_final(&k, v->hash);
  v->hashed = 1;
  return 0;
}

static int key_rec(corpus_t *c, keyb_t *k, const char *t, const local_var_t *locals,
                   size_t nlocals, int depth, char *err, size_t errlen) {
  if (depth > MAX_DEPTH) {
    seterr(err, errlen, "variables nest too deeply (a cycle?) in '%s'", t);
    return -1;
  }
  for (const char *p = t; *p; p++) {
    if (p[0] == '$' && p[1] == '$') {
      p++;
      continue;
    }
    if (!(p[0] == '$' && p[1] == '{')) continue;
    long end = match_brace(p);
    if (end < 0) {
      seterr(err, errlen, "unterminated ${ in '%s'", t);
      return -1;
    }
    char *inner = xstrndup(p + 2, (size_t)end - 2);
    int rc = 0;
    if (str_starts(inner, "env:")) {
      /* an environment variable's value is part of the identity */
      buf_t v;
      buf_init(&v);
      char *full = xasprintf("${%s}", inner);
      rc = corpus_expand(c, full, locals, nlocals, &v, err, errlen);
      if (!rc) keyb_str(k, inner, v.data);
      free(full);
      buf_free(&v);
    } else {
      const local_var_t *l = find_local(locals, nlocals, inner);
      cvar_t *v = l ? NULL : find_var(c, inner);
      if (l) {
        keyb_str(k, l->name, l->identity);
      } else if (!v) {
        seterr(err, errlen, "undefined variable ${%s}", inner);
        rc = -1;
      } else if (v->kind == VAR_SET) {
        keyb_str(k, "set", v->name);
        keyb_str(k, "value", v->value);
        rc = key_rec(c, k, v->value, locals, nlocals, depth + 1, err, errlen);
      } else if (v->kind == VAR_TOOL) {
        rc = tool_identity(c, v, err, errlen);
        if (!rc) {
          keyb_str(k, "tool", v->name);
          keyb_str(k, "hash", v->hash);
        }
      } /* VAR_PATH: a location, not part of any key */
    }
    free(inner);
    if (rc) return rc;
    p += end;
  }
  return 0;
}

int corpus_key_template(corpus_t *c, keyb_t *k, const char *tag, const char *tmpl,
                        const local_var_t *locals, size_t nlocals, char *err, size_t errlen) {
  keyb_str(k, tag, tmpl);
  return key_rec(c, k, tmpl, locals, nlocals, 0, err, errlen);
}

/* ---- command splitting ---- */

int cmd_split(const char *s, strvec_t *argv, char *err, size_t errlen) {
  buf_t w;
  buf_init(&w);
  int inword = 0;
  for (const char *p = s;; p++) {
    char ch = *p;
    if (ch == 0 || ch == ' ' || ch == '\t' || ch == '\n') {
      if (inword) sv_push(argv, w.data ? w.data : "");
      buf_reset(&w);
      inword = 0;
      if (ch == 0) break;
    } else if (ch == '\'') {
      inword = 1;
      const char *q = strchr(p + 1, '\'');
      if (!q) {
        seterr(err, errlen, "unterminated ' in command: %s", s);
        buf_free(&w);
        return -1;
      }
      buf_add(&w, p + 1, (size_t)(q - p - 1));
      p = q;
    } else if (ch == '"') {
      inword = 1;
      for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1]) p++;
        buf_addc(&w, *p);
      }
      if (!*p) {
        seterr(err, errlen, "unterminated \" in command: %s", s);
        buf_free(&w);
        return -1;
      }
    } else if (ch == '\\' && p[1]) {
      inword = 1;
      buf_addc(&w, *++p);
    } else {
      inword = 1;
      buf_addc(&w, ch);
    }
  }
  buf_free(&w);
  return 0;
}

/* ---- parsing ---- */

typedef struct parse_ctx {
  corpus_t *c;
  const char *file;
  const char *dir;
  int line;
  centry_t *cur;
  int depth;
  char *err;
  size_t errlen;
} parse_ctx_t;

static centry_t *new_entry(corpus_t *c, const char *name, const char *where) {
  if (c->nentries == c->capentries) {
    c->capentries = c->capentries ? 2 * c->capentries : 64;
    c->entries = xrealloc(c->entries, c->capentries * sizeof *c->entries);
  }
  centry_t *e = &c->entries[c->nentries++];
  memset(e, 0, sizeof *e);
  e->name = xstrdup(name);
  const char *slash = strchr(name, '/');
  e->group = slash ? xstrndup(name, (size_t)(slash - name)) : xstrdup("misc");
  e->timeout_s = 0;
  e->mem_mb = 0;
  e->expect = EXPECT_STOCK;
  e->where = xstrdup(where);
  return e;
}

/* Split "word rest" into the first word and the trimmed remainder. */
static char *split_word(char *s, char **rest) {
  while (*s == ' ' || *s == '\t') s++;
  char *w = s;
  while (*s && *s != ' ' && *s != '\t') s++;
  if (*s) *s++ = 0;
  *rest = str_trim(s);
  return w;
}

static int parse_file(parse_ctx_t *pc, const char *path);

static int parse_line(parse_ctx_t *pc, char *line) {
  corpus_t *c = pc->c;
  char *rest;
  char *kw = split_word(line, &rest);
  char where[512];
  snprintf(where, sizeof where, "%s:%d", pc->file, pc->line);
#define FAIL(...)                                                       \
  do {                                                                  \
    char m_[400];                                                       \
    snprintf(m_, sizeof m_, __VA_ARGS__);                               \
    seterr(pc->err, pc->errlen, "%s: %s", where, m_);                   \
    return -1;                                                          \
  } while (0)
  centry_t *e = pc->cur;
  if (strcmp(kw, "entry") == 0) {
    if (!*rest || strchr(rest, ' ')) FAIL("entry wants one name");
    for (size_t i = 0; i < c->nentries; i++)
      if (strcmp(c->entries[i].name, rest) == 0) FAIL("duplicate entry '%s' (first at %s)", rest, c->entries[i].where);
    pc->cur = new_entry(c, rest, where);
    return 0;
  }
  if (strcmp(kw, "end") == 0) {
    if (!e) FAIL("'end' outside an entry");
    pc->cur = NULL;
    return 0;
  }
  if (e) {
    if (strcmp(kw, "group") == 0) {
      free(e->group);
      e->group = xstrdup(rest);
    } else if (strcmp(kw, "copy") == 0) {
      sv_push(&e->copies, rest);
    } else if (strcmp(kw, "input") == 0) {
      sv_push(&e->inputs, rest);
    } else if (strcmp(kw, "build") == 0) {
      sv_push(&e->build, rest);
    } else if (strcmp(kw, "run") == 0) {
      sv_push(&e->run, rest);
    } else if (strcmp(kw, "env") == 0) {
      if (!strchr(rest, '=')) FAIL("env wants NAME=VALUE");
      sv_push(&e->env, rest);
    } else if (strcmp(kw, "output") == 0) {
      strvec_t w;
      sv_init(&w);
      if (cmd_split(rest, &w, pc->err, pc->errlen) != 0) return -1;
      for (size_t i = 0; i < w.n; i++) sv_push(&e->outputs, w.v[i]);
      sv_free(&w);
    } else if (strcmp(kw, "stdin") == 0) {
      free(e->stdin_t);
      e->stdin_t = xstrdup(rest);
    } else if (strcmp(kw, "expect") == 0) {
      char *arg;
      char *mode = split_word(rest, &arg);
      if (strcmp(mode, "stock") == 0) e->expect = EXPECT_STOCK;
      else if (strcmp(mode, "ocamltest") == 0) e->expect = EXPECT_OCAMLTEST;
      else if (strcmp(mode, "status") == 0) {
        e->expect = EXPECT_STATUS;
        e->expect_status = atoi(arg);
      } else if (strcmp(mode, "stdout") == 0 && *arg) {
        e->expect = EXPECT_STDOUT;
        free(e->expect_file);
        e->expect_file = xstrdup(arg);
      } else FAIL("expect wants stock, ocamltest, status N or stdout FILE");
    } else if (strcmp(kw, "timeout") == 0) {
      e->timeout_s = atoi(rest);
      if (e->timeout_s <= 0) FAIL("timeout wants a positive number of seconds");
    } else if (strcmp(kw, "memory") == 0) {
      e->mem_mb = atol(rest);
      if (e->mem_mb <= 0) FAIL("memory wants a positive number of MiB");
    } else {
      FAIL("unknown entry directive '%s'", kw);
    }
    return 0;
  }
  if (strcmp(kw, "path") == 0 || strcmp(kw, "set") == 0) {
    char *value;
    char *name = split_word(rest, &value);
    if (!*name) FAIL("%s wants NAME VALUE", kw);
    def_var(c, name, kw[0] == 'p' ? VAR_PATH : VAR_SET, value, 0);
  } else if (strcmp(kw, "tool") == 0) {
    strvec_t w;
    sv_init(&w);
    if (cmd_split(rest, &w, pc->err, pc->errlen) != 0) return -1;
    if (w.n < 2) FAIL("tool wants NAME PATH [PATH...] [! GLOB...]");
    cvar_t *v = def_var(c, w.v[0], VAR_TOOL, w.v[1], 0);
    int excl = 0;
    for (size_t i = 1; v && i < w.n; i++) {
      if (strcmp(w.v[i], "!") == 0) excl = 1;
      else sv_push(excl ? &v->excludes : &v->paths, w.v[i]);
    }
    sv_free(&w);
  } else if (strcmp(kw, "runtime") == 0) {
    char *path;
    char *name = split_word(rest, &path);
    if (!*name || !*path) FAIL("runtime wants NAME PATH");
    for (size_t i = 0; i < c->nrts; i++)
      if (strcmp(c->rts[i].name, name) == 0) {
        free(c->rts[i].path);
        c->rts[i].path = xstrdup(path);
        return 0;
      }
    if (c->nrts == c->caprts) {
      c->caprts = c->caprts ? 2 * c->caprts : 4;
      c->rts = xrealloc(c->rts, c->caprts * sizeof *c->rts);
    }
    c->rts[c->nrts].name = xstrdup(name);
    c->rts[c->nrts].path = xstrdup(path);
    c->nrts++;
  } else if (strcmp(kw, "timeout") == 0) {
    c->default_timeout = atoi(rest);
    if (c->default_timeout <= 0) FAIL("timeout wants a positive number of seconds");
  } else if (strcmp(kw, "memory") == 0) {
    c->default_mem_mb = atol(rest);
    if (c->default_mem_mb <= 0) FAIL("memory wants a positive number of MiB");
  } else if (strcmp(kw, "include") == 0 || strcmp(kw, "expand") == 0) {
    char *kind = NULL, *arg = rest;
    if (kw[0] == 'e') kind = split_word(rest, &arg);
    buf_t p;
    buf_init(&p);
    if (corpus_expand(c, arg, NULL, 0, &p, pc->err, pc->errlen) != 0) {
      char m[300];
      snprintf(m, sizeof m, "%s", pc->err);
      FAIL("%s", m);
    }
    char *full = p.data[0] == '/' ? xstrdup(p.data) : path_join(pc->dir, p.data);
    int rc;
    if (kind) {
      buf_t text;
      buf_init(&text);
      rc = corpus_gen_dir(kind, arg, full, &text, pc->err, pc->errlen);
      if (rc == 0) {
        parse_ctx_t sub = *pc;
        sub.cur = NULL;
        sub.line = 0;
        sub.file = where;
        char *copy = xstrdup(text.data);
        char *save = NULL;
        rc = 0;
        for (char *ln = strtok_r(copy, "\n", &save); ln && rc == 0; ln = strtok_r(NULL, "\n", &save)) {
          sub.line++;
          char *t = str_trim(ln);
          if (!*t || *t == '#') continue;
          rc = parse_line(&sub, t);
        }
        free(copy);
      }
      buf_free(&text);
    } else {
      if (pc->depth > 16) FAIL("includes nest too deeply");
      pc->depth++;
      centry_t *saved = pc->cur;
      pc->cur = NULL;
      rc = parse_file(pc, full);
      pc->cur = saved;
      pc->depth--;
    }
    free(full);
    buf_free(&p);
    return rc;
  } else {
    FAIL("unknown directive '%s'", kw);
  }
  return 0;
#undef FAIL
}

/* Replace ${CORPUS_DIR} by the directory of the file being read. */
static char *subst_corpus_dir(const char *line, const char *dir) {
  buf_t b;
  buf_init(&b);
  const char *p = line, *q;
  while ((q = strstr(p, "${CORPUS_DIR}"))) {
    buf_add(&b, p, (size_t)(q - p));
    buf_adds(&b, dir);
    p = q + strlen("${CORPUS_DIR}");
  }
  buf_adds(&b, p);
  return buf_steal(&b);
}

static int parse_text(parse_ctx_t *pc, const char *text) {
  char *copy = xstrdup(text);
  char *p = copy;
  int rc = 0;
  pc->line = 0;
  while (p && rc == 0) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    pc->line++;
    char *t = str_trim(p);
    if (*t && *t != '#') {
      char *s = subst_corpus_dir(t, pc->dir);
      rc = parse_line(pc, s);
      free(s);
    }
    p = nl ? nl + 1 : NULL;
  }
  free(copy);
  return rc;
}

static int parse_file(parse_ctx_t *pc, const char *path) {
  buf_t b;
  buf_init(&b);
  if (file_read(path, &b) != 0) {
    seterr(pc->err, pc->errlen, "cannot read corpus file '%s': %s", path, strerror(errno));
    buf_free(&b);
    return -1;
  }
  char *abs = path_abs(path);
  char *dir = xstrdup(abs);
  char *slash = strrchr(dir, '/');
  if (slash && slash != dir) *slash = 0;
  parse_ctx_t sub = *pc;
  sub.file = abs;
  sub.dir = dir;
  sub.cur = NULL;
  int rc = parse_text(&sub, b.data);
  free(abs);
  free(dir);
  buf_free(&b);
  return rc;
}

static int finish(corpus_t *c, char *err, size_t errlen) {
  for (size_t i = 0; i < c->nentries; i++) {
    centry_t *e = &c->entries[i];
    if (!e->timeout_s) e->timeout_s = c->default_timeout;
    if (!e->mem_mb) e->mem_mb = c->default_mem_mb;
    if (e->run.n == 0) {
      seterr(err, errlen, "%s: entry '%s' has no run step", e->where, e->name);
      return -1;
    }
  }
  return 0;
}

int corpus_load(corpus_t *c, const char *path, char *err, size_t errlen) {
  parse_ctx_t pc = {.c = c, .file = path, .dir = ".", .err = err, .errlen = errlen};
  if (parse_file(&pc, path) != 0) return -1;
  return finish(c, err, errlen);
}

int corpus_parse_text(corpus_t *c, const char *text, const char *where, const char *dir, char *err,
                      size_t errlen) {
  parse_ctx_t pc = {.c = c, .file = where, .dir = dir, .err = err, .errlen = errlen};
  if (parse_text(&pc, text) != 0) return -1;
  return finish(c, err, errlen);
}

/* ---- generators ---- */

/* Read "(* key: value *)" options from the first 15 lines of a source, as
   tests/diff/README.md describes; several lines with one key are joined. */
static void header_opt(const char *text, const char *key, buf_t *out) {
  buf_reset(out);
  buf_add(out, "", 0);
  const char *p = text;
  for (int ln = 0; ln < 15 && p && *p; ln++) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    char *line = xstrndup(p, n);
    char *t = line;
    if (str_starts(t, "(*")) {
      t += 2;
      while (*t == ' ' || *t == '\t') t++;
      size_t kl = strlen(key);
      if (strncmp(t, key, kl) == 0 && t[kl] == ':') {
        char *v = t + kl + 1;
        char *end = strstr(v, "*)");
        if (end && !*str_trim(end + 2)) {
          *end = 0;
          v = str_trim(v);
          if (*v) {
            if (out->len) buf_addc(out, ' ');
            buf_adds(out, v);
          }
        }
      }
    }
    free(line);
    p = nl ? nl + 1 : NULL;
  }
}

/* Escape '$' for corpus text. */
static void add_escaped(buf_t *b, const char *s) {
  for (; *s; s++) {
    if (*s == '$') buf_addc(b, '$');
    buf_addc(b, *s);
  }
}

/* Entries compiling each module of a built stdlib source directory with
   ${OCAMLC_BYTE} on the runtime, with the flags of stdlib/Makefile and
   stdlib/Compflags (less -absname and -bin-annot, whose products depend on
   the working directory).  The .cmi and .cmo produced are compared. */
static int gen_stdlib(const char *dir_tmpl, const char *dir_real, buf_t *out, char *err, size_t errlen) {
  (void)err;
  (void)errlen;
  strvec_t names;
  sv_init(&names);
  if (dir_list(dir_real, &names) != 0) {
    sv_free(&names);
    return 0;
  }
  buf_addf(out, "# generated by: mchealth gen stdlib %s\n", dir_tmpl);
  for (size_t i = 0; i < names.n; i++) {
    const char *f = names.v[i];
    if (!str_ends(f, ".ml")) continue;
    char *base = xstrndup(f, strlen(f) - 3);
    char *unit;
    if (str_starts(base, "camlinternal") || strcmp(base, "stdlib") == 0 || strcmp(base, "std_exit") == 0)
      unit = xstrdup(base);
    else {
      unit = xasprintf("stdlib__%s", base);
      unit[8] = (char)toupper((unsigned char)unit[8]);
    }
    char *cmo = xasprintf("%s/%s.cmo", dir_real, unit);
    if (!file_exists(cmo)) {
      free(cmo);
      free(unit);
      free(base);
      continue;
    }
    free(cmo);
    char *mli = xasprintf("%s/%s.mli", dir_real, base);
    int has_mli = file_exists(mli);
    free(mli);
    const char *extra = "", *extra_cmi = "";
    int labels = str_ends(base, "Labels");
    if (strcmp(base, "stdlib") == 0)
      extra = extra_cmi = " -nopervasives -no-alias-deps -w -49 -pp 'awk -f expand_module_aliases.awk'";
    else if (strcmp(base, "camlinternalFormatBasics") == 0) extra = extra_cmi = " -nopervasives";
    else if (strcmp(base, "buffer") == 0) extra = extra_cmi = " -w +A";
    else if (strcmp(base, "camlinternalFormat") == 0 || strcmp(base, "printf") == 0 ||
             strcmp(base, "format") == 0 || strcmp(base, "scanf") == 0)
      extra = extra_cmi = " -w +A -w -fragile-match";
    else if (labels) {
      extra_cmi = " -pp 'awk -f expand_module_aliases.awk'";
      extra = " -nolabels -no-alias-deps";
    } else if (strcmp(base, "float") == 0) extra = " -nolabels -no-alias-deps";
    else if (strcmp(base, "oo") == 0) extra_cmi = " -no-principal";
    const char *common = "${RUNTIME} ${OCAMLC_BYTE} -strict-sequence -w +a-4-9-41-42-44-45-48 -g -warn-error +A"
                         " -nostdlib -principal -I ${STDLIB_BUILT}";
    buf_addf(out, "entry ocamlc-stdlib/%s\n  group ocamlc-stdlib\n", base);
    buf_addf(out, "  copy %s/%s.ml\n", dir_tmpl, base);
    if (has_mli) buf_addf(out, "  copy %s/%s.mli\n", dir_tmpl, base);
    if (strstr(extra, "awk") || strstr(extra_cmi, "awk"))
      buf_addf(out, "  copy %s/expand_module_aliases.awk\n", dir_tmpl);
    if (has_mli) buf_addf(out, "  run %s%s -o %s.cmi -c %s.mli\n", common, extra_cmi, unit, base);
    buf_addf(out, "  run %s%s -o %s.cmo -c %s.ml\n", common, extra, unit, base);
    buf_addf(out, "  output %s.cmi %s.cmo\nend\n", unit, unit);
    free(unit);
    free(base);
  }
  sv_free(&names);
  return 0;
}

int corpus_gen_dir(const char *kind, const char *dir_tmpl, const char *dir_real, buf_t *out,
                   char *err, size_t errlen) {
  int k_diff = strcmp(kind, "diff") == 0, k_compile = strcmp(kind, "compile") == 0,
      k_bench = strcmp(kind, "bench") == 0;
  if (strcmp(kind, "stdlib") == 0) return gen_stdlib(dir_tmpl, dir_real, out, err, errlen);
  if (!k_diff && !k_compile && !k_bench) {
    seterr(err, errlen, "unknown expand kind '%s' (diff, compile, bench or stdlib)", kind);
    return -1;
  }
  strvec_t names;
  sv_init(&names);
  if (dir_list(dir_real, &names) != 0) {
    /* a missing directory expands to nothing (e.g. bench/ not there yet) */
    sv_free(&names);
    return 0;
  }
  buf_t src, flags, env, args, libs, tmo;
  buf_init(&src);
  buf_init(&flags);
  buf_init(&env);
  buf_init(&args);
  buf_init(&libs);
  buf_init(&tmo);
  const char *group = k_diff ? "diff" : k_compile ? "ocamlc" : "bench";
  buf_addf(out, "# generated by: mchealth gen %s %s\n", kind, dir_tmpl);
  for (size_t i = 0; i < names.n; i++) {
    const char *f = names.v[i];
    if (!str_ends(f, ".ml") || f[0] == '.') continue;
    char *name = xstrndup(f, strlen(f) - 3);
    char *path = path_join(dir_real, f);
    if (file_read(path, &src) != 0) {
      free(path);
      free(name);
      continue;
    }
    header_opt(src.data, "flags", &flags);
    header_opt(src.data, "env", &env);
    header_opt(src.data, "args", &args);
    header_opt(src.data, "libs", &libs);
    header_opt(src.data, "timeout", &tmo);
    buf_t libflags;
    buf_init(&libflags);
    buf_add(&libflags, "", 0);
    {
      strvec_t ls;
      sv_init(&ls);
      cmd_split(libs.data, &ls, err, errlen);
      for (size_t j = 0; j < ls.n; j++) buf_addf(&libflags, " -I +%s %s.cma", ls.v[j], ls.v[j]);
      sv_free(&ls);
    }
    buf_addf(out, "entry %s/%s\n  group %s\n  copy %s/%s.ml\n", group, name, group, dir_tmpl, name);
    buf_adds(out, "  ");
    buf_adds(out, k_compile ? "run ${RUNTIME} ${OCAMLC_BYTE}" : "build ${OCAMLC}");
    if (flags.len) buf_addc(out, ' '), add_escaped(out, flags.data);
    add_escaped(out, libflags.data);
    buf_addf(out, " -o %s.byte %s.ml\n", name, name);
    if (k_compile) {
      buf_addf(out, "  output %s.byte %s.cmo %s.cmi\n", name, name, name);
    } else {
      buf_addf(out, "  run ${RUNTIME} ./%s.byte", name);
      if (args.len) buf_addc(out, ' '), add_escaped(out, args.data);
      buf_addc(out, '\n');
      if (k_diff) buf_adds(out, "  env MCRUN_DIFF=1\n");
      strvec_t ev;
      sv_init(&ev);
      cmd_split(env.data, &ev, err, errlen);
      for (size_t j = 0; j < ev.n; j++) {
        buf_adds(out, "  env ");
        add_escaped(out, ev.v[j]);
        buf_addc(out, '\n');
      }
      sv_free(&ev);
      char *stdin_f = xasprintf("%s/%s.stdin", dir_real, name);
      if (file_exists(stdin_f)) buf_addf(out, "  stdin %s/%s.stdin\n", dir_tmpl, name);
      free(stdin_f);
      if (tmo.len) buf_addf(out, "  timeout %d\n", atoi(tmo.data));
      else if (k_bench) buf_adds(out, "  timeout 300\n");
    }
    buf_adds(out, "end\n");
    buf_free(&libflags);
    free(path);
    free(name);
  }
  buf_free(&src);
  buf_free(&flags);
  buf_free(&env);
  buf_free(&args);
  buf_free(&libs);
  buf_free(&tmo);
  sv_free(&names);
  return 0;
}
