/* stublibs.c: the DLLS section of a bytecode file against the primitives
 * mcrun provides itself (it never loads C stub libraries). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "fail.h"
#include "stublibs.h"

/* The distribution's stub libraries whose primitives are built in (unix,
 * str, threads, runtime_events), as ocamlc records them for 5.3, and the
 * names older releases used. */
static const char *const builtin_libraries[] = {
    "dllunixbyt", "dllunix", "dllcamlstrbyt", "dllcamlstr", "dllthreads",
    "dllcamlruntime_eventsbyt", "dllcamlruntime_events",
};

/* The bare library name of a DLLS entry: no directory, no ".so". */
static size_t bare_name(const char *name, const char **start) {
  const char *slash = strrchr(name, '/');
  const char *s = slash ? slash + 1 : name;
  size_t n = strlen(s);
  if (n > 3 && strcmp(s + n - 3, ".so") == 0) n -= 3;
  *start = s;
  return n;
}

bool mc_stub_library_is_builtin(const char *name) {
  const char *s;
  size_t n = bare_name(name, &s);
  for (size_t i = 0; i < sizeof builtin_libraries / sizeof builtin_libraries[0]; i++)
    if (strlen(builtin_libraries[i]) == n && memcmp(builtin_libraries[i], s, n) == 0) return true;
  return false;
}

/* A growing message buffer. */
struct text {
  char *buf;
  size_t len, cap;
};

static void add(struct text *t, const char *s, size_t n) {
  if (t->len + n + 1 > t->cap) {
    t->cap = (t->len + n + 1) * 2;
    t->buf = mc_xrealloc(t->buf, t->cap);
  }
  memcpy(t->buf + t->len, s, n);
  t->len += n;
  t->buf[t->len] = 0;
}

static void add_str(struct text *t, const char *s) { add(t, s, strlen(s)); }

/* How many missing primitives the message lists by name. */
#define LISTED_MAX 16

void mc_check_stub_libraries(mc_runtime *rt, const char *dlls, size_t len) {
  size_t missing = 0;
  for (size_t k = 0; k < rt->nprims; k++)
    if (rt->prims[k] == NULL) missing++;
  if (missing == 0) return;

  struct text libs = {0};
  size_t nlibs = 0;
  for (size_t i = 0; i < len;) {
    const char *name = dlls + i;
    size_t n = strnlen(name, len - i);
    i += n + 1;
    if (n == 0) continue;
    char *copy = mc_xmalloc(n + 1);
    memcpy(copy, name, n);
    copy[n] = 0;
    if (!mc_stub_library_is_builtin(copy)) {
      const char *s;
      size_t bn = bare_name(copy, &s);
      if (nlibs++ > 0) add_str(&libs, ", ");
      add(&libs, s, bn);
    }
    free(copy);
  }
  if (nlibs == 0) return;

  /* The library's own primitives come last in the PRIM section (the
   * runtime's list comes first), so when there are many, name the last. */
  size_t skip = missing > LISTED_MAX ? missing - LISTED_MAX : 0;
  struct text prims = {0};
  size_t seen = 0, listed = 0;
  for (size_t k = 0; k < rt->nprims; k++) {
    if (rt->prims[k] != NULL || seen++ < skip) continue;
    if (listed++ > 0) add_str(&prims, ", ");
    add_str(&prims, rt->prim_names[k]);
  }
  if (skip > 0) {
    char more[48];
    snprintf(more, sizeof more, " (and %zu more)", skip);
    add_str(&prims, more);
  }
  mc_fatal(rt, "cannot load C stub librar%s %s (mcrun only has built-in primitives); "
           "missing primitive%s: %s",
           nlibs > 1 ? "ies" : "y", libs.buf, missing > 1 ? "s" : "", prims.buf);
}
