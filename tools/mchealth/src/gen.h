/* gen: the generator of testsuite corpus entries: lists OCaml's test
   suite with ocamltest and keeps the tests that stock actually runs. */
#ifndef MCH_GEN_H
#define MCH_GEN_H

#include "util.h"

typedef struct gen_ts_opts {
  const char *testsuite;  /* the testsuite directory of a built source tree */
  const char *ocamltest;  /* the ocamltest binary */
  const char *tmpl;       /* how entries name the testsuite directory, e.g. ${TESTSUITE} */
  int jobs;
  int timeout;
  int all;                /* keep skipped tests too (no stock run) */
  const char *subdir;     /* where to look for tests, relative to testsuite (default tests) */
} gen_ts_opts_t;

/* Append corpus text for the test suite to out; progress on stderr. */
int gen_testsuite(const gen_ts_opts_t *o, buf_t *out, char *err, size_t errlen);

#endif
