/* Prints the facts about stock's caml_domain_state that mcrun's C API
 * hard-codes (src/domain.h, MC_CAPI_*): its size in words and the word
 * indices of local_roots and id.  Compiled against stock's headers by
 * tests/stublibs-check.sh. */
#include <stddef.h>
#include <stdio.h>
#include <caml/mlvalues.h>
#include <caml/domain_state.h>

int main(void) {
  printf("%zu %zu %zu\n", sizeof(caml_domain_state) / 8,
         offsetof(caml_domain_state, local_roots) / 8, offsetof(caml_domain_state, id) / 8);
  return 0;
}
