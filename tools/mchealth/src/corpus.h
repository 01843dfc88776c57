/* corpus: the plain-text corpus format (entries, variables, runtimes), its
   parser, variable expansion, command splitting and the identity of templates. */
#ifndef MCH_CORPUS_H
#define MCH_CORPUS_H

#include "hash.h"
#include "util.h"

typedef enum { VAR_PATH, VAR_SET, VAR_TOOL } var_kind_t;

typedef struct cvar {
  char *name;
  var_kind_t kind;
  char *value;        /* template; for tools the first path */
  strvec_t paths;     /* tools: every path template whose content is the identity */
  strvec_t excludes;  /* tools: base-name globs skipped when hashing directories */
  int from_cli;       /* defined by -D: later corpus definitions do not override */
  int hashed;         /* tools: identity computed */
  char hash[HASH_HEX];
} cvar_t;

typedef struct cruntime {
  char *name;
  char *path; /* template */
} cruntime_t;

typedef enum { EXPECT_STOCK, EXPECT_STATUS, EXPECT_OCAMLTEST, EXPECT_STDOUT } expect_t;

typedef struct centry {
  char *name;
  char *group;
  strvec_t copies;  /* templates "PATH" or "PATH AS" */
  strvec_t inputs;  /* templates of paths whose content is part of the keys */
  strvec_t build;   /* command templates, run in order */
  strvec_t run;     /* command templates, run in order */
  strvec_t env;     /* NAME=VALUE templates */
  strvec_t outputs; /* files produced by the run, compared between runtimes */
  char *stdin_t;    /* template or NULL (/dev/null) */
  expect_t expect;
  int expect_status;
  char *expect_file; /* template */
  int timeout_s;
  long mem_mb;
  char *where; /* "file:line" of the entry line */
} centry_t;

typedef struct corpus {
  cvar_t *vars;
  size_t nvars, capvars;
  cruntime_t *rts;
  size_t nrts, caprts;
  centry_t *entries;
  size_t nentries, capentries;
  int default_timeout;
  long default_mem_mb;
  hash_cache_t *hcache; /* used for tool identities; may be NULL */
} corpus_t;

/* A per-task variable (RUNTIME, RUNTIME_TREE, ...): value and identity. */
typedef struct local_var {
  const char *name;
  const char *value;
  const char *identity;
} local_var_t;

void corpus_init(corpus_t *c);
void corpus_free(corpus_t *c);
/* Define NAME=VALUE from the command line (a `set`, or a `path` if the
   corpus declares it as one). */
void corpus_define(corpus_t *c, const char *name, const char *value);
/* Parse a corpus file (and its includes).  Returns 0, or -1 with a message. */
int corpus_load(corpus_t *c, const char *path, char *err, size_t errlen);
/* Parse corpus text as if read from file `where` (dir for relative paths). */
int corpus_parse_text(corpus_t *c, const char *text, const char *where, const char *dir, char *err,
                      size_t errlen);

const cvar_t *corpus_var(const corpus_t *c, const char *name);

/* Expand ${NAME}, ${env:NAME}, ${env:NAME:-default} and $$ in tmpl. */
int corpus_expand(corpus_t *c, const char *tmpl, const local_var_t *locals, size_t nlocals,
                  buf_t *out, char *err, size_t errlen);

/* Add the identity of a template to a key: its text and the identity of
   every variable it references (set: value; tool: content hash; path:
   nothing; locals: their identity). */
int corpus_key_template(corpus_t *c, keyb_t *k, const char *tag, const char *tmpl,
                        const local_var_t *locals, size_t nlocals, char *err, size_t errlen);

/* Split an expanded command line into words: blanks separate, '...' and
   "..." quote, backslash escapes the next character. */
int cmd_split(const char *s, strvec_t *argv, char *err, size_t errlen);

/* Generate corpus text for the `expand KIND DIR` directive (also used by
   `mchealth gen KIND DIR`).  dir_tmpl is written into the entries as is;
   dir_real is where the files are read now. */
int corpus_gen_dir(const char *kind, const char *dir_tmpl, const char *dir_real, buf_t *out,
                   char *err, size_t errlen);

const char *expect_name(expect_t e);

#endif
