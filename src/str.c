/* str.c: the str library's primitives: a backtracking engine for the
 * regexp programs that str.ml compiles, searches in both directions, and
 * the expansion of \N references in replacement templates. */
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "fail.h"
#include "prims.h"
#include "str.h"

/* ---- The compiled record and its instruction set ---- */

/* Fields of the record built by str.ml's `compile`. */
enum {
  RE_PROG = 0,       /* int array: the program */
  RE_POOL = 1,       /* string array: literals, 32-byte sets, start table */
  RE_FOLD = 2,       /* 256-byte lowercase table, or "" */
  RE_NGROUPS = 3,    /* groups, the whole match (group 0) included */
  RE_NMARKS = 4,     /* progress registers used */
  RE_FIRST = 5       /* pool index of a 256-byte start table, or -1 */
};

/* The instructions, numbered as str.ml emits them.  "Set" operands index a
 * 32-byte bit set in the pool (bit c%8 of byte c/8 stands for byte c). */
enum {
  OP_BYTE,          /* operand: a byte the text must have next */
  OP_BYTE_FOLDED,   /* the same, comparing the folded text byte */
  OP_LITERAL,       /* operand: pool index of a string the text must continue with */
  OP_LITERAL_FOLDED,/* the same, comparing folded text bytes */
  OP_IN_SET,        /* next byte must be in the set */
  OP_LINE_START,    /* at the text's start or just after '\n' */
  OP_LINE_END,      /* at the text's end or just before '\n' */
  OP_WORD_EDGE,     /* between a word byte and a non-word byte */
  OP_OPEN_GROUP,    /* operand: group; record its start here (undoable) */
  OP_CLOSE_GROUP,   /* operand: group; record its end here (undoable) */
  OP_BACKREF,       /* operand: group; text must repeat what it matched */
  OP_SUCCEED,       /* the match is complete */
  OP_SET_OPT,       /* eat one byte of the set if there is one */
  OP_SET_STAR,      /* eat all following bytes of the set */
  OP_SET_PLUS,      /* eat one or more bytes of the set */
  OP_JUMP,          /* operand: relative target */
  OP_CHOICE,        /* operand: relative target to resume at on failure */
  OP_MARK,          /* operand: register; remember the position (undoable) */
  OP_REQUIRE_ADVANCE,/* operand: register; fail unless we moved since MARK */
  OP_COUNT_
};

#define MAX_MARKS 64
#define SET_BYTES 32
#define TABLE_BYTES 256

static int opcode_of(intptr_t w) { return (int)(w & 0xFF); }
static intptr_t operand_of(intptr_t w) { return w >> 8; }

static bool in_set(const unsigned char *set, unsigned c) { return (set[c >> 3] >> (c & 7)) & 1; }

/* Word bytes for \b: ASCII letters and digits, '_', and the Latin-1
 * letters (0xC0..0xFF but for the multiplication and division signs). */
static bool is_word_byte(unsigned c) {
  if (c >= 0xC0) return c != 0xD7 && c != 0xF7;
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool is_string(value v) { return is_block(v) && tag_val(v) == STRING_TAG; }

/* A pool entry that is a string of at least `min` bytes, or NULL. */
static const unsigned char *pool_entry(value pool, intptr_t idx, mlsize_t min) {
  if (idx < 0 || (mlsize_t)idx >= wosize_val(pool)) return NULL;
  value s = field(pool, idx);
  if (!is_string(s) || string_length(s) < min) return NULL;
  return bytes_val(s);
}

mlsize_t mc_regex_ngroups(value re) { return (mlsize_t)long_val(field(re, RE_NGROUPS)); }

const char *mc_regex_check(value re) {
  if (!is_block(re) || tag_val(re) != 0 || wosize_val(re) < 6) return "not a compiled regexp";
  value prog = field(re, RE_PROG), pool = field(re, RE_POOL), fold = field(re, RE_FOLD);
  if (!is_block(prog) || tag_val(prog) != 0 || !is_block(pool) || tag_val(pool) != 0 ||
      !is_string(fold))
    return "bad record fields";
  for (int i = RE_NGROUPS; i <= RE_FIRST; i++)
    if (!is_long(field(re, i))) return "bad record fields";
  intptr_t ngroups = long_val(field(re, RE_NGROUPS));
  intptr_t nmarks = long_val(field(re, RE_NMARKS));
  intptr_t first = long_val(field(re, RE_FIRST));
  if (ngroups < 1 || ngroups > (intptr_t)(MAX_WOSIZE / 2)) return "bad group count";
  if (nmarks < 0 || nmarks > MAX_MARKS) return "bad register count";
  if (first != -1 && pool_entry(pool, first, TABLE_BYTES) == NULL) return "bad start table";
  bool folded = string_length(fold) >= TABLE_BYTES;
  mlsize_t n = wosize_val(prog);
  if (n == 0) return "empty program";
  for (mlsize_t pc = 0; pc < n; pc++) {
    value w = field(prog, pc);
    if (!is_long(w)) return "bad instruction";
    intptr_t instr = long_val(w);
    intptr_t arg = operand_of(instr);
    switch (opcode_of(instr)) {
      case OP_BYTE_FOLDED:
        if (!folded) return "folded match without a fold table";
        break;
      case OP_LITERAL_FOLDED:
        if (!folded) return "folded match without a fold table";
        /* fall through */
      case OP_LITERAL:
        if (pool_entry(pool, arg, 0) == NULL) return "bad literal";
        break;
      case OP_IN_SET: case OP_SET_OPT: case OP_SET_STAR: case OP_SET_PLUS:
        if (pool_entry(pool, arg, SET_BYTES) == NULL) return "bad character set";
        break;
      case OP_OPEN_GROUP: case OP_CLOSE_GROUP: case OP_BACKREF:
        if (arg < 0 || arg >= ngroups) return "bad group number";
        break;
      case OP_MARK: case OP_REQUIRE_ADVANCE:
        if (arg < 0 || arg >= nmarks) return "bad register number";
        break;
      case OP_JUMP: case OP_CHOICE: {
        intptr_t to = (intptr_t)pc + 1 + arg;
        if (to < 0 || to >= (intptr_t)n) return "jump out of the program";
        break;
      }
      case OP_BYTE: case OP_LINE_START: case OP_LINE_END: case OP_WORD_EDGE: case OP_SUCCEED:
        break;
      default:
        return "bad opcode";
    }
  }
  /* Control may not run off the end. */
  int last = opcode_of(long_val(field(prog, n - 1)));
  if (last != OP_SUCCEED && last != OP_JUMP) return "program does not end";
  return NULL;
}

/* ---- The engine ----
 *
 * Positions are offsets into the text; -1 means "not set".  The trail is a
 * stack of two kinds of entries: resume points (where to go, with which
 * text position, when what follows fails) and undo records (a group bound
 * or register to put back when failing past the point that changed it).
 * Failing pops entries, undoing, until it reaches a resume point. */

struct trail_entry {
  intptr_t *slot;   /* undo record: the variable; resume point: NULL */
  intptr_t value;   /* undo: its previous value; resume: text position */
  size_t pc;        /* resume: instruction to continue at */
};

struct engine {
  const value *prog;
  value pool;
  const unsigned char *fold;   /* lowercase table, when the program folds */
  const unsigned char *text;
  size_t len;
  intptr_t *groups;            /* 2 per group: start, end */
  mlsize_t ngroups;
  intptr_t marks[MAX_MARKS];
  intptr_t nmarks;
  struct trail_entry *trail;
  size_t depth, cap;
  struct trail_entry first_trail[64];
};

static void trail_push(struct engine *e, intptr_t *slot, intptr_t val, size_t pc) {
  if (e->depth == e->cap) {
    size_t cap = e->cap * 2;
    if (e->trail == e->first_trail) {
      e->trail = mc_xmalloc(cap * sizeof *e->trail);
      memcpy(e->trail, e->first_trail, e->depth * sizeof *e->trail);
    } else {
      e->trail = mc_xrealloc(e->trail, cap * sizeof *e->trail);
    }
    e->cap = cap;
  }
  struct trail_entry *t = &e->trail[e->depth++];
  t->slot = slot;
  t->value = val;
  t->pc = pc;
}

/* Change a group bound or register, remembering the old value. */
static void assign(struct engine *e, intptr_t *slot, intptr_t val) {
  trail_push(e, slot, *slot, 0);
  *slot = val;
}

/* Try to match the program at `start`.  `partial`: reaching the end of the
 * text where more was needed counts as success.  On success the groups
 * hold the result. */
static bool attempt(struct engine *e, size_t start, bool partial) {
  const unsigned char *text = e->text;
  const size_t len = e->len;
  for (mlsize_t g = 2; g < 2 * e->ngroups; g++) e->groups[g] = -1;
  for (intptr_t r = 0; r < e->nmarks; r++) e->marks[r] = -1;
  e->groups[0] = (intptr_t)start;
  e->depth = 0;

  size_t pos = start, pc = 0;
  for (;;) {
    intptr_t instr = long_val(e->prog[pc]);
    intptr_t arg = operand_of(instr);
    pc++;
    switch (opcode_of(instr)) {
      case OP_BYTE:
        if (pos == len) goto out_of_text;
        if ((intptr_t)text[pos] != arg) goto fail;
        pos++;
        continue;
      case OP_BYTE_FOLDED:
        if (pos == len) goto out_of_text;
        if ((intptr_t)e->fold[text[pos]] != arg) goto fail;
        pos++;
        continue;
      case OP_LITERAL:
      case OP_LITERAL_FOLDED: {
        value lit = field(e->pool, arg);
        const unsigned char *p = bytes_val(lit);
        mlsize_t n = string_length(lit);
        bool folded = opcode_of(instr) == OP_LITERAL_FOLDED;
        for (mlsize_t k = 0; k < n; k++, pos++) {
          if (pos == len) goto out_of_text;
          unsigned c = folded ? e->fold[text[pos]] : text[pos];
          if (c != p[k]) goto fail;
        }
        continue;
      }
      case OP_IN_SET:
        if (pos == len) goto out_of_text;
        if (!in_set(bytes_val(field(e->pool, arg)), text[pos])) goto fail;
        pos++;
        continue;
      case OP_LINE_START:
        if (pos > 0 && text[pos - 1] != '\n') goto fail;
        continue;
      case OP_LINE_END:
        if (pos < len && text[pos] != '\n') goto fail;
        continue;
      case OP_WORD_EDGE: {
        /* At the start of the text, only a following word byte makes an
         * edge (an empty text has none, and runs "out of text"); at the
         * end, only a preceding one; elsewhere the two must differ. */
        if (pos == 0) {
          if (pos == len) goto out_of_text;
          if (!is_word_byte(text[0])) goto fail;
        } else if (pos == len) {
          if (!is_word_byte(text[pos - 1])) goto fail;
        } else if (is_word_byte(text[pos - 1]) == is_word_byte(text[pos])) {
          goto fail;
        }
        continue;
      }
      case OP_OPEN_GROUP:
        assign(e, &e->groups[2 * arg], (intptr_t)pos);
        continue;
      case OP_CLOSE_GROUP:
        assign(e, &e->groups[2 * arg + 1], (intptr_t)pos);
        continue;
      case OP_BACKREF: {
        intptr_t from = e->groups[2 * arg], to = e->groups[2 * arg + 1];
        if (from < 0 || to < 0) goto fail;
        for (intptr_t k = from; k < to; k++, pos++) {
          if (pos == len) goto out_of_text;
          if (text[k] != text[pos]) goto fail;
        }
        continue;
      }
      case OP_SUCCEED:
        goto success;
      case OP_SET_OPT: {
        const unsigned char *set = bytes_val(field(e->pool, arg));
        if (pos < len && in_set(set, text[pos])) pos++;
        continue;
      }
      case OP_SET_STAR:
      case OP_SET_PLUS: {
        const unsigned char *set = bytes_val(field(e->pool, arg));
        if (opcode_of(instr) == OP_SET_PLUS) {
          if (pos == len) goto out_of_text;
          if (!in_set(set, text[pos])) goto fail;
        }
        while (pos < len && in_set(set, text[pos])) pos++;
        continue;
      }
      case OP_JUMP:
        pc = (size_t)((intptr_t)pc + arg);
        continue;
      case OP_CHOICE:
        trail_push(e, NULL, (intptr_t)pos, (size_t)((intptr_t)pc + arg));
        continue;
      case OP_MARK:
        assign(e, &e->marks[arg], (intptr_t)pos);
        continue;
      case OP_REQUIRE_ADVANCE:
        if (e->marks[arg] == (intptr_t)pos) goto fail;
        continue;
      default:
        mc_panic("str: unchecked regexp program");
    }

  out_of_text:
    if (partial) goto success;
  fail:
    for (;;) {
      if (e->depth == 0) return false;
      struct trail_entry *t = &e->trail[--e->depth];
      if (t->slot == NULL) {
        pos = (size_t)t->value;
        pc = t->pc;
        break;
      }
      *t->slot = t->value;
    }
  }

success:
  e->groups[1] = (intptr_t)pos;
  /* A group counts only if both of its bounds were recorded. */
  for (mlsize_t g = 1; g < e->ngroups; g++)
    if (e->groups[2 * g] < 0 || e->groups[2 * g + 1] < 0) e->groups[2 * g] = e->groups[2 * g + 1] = -1;
  return true;
}

/* The byte a start table is consulted with at `pos`: the text ends with
 * an implicit NUL (the string block's terminator). */
static unsigned byte_or_nul(const unsigned char *text, size_t len, size_t pos) {
  return pos < len ? text[pos] : 0;
}

bool mc_regex_exec(value re, const unsigned char *s, size_t len, size_t pos,
                   enum mc_regex_mode mode, intptr_t *groups) {
  struct engine e;
  e.prog = &field(field(re, RE_PROG), 0);
  e.pool = field(re, RE_POOL);
  e.fold = bytes_val(field(re, RE_FOLD));
  e.text = s;
  e.len = len;
  e.groups = groups;
  e.ngroups = mc_regex_ngroups(re);
  e.nmarks = long_val(field(re, RE_NMARKS));
  e.trail = e.first_trail;
  e.depth = 0;
  e.cap = sizeof e.first_trail / sizeof e.first_trail[0];
  intptr_t first = long_val(field(re, RE_FIRST));
  const unsigned char *starts = first < 0 ? NULL : bytes_val(field(e.pool, first));

  bool found = false;
  switch (mode) {
    case MC_REGEX_AT:
    case MC_REGEX_PARTIAL:
      found = attempt(&e, pos, mode == MC_REGEX_PARTIAL);
      break;
    case MC_REGEX_FORWARD:
      /* The start table lets us skip positions where no match can begin;
       * the end of the text is always tried. */
      for (size_t p = pos;; p++) {
        if (starts != NULL)
          while (p < len && !starts[s[p]]) p++;
        if ((found = attempt(&e, p, false)) || p >= len) break;
      }
      break;
    case MC_REGEX_BACKWARD:
      for (size_t p = pos;; p--) {
        if (starts != NULL)
          while (p > 0 && !starts[byte_or_nul(s, len, p)]) p--;
        if ((found = attempt(&e, p, false)) || p == 0) break;
      }
      break;
  }
  if (e.trail != e.first_trail) free(e.trail);
  return found;
}

/* ---- Primitives ---- */

/* Common body of the four matching primitives: check the record and the
 * start position, run the engine, and return the group array (empty when
 * nothing matched).  `who` names the Str function for Invalid_argument. */
static value run_regex(mc_domain *d, value re, value str, value vpos, enum mc_regex_mode mode,
                       const char *who) {
  const char *bad = mc_regex_check(re);
  if (bad != NULL) mc_invalid_argument(d, who);
  size_t len = string_length(str);
  intptr_t pos = long_val(vpos);
  if (pos < 0 || (size_t)pos > len) mc_invalid_argument(d, who);
  mlsize_t n = 2 * mc_regex_ngroups(re);
  intptr_t local[32];
  intptr_t *groups = n <= 32 ? local : mc_xmalloc(n * sizeof *groups);
  bool found = mc_regex_exec(re, bytes_val(str), len, (size_t)pos, mode, groups);
  value res = atom(0);
  if (found) {
    struct mc_catch c;
    mc_catch_enter(d, &c);
    if (setjmp(c.buf) == 0) {
      res = mc_alloc(d, n, 0);
      mc_catch_leave(d, &c);
    } else {
      if (groups != local) free(groups);
      mc_raise(d, c.exn);
    }
    /* Immediate integers need no write barrier, wherever the block is. */
    for (mlsize_t i = 0; i < n; i++) field(res, i) = val_long(groups[i]);
  }
  if (groups != local) free(groups);
  return res;
}

value re_string_match(mc_domain *d, value re, value str, value pos) {
  return run_regex(d, re, str, pos, MC_REGEX_AT, "Str.string_match");
}

value re_partial_match(mc_domain *d, value re, value str, value pos) {
  return run_regex(d, re, str, pos, MC_REGEX_PARTIAL, "Str.string_partial_match");
}

value re_search_forward(mc_domain *d, value re, value str, value pos) {
  return run_regex(d, re, str, pos, MC_REGEX_FORWARD, "Str.search_forward");
}

value re_search_backward(mc_domain *d, value re, value str, value pos) {
  return run_regex(d, re, str, pos, MC_REGEX_BACKWARD, "Str.search_backward");
}

/* One element of a replacement template: `literal` bytes copied as they
 * are, or (literal == NULL) the text of group `group`. */
struct piece {
  const char *literal;
  size_t len;
  intptr_t group;
};

/* Read the template element at tmpl[*i], advancing *i.  \\ is a
 * backslash, \0..\9 a group of the last match (which must have matched),
 * any other escaped byte stays as written, backslash included. */
static struct piece next_piece(mc_domain *d, const char *tmpl, size_t n, size_t *i, value groups) {
  struct piece p = {tmpl + *i, 1, -1};
  if (tmpl[*i] != '\\') {
    *i += 1;
    return p;
  }
  if (*i + 1 == n) mc_failwith(d, "Str.replace: illegal backslash sequence");
  char c = tmpl[*i + 1];
  *i += 2;
  if (c == '\\') return p;           /* the first backslash alone */
  if (c < '0' || c > '9') {
    p.len = 2;
    return p;
  }
  intptr_t g = c - '0';
  if ((mlsize_t)(2 * g) >= wosize_val(groups) || long_val(field(groups, 2 * g)) == -1)
    mc_failwith(d, "Str.replace: reference to unmatched group");
  p.literal = NULL;
  p.group = g;
  p.len = (size_t)(long_val(field(groups, 2 * g + 1)) - long_val(field(groups, 2 * g)));
  return p;
}

/* re_replacement_text repl groups orig: the template `repl` with each \N
 * replaced by group N of the match described by `groups` in `orig`. */
value re_replacement_text(mc_domain *d, value repl, value groups, value orig) {
  GC_ROOTS(d, &repl, &groups, &orig);
  size_t n = string_length(repl);
  size_t total = 0;
  for (size_t i = 0; i < n;) {
    struct piece p = next_piece(d, string_val(repl), n, &i, groups);
    if (p.literal == NULL) {
      /* Group bounds must lie inside `orig` (they do unless the caller
       * passes another string than the one searched). */
      intptr_t from = long_val(field(groups, 2 * p.group));
      intptr_t to = long_val(field(groups, 2 * p.group + 1));
      if (from < 0 || to < from || (size_t)to > string_length(orig))
        mc_invalid_argument(d, "Str.replace_matched");
    }
    total += p.len;
  }
  value res = mc_alloc_string(d, total);
  char *out = string_val(res);
  for (size_t i = 0; i < n;) {
    struct piece p = next_piece(d, string_val(repl), n, &i, groups);
    const char *src =
        p.literal != NULL ? p.literal : string_val(orig) + long_val(field(groups, 2 * p.group));
    memcpy(out, src, p.len);
    out += p.len;
  }
  return res;
}

const struct mc_primdef mc_prims_str[] = {
    PRIM(re_string_match, 3),
    PRIM(re_partial_match, 3),
    PRIM(re_search_forward, 3),
    PRIM(re_search_backward, 3),
    PRIM(re_replacement_text, 3),
    PRIM_END,
};
