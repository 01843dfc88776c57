/* testing.c: a runtime and a domain for C unit tests and fuzzers. */
#include "alloc.h"
#include "capi.h"
#include "domain_internal.h"
#include "fail.h"
#include "startup.h"
#include "testing.h"

static const char *const predefined[] = {
    "Out_of_memory", "Sys_error",      "Failure",       "Invalid_argument",
    "End_of_file",   "Division_by_zero", "Not_found",   "Match_failure",
    "Stack_overflow", "Sys_blocked_io", "Assert_failure", "Undefined_recursive_module"};

mc_domain *mc_test_domain_new(void) {
  mc_runtime *rt = mc_runtime_new();
  mc_domain *d = mc_domain_new(rt, NULL);
  mc_capi_thread_attach(d);
  mc_runtime_init_interp(rt, d);
  size_t n = sizeof predefined / sizeof predefined[0];
  rt->global_data = mc_alloc_shr(d, n, 0);
  for (size_t i = 0; i < n; i++) {
    value name = mc_copy_string(d, predefined[i]);
    value ctor = mc_alloc_shr(d, 2, OBJECT_TAG);
    mc_initialize(d, &field(ctor, 0), name);
    mc_initialize(d, &field(ctor, 1), val_int(-1 - (int)i));
    mc_initialize(d, &field(rt->global_data, i), ctor);
  }
  return d;
}
