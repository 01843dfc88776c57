/* interp.c: the bytecode interpreter.
 *
 * Machine state: pc (code pointer), sp (stack pointer, the stack grows
 * down), accu (accumulator), env (the running closure), extra_args
 * (arguments passed beyond what the running function has consumed).  The
 * current stack and the offset of the innermost exception handler live in
 * the domain.
 *
 * Stack frames (all words are values or tagged pointers, so the GC scans
 * the stack without knowing its layout):
 *   return frame   [pc | 1, env, extra_args]            (sp[0..2])
 *   trap frame     [handler pc | 1, previous trap offset, env, extra_args]
 *   C call frame   [env, pc | 1]   pushed around every call that may GC
 *   GC frame       [accu, env, pc | 1] pushed around the allocation slow path
 * Trap frames link by offsets from the stack's high end, so a stack can be
 * moved when it grows.  trap_sp_off > 0 means "no handler in this
 * activation": the exception leaves the interpreter.
 *
 * Dispatch is threaded (computed goto) or a switch, selected by
 * MC_THREADED_CODE; in threaded mode each opcode word of the loaded code
 * holds the offset of its handler's label from a base label.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "alloc.h"
#include "backtrace.h"
#include "fail.h"
#include "gc.h"
#include "interp.h"
#include "opcodes.h"
#include "fiber.h"
#include "gc_internal.h"
#include "prims.h"
#include "runtime.h"
#include "stack.h"

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Instructions fused with a GETFIELD0 or GETFIELD1 that follows them. */
#define FUSED_GETFIELD(F)                                                              \
  F(ACC0, accu = sp[0]) F(ACC1, accu = sp[1]) F(ACC2, accu = sp[2])                    \
  F(ACC3, accu = sp[3]) F(PUSH, *--sp = accu) F(PUSHACC0, *--sp = accu) F(PUSHACC1, *--sp = accu; accu = sp[1]) \
  F(PUSHACC2, *--sp = accu; accu = sp[2]) F(PUSHACC3, *--sp = accu; accu = sp[3])      \
  F(ENVACC1, accu = field(env, 1)) F(ENVACC2, accu = field(env, 2))                    \
  F(ENVACC3, accu = field(env, 3)) F(PUSHENVACC1, *--sp = accu; accu = field(env, 1))  \
  F(PUSHENVACC2, *--sp = accu; accu = field(env, 2))                                   \
  F(PUSHENVACC3, *--sp = accu; accu = field(env, 3))

/* ACCn; PUSH and PUSHACCn; ADDINT (n, and the body without NEXT). */
#define FUSED_ACC_PUSH(F) F(0) F(1) F(2) F(3) F(4) F(5)
#define FUSED_PUSHACC_ADDINT(F) F(1) F(2) F(3) F(4) F(5)

/* Float primitives that cannot fail, done by the interpreter (the name of
 * the specialised instruction, the primitive, the C operator). */
#define FLOAT_ARITH(F)                                                                 \
  F(ADDFLOAT, "caml_add_float", +) F(SUBFLOAT, "caml_sub_float", -)                    \
  F(MULFLOAT, "caml_mul_float", *) F(DIVFLOAT, "caml_div_float", /)
#define FLOAT_TESTS(F)                                                                 \
  F(EQFLOAT, "caml_eq_float", ==) F(NEQFLOAT, "caml_neq_float", !=)                    \
  F(LTFLOAT, "caml_lt_float", <) F(LEFLOAT, "caml_le_float", <=)                       \
  F(GTFLOAT, "caml_gt_float", >) F(GEFLOAT, "caml_ge_float", >=)

/* Specialised instructions.  The loader (mc_thread_code) calls
 * mc_interp_specialise for every instruction of verified code, which may
 * install one of these in place of the opcode word; the operands and the
 * following instructions stay as they were, so that jumps to any
 * instruction, return addresses and debug events keep their meaning.  A
 * fused pair ("EQ; BRANCHIFNOT") is executed by the first word's handler,
 * which then skips the second instruction; a jump to the second one still
 * runs it alone. */
enum {
  OP_XCLOSURE0 = OP_COUNT, /* CLOSURE 0, ofs */
  OP_XCLOSURE1,            /* CLOSURE 1, ofs */
  OP_XCONTUSE,             /* C_CALL1 caml_continuation_use_noexc */
  OP_XALLOCSTACK,          /* C_CALL3 caml_alloc_stack */
  OP_XFCALL1,              /* C_CALL1..5 and C_CALLN of a foreign primitive */
  OP_XFCALL2,              /* (stock's convention: no domain argument) */
  OP_XFCALL3,
  OP_XFCALL4,
  OP_XFCALL5,
  OP_XFCALLN,
#define F(name, prim, op) OP_X##name,
  FLOAT_ARITH(F)           /* C_CALL2 caml_{add,sub,mul,div}_float */
  FLOAT_TESTS(F)           /* C_CALL2 caml_{eq,neq,lt,le,gt,ge}_float */
#undef F
  OP_XNEGFLOAT,            /* C_CALL1 caml_neg_float */
  OP_XFLOATOFINT,          /* C_CALL1 caml_float_of_int */
  OP_XEQ_BRANCHIF,         /* EQ; BRANCHIF ofs */
  OP_XEQ_BRANCHIFNOT,      /* EQ; BRANCHIFNOT ofs */
  OP_XNEQ_BRANCHIF,        /* NEQ; BRANCHIF ofs */
  OP_XNEQ_BRANCHIFNOT,     /* NEQ; BRANCHIFNOT ofs */
  OP_XACC0_RETURN,         /* ACC0; RETURN n (also marks identity functions) */
  OP_XPOP_RETURN,          /* POP n; RETURN m */
  OP_XPUSHACC0_BRANCHIF,   /* PUSHACC0; BRANCHIF ofs */
  OP_XPUSHACC0_BRANCHIFNOT,/* PUSHACC0; BRANCHIFNOT ofs */
#define F(n) OP_XACC##n##_PUSH,
  FUSED_ACC_PUSH(F)
#undef F
#define F(n) OP_XPUSHACC##n##_ADDINT,
  FUSED_PUSHACC_ADDINT(F)
#undef F
  OP_XCONTINUE,            /* GRAB 1 of Effect.Deep.continue (see below) */
  OP_XMATCHWITH,           /* GRAB 2 of Effect.Deep.match_with */
  OP_XEFFC_CALL0,          /* entry of the effect clause of Deep.try_with, */
  OP_XEFFC_CALL2,          /* ... of Deep.match_with */
  OP_XEFFC_RESULT,         /* their `Some f -> f k` */
#define F(x, stmt) OP_X##x##_GETFIELD0, OP_X##x##_GETFIELD1,
  FUSED_GETFIELD(F)        /* x; GETFIELD0 and x; GETFIELD1 */
#undef F
  OP_XCOUNT
};
_Static_assert(OP_XCOUNT <= 256, "the loader keeps handler numbers in 8 bits");

#define TAG_PC(p) ((value)(p) | 1)
#define UNTAG_PC(v) ((code_t)((v) & ~(value)1))

/* Largest nesting of interpreter activations (OCaml -> C -> OCaml ...),
 * to keep the C stack bounded. */
#define MAX_INTERP_DEPTH 20000

#if MC_THREADED_CODE
#define INSTR(name) lbl_##name
#define NEXT goto *(void *)(jt_base + *pc++)
#define FALLTHROUGH ((void)0)
#else
#define INSTR(name) case OP_##name
#define NEXT continue
#define FALLTHROUGH __attribute__((fallthrough))
#endif

/* Save the machine state before calling C code that may GC, raise or run
 * OCaml; restore it afterwards (sp is re-read: the stack may have moved). */
#define SETUP_C_CALL()         \
  do {                         \
    sp -= 2;                   \
    sp[0] = env;               \
    sp[1] = TAG_PC(pc + 1);    \
    d->stack->sp = sp;         \
  } while (0)
#define RESTORE_C_CALL() \
  do {                   \
    sp = d->stack->sp;   \
    env = sp[0];         \
    sp += 2;             \
  } while (0)
#define SETUP_GC()       \
  do {                   \
    sp -= 3;             \
    sp[0] = accu;        \
    sp[1] = env;         \
    sp[2] = TAG_PC(pc);  \
    d->stack->sp = sp;   \
  } while (0)
#define RESTORE_GC()   \
  do {                 \
    sp = d->stack->sp; \
    accu = sp[0];      \
    env = sp[1];       \
    sp += 3;           \
  } while (0)

/* A return frame, as RETURN pops it: the code address to go back to
 * (tagged, so that the GC skips it), the environment and the count of
 * arguments still to apply. */
#define STORE_FRAME(at, ret)       \
  do {                             \
    (at)[0] = TAG_PC(ret);         \
    (at)[1] = env;                 \
    (at)[2] = val_long(extra_args);\
  } while (0)

/* Jump into the closure held in accu, which is also its environment. */
#define ENTER_ACCU()        \
  do {                      \
    pc = code_val(accu);    \
    env = accu;             \
    goto check_stacks;      \
  } while (0)

/* Allocate a young block of wosize fields into res (header set). */
#define ALLOC_SMALL(res, wosize, tag)                                                  \
  do {                                                                                 \
    value *np_ = d->young_ptr - ((wosize) + 1);                                        \
    if (UNLIKELY((uvalue)np_ < atomic_load_explicit(&d->young_limit, memory_order_relaxed))) { \
      SETUP_GC();                                                                      \
      mc_alloc_slow_path(d);                                                           \
      RESTORE_GC();                                                                    \
      np_ = d->young_ptr - ((wosize) + 1);                                             \
    }                                                                                  \
    d->young_ptr = np_;                                                                \
    *(header_t *)np_ = make_header((wosize), (tag), 0);                                \
    (res) = (value)(np_ + 1);                                                          \
  } while (0)

#define POLL_PENDING() \
  ((uvalue)d->young_ptr < atomic_load_explicit(&d->young_limit, memory_order_relaxed))

/* Method lookup in an object's method table: a sorted array of
 * (method, label) pairs after two header words; returns the index of the
 * label slot whose value is `tag`.  Field 0 holds the index of the last
 * label slot, as a raw word. */
static inline intptr_t method_lookup(value meths, value tag) {
  intptr_t lo = 3, hi = (intptr_t)field(meths, 0);
  while (lo < hi) {
    intptr_t mid = ((lo + hi) >> 1) | 1;
    if (tag < field(meths, mid)) hi = mid - 2;
    else lo = mid;
  }
  return lo;
}

/* The machine registers live in callee-saved registers of the host on
 * x86-64 (as in stock's interpreter); elsewhere the compiler chooses. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PIN(r) __asm__(r)
#else
#define PIN(r)
#endif

/* What an activation saved of its caller, restored when it ends. */
struct activation {
  intptr_t trap_sp_off;
  size_t stack_words;            /* stack depth at entry */
  struct mc_stack *activation_stack;
};

/* How run() starts: at a code address, or by raising accu (an exception
 * that a C primitive raised; its C call frame is on the stack). */
enum entry { ENTRY_CODE, ENTRY_RAISE, ENTRY_INIT };

/* The interpreter loop.  It contains no setjmp, so that the compiler
 * keeps the machine registers in host registers; mc_interpret catches
 * raises from C and re-enters it with ENTRY_RAISE.  It starts on a cache
 * line: otherwise where its opcode handlers fall relative to 32- and
 * 64-byte boundaries depends on the size of the code linked before it, and
 * a 16-byte shift from an unrelated change in gc_major.c made fib_calls
 * ~15% slower in paired runs. */
static __attribute__((aligned(64))) bool run(mc_domain *d, enum entry entry, code_t start_pc, value start_env,
                intptr_t start_extra, value start_accu, const struct activation *act,
                value *result) {
  register code_t pc PIN("r15");
  register value *sp PIN("r14");
  register value accu PIN("r13");
  value env;
  intptr_t extra_args;
  mc_runtime *const rt = d->rt;
#if MC_THREADED_CODE
  static const void *const jumptable[] = {
#define OPCODE(name, n) &&lbl_##name,
#include "opcodes.def"
#undef OPCODE
      &&lbl_XCLOSURE0, &&lbl_XCLOSURE1, &&lbl_XCONTUSE, &&lbl_XALLOCSTACK,
      &&lbl_XFCALL1, &&lbl_XFCALL2, &&lbl_XFCALL3, &&lbl_XFCALL4, &&lbl_XFCALL5, &&lbl_XFCALLN,
#define F(name, prim, op) &&lbl_X##name,
      FLOAT_ARITH(F) FLOAT_TESTS(F)
#undef F
      &&lbl_XNEGFLOAT, &&lbl_XFLOATOFINT,
      &&lbl_XEQ_BRANCHIF, &&lbl_XEQ_BRANCHIFNOT, &&lbl_XNEQ_BRANCHIF, &&lbl_XNEQ_BRANCHIFNOT,
      &&lbl_XACC0_RETURN, &&lbl_XPOP_RETURN, &&lbl_XPUSHACC0_BRANCHIF, &&lbl_XPUSHACC0_BRANCHIFNOT,
#define F(n) &&lbl_XACC##n##_PUSH,
      FUSED_ACC_PUSH(F)
#undef F
#define F(n) &&lbl_XPUSHACC##n##_ADDINT,
      FUSED_PUSHACC_ADDINT(F)
#undef F
      &&lbl_XCONTINUE, &&lbl_XMATCHWITH, &&lbl_XEFFC_CALL0, &&lbl_XEFFC_CALL2, &&lbl_XEFFC_RESULT,
#define F(x, stmt) &&lbl_X##x##_GETFIELD0, &&lbl_X##x##_GETFIELD1,
      FUSED_GETFIELD(F)
#undef F
  };
  _Static_assert(sizeof jumptable / sizeof jumptable[0] == OP_XCOUNT, "label table");
  const char *const jt_base = (const char *)&&lbl_ACC0;

  if (entry == ENTRY_INIT) {
    /* Initialisation call: publish the label table for the loader. */
    rt->jumptable = jumptable;
    rt->jumptable_base = (char *)jt_base;
    return false;
  }
#else
  if (entry == ENTRY_INIT) {
    rt->jumptable = NULL;
    rt->jumptable_base = NULL;
    return false;
  }
#endif
#if MC_THREADED_CODE
#define IDENTITY_WORD ((opcode_t)((const char *)&&lbl_XACC0_RETURN - jt_base))
#else
#define IDENTITY_WORD ((opcode_t)OP_XACC0_RETURN)
#endif
  /* Operands of RESUME, carried to do_resume. */
  value resume_fn, resume_arg;
  struct mc_stack *resume_tail;
  value effc_cont;                 /* operands of call_effect_clause */
  struct mc_stack *effc_fiber;

  sp = d->stack->sp;
  pc = start_pc;
  env = start_env;
  extra_args = start_extra;
  accu = start_accu;
  if (entry == ENTRY_RAISE) {
    if (d->backtrace_active) mc_stash_backtrace(d, accu, sp, false);
    goto raise_notrace;
  }

#if MC_THREADED_CODE
  NEXT;
#else
  for (;;) {
    switch (*pc++) {
#endif

    /* ---- Stack access ---- */
    INSTR(ACC0) : accu = sp[0]; NEXT;
    INSTR(ACC1) : accu = sp[1]; NEXT;
    INSTR(ACC2) : accu = sp[2]; NEXT;
    INSTR(ACC3) : accu = sp[3]; NEXT;
    INSTR(ACC4) : accu = sp[4]; NEXT;
    INSTR(ACC5) : accu = sp[5]; NEXT;
    INSTR(ACC6) : accu = sp[6]; NEXT;
    INSTR(ACC7) : accu = sp[7]; NEXT;

    INSTR(PUSH) : INSTR(PUSHACC0) : *--sp = accu; NEXT;
    INSTR(PUSHACC1) : *--sp = accu; accu = sp[1]; NEXT;
    INSTR(PUSHACC2) : *--sp = accu; accu = sp[2]; NEXT;
    INSTR(PUSHACC3) : *--sp = accu; accu = sp[3]; NEXT;
    INSTR(PUSHACC4) : *--sp = accu; accu = sp[4]; NEXT;
    INSTR(PUSHACC5) : *--sp = accu; accu = sp[5]; NEXT;
    INSTR(PUSHACC6) : *--sp = accu; accu = sp[6]; NEXT;
    INSTR(PUSHACC7) : *--sp = accu; accu = sp[7]; NEXT;
    INSTR(PUSHACC) : *--sp = accu; FALLTHROUGH;
    INSTR(ACC) : accu = sp[*pc++]; NEXT;

    INSTR(POP) : sp += *pc++; NEXT;
#define F(n) INSTR(XACC##n##_PUSH) : accu = sp[n]; *--sp = accu; pc++; NEXT;
    FUSED_ACC_PUSH(F)
#undef F
#define F(n) INSTR(XPUSHACC##n##_ADDINT) : accu = (value)((uvalue)sp[n - 1] + (uvalue)accu - 1); pc++; NEXT;
    FUSED_PUSHACC_ADDINT(F)
#undef F
    INSTR(XPUSHACC0_BRANCHIF) : {
      *--sp = accu;
      if (accu != val_false) pc += 1 + pc[1];
      else pc += 2;
      NEXT;
    }
    INSTR(XPUSHACC0_BRANCHIFNOT) : {
      *--sp = accu;
      if (accu == val_false) pc += 1 + pc[1];
      else pc += 2;
      NEXT;
    }
    INSTR(ASSIGN) : sp[*pc++] = accu; accu = val_unit; NEXT;

    /* ---- Environment access ---- */
    INSTR(ENVACC1) : accu = field(env, 1); NEXT;
    INSTR(ENVACC2) : accu = field(env, 2); NEXT;
    INSTR(ENVACC3) : accu = field(env, 3); NEXT;
    INSTR(ENVACC4) : accu = field(env, 4); NEXT;
    INSTR(PUSHENVACC1) : *--sp = accu; accu = field(env, 1); NEXT;
    INSTR(PUSHENVACC2) : *--sp = accu; accu = field(env, 2); NEXT;
    INSTR(PUSHENVACC3) : *--sp = accu; accu = field(env, 3); NEXT;
    INSTR(PUSHENVACC4) : *--sp = accu; accu = field(env, 4); NEXT;
    INSTR(PUSHENVACC) : *--sp = accu; FALLTHROUGH;
    INSTR(ENVACC) : accu = field(env, *pc++); NEXT;

    /* ---- Function application ---- */
    INSTR(PUSH_RETADDR) : {
      sp -= 3;
      STORE_FRAME(sp, pc + *pc);
      pc++;
      NEXT;
    }
    INSTR(APPLY) : {
      extra_args = *pc - 1;
      ENTER_ACCU();
    }
    /* APPLYn: the n arguments on top of the stack move down three words
     * to make room for the return frame above them. */
#define APPLY_N(n)                                                   \
    INSTR(APPLY##n) : {                                              \
      sp -= 3;                                                       \
      for (int k_ = 0; k_ < (n); k_++) sp[k_] = sp[k_ + 3];          \
      STORE_FRAME(sp + (n), pc);                                     \
      extra_args = (n) - 1;                                          \
      ENTER_ACCU();                                                  \
    }
    APPLY_N(1)
    APPLY_N(2)
    APPLY_N(3)
#undef APPLY_N
    /* Tail calls: the arguments replace the caller's frame of `slots`
     * words; copied from the highest one, as the areas may overlap. */
#define TAIL_CALL(nargs, slots)                                      \
    do {                                                             \
      int nargs_ = (nargs);                                          \
      value *to_ = sp + (slots) - nargs_;                            \
      for (int k_ = nargs_ - 1; k_ >= 0; k_--) to_[k_] = sp[k_];     \
      sp = to_;                                                      \
      extra_args += nargs_ - 1;                                      \
      ENTER_ACCU();                                                  \
    } while (0)
    INSTR(APPTERM) : TAIL_CALL(pc[0], pc[1]);
    INSTR(APPTERM1) : TAIL_CALL(1, pc[0]);
    INSTR(APPTERM2) : TAIL_CALL(2, pc[0]);
    INSTR(APPTERM3) : TAIL_CALL(3, pc[0]);
#undef TAIL_CALL
    INSTR(XACC0_RETURN) : accu = sp[0]; pc++; goto return_body;
    INSTR(XPOP_RETURN) : sp += pc[0]; pc += 2; goto return_body;
    INSTR(RETURN) : return_body :
      sp += *pc++;
      if (extra_args <= 0) goto do_return;
      /* More arguments were passed than the function took: its result is a
       * function, applied to them in turn (no stack check: none grew). */
      extra_args--;
      pc = code_val(accu);
      env = accu;
      NEXT;
  do_return:
    if (UNLIKELY(sp == d->stack->high) && d->stack != d->activation_stack) {
      /* The fiber's computation returned: call the value clause on the
       * parent stack. */
      struct mc_stack *done = d->stack;
      value hval = done->handle_value;
      d->stack = done->parent;
      mc_fiber_stack_release_inline(d, done);
      sp = d->stack->sp;
      d->trap_sp_off = long_val(sp[0]);
      extra_args = long_val(sp[1]);
      sp += 1;
      sp[0] = accu;
      accu = hval;
      ENTER_ACCU();
    }
    pc = UNTAG_PC(sp[0]);
    MC_ASSERT(mc_find_code_fragment(rt, pc) != NULL);
    env = sp[1];
    extra_args = long_val(sp[2]);
    sp += 3;
    NEXT;

    INSTR(RESTART) : {
      intptr_t n = (intptr_t)wosize_val(env) - 3;
      sp -= n;
      for (intptr_t i = 0; i < n; i++) sp[i] = field(env, i + 3);
      env = field(env, 2);
      extra_args += n;
      NEXT;
    }
    INSTR(GRAB) : grab_body : {
      int required = *pc++;
      if (extra_args >= required) {
        extra_args -= required;
        NEXT;
      }
      /* Too few arguments: return a partial application that restarts
       * this function (at the RESTART just before the GRAB). */
      mlsize_t nargs = 1 + (mlsize_t)extra_args;
      value pap;
      ALLOC_SMALL(pap, nargs + 3, CLOSURE_TAG);
      field(pap, 2) = env;
      for (mlsize_t i = 0; i < nargs; i++) field(pap, i + 3) = sp[i];
      code_val(pap) = pc - 3;
      closinfo_val(pap) = make_closinfo(0, 2);
      sp += nargs;
      accu = pap;
      goto do_return;
    }

    INSTR(CLOSURE) : {
      int nvars = *pc++;
      value clos;
      if (nvars > 0) *--sp = accu;
      if (nvars <= MAX_YOUNG_WOSIZE - 2) {
        ALLOC_SMALL(clos, 2 + (mlsize_t)nvars, CLOSURE_TAG);
        for (int i = 0; i < nvars; i++) field(clos, i + 2) = sp[i];
      } else {
        clos = mc_alloc_shr(d, 2 + (mlsize_t)nvars, CLOSURE_TAG);
        for (int i = 0; i < nvars; i++) mc_initialize(d, &field(clos, i + 2), sp[i]);
      }
      code_val(clos) = pc + *pc;
      closinfo_val(clos) = make_closinfo(0, 2);
      pc++;
      sp += nvars;
      accu = clos;
      NEXT;
    }
    INSTR(XCLOSURE0) : {
      value clos;
      ALLOC_SMALL(clos, 2, CLOSURE_TAG);
      code_val(clos) = pc + 1 + pc[1];
      closinfo_val(clos) = make_closinfo(0, 2);
      pc += 2;
      accu = clos;
      NEXT;
    }
    INSTR(XCLOSURE1) : {
      value clos;
      ALLOC_SMALL(clos, 3, CLOSURE_TAG);  /* accu is a root across a GC */
      code_val(clos) = pc + 1 + pc[1];
      closinfo_val(clos) = make_closinfo(0, 2);
      field(clos, 2) = accu;
      pc += 2;
      accu = clos;
      NEXT;
    }

    INSTR(CLOSUREREC) : {
      int nfuncs = pc[0];
      int nvars = pc[1];
      pc += 2;
      mlsize_t envofs = (mlsize_t)nfuncs * 3 - 1;
      mlsize_t size = envofs + (mlsize_t)nvars;
      value clos;
      if (nvars > 0) *--sp = accu;
      if (size <= MAX_YOUNG_WOSIZE) {
        ALLOC_SMALL(clos, size, CLOSURE_TAG);
        for (int i = 0; i < nvars; i++) field(clos, envofs + (mlsize_t)i) = sp[i];
      } else {
        clos = mc_alloc_shr(d, size, CLOSURE_TAG);
        for (int i = 0; i < nvars; i++) mc_initialize(d, &field(clos, envofs + (mlsize_t)i), sp[i]);
      }
      sp += nvars;
      /* Function i starts at field 3i: code, closure info (its distance to
       * the environment), and, for i > 0, an infix header before it. */
      field(clos, 0) = (value)(pc + pc[0]);
      field(clos, 1) = make_closinfo(0, envofs);
      *--sp = clos;
      for (int i = 1; i < nfuncs; i++) {
        mlsize_t at = (mlsize_t)i * 3;
        field(clos, at - 1) = (value)make_header(at, INFIX_TAG, 0);
        field(clos, at) = (value)(pc + pc[i]);
        field(clos, at + 1) = make_closinfo(0, envofs - at);
        *--sp = (value)&field(clos, at);
      }
      pc += nfuncs;
      accu = clos;
      NEXT;
    }

    INSTR(PUSHOFFSETCLOSURE) : *--sp = accu; FALLTHROUGH;
    INSTR(OFFSETCLOSURE) : accu = env + (value)(*pc++) * (value)sizeof(value); NEXT;
    INSTR(PUSHOFFSETCLOSUREM3) : *--sp = accu; FALLTHROUGH;
    INSTR(OFFSETCLOSUREM3) : accu = env - 3 * (value)sizeof(value); NEXT;
    INSTR(PUSHOFFSETCLOSURE0) : *--sp = accu; FALLTHROUGH;
    INSTR(OFFSETCLOSURE0) : accu = env; NEXT;
    INSTR(PUSHOFFSETCLOSURE3) : *--sp = accu; FALLTHROUGH;
    INSTR(OFFSETCLOSURE3) : accu = env + 3 * (value)sizeof(value); NEXT;

    /* ---- Globals ---- */
    INSTR(PUSHGETGLOBAL) : *--sp = accu; FALLTHROUGH;
    INSTR(GETGLOBAL) : accu = field(rt->global_data, *pc); pc++; NEXT;
    INSTR(PUSHGETGLOBALFIELD) : *--sp = accu; FALLTHROUGH;
    INSTR(GETGLOBALFIELD) : {
      accu = field_acquire(field(rt->global_data, pc[0]), pc[1]);
      pc += 2;
      NEXT;
    }
    INSTR(SETGLOBAL) : {
      mc_modify(d, &field(rt->global_data, *pc), accu);
      accu = val_unit;
      pc++;
      NEXT;
    }

    /* ---- Blocks ---- */
    INSTR(PUSHATOM0) : *--sp = accu; FALLTHROUGH;
    INSTR(ATOM0) : accu = atom(0); NEXT;
    INSTR(PUSHATOM) : *--sp = accu; FALLTHROUGH;
    INSTR(ATOM) : accu = atom(*pc++); NEXT;

    INSTR(MAKEBLOCK) : {
      mlsize_t size = (mlsize_t)pc[0];
      tag_t tag = (tag_t)pc[1];
      value blk;
      pc += 2;
      if (size <= MAX_YOUNG_WOSIZE) {
        ALLOC_SMALL(blk, size, tag);
        field(blk, 0) = accu;
        for (mlsize_t i = 1; i < size; i++) field(blk, i) = *sp++;
      } else {
        blk = mc_alloc_shr(d, size, tag);
        mc_initialize(d, &field(blk, 0), accu);
        for (mlsize_t i = 1; i < size; i++) mc_initialize(d, &field(blk, i), *sp++);
      }
      accu = blk;
      NEXT;
    }
    /* Blocks of 1 to 3 fields: accu, then the stack's top words. */
#define MAKE_SMALL_BLOCK(n)                                          \
    INSTR(MAKEBLOCK##n) : {                                          \
      value blk;                                                     \
      ALLOC_SMALL(blk, (n), (tag_t)*pc);                             \
      pc++;                                                          \
      field(blk, 0) = accu;                                          \
      for (int k_ = 1; k_ < (n); k_++) field(blk, k_) = sp[k_ - 1];  \
      sp += (n) - 1;                                                 \
      accu = blk;                                                    \
      NEXT;                                                          \
    }
    MAKE_SMALL_BLOCK(1)
    MAKE_SMALL_BLOCK(2)
    MAKE_SMALL_BLOCK(3)
#undef MAKE_SMALL_BLOCK
    INSTR(MAKEFLOATBLOCK) : {
      mlsize_t size = (mlsize_t)*pc++;
      value blk;
      if (size <= MAX_YOUNG_WOSIZE) {
        ALLOC_SMALL(blk, size * DOUBLE_WOSIZE, DOUBLE_ARRAY_TAG);
      } else {
        blk = mc_alloc_shr(d, size * DOUBLE_WOSIZE, DOUBLE_ARRAY_TAG);
      }
      store_double_flat_field(blk, 0, double_val(accu));
      for (mlsize_t i = 1; i < size; i++) store_double_flat_field(blk, i, double_val(*sp++));
      accu = blk;
      NEXT;
    }

    INSTR(GETFIELD0) : accu = field_acquire(accu, 0); NEXT;
#define F(x, stmt)                                                                      \
  INSTR(X##x##_GETFIELD0) : stmt; accu = field_acquire(accu, 0); pc++; NEXT;            \
  INSTR(X##x##_GETFIELD1) : stmt; accu = field_acquire(accu, 1); pc++; NEXT;
    FUSED_GETFIELD(F)
#undef F
    INSTR(GETFIELD1) : accu = field_acquire(accu, 1); NEXT;
    INSTR(GETFIELD2) : accu = field_acquire(accu, 2); NEXT;
    INSTR(GETFIELD3) : accu = field_acquire(accu, 3); NEXT;
    INSTR(GETFIELD) : accu = field_acquire(accu, *pc); pc++; NEXT;
    INSTR(GETFLOATFIELD) : {
      double x = double_flat_field_atomic(accu, (mlsize_t)*pc);
      pc++;
      value box;
      ALLOC_SMALL(box, DOUBLE_WOSIZE, DOUBLE_TAG);
      store_double_val(box, x);
      accu = box;
      NEXT;
    }
    INSTR(SETFIELD0) : mc_modify(d, &field(accu, 0), *sp++); accu = val_unit; NEXT;
    INSTR(SETFIELD1) : mc_modify(d, &field(accu, 1), *sp++); accu = val_unit; NEXT;
    INSTR(SETFIELD2) : mc_modify(d, &field(accu, 2), *sp++); accu = val_unit; NEXT;
    INSTR(SETFIELD3) : mc_modify(d, &field(accu, 3), *sp++); accu = val_unit; NEXT;
    INSTR(SETFIELD) : {
      mc_modify(d, &field(accu, *pc), *sp++);
      accu = val_unit;
      pc++;
      NEXT;
    }
    INSTR(SETFLOATFIELD) : {
      store_double_flat_field_atomic(accu, (mlsize_t)*pc, double_val(*sp++));
      accu = val_unit;
      pc++;
      NEXT;
    }

    /* ---- Arrays and strings (bounds are checked by the compiled code) ---- */
    INSTR(VECTLENGTH) : {
      mlsize_t size = wosize_val(accu);
      if (tag_val(accu) == DOUBLE_ARRAY_TAG) size /= DOUBLE_WOSIZE;
      accu = val_long(size);
      NEXT;
    }
    INSTR(GETVECTITEM) : accu = field_acquire(accu, long_val(sp[0])); sp += 1; NEXT;
    INSTR(SETVECTITEM) : {
      mc_modify(d, &field(accu, long_val(sp[0])), sp[1]);
      accu = val_unit;
      sp += 2;
      NEXT;
    }
    INSTR(GETSTRINGCHAR) : INSTR(GETBYTESCHAR) : {
      accu = val_int(__atomic_load_n(&byte_u(accu, long_val(sp[0])), __ATOMIC_RELAXED));
      sp += 1;
      NEXT;
    }
    INSTR(SETBYTESCHAR) : {
      __atomic_store_n(&byte_u(accu, long_val(sp[0])), (unsigned char)long_val(sp[1]),
                       __ATOMIC_RELAXED);
      sp += 2;
      accu = val_unit;
      NEXT;
    }

    /* ---- Branches ---- */
    INSTR(BRANCH) : pc += *pc; NEXT;
    INSTR(BRANCHIF) : if (accu != val_false) pc += *pc; else pc++; NEXT;
    INSTR(BRANCHIFNOT) : if (accu == val_false) pc += *pc; else pc++; NEXT;
    INSTR(SWITCH) : {
      uint32_t sizes = (uint32_t)*pc++;
      uint32_t nconst = sizes & 0xFFFF, ntags = sizes >> 16;
      if (is_block(accu)) {
        uvalue index = tag_val(accu);
        if (UNLIKELY(index >= ntags)) goto bad_switch;
        pc += pc[nconst + index];
      } else {
        uvalue index = (uvalue)long_val(accu);
        if (UNLIKELY(index >= nconst)) goto bad_switch;
        pc += pc[index];
      }
      NEXT;
    }
    INSTR(BOOLNOT) : accu = (value)(4 - (uvalue)accu); NEXT;

    /* ---- Exceptions ---- */
    INSTR(PUSHTRAP) : {
      sp -= 4;
      sp[0] = TAG_PC(pc + *pc);
      sp[1] = val_long(d->trap_sp_off);
      sp[2] = env;
      sp[3] = val_long(extra_args);
      d->trap_sp_off = sp - d->stack->high;
      pc++;
      NEXT;
    }
    INSTR(POPTRAP) : {
      if (UNLIKELY(POLL_PENDING())) {
        /* Run pending actions first, so that an exception they raise is
         * caught by this handler; then redo the POPTRAP. */
        pc--;
        goto process_actions;
      }
      d->trap_sp_off = long_val(sp[1]);
      sp += 4;
      NEXT;
    }
    INSTR(RAISE_NOTRACE) : goto raise_notrace;
    INSTR(RERAISE) : {
      if (d->backtrace_active) {
        *--sp = TAG_PC(pc - 1);
        d->stack->sp = sp;
        mc_stash_backtrace(d, accu, sp, true);
      }
      goto raise_notrace;
    }
    INSTR(RAISE) : raise_with_trace : {
      if (d->backtrace_active) {
        *--sp = TAG_PC(pc - 1);
        d->stack->sp = sp;
        mc_stash_backtrace(d, accu, sp, false);
      }
    }
  raise_notrace:
    if (d->trap_sp_off > 0) {
      if (d->stack != d->activation_stack && d->stack->parent != NULL) {
        /* Unhandled in a fiber: call the handler's exception clause on
         * the parent stack, which holds [trap offset, extra args] on top. */
        struct mc_stack *done = d->stack;
        value hexn = done->handle_exn;
        d->stack = done->parent;
        mc_fiber_stack_release_inline(d, done);
        sp = d->stack->sp;
        d->trap_sp_off = long_val(sp[0]);
        extra_args = long_val(sp[1]);
        sp += 1;
        sp[0] = accu;
        accu = hexn;
        ENTER_ACCU();
      }
      /* No handler in this activation: return the exception to C. */
      d->stack->sp = d->stack->high - act->stack_words;
      *result = accu;
      return true;
    }
    sp = d->stack->high + d->trap_sp_off;
    pc = UNTAG_PC(sp[0]);
    d->trap_sp_off = long_val(sp[1]);
    env = sp[2];
    extra_args = long_val(sp[3]);
    sp += 4;
    NEXT;

    /* ---- Stack checks and safepoints ---- */
  check_stacks:
    MC_ASSERT(mc_find_code_fragment(rt, pc) != NULL);
    if (UNLIKELY(sp < d->stack->base + MC_STACK_THRESHOLD)) {
      d->stack->sp = sp;
      if (!mc_stack_grow(d, d->stack, MC_STACK_THRESHOLD)) {
        SETUP_C_CALL();
        mc_raise_stack_overflow(d);
      }
      sp = d->stack->sp;
    }
    FALLTHROUGH;
    INSTR(CHECK_SIGNALS) : if (UNLIKELY(POLL_PENDING())) goto process_actions; NEXT;

  process_actions:
    sp -= 4;
    sp[0] = accu;
    sp[1] = env;
    sp[2] = TAG_PC(pc);
    sp[3] = val_long(extra_args);
    d->stack->sp = sp;
    mc_process_pending(d);
    sp = d->stack->sp;
    accu = sp[0];
    env = sp[1];
    pc = UNTAG_PC(sp[2]);
    extra_args = long_val(sp[3]);
    sp += 4;
    NEXT;

    /* ---- C primitives ----
     * Every call: save env and the return pc on the stack (the GC and
     * exceptions see them), call, restore, pop the arguments after the
     * first (which came in accu).  mcrun's own primitives take the domain
     * first; those of C stub libraries (MC_PRIM_FOREIGN, prims.h) have
     * stock's convention and their own instructions, so that this path
     * never tests for them. */
#define PRIM_CALL(call, pop) \
  {                          \
    SETUP_C_CALL();          \
    accu = (call);           \
    RESTORE_C_CALL();        \
    sp += (pop);             \
    pc++;                    \
    NEXT;                    \
  }
#define OWN_FN(n) ((mc_prim##n)rt->prim_fns[*pc])
#define FOREIGN_FN(n) ((stock_prim##n)__atomic_load_n(&rt->prims, __ATOMIC_ACQUIRE)[*pc]->fn)
    INSTR(C_CALL1) : PRIM_CALL(OWN_FN(1)(d, accu), 0)
    INSTR(C_CALL2) : PRIM_CALL(OWN_FN(2)(d, accu, sp[2]), 1)
    INSTR(C_CALL3) : lbl_C_CALL3_generic : PRIM_CALL(OWN_FN(3)(d, accu, sp[2], sp[3]), 2)
    INSTR(C_CALL4) : PRIM_CALL(OWN_FN(4)(d, accu, sp[2], sp[3], sp[4]), 3)
    INSTR(C_CALL5) : PRIM_CALL(OWN_FN(5)(d, accu, sp[2], sp[3], sp[4], sp[5]), 4)
    INSTR(XFCALL1) : PRIM_CALL(FOREIGN_FN(1)(accu), 0)
    INSTR(XFCALL2) : PRIM_CALL(FOREIGN_FN(2)(accu, sp[2]), 1)
    INSTR(XFCALL3) : PRIM_CALL(FOREIGN_FN(3)(accu, sp[2], sp[3]), 2)
    INSTR(XFCALL4) : PRIM_CALL(FOREIGN_FN(4)(accu, sp[2], sp[3], sp[4]), 3)
    INSTR(XFCALL5) : PRIM_CALL(FOREIGN_FN(5)(accu, sp[2], sp[3], sp[4], sp[5]), 4)
    /* More than five arguments: all on the stack, as an array. */
    INSTR(C_CALLN) : {
      int nargs = *pc++;
      *--sp = accu;
      PRIM_CALL(OWN_FN(n)(d, sp + 2, nargs), nargs)
    }
    INSTR(XFCALLN) : {
      int nargs = *pc++;
      *--sp = accu;
      PRIM_CALL(FOREIGN_FN(n)(sp + 2, nargs), nargs)
    }
#undef OWN_FN
#undef FOREIGN_FN
#undef PRIM_CALL

    /* Primitives the interpreter does itself when they cannot fail. */
#define F(name, prim, op)                                             \
    INSTR(X##name) : {                                                \
      double r_ = double_val(accu) op double_val(sp[0]);              \
      sp += 1;                                                        \
      pc++;                                                           \
      ALLOC_SMALL(accu, DOUBLE_WOSIZE, DOUBLE_TAG);                   \
      store_double_val(accu, r_);                                     \
      NEXT;                                                           \
    }
    FLOAT_ARITH(F)
#undef F
#define F(name, prim, op)                                             \
    INSTR(X##name) : {                                                \
      accu = val_bool(double_val(accu) op double_val(sp[0]));         \
      sp += 1;                                                        \
      pc++;                                                           \
      NEXT;                                                           \
    }
    FLOAT_TESTS(F)
#undef F
    INSTR(XNEGFLOAT) : {
      double r = -double_val(accu);
      pc++;
      ALLOC_SMALL(accu, DOUBLE_WOSIZE, DOUBLE_TAG);
      store_double_val(accu, r);
      NEXT;
    }
    INSTR(XFLOATOFINT) : {
      double r = (double)long_val(accu);
      pc++;
      ALLOC_SMALL(accu, DOUBLE_WOSIZE, DOUBLE_TAG);
      store_double_val(accu, r);
      NEXT;
    }
    INSTR(XCONTUSE) : {
      /* caml_continuation_use_noexc: neither allocates nor raises. */
      accu = val_ptr(mc_continuation_take_inline(d, accu));
      pc++;
      NEXT;
    }
    INSTR(XALLOCSTACK) : {
      /* caml_alloc_stack (value, exception and effect clauses) with a
       * cached stack; otherwise the primitive itself. */
      struct mc_stack *s = d->free_stacks;
      if (UNLIKELY(s == NULL)) goto lbl_C_CALL3_generic;
      s = mc_fiber_stack_new_inline(d);
      s->handle_value = accu;
      s->handle_exn = sp[0];
      s->handle_effect = sp[1];
      s->sp = s->high - 1;
      s->sp[0] = val_long(1);  /* the fiber's (empty) trap offset */
      accu = val_ptr(s);
      sp += 2;
      pc++;
      NEXT;
    }

    /* ---- Integer constants and arithmetic (wrapping, on tagged ints) ---- */
    INSTR(CONST0) : accu = val_int(0); NEXT;
    INSTR(CONST1) : accu = val_int(1); NEXT;
    INSTR(CONST2) : accu = val_int(2); NEXT;
    INSTR(CONST3) : accu = val_int(3); NEXT;
    INSTR(PUSHCONST0) : *--sp = accu; accu = val_int(0); NEXT;
    INSTR(PUSHCONST1) : *--sp = accu; accu = val_int(1); NEXT;
    INSTR(PUSHCONST2) : *--sp = accu; accu = val_int(2); NEXT;
    INSTR(PUSHCONST3) : *--sp = accu; accu = val_int(3); NEXT;
    INSTR(PUSHCONSTINT) : *--sp = accu; FALLTHROUGH;
    INSTR(CONSTINT) : accu = val_long(*pc); pc++; NEXT;

    INSTR(NEGINT) : accu = (value)(2 - (uvalue)accu); NEXT;
    INSTR(ADDINT) : accu = (value)((uvalue)accu + (uvalue)*sp++ - 1); NEXT;
    INSTR(SUBINT) : accu = (value)((uvalue)accu - (uvalue)*sp++ + 1); NEXT;
    INSTR(MULINT) : accu = val_long((uvalue)long_val(accu) * (uvalue)long_val(*sp++)); NEXT;
    INSTR(DIVINT) : {
      intptr_t divisor = long_val(*sp++);
      if (UNLIKELY(divisor == 0)) {
        SETUP_C_CALL();
        mc_raise_zero_divide(d);
      }
      accu = val_long(long_val(accu) / divisor);
      NEXT;
    }
    INSTR(MODINT) : {
      intptr_t divisor = long_val(*sp++);
      if (UNLIKELY(divisor == 0)) {
        SETUP_C_CALL();
        mc_raise_zero_divide(d);
      }
      accu = val_long(long_val(accu) % divisor);
      NEXT;
    }
    INSTR(ANDINT) : accu &= *sp++; NEXT;
    INSTR(ORINT) : accu |= *sp++; NEXT;
    INSTR(XORINT) : accu = (accu ^ *sp++) | 1; NEXT;
    INSTR(LSLINT) : accu = (value)((((uvalue)accu - 1) << (long_val(*sp++) & 63)) + 1); NEXT;
    INSTR(LSRINT) : accu = (value)(((uvalue)accu >> (long_val(*sp++) & 63)) | 1); NEXT;
    INSTR(ASRINT) : accu = (value)((accu >> (long_val(*sp++) & 63)) | 1); NEXT;

    /* Integer comparisons (tagging keeps the order), as a boolean and as a
     * branch: B<name> compares its operand pc[0] with accu and jumps by
     * pc[1] if that holds. */
#define INT_COMPARISONS(F)                                           \
    F(EQ, intptr_t, ==) F(NEQ, intptr_t, !=) F(LTINT, intptr_t, <)   \
    F(LEINT, intptr_t, <=) F(GTINT, intptr_t, >) F(GEINT, intptr_t, >=) \
    F(ULTINT, uvalue, <) F(UGEINT, uvalue, >=)
#define F(name, type, op) \
    INSTR(name) : accu = val_bool((type)accu op (type)*sp++); NEXT;
    INT_COMPARISONS(F)
#undef F
#define F(name, type, op) \
    INSTR(B##name) : {                                                   \
      if ((type)pc[0] op (type)long_val(accu)) pc += pc[1] + 1;         \
      else pc += 2;                                                     \
      NEXT;                                                             \
    }
    INT_COMPARISONS(F)
#undef F
#undef INT_COMPARISONS
    /* Fused with the branch that follows: pc[0] is the branch's opcode
     * word, pc[1] its offset (relative to pc + 1). */
#define CMP_BRANCH(name, op, taken_if)           \
  INSTR(name) : {                                \
    bool c_ = accu op *sp++;                     \
    accu = val_bool(c_);                         \
    if (c_ == taken_if) pc += 1 + pc[1];         \
    else pc += 2;                                \
    NEXT;                                        \
  }
    CMP_BRANCH(XEQ_BRANCHIF, ==, true)
    CMP_BRANCH(XEQ_BRANCHIFNOT, ==, false)
    CMP_BRANCH(XNEQ_BRANCHIF, !=, true)
    CMP_BRANCH(XNEQ_BRANCHIFNOT, !=, false)
#undef CMP_BRANCH

    INSTR(OFFSETINT) : accu = (value)((uvalue)accu + ((uvalue)(intptr_t)*pc << 1)); pc++; NEXT;
    INSTR(OFFSETREF) : {
      field_store_relaxed(accu, 0, (value)((uvalue)field_relaxed(accu, 0) + ((uvalue)(intptr_t)*pc << 1)));
      accu = val_unit;
      pc++;
      NEXT;
    }
    INSTR(ISINT) : accu = val_long(accu & 1); NEXT;

    /* ---- Objects ---- */
    INSTR(GETMETHOD) : accu = field(field(sp[0], 0), int_val(accu)); NEXT;
    INSTR(GETPUBMET) : {
      /* pc[0]: the method's label; pc[1]: a cache of its byte offset in
       * the table of the last object seen here. */
      value meths = field(accu, 0);
      *--sp = accu;
      accu = val_int(pc[0]);
      _Atomic(opcode_t) *cache = (_Atomic(opcode_t) *)&pc[1];
      uvalue ofs = (uvalue)(uint32_t)atomic_load_explicit(cache, memory_order_relaxed) &
                   (uvalue)field(meths, 1);
      if (*(value *)((char *)&field(meths, 3) + ofs) == accu) {
        accu = *(value *)((char *)&field(meths, 2) + ofs);
      } else {
        intptr_t li = method_lookup(meths, accu);
        atomic_store_explicit(cache, (opcode_t)((li - 3) * (intptr_t)sizeof(value)),
                              memory_order_relaxed);
        accu = field(meths, li - 1);
      }
      pc += 2;
      NEXT;
    }
    INSTR(GETDYNMET) : {
      value meths = field(sp[0], 0);
      accu = field(meths, method_lookup(meths, accu) - 1);
      NEXT;
    }

    /* ---- Control ---- */
    INSTR(STOP) : {
      d->stack->sp = sp;
      *result = accu;
      return false;
    }
    INSTR(EVENT) : INSTR(BREAK) : NEXT;

    /* ---- Effects (see fiber.c for the data structures) ---- */

    /* Effect.Deep.continue k v, found by the loader (its whole body, in
     * the bytecode of OCaml 5.3's stdlib: take the continuation's stack,
     * allocate (fun x -> x), RESUMETERM).  Done here without the closure:
     * resume the fiber returning v to it.  Whenever the bytecode would do
     * something else (too few arguments, a continuation already resumed,
     * a lost race with another domain) the original instructions run. */
    INSTR(XCONTINUE) : {
      if (UNLIKELY(extra_args < 1)) goto grab_body;
      value k = sp[0];
      if (UNLIKELY(atomic_load_explicit((_Atomic(value) *)&field(k, 0), memory_order_relaxed) ==
                   val_ptr(NULL)))
        goto grab_body;
      struct mc_stack *fiber = mc_continuation_take_inline(d, k);
      if (UNLIKELY(fiber == NULL)) goto grab_body;
      extra_args -= 1;
      resume_fn = val_unit;  /* the identity */
      resume_arg = sp[1];
      resume_tail = ptr_val(field(k, 1));
      sp[0] = val_long(d->trap_sp_off);
      sp[1] = val_long(extra_args);
      accu = val_ptr(fiber);
      goto do_resume;
    }
    /* The effect clause that Deep.try_with and Deep.match_with install
     * (`fun eff k last -> match handler.effc eff with Some f -> f k | None
     * -> reperform ...`): its entry (GRAB 2; ACC0; PUSHENVACC2; GETFIELDn;
     * APPLY1) calls handler.effc eff at once; on return, Some f applies f
     * to k in tail position (PUSHACC0; BRANCHIFNOT; ACC0; GETFIELD0;
     * PUSHACC3; PUSHACC1; APPTERM1 6), None takes the bytecode's branch. */
#define EFFC_CALL(name, n)                                \
  INSTR(name) : {                                         \
    if (UNLIKELY(extra_args < 2)) goto grab_body;         \
    extra_args -= 2;                                      \
    value eff_ = sp[0];                                   \
    value f_ = field_acquire(field(env, 2), n);           \
    sp -= 4;                                              \
    sp[0] = eff_;                                         \
    sp[1] = TAG_PC(pc + 5); /* after the APPLY1 */        \
    sp[2] = env;                                          \
    sp[3] = val_long(extra_args);                         \
    accu = f_;                                            \
    pc = code_val(f_);                                    \
    env = f_;                                             \
    extra_args = 0;                                       \
    goto check_stacks;                                    \
  }
    EFFC_CALL(XEFFC_CALL0, 0)
    EFFC_CALL(XEFFC_CALL2, 2)
#undef EFFC_CALL
    INSTR(XEFFC_RESULT) : {
      if (UNLIKELY(accu == val_false)) {  /* None: PUSHACC0; BRANCHIFNOT */
        *--sp = accu;
        pc += 1 + pc[1];
        NEXT;
      }
      value f = field_acquire(accu, 0);
      value k = sp[1];
      sp += 2;
      sp[0] = k;
      accu = f;
      pc = code_val(f);
      env = f;
      goto check_stacks;
    }

    /* Effect.Deep.match_with comp arg handler (the same way): the effect
     * clause closure, a fiber stack with the handler's clauses, and the
     * fiber runs comp arg.  pc[4] is the offset of the closure's code. */
    INSTR(XMATCHWITH) : {
      if (UNLIKELY(extra_args < 2)) goto grab_body;
      value effc;
      ALLOC_SMALL(effc, 3, CLOSURE_TAG);
      code_val(effc) = pc + 4 + pc[4];
      closinfo_val(effc) = make_closinfo(0, 2);
      value handler = sp[2];
      field(effc, 2) = handler;
      struct mc_stack *s = mc_fiber_stack_new_inline(d);
      if (UNLIKELY(s == NULL)) {
        SETUP_C_CALL();
        mc_raise_out_of_memory(d);
      }
      extra_args -= 2;
      s->handle_value = field_acquire(handler, 0);
      s->handle_exn = field_acquire(handler, 1);
      s->handle_effect = effc;
      s->sp = s->high - 1;
      s->sp[0] = val_long(1);
      resume_fn = sp[0];
      resume_arg = sp[1];
      resume_tail = NULL;
      sp += 1;
      sp[0] = val_long(d->trap_sp_off);
      sp[1] = val_long(extra_args);
      accu = val_ptr(s);
      goto do_resume;
    }

    INSTR(PERFORM) : {
      struct mc_stack *self = d->stack;
      if (self->parent == NULL || self == d->activation_stack) {
        /* No handler, or only beyond a C frame. */
        SETUP_C_CALL();
        accu = mc_make_unhandled_effect_exn(d, accu);
        RESTORE_C_CALL();
        goto raise_with_trace;
      }
      value cont;
      ALLOC_SMALL(cont, 2, CONT_TAG);
      /* Suspend this fiber: save its state on its own stack. */
      sp -= 4;
      sp[0] = val_long(d->trap_sp_off);
      STORE_FRAME(sp + 1, pc);
      self->sp = sp;
      struct mc_stack *parent = self->parent;
      self->parent = NULL;
      field(cont, 0) = val_ptr(self);
      field(cont, 1) = val_ptr(self);
      /* Young continuations are remembered so that the stacks of those
       * that die young can be freed (the common case needs no call). */
      if (LIKELY(d->young_conts.len < d->young_conts.cap))
        d->young_conts.base[d->young_conts.len++] = cont;
      else
        mc_valvec_push(&d->young_conts, cont);
      d->stack = parent;
      effc_cont = cont;
      effc_fiber = self;
      goto call_effect_clause;
    }
    INSTR(REPERFORMTERM) : {
      /* This handler's effect clause declined the effect (in accu): the
       * fiber it runs on joins the continuation (sp[0], whose last fiber
       * is sp[1]) and the effect goes to the next handler out. */
      struct mc_stack *self = d->stack;
      struct mc_stack *last = ptr_val(sp[1]);
      effc_cont = sp[0];
      sp += *pc - 2;
      sp[0] = val_long(d->trap_sp_off);
      sp[1] = val_long(extra_args);
      if (self->parent != NULL && self != d->activation_stack) {
        self->sp = sp;
        d->stack = self->parent;
        self->parent = NULL;
        /* Another domain's marker may be walking the chain of an old
         * continuation: extend it under the continuation's lock. */
        bool old_cont = !gc_is_young(rt, effc_cont);
        value chain = old_cont ? mc_cont_lock(effc_cont) : 0;
        last->parent = self;
        field(effc_cont, 1) = val_ptr(self);
        if (old_cont) mc_cont_unlock(effc_cont, chain);
        /* The continuation, maybe old, now owns this stack: the GCs must
         * see its contents. */
        if (!gc_is_young(rt, effc_cont)) {
          mc_valvec_push(&d->dirty_conts, effc_cont);
          if (gc_marking(rt)) mc_darken_stack(d, self);
        }
        effc_fiber = self;
        goto call_effect_clause;
      }
      /* Nobody else handles it: resume the continuation with Unhandled.
       * The effect and the continuation stay on the stack (GC roots)
       * while the exception is made. */
      sp -= 2;
      sp[0] = accu;
      sp[1] = effc_cont;
      SETUP_C_CALL();
      resume_arg = mc_make_unhandled_effect_exn(d, accu);
      struct mc_stack *taken = mc_continuation_take(d, d->stack->sp[3]);
      if (taken == NULL) mc_raise_continuation_already_resumed(d);
      RESTORE_C_CALL();
      sp += 2;
      accu = val_ptr(taken);
      resume_fn = mc_raise_closure(rt);
      resume_tail = last;
      goto do_resume;
    }
  call_effect_clause:
    /* Now on the handler's stack, which PERFORM or RESUME left with the
     * trap offset and the pending arguments on top: call its effect clause
     * with (effect in accu, continuation, the continuation's last fiber). */
    sp = d->stack->sp;
    d->trap_sp_off = long_val(sp[0]);
    extra_args = long_val(sp[1]) + 2;
    sp -= 1;
    sp[0] = accu;
    sp[1] = effc_cont;
    sp[2] = val_ptr(effc_fiber);
    accu = effc_fiber->handle_effect;
    ENTER_ACCU();
    /* RESUME and RESUMETERM: accu is the fiber (tagged); on the stack the
     * function to run on it, its argument and the continuation's last
     * fiber (or unit). */
#define TAKE_RESUME_OPERANDS()      \
    do {                            \
      resume_fn = sp[0];            \
      resume_arg = sp[1];           \
      resume_tail = ptr_val(sp[2]); \
    } while (0)
    INSTR(RESUME) : {
      TAKE_RESUME_OPERANDS();
      /* Back here when the fiber returns: a frame under the trap offset
       * and the (no) pending arguments that do_resume expects. */
      STORE_FRAME(sp, pc);
      sp -= 2;
      sp[0] = val_long(d->trap_sp_off);
      sp[1] = val_long(0);
      goto do_resume;
    }
    INSTR(RESUMETERM) : {
      TAKE_RESUME_OPERANDS();
      sp += *pc - 2;
      sp[0] = val_long(d->trap_sp_off);
      sp[1] = val_long(extra_args);
      goto do_resume;
    }
  do_resume : {
    struct mc_stack *fiber = ptr_val(accu);
    if (fiber == NULL) {
      SETUP_C_CALL();
      mc_raise_continuation_already_resumed(d);
    }
    if (resume_tail == NULL) resume_tail = fiber;
    resume_tail->parent = d->stack;
    d->stack->sp = sp;
    d->stack = fiber;
    sp = fiber->sp;
    d->trap_sp_off = long_val(sp[0]);
    extra_args = 0;
    if (resume_fn == val_unit || (code_val(resume_fn)[0] == IDENTITY_WORD && code_val(resume_fn)[2] == 1)) {
      /* Resuming with an identity function (continue k v): return v to
       * the fiber at once, as the function's RETURN would. */
      accu = resume_arg;
      sp += 1;
      goto do_return;
    }
    sp[0] = resume_arg;
    accu = resume_fn;
    ENTER_ACCU();
  }

  bad_switch:
    SETUP_C_CALL();
    mc_fatal(rt, "corrupt bytecode: SWITCH index out of range");

#if !MC_THREADED_CODE
    default:
      mc_fatal(rt, "corrupt bytecode: bad opcode %d at %p (main %p..%p) domain %d", (int)pc[-1], (void *)pc, (void *)rt->main_code, (void *)((char *)rt->main_code + rt->main_code_size), d->id);
    }
  }
#endif
}

/* An interpreter activation: runs code until its final STOP, or until an
 * exception escapes it, catching the exceptions that C primitives raise
 * (by longjmp) and handing them back to the loop. */
bool mc_interpret(mc_domain *d, code_t start_pc, value start_env, intptr_t start_extra,
                  value *result) {
  if (d->interp_depth >= MAX_INTERP_DEPTH) mc_raise_stack_overflow(d);
  struct activation act = {d->trap_sp_off, (size_t)(d->stack->high - d->stack->sp),
                           d->activation_stack};
  struct mc_catch catch_point;
  mc_catch_enter(d, &catch_point);
  d->interp_depth++;
  d->trap_sp_off = 1;
  d->activation_stack = d->stack;
  volatile enum entry entry = ENTRY_CODE;
  volatile value exn = val_unit;
  if (setjmp(catch_point.buf) != 0) {
    /* mc_raise popped the catch point: push it again for the rest of the
     * activation (the jmp_buf stays valid while this frame lives). */
    exn = catch_point.exn;
    mc_catch_enter(d, &catch_point);
    entry = ENTRY_RAISE;
  }
  bool raised = entry == ENTRY_RAISE
                    ? run(d, ENTRY_RAISE, NULL, val_unit, 0, exn, &act, result)
                    : run(d, ENTRY_CODE, start_pc, start_env, start_extra, val_int(0), &act, result);
  mc_catch_leave(d, &catch_point);
  d->interp_depth--;
  d->trap_sp_off = act.trap_sp_off;
  d->activation_stack = act.activation_stack;
  return raised;
}

/* Does a C_CALL operand name the primitive `name` (mcrun's own: built-in
 * primitives take precedence over those of stub libraries)? */
static bool is_builtin_prim(mc_runtime *rt, opcode_t idx, const char *name) {
  return idx >= 0 && (size_t)idx < rt->nprims && strcmp(rt->prim_names[idx], name) == 0;
}

/* Does code[pc..] hold these words?  -1 in pat matches any word. */
static bool code_matches(const opcode_t *code, size_t pc, size_t n, const opcode_t *pat, size_t len) {
  if (pc + len > n) return false;
  for (size_t i = 0; i < len; i++)
    if (pat[i] != -1 && code[pc + i] != pat[i]) return false;
  return true;
}

/* Is code[at] the start of `fun x -> x` (ACC0; RETURN 1)? */
static bool is_identity_code(const opcode_t *code, int64_t at, size_t n) {
  static const opcode_t id[] = {OP_ACC0, OP_RETURN, 1};
  return at >= 0 && code_matches(code, (size_t)at, n, id, 3);
}

/* The bodies of Effect.Deep.continue and Effect.Deep.match_with as
 * OCaml 5.3's ocamlc compiles them, from their GRAB (-1: any word; the
 * primitives and closure codes are checked apart). */
static const opcode_t continue_body[] = {
    OP_GRAB, 1, OP_ACC0, OP_GETFIELD1, OP_PUSHACC2, OP_PUSH, OP_CLOSURE, 0, -1,
    OP_PUSHACC3, OP_C_CALL1, -1, OP_RESUMETERM, 5};
static const opcode_t effc_entry[] = {
    OP_GRAB, 2, OP_ACC0, OP_PUSHENVACC2, -1, OP_APPLY1};
static const opcode_t effc_result[] = {
    OP_PUSHACC0, OP_BRANCHIFNOT, -1, OP_ACC0, OP_GETFIELD0, OP_PUSHACC3, OP_PUSHACC1,
    OP_APPTERM1, 6};
static const opcode_t match_with_body[] = {
    OP_GRAB, 2, OP_ACC2, OP_CLOSURE, 1, -1, OP_PUSHACC0, OP_PUSHACC4, OP_GETFIELD1,
    OP_PUSHACC5, OP_GETFIELD0, OP_C_CALL3, -1, OP_PUSHCONST0, OP_PUSHACC4, OP_PUSHACC4,
    OP_PUSHACC3, OP_RESUMETERM, 8};

/* fused[a][b]: the handler that runs instruction a followed by b, or 0. */
static const unsigned char fused[OP_COUNT][OP_COUNT] = {
#define F(x, stmt) [OP_##x][OP_GETFIELD0] = OP_X##x##_GETFIELD0, [OP_##x][OP_GETFIELD1] = OP_X##x##_GETFIELD1,
    FUSED_GETFIELD(F)
#undef F
#define F(n) [OP_ACC##n][OP_PUSH] = OP_XACC##n##_PUSH, [OP_ACC##n][OP_PUSHACC0] = OP_XACC##n##_PUSH,
    FUSED_ACC_PUSH(F)
#undef F
#define F(n) [OP_PUSHACC##n][OP_ADDINT] = OP_XPUSHACC##n##_ADDINT,
    FUSED_PUSHACC_ADDINT(F)
#undef F
    [OP_ACC0][OP_RETURN] = OP_XACC0_RETURN,
    [OP_POP][OP_RETURN] = OP_XPOP_RETURN,
    [OP_PUSHACC0][OP_BRANCHIF] = OP_XPUSHACC0_BRANCHIF,
    [OP_PUSHACC0][OP_BRANCHIFNOT] = OP_XPUSHACC0_BRANCHIFNOT,
    [OP_EQ][OP_BRANCHIF] = OP_XEQ_BRANCHIF,
    [OP_EQ][OP_BRANCHIFNOT] = OP_XEQ_BRANCHIFNOT,
    [OP_NEQ][OP_BRANCHIF] = OP_XNEQ_BRANCHIF,
    [OP_NEQ][OP_BRANCHIFNOT] = OP_XNEQ_BRANCHIFNOT,
};

/* Is a C_CALL operand a primitive of a C stub library? */
static bool is_foreign_prim(mc_runtime *rt, opcode_t idx) {
  return idx >= 0 && (size_t)idx < rt->nprims && rt->prims[idx] != NULL &&
         (rt->prims[idx]->flags & MC_PRIM_FOREIGN) != 0;
}

int mc_interp_specialise(mc_runtime *rt, const opcode_t *code, size_t pc, size_t len, size_t n) {
  opcode_t op = code[pc];
  opcode_t next = pc + len < n ? code[pc + len] : OP_STOP;
  if (op >= OP_C_CALL1 && op <= OP_C_CALLN &&
      is_foreign_prim(rt, code[pc + (op == OP_C_CALLN ? 2 : 1)]))
    return OP_XFCALL1 + (op - OP_C_CALL1);
  switch (op) {
    case OP_GRAB:
      if (code_matches(code, pc, n, continue_body, sizeof continue_body / sizeof(opcode_t)) &&
          is_identity_code(code, (int64_t)(pc + 8) + code[pc + 8], n) &&
          is_builtin_prim(rt, code[pc + 11], "caml_continuation_use_noexc"))
        return OP_XCONTINUE;
      if (code_matches(code, pc, n, match_with_body, sizeof match_with_body / sizeof(opcode_t)) &&
          is_builtin_prim(rt, code[pc + 12], "caml_alloc_stack"))
        return OP_XMATCHWITH;
      if (code_matches(code, pc, n, effc_entry, sizeof effc_entry / sizeof(opcode_t))) {
        if (code[pc + 4] == OP_GETFIELD0) return OP_XEFFC_CALL0;
        if (code[pc + 4] == OP_GETFIELD2) return OP_XEFFC_CALL2;
      }
      break;
    case OP_PUSHACC0:
      if (code_matches(code, pc, n, effc_result, sizeof effc_result / sizeof(opcode_t)))
        return OP_XEFFC_RESULT;
      break;
    case OP_CLOSURE:
      if (code[pc + 1] == 0) return OP_XCLOSURE0;
      if (code[pc + 1] == 1) return OP_XCLOSURE1;
      break;
    case OP_C_CALL1:
      if (is_builtin_prim(rt, code[pc + 1], "caml_continuation_use_noexc")) return OP_XCONTUSE;
      if (is_builtin_prim(rt, code[pc + 1], "caml_neg_float")) return OP_XNEGFLOAT;
      if (is_builtin_prim(rt, code[pc + 1], "caml_float_of_int")) return OP_XFLOATOFINT;
      break;
    case OP_C_CALL2:
#define F(name, prim, op) if (is_builtin_prim(rt, code[pc + 1], prim)) return OP_X##name;
      FLOAT_ARITH(F)
      FLOAT_TESTS(F)
#undef F
      break;
    case OP_C_CALL3:
      if (is_builtin_prim(rt, code[pc + 1], "caml_alloc_stack")) return OP_XALLOCSTACK;
      break;
    default:
      break;
  }
  if (fused[op][next] != 0) return fused[op][next];
  return op;
}

void mc_interp_init(mc_runtime *rt, mc_domain *d) {
  value unused;
  (void)rt;
  if (run(d, ENTRY_INIT, NULL, val_unit, 0, val_unit, NULL, &unused))
    mc_panic("interpreter initialisation failed");
}
