/* interp.h: the bytecode interpreter. */
#ifndef MC_INTERP_H
#define MC_INTERP_H

#include "domain.h"

/* Run bytecode from pc with the given closure and extra arguments on d's
 * current stack (whose sp is d->stack->sp).  Returns false with the value
 * of the final STOP in *result, or true with an exception that no handler
 * of this activation caught. */
bool mc_interpret(mc_domain *d, code_t pc, value env, intptr_t extra_args, value *result)
    __attribute__((warn_unused_result));

/* The opcode to install at code[pc], an instruction of len words in
 * verified code of n words not yet threaded: code[pc] itself or one of the
 * interpreter's specialised forms of it (numbered from OP_COUNT). */
int mc_interp_specialise(mc_runtime *rt, const opcode_t *code, size_t pc, size_t len, size_t n);

/* Fill rt->jumptable and rt->jumptable_base (threaded code). */
void mc_interp_init(mc_runtime *rt, mc_domain *d);

#endif
