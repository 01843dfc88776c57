/* config.h: every build-time switch of mcrun, always defined as 0 or 1.
 *
 * Test switches with `#if`, never `#ifdef`, so that -Wundef catches a typo.
 * A switch can be overridden from the compiler command line
 * (for example `-DMC_GC_STRESS=1`).
 */
#ifndef MC_CONFIG_H
#define MC_CONFIG_H

/* Threaded dispatch with computed goto (GNU C); 0 selects a plain switch. */
#ifndef MC_THREADED_CODE
#define MC_THREADED_CODE 1
#endif

/* Debug build: enables MC_ASSERT and the heap verifier. */
#ifndef MC_DEBUG
#define MC_DEBUG 0
#endif

/* Run a minor collection at every allocation that reaches the runtime's
 * slow path, and a major slice after every minor collection.  Slow; used
 * to shake out missing GC roots. */
#ifndef MC_GC_STRESS
#define MC_GC_STRESS 0
#endif

/* Print every executed instruction to stderr (needs MC_DEBUG). */
#ifndef MC_TRACE
#define MC_TRACE 0
#endif

/* Expensive consistency checks (heap verification after each GC). */
#ifndef MC_EXPENSIVE_CHECKS
#define MC_EXPENSIVE_CHECKS 0
#endif

/* Built with AddressSanitizer: free everything at exit, so that the leak
 * checker sees only real leaks. */
#ifndef MC_SANITIZE
#if defined(__SANITIZE_ADDRESS__)
#define MC_SANITIZE 1
#else
#define MC_SANITIZE 0
#endif
#endif

/* The OCaml release whose bytecode we run. */
#define MC_OCAML_VERSION "5.3.0"
#define MC_EXEC_MAGIC "Caml1999X035"

/* Largest number of domains that can run at once (stock's default). */
#define MC_MAX_DOMAINS 128

#endif
