/* prims.c: the list of primitive tables, and lookup by name.
 *
 * Each module's table is declared weak, so that a module can be added to
 * the list before its file exists; an absent table is skipped.
 */
#include <string.h>
#include "prims.h"

#define MC_PRIM_MODULES(X) \
  X(alloc)     /* alloc.c: blocks, dummies for let rec */           \
  X(obj)       /* obj.c: Obj, lazy, object ids */                    \
  X(gc)        /* gc_ctrl.c: Gc module */                            \
  X(weak)      /* weak.c: Weak and Ephemeron */                      \
  X(finalise)  /* gc_final.c: Gc.finalise */                         \
  X(backtrace) /* backtrace.c: Printexc */                           \
  X(meta)      /* meta.c: bytecode reflection, global data */        \
  X(callback)  /* callback.c: Callback.register */                   \
  X(domain)    /* domain_prims.c: DLS, recommended count */          \
  X(domain_spawn) /* domain.c: spawn, ids, cpu_relax */              \
  X(fiber)     /* fiber.c: effects */                                \
  X(sync)      /* sync.c: Mutex, Condition */                        \
  X(misc)      /* misc.c: memprof, runtime events, dynlink stubs */  \
  X(stack)     /* stack.c: caml_ensure_stack_capacity */             \
  X(atomic)    /* atomic.c: Atomic */                                \
  X(float)     /* floats.c */                                        \
  X(ints)      /* ints.c: int, int32, int64, nativeint */            \
  X(string)    /* strings.c: string and bytes */                     \
  X(array)     /* array.c */                                         \
  X(compare)   /* compare.c */                                       \
  X(hash)      /* hash.c */                                          \
  X(marshal)   /* marshal.c */                                       \
  X(io)        /* io.c: channels */                                  \
  X(sys)       /* sys.c: Sys */                                      \
  X(signals)   /* signals.c */                                       \
  X(lexing)    /* lexing.c: ocamllex tables */                       \
  X(parsing)   /* parsing.c: ocamlyacc tables */                     \
  X(digest)    /* digest.c: MD5, BLAKE2 */                           \
  X(prng)      /* prng.c: LXM */                                     \
  X(bigarray)  /* bigarray.c */                                      \
  X(unix)      /* unix.c: the unix library */                        \
  X(str)       /* str.c: the str library */                          \
  X(threads)   /* threads.c: the threads library */

#define DECLARE(m) extern const struct mc_primdef mc_prims_##m[] __attribute__((weak));
MC_PRIM_MODULES(DECLARE)
#undef DECLARE

#define ENTRY(m) mc_prims_##m,
static const struct mc_primdef *const modules[] = {MC_PRIM_MODULES(ENTRY)};
#undef ENTRY

const struct mc_primdef *mc_prim_lookup(const char *name) {
  for (size_t m = 0; m < sizeof modules / sizeof modules[0]; m++) {
    const struct mc_primdef *p = modules[m];
    if (p == NULL) continue;
    for (; p->name != NULL; p++)
      if (p->name[0] == name[0] && strcmp(p->name, name) == 0) return p;
  }
  return NULL;
}

void mc_prim_iter(void (*fn)(const struct mc_primdef *, void *), void *arg) {
  for (size_t m = 0; m < sizeof modules / sizeof modules[0]; m++) {
    const struct mc_primdef *p = modules[m];
    if (p == NULL) continue;
    for (; p->name != NULL; p++) fn(p, arg);
  }
}
