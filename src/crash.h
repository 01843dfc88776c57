/* crash.h: turning a hardware fault into a one-line error.
 *
 * Bytecode that passes the loader's structural checks can still be wrong
 * (a corrupt operand that makes an integer look like a pointer): the
 * loader cannot type-check OCaml bytecode.  Rather than dump core, mcrun
 * then prints one line naming the fault and exits with status 2, like
 * its other fatal errors.  Sanitizer builds leave faults to the sanitizer,
 * whose report says more. */
#ifndef MC_CRASH_H
#define MC_CRASH_H

/* Install the handlers for SIGSEGV, SIGBUS, SIGILL and SIGFPE and give the
 * calling thread an alternate signal stack (so that a C stack overflow is
 * reported too).  Called once by main(). */
void mc_crash_handlers_install(void);

/* Give the calling thread its own alternate signal stack, and take it back
 * before the thread ends.  Domain and systhread start routines call them. */
void mc_crash_thread_enter(void);
void mc_crash_thread_leave(void);

#endif
