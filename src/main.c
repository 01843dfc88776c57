/* main.c: the mcrun command line, compatible with stock ocamlrun's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "alloc.h"
#include "domain.h"
#include "loader.h"
#include "prims.h"
#include "runtime.h"
#include "gc.h"
#include "startup.h"
#include "domain_internal.h"
#include "crash.h"
#include "capi.h"
#include "stublibs.h"

/* Command-line errors exit with 127 and no prefix, as stock's do. */
static _Noreturn void usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  exit(127);
}

static void print_prim(const struct mc_primdef *p, void *arg) {
  (void)arg;
  printf("%s\n", p->name);
}

static void print_help(void) {
  puts("Usage: mcrun [<options>] [--] <executable> [<command-line>]\n"
       "Options are:\n"
       "  -b  Set runtime parameter b (detailed exception backtraces)\n"
       "  -config  Print configuration values and exit\n"
       "  -events  Trace debug events (ignored)\n"
       "  -I <dir>  Add <dir> to the list of DLL search directories\n"
       "  -m  Print the magic number of <executable> and exit\n"
       "  -M  Print the magic number expected by this runtime and exit\n"
       "  -p  Print the names of the primitives known to this runtime\n"
       "  -t  Trace the execution of the bytecode interpreter (ignored)\n"
       "  -v  Set runtime parameter v=61 (GC event information)\n"
       "  -version  Print version string and exit\n"
       "  -vnum  Print short version number and exit\n"
       "  -help  Display this list of options\n"
       "  --help  Display this list of options");
}

static void print_config(void) {
  printf("version: %s\n", MC_OCAML_VERSION);
  printf("int_size: 63\n");
  printf("word_size: 64\n");
  printf("os_type: Unix\n");
  printf("flat_float_array: true\n");
  printf("supports_shared_libraries: true\n");
  printf("no_naked_pointers: true\n");
  printf("reserved header bits: 0\n");
  printf("exec_magic_number: %s\n", MC_EXEC_MAGIC);
  printf("runtime: mcrun\n");
}

/* A program name without a slash is looked up in PATH, as stock does. */
static char *search_path(const char *name) {
  if (strchr(name, '/') != NULL) return mc_xstrdup(name);
  const char *path = getenv("PATH");
  if (path != NULL) {
    const char *p = path;
    while (*p) {
      const char *end = strchr(p, ':');
      size_t n = end ? (size_t)(end - p) : strlen(p);
      size_t len = n + 1 + strlen(name) + 1;
      char *cand = mc_xmalloc(len);
      snprintf(cand, len, "%.*s/%s", (int)n, n ? p : ".", name);
      if (access(cand, F_OK) == 0) return cand;
      free(cand);
      p += n;
      if (*p == ':') p++;
    }
  }
  return mc_xstrdup(name);
}

int main(int argc, char **argv) {
  (void)argc;
  struct mc_params opts;
  memset(&opts, 0, sizeof opts);
  bool backtrace = false, print_magic = false, want_config = false;
  int verbose = 0;
  int i;
  /* -I directories, in order: the first places stub libraries are searched. */
  const char *lib_dirs[argc + 1];
  int nlib_dirs = 0;
  for (i = 1; argv[i] != NULL && argv[i][0] == '-'; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) { i++; break; }
    if (strcmp(a, "-b") == 0) backtrace = true;
    else if (strcmp(a, "-t") == 0 || strcmp(a, "-events") == 0) { /* no tracing build */ }
    else if (strcmp(a, "-v") == 0) verbose = 0x001 + 0x004 + 0x008 + 0x010 + 0x020;
    else if (strcmp(a, "-p") == 0) { mc_prim_iter(print_prim, NULL); return 0; }
    else if (strcmp(a, "-I") == 0) {
      if (argv[i + 1] == NULL) usage_error("option '-I' needs an argument.", "");
      i++;
      lib_dirs[nlib_dirs++] = argv[i];
    }
    else if (strcmp(a, "-m") == 0) print_magic = true;
    else if (strcmp(a, "-M") == 0) { puts(MC_EXEC_MAGIC); return 0; }
    else if (strcmp(a, "-version") == 0) { puts("The OCaml runtime, version " MC_OCAML_VERSION); return 0; }
    else if (strcmp(a, "-vnum") == 0) { puts(MC_OCAML_VERSION); return 0; }
    else if (strcmp(a, "-help") == 0 || strcmp(a, "--help") == 0) { print_help(); return 0; }
    else if (strcmp(a, "-config") == 0) want_config = true;
    else usage_error("unknown option %s", a);
  }
  if (want_config) { print_config(); return 0; }
  if (argv[i] == NULL) usage_error("no bytecode file specified", "");

  char *path = search_path(argv[i]);
  struct mc_exec ex;
  switch (mc_exec_open(path, &ex, true)) {
    case OPEN_NOT_FOUND: usage_error("cannot find file '%s'", argv[i]);
    case OPEN_NOT_BYTECODE: usage_error("the file '%s' is not a bytecode executable file", path);
    case OPEN_WRONG_MAGIC:
      if (print_magic) { puts(ex.magic); return 0; }
      fprintf(stderr, "the file '%s' has not the right magic number: expected %s, got %s\n", path,
              MC_EXEC_MAGIC, ex.magic);
      mc_exec_close(&ex);
      free(path);
      return 127;
    case OPEN_OK: break;
  }
  if (print_magic) { puts(ex.magic); return 0; }

  mc_crash_handlers_install();
  mc_runtime *rt = mc_runtime_new();
  if (backtrace) rt->params.backtrace_enabled = 1;
  if (verbose) rt->params.verbose = (uvalue)verbose;
  rt->exe_name = path;
  rt->argv = argv + i;
  rt->argc = argc - i;
  for (int k = 0; k < nlib_dirs; k++) mc_stublibs_add_path(rt, lib_dirs[k]);
  mc_domain *d = mc_start_main_domain(rt);
  mc_run_program(rt, d, path, &ex);
  mc_exit(d, 0);
}
