/* testing.h: a runtime and a domain for C unit tests and fuzzers. */
#ifndef MC_TESTING_H
#define MC_TESTING_H

#include "domain.h"

/* A fresh runtime with one domain, the interpreter initialised, and a
 * stand-in global data whose first slots are the predefined exception
 * constructors (named "Out_of_memory" ... "Undefined_recursive_module"),
 * so that C code can raise and tests can recognise them. */
mc_domain *mc_test_domain_new(void);

#endif
