/* marshal_test_domain.h: a runtime and domain for the marshalling tests.
 *
 * Uses mc_test_domain_new() from src/testing.h when that header exists;
 * otherwise builds a runtime itself, with a stand-in global data whose
 * first slots are the predefined exception constructors, so that Failure
 * and Invalid_argument can be raised and recognised. */
#ifndef MARSHAL_TEST_DOMAIN_H
#define MARSHAL_TEST_DOMAIN_H

#include "alloc.h"
#include "domain.h"
#include "domain_internal.h"

#if __has_include("testing.h")
#include "testing.h"
static mc_domain *marshal_test_domain(void) { return mc_test_domain_new(); }
#else
#include "startup.h"

#define MARSHAL_TEST_PREDEF 12  /* Out_of_memory ... Undefined_recursive_module */

static mc_domain *marshal_test_domain(void) {
  mc_runtime *rt = mc_runtime_new();
  mc_domain *d = mc_domain_new(rt, NULL);
  mc_runtime_init_interp(rt, d);
  rt->global_data = mc_alloc_shr(d, MARSHAL_TEST_PREDEF, 0);
  for (int i = 0; i < MARSHAL_TEST_PREDEF; i++) {
    value name = mc_copy_string(d, "predefined");
    value ctor = mc_alloc_shr(d, 2, OBJECT_TAG);
    mc_initialize(d, &field(ctor, 0), name);
    mc_initialize(d, &field(ctor, 1), val_int(-1 - i));
    mc_initialize(d, &field(rt->global_data, i), ctor);
  }
  return d;
}
#endif

#endif
