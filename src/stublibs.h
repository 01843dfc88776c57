/* stublibs.h: the C stub libraries of a program (its DLLS section, and
 * those Dynlink opens), their search path and their primitives. */
#ifndef MC_STUBLIBS_H
#define MC_STUBLIBS_H

#include <stdbool.h>
#include <stddef.h>
#include "domain.h"

/* An opened stub library (rt->stublibs, under code_lock after startup). */
struct mc_stublib {
  char *path;               /* as given to dlopen */
  void *handle;
  bool at_startup;          /* named by the DLLS section */
  struct mc_stublib *next;
};

/* True if `name` (as a DLLS section or Dynlink writes it: "dllunixbyt",
 * "dllunixbyt.so", "/path/dllunixbyt.so") is one of the C libraries of
 * the OCaml distribution whose primitives mcrun builds in. */
bool mc_stub_library_is_builtin(const char *name);

/* Append a directory to rt->shared_lib_path (the -I options). */
void mc_stublibs_add_path(mc_runtime *rt, const char *dir);

/* Called once the PRIM section is resolved against the built-in tables,
 * with the DLPT and DLLS sections (NUL-separated, either may be NULL).
 * Completes the search path as stock does (-I directories, then
 * CAML_LD_LIBRARY_PATH, DLPT, and the ld.conf of $OCAMLLIB or $CAMLLIB),
 * opens every library that is not built in, and binds the primitives the
 * built-in tables lack to the first library that defines them.
 *
 * A library that exists but fails to load stops the program with stock's
 * words ("cannot load shared library ...").  A library found nowhere is
 * an error only if some primitive is still missing: one line names the
 * libraries and the primitives.  A primitive missing while every library
 * loaded fails when it is called, as for programs without libraries. */
void mc_load_stub_libraries(mc_runtime *rt, const char *dlpt, size_t dlpt_len, const char *dlls,
                            size_t dlls_len);

/* Dynlink: open the library at `path` (NULL and *err set on failure). */
struct mc_stublib *mc_stublib_open(mc_runtime *rt, const char *path, const char **err);
/* The primitive `name` of lib, as a foreign descriptor that lives as long
 * as the runtime; NULL if lib does not define it. */
const struct mc_primdef *mc_stublib_lookup(mc_runtime *rt, struct mc_stublib *lib,
                                           const char *name);
/* The foreign descriptor of C function fn (stock's calling convention) as
 * primitive `name`, made once and kept as long as the runtime. */
const struct mc_primdef *mc_foreign_primdef(mc_runtime *rt, const char *name, void *fn);

/* At runtime teardown, after the last finaliser ran (libraries stay mapped). */
void mc_stublibs_free(mc_runtime *rt);

#endif
