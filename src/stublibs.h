/* stublibs.h: checking the C stub libraries that a bytecode file names. */
#ifndef MC_STUBLIBS_H
#define MC_STUBLIBS_H

#include <stdbool.h>
#include <stddef.h>
#include "domain.h"

/* True if `name` (as a DLLS section or Dynlink writes it: "dllunixbyt",
 * "dllunixbyt.so", "/path/dllunixbyt.so") is one of the C libraries of
 * the OCaml distribution whose primitives mcrun builds in. */
bool mc_stub_library_is_builtin(const char *name);

/* Called once the PRIM section is resolved, with the DLLS section (names
 * separated by NULs).  mcrun loads no C code: if the program names a stub
 * library that mcrun does not stand in for and some of its primitives are
 * missing, stop now with one line naming the libraries and the missing
 * primitives.  Otherwise do nothing (a missing primitive of a program that
 * names no such library still fails only when it is called). */
void mc_check_stub_libraries(mc_runtime *rt, const char *dlls, size_t len);

#endif
