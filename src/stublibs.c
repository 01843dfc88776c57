/* stublibs.c: C stub libraries.  The distribution's (unix, str, threads,
 * runtime_events) are built in; any other library a program names in its
 * DLLS section, or that Dynlink opens, is loaded with dlopen and its
 * primitives called with stock's convention (prims.h, capi.c). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "alloc.h"
#include "fail.h"
#include "gc.h"
#include "loader.h"
#include "prims.h"
#include "stublibs.h"

/* A primitive found in a stub library (rt->foreign_prims). */
struct mc_foreign_prim {
  struct mc_primdef def;
  struct mc_foreign_prim *next;
};
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

/* ---- Search path ---- */

void mc_stublibs_add_path(mc_runtime *rt, const char *dir) {
  rt->shared_lib_path =
      mc_xrealloc(rt->shared_lib_path, (size_t)(rt->nshared_lib_path + 1) * sizeof(char *));
  rt->shared_lib_path[rt->nshared_lib_path++] = mc_xstrdup(dir);
}

/* Add the pieces of s (n bytes) separated by sep; an empty piece is the
 * current directory, as in stock's search. */
static void add_path_list(mc_runtime *rt, const char *s, size_t n, char sep) {
  size_t i = 0;
  while (i <= n) {
    size_t j = i;
    while (j < n && s[j] != sep) j++;
    char *dir = mc_xmalloc(j - i + 1);
    memcpy(dir, s + i, j - i);
    dir[j - i] = 0;
    /* A NUL-separated section ends with a NUL: no empty last entry. */
    if (!(sep == 0 && j == n && i == n)) mc_stublibs_add_path(rt, dir);
    free(dir);
    i = j + 1;
  }
}

/* The directories listed in <stdlib>/ld.conf, one a line.  mcrun has no
 * standard library of its own: the stdlib is $OCAMLLIB or $CAMLLIB. */
static void add_ld_conf(mc_runtime *rt) {
  const char *stdlib = getenv("OCAMLLIB");
  if (stdlib == NULL) stdlib = getenv("CAMLLIB");
  if (stdlib == NULL) return;
  size_t n = strlen(stdlib) + sizeof "/ld.conf";
  char *name = mc_xmalloc(n);
  snprintf(name, n, "%s/ld.conf", stdlib);
  FILE *f = fopen(name, "r");
  free(name);
  if (f == NULL) return;
  char line[4096];
  while (fgets(line, sizeof line, f) != NULL) {
    size_t len = strlen(line);
    if (len > 0 && line[len - 1] == '\n') line[--len] = 0;
    mc_stublibs_add_path(rt, line);
  }
  fclose(f);
}

/* "<dir>/<name>.so" for the first directory of the path that has it as a
 * regular file; NULL if none does (or name has a slash: not searched). */
static char *search_library(mc_runtime *rt, const char *name) {
  if (strchr(name, '/') != NULL) return NULL;
  for (int i = 0; i < rt->nshared_lib_path; i++) {
    const char *dir = rt->shared_lib_path[i][0] ? rt->shared_lib_path[i] : ".";
    size_t n = strlen(dir) + strlen(name) + sizeof "/.so";
    char *full = mc_xmalloc(n);
    snprintf(full, n, "%s/%s.so", dir, name);
    struct stat st;
    if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) return full;
    free(full);
  }
  return NULL;
}

/* ---- Opening libraries and finding primitives ---- */

/* RTLD_GLOBAL: a library's functions are visible to those opened after it
 * (a stub may call a stub of another library), as with stock. */
static struct mc_stublib *open_library(mc_runtime *rt, const char *path, bool at_startup) {
  void *h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
  if (h == NULL) return NULL;
  struct mc_stublib *lib = mc_xmalloc(sizeof *lib);
  lib->path = mc_xstrdup(path);
  lib->handle = h;
  lib->at_startup = at_startup;
  pthread_mutex_lock(&rt->code_lock);
  /* Appended: the DLLS order is the order primitives are looked up in. */
  struct mc_stublib **p = &rt->stublibs;
  while (*p != NULL) p = &(*p)->next;
  lib->next = NULL;
  *p = lib;
  pthread_mutex_unlock(&rt->code_lock);
  return lib;
}

struct mc_stublib *mc_stublib_open(mc_runtime *rt, const char *path, const char **err) {
  struct mc_stublib *lib = open_library(rt, path, false);
  if (lib == NULL) *err = dlerror();
  return lib;
}

const struct mc_primdef *mc_stublib_lookup(mc_runtime *rt, struct mc_stublib *lib,
                                           const char *name) {
  void *fn = dlsym(lib->handle, name);
  if (fn == NULL) return NULL;
  return mc_foreign_primdef(rt, name, fn);
}

const struct mc_primdef *mc_foreign_primdef(mc_runtime *rt, const char *name, void *fn) {
  pthread_mutex_lock(&rt->code_lock);
  struct mc_foreign_prim *fp;
  for (fp = rt->foreign_prims; fp != NULL; fp = fp->next)
    if ((void *)fp->def.fn == fn && strcmp(fp->def.name, name) == 0) break;
  if (fp == NULL) {
    fp = mc_xmalloc(sizeof *fp);
    fp->def.name = mc_xstrdup(name);
    fp->def.arity = -1;
    fp->def.fn = (mc_prim_any)fn;
    fp->def.flags = MC_PRIM_FOREIGN;
    fp->next = rt->foreign_prims;
    rt->foreign_prims = fp;
  }
  pthread_mutex_unlock(&rt->code_lock);
  return &fp->def;
}

/* How many missing primitives the message lists by name. */
#define LISTED_MAX 16

void mc_load_stub_libraries(mc_runtime *rt, const char *dlpt, size_t dlpt_len, const char *dlls,
                            size_t dlls_len) {
  const char *ld_path = getenv("CAML_LD_LIBRARY_PATH");
  if (ld_path != NULL) add_path_list(rt, ld_path, strlen(ld_path), ':');
  if (dlpt != NULL) add_path_list(rt, dlpt, dlpt_len, 0);
  add_ld_conf(rt);

  /* Open the libraries; remember those found nowhere. */
  struct text absent = {0};
  size_t nabsent = 0;
  for (size_t i = 0; dlls != NULL && i < dlls_len;) {
    const char *entry = dlls + i;
    size_t n = strnlen(entry, dlls_len - i);
    i += n + 1;
    if (n == 0) continue;
    char *name = mc_xmalloc(n + 1);
    memcpy(name, entry, n);
    name[n] = 0;
    if (!mc_stub_library_is_builtin(name)) {
      char *full = search_library(rt, name);
      bool found = full != NULL || strchr(name, '/') != NULL;
      if (full == NULL) {  /* as stock: the bare name, for dlopen's own search */
        full = mc_xmalloc(n + sizeof ".so");
        snprintf(full, n + sizeof ".so", "%s.so", name);
      }
      mc_gc_message(rt, 0x100, "Loading shared library %s\n", full);
      if (open_library(rt, full, true) == NULL) {
        const char *why = dlerror();
        /* dlopen found the file elsewhere (LD_LIBRARY_PATH) but failed. */
        if (!found && why != NULL && strstr(why, "cannot open shared object file") == NULL)
          found = true;
        if (found)
          mc_fatal(rt, "cannot load shared library %s (Reason: %s)", name, why ? why : "?");
        const char *s;
        size_t bn = bare_name(name, &s);
        if (nabsent++ > 0) add_str(&absent, ", ");
        add(&absent, s, bn);
      }
      free(full);
    }
    free(name);
  }

  /* Bind what the built-in tables lack, in library order. */
  size_t missing = 0;
  for (size_t k = 0; k < rt->nprims; k++) {
    if (rt->prims[k] != NULL) continue;
    const struct mc_primdef *p = NULL;
    for (struct mc_stublib *lib = rt->stublibs; lib != NULL && p == NULL; lib = lib->next)
      p = mc_stublib_lookup(rt, lib, rt->prim_names[k]);
    if (p != NULL) mc_bind_primitive(rt, k, p);
    else missing++;
  }
  if (missing == 0 || nabsent == 0) {
    free(absent.buf);
    return;
  }

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
  mc_fatal(rt, "cannot find C stub librar%s %s (searched -I, CAML_LD_LIBRARY_PATH, the "
           "executable's DLPT and $OCAMLLIB/ld.conf); missing primitive%s: %s",
           nabsent > 1 ? "ies" : "y", absent.buf, missing > 1 ? "s" : "", prims.buf);
}

void mc_stublibs_free(mc_runtime *rt) {
  for (struct mc_stublib *lib = rt->stublibs, *next; lib != NULL; lib = next) {
    next = lib->next;
    free(lib->path);
    free(lib);
  }
  rt->stublibs = NULL;
  for (struct mc_foreign_prim *fp = rt->foreign_prims, *next; fp != NULL; fp = next) {
    next = fp->next;
    free((char *)fp->def.name);
    free(fp);
  }
  rt->foreign_prims = NULL;
  for (int i = 0; i < rt->nshared_lib_path; i++) free(rt->shared_lib_path[i]);
  free(rt->shared_lib_path);
  rt->shared_lib_path = NULL;
  rt->nshared_lib_path = 0;
}
