/* opcodes.h: the opcode enum and name table, generated from opcodes.def. */
#ifndef MC_OPCODES_H
#define MC_OPCODES_H

#define VAR (-1)
enum mc_opcode {
#define OPCODE(name, n) OP_##name,
#include "opcodes.def"
#undef OPCODE
  OP_COUNT
};

/* Name of each opcode, for traces and error messages. */
extern const char *const mc_opcode_names[OP_COUNT];
/* Operand words of each opcode, VAR for SWITCH and CLOSUREREC. */
extern const signed char mc_opcode_operands[OP_COUNT];

#endif
