/* loader.h: bytecode executable files, code threading, primitives. */
#ifndef MC_LOADER_H
#define MC_LOADER_H

#include "domain.h"

struct mc_section {
  char name[5];
  uint32_t length;
  int64_t offset;
};

struct mc_exec {
  int fd;
  int64_t file_size;
  uint32_t nsections;
  char magic[13];
  struct mc_section *sections;
};

enum mc_open_status { OPEN_OK, OPEN_NOT_FOUND, OPEN_NOT_BYTECODE, OPEN_WRONG_MAGIC };

/* Open a file and read its trailer.  allow_script: accept a file that
 * starts with "#!" (as when named on the command line). */
enum mc_open_status mc_exec_open(const char *path, struct mc_exec *ex, bool allow_script);
void mc_exec_read_sections(mc_runtime *rt, struct mc_exec *ex, const char *path);
const struct mc_section *mc_exec_find(const struct mc_exec *ex, const char *name);
char *mc_exec_read(mc_runtime *rt, const struct mc_exec *ex, const char *name, size_t *len,
                   const char *path);
void mc_exec_close(struct mc_exec *ex);

/* Resolve the NUL-separated primitive names of a PRIM section against the
 * built-in tables (the others stay NULL in rt->prims until bound). */
void mc_resolve_primitives(mc_runtime *rt, const char *names, size_t len);
/* Bind primitive k of the table (before any code is threaded). */
void mc_bind_primitive(mc_runtime *rt, size_t k, const struct mc_primdef *p);
/* Append a primitive to the table of the running program; returns its index. */
size_t mc_add_primitive(mc_runtime *rt, const struct mc_primdef *p);
/* Verify n words of code and convert them to threaded code. */
void mc_thread_code(mc_runtime *rt, code_t code, size_t n, size_t nglobals, const char *what);
int mc_register_code_fragment(mc_runtime *rt, code_t start, size_t size_bytes, bool user_code);
void mc_remove_code_fragment(mc_runtime *rt, code_t start);

#endif
