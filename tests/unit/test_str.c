/* test_str.c: unit tests for the regexp engine of str.c, on programs
 * assembled by hand in the encoding str.ml uses (opcode in the low 8 bits,
 * operand above, jumps relative to the next instruction).  Records and
 * strings are laid out in a static arena as the GC would lay them out. */
#include <stdio.h>
#include <string.h>
#include "str.h"

static int failures = 0;
static int checks = 0;

#define EXPECT(cond, ...)                                  \
  do {                                                     \
    checks++;                                              \
    if (!(cond)) {                                         \
      failures++;                                          \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);          \
      printf(__VA_ARGS__);                                 \
      printf("\n");                                        \
    }                                                      \
  } while (0)

/* Opcodes, numbered as in str.ml. */
enum { BYTE, BYTE_FOLDED, LITERAL, LITERAL_FOLDED, IN_SET, LINE_START, LINE_END, WORD_EDGE,
       OPEN, CLOSE, BACKREF, SUCCEED, SET_OPT, SET_STAR, SET_PLUS, JUMP, CHOICE, MARK,
       ADVANCED };

static intptr_t ins(int op, intptr_t arg) { return op | (arg * 256); }

/* ---- A tiny static heap ---- */

static value arena[1 << 16];
static size_t arena_used;

static value block(mlsize_t wosize, tag_t tag) {
  value *hp = &arena[arena_used];
  arena_used += wosize + 1;
  *(header_t *)hp = make_header(wosize, tag, COLOR_NOT_MARKABLE);
  return (value)(hp + 1);
}

static value string_of(const char *s, size_t len) {
  mlsize_t wo = wosize_of_string_length(len);
  value v = block(wo, STRING_TAG);
  memset((char *)v, 0, wo * sizeof(value));
  memcpy((char *)v, s, len);
  ((unsigned char *)v)[wo * sizeof(value) - 1] = (unsigned char)(wo * sizeof(value) - 1 - len);
  return v;
}

static value cstring(const char *s) { return string_of(s, strlen(s)); }

/* 32-byte bit set of the bytes in `chars`. */
static value set_of(const char *chars) {
  char bits[32] = {0};
  for (const unsigned char *p = (const unsigned char *)chars; *p; p++) bits[*p >> 3] |= (char)(1 << (*p & 7));
  return string_of(bits, 32);
}

/* 256-byte table with 1 at the listed bytes (start table). */
static value table_of(const char *chars) {
  char t[256] = {0};
  for (const unsigned char *p = (const unsigned char *)chars; *p; p++) t[*p] = 1;
  return string_of(t, 256);
}

static value fold_table(void) {
  char t[256];
  for (int i = 0; i < 256; i++) t[i] = (char)((i >= 'A' && i <= 'Z') ? i + 32 : i);
  return string_of(t, 256);
}

/* The record { prog; cpool; normtable; numgroups; numregisters; startchars }. */
static value regexp(const intptr_t *prog, size_t n, const value *pool, size_t npool, value fold,
                    intptr_t ngroups, intptr_t nmarks, intptr_t first) {
  value p = block(n, 0);
  for (size_t i = 0; i < n; i++) field(p, i) = val_long(prog[i]);
  value c = npool ? block(npool, 0) : atom(0);
  for (size_t i = 0; i < npool; i++) field(c, i) = pool[i];
  value re = block(6, 0);
  field(re, 0) = p;
  field(re, 1) = c;
  field(re, 2) = fold;
  field(re, 3) = val_long(ngroups);
  field(re, 4) = val_long(nmarks);
  field(re, 5) = val_long(first);
  return re;
}

#define RE(prog, pool, fold, ng, nm, first) \
  regexp(prog, sizeof prog / sizeof prog[0], pool, sizeof pool / sizeof pool[0], fold, ng, nm, first)

/* Run and render the groups as "b-e b-e ..." ("_" for unset), or "none". */
static const char *run(value re, const char *s, size_t pos, enum mc_regex_mode mode) {
  static char out[256];
  intptr_t g[40];
  const char *bad = mc_regex_check(re);
  if (bad != NULL) {
    snprintf(out, sizeof out, "bad: %s", bad);
    return out;
  }
  if (!mc_regex_exec(re, (const unsigned char *)s, strlen(s), pos, mode, g)) return "none";
  size_t k = 0;
  out[0] = 0;
  for (mlsize_t i = 0; i < mc_regex_ngroups(re); i++) {
    if (g[2 * i] < 0)
      k += (size_t)snprintf(out + k, sizeof out - k, "%s_", i ? " " : "");
    else
      k += (size_t)snprintf(out + k, sizeof out - k, "%s%ld-%ld", i ? " " : "", (long)g[2 * i],
                            (long)g[2 * i + 1]);
  }
  return out;
}

#define EXPECT_RUN(re, s, pos, mode, want)                                  \
  do {                                                                      \
    const char *got_ = run(re, s, pos, mode);                               \
    EXPECT(strcmp(got_, want) == 0, "%s on \"%s\" at %d: got %s, want %s", #re, s, (int)(pos), got_, want); \
  } while (0)

static value empty_fold(void) { return cstring(""); }

/* `a\(b*\)c`: a literal, a group around a simple star, a literal. */
static void test_groups_and_literals(void) {
  value pool[] = {set_of("b")};
  intptr_t prog[] = {ins(BYTE, 'a'), ins(OPEN, 1), ins(SET_STAR, 0), ins(CLOSE, 1), ins(BYTE, 'c'),
                     ins(SUCCEED, 0)};
  value re = RE(prog, pool, empty_fold(), 2, 0, -1);
  EXPECT_RUN(re, "abbbc", 0, MC_REGEX_AT, "0-5 1-4");
  EXPECT_RUN(re, "ac", 0, MC_REGEX_AT, "0-2 1-1");
  EXPECT_RUN(re, "xxabcx", 0, MC_REGEX_AT, "none");
  EXPECT_RUN(re, "xxabcx", 0, MC_REGEX_FORWARD, "2-5 3-4");
  EXPECT_RUN(re, "abcabbc", 7, MC_REGEX_BACKWARD, "3-7 4-6");
  EXPECT_RUN(re, "abb", 0, MC_REGEX_AT, "none");
  EXPECT_RUN(re, "abb", 0, MC_REGEX_PARTIAL, "0-3 1-3");
  EXPECT_RUN(re, "abx", 0, MC_REGEX_PARTIAL, "none");
}

/* `\(ab\|a\)\(bc\)*`: alternation with a literal, general star (the
 * choice point and the undone group bounds on failure). */
static void test_alternation_and_undo(void) {
  value pool[] = {cstring("ab"), cstring("bc")};
  intptr_t prog[] = {
      /* 0 */ ins(OPEN, 1),
      /* 1 */ ins(CHOICE, 2),   /* -> 4 */
      /* 2 */ ins(LITERAL, 0),
      /* 3 */ ins(JUMP, 1),     /* -> 5 */
      /* 4 */ ins(BYTE, 'a'),
      /* 5 */ ins(CLOSE, 1),
      /* 6 */ ins(CHOICE, 4),   /* -> 11 */
      /* 7 */ ins(OPEN, 2),
      /* 8 */ ins(LITERAL, 1),
      /* 9 */ ins(CLOSE, 2),
      /* 10 */ ins(JUMP, -5),   /* -> 6 */
      /* 11 */ ins(SUCCEED, 0)};
  value re = RE(prog, pool, empty_fold(), 3, 0, -1);
  EXPECT_RUN(re, "abcbc", 0, MC_REGEX_AT, "0-2 0-2 _");
  EXPECT_RUN(re, "abc", 0, MC_REGEX_AT, "0-2 0-2 _");
  EXPECT_RUN(re, "abbcbcx", 0, MC_REGEX_AT, "0-6 0-2 4-6");
  /* Partial: "a" runs out of text inside the literal "ab", with group 1
   * open, so it is reported unset. */
  EXPECT_RUN(re, "a", 0, MC_REGEX_PARTIAL, "0-1 _ _");
}

/* A group opened but never closed reports neither bound. */
static void test_half_open_group(void) {
  intptr_t prog[] = {ins(CHOICE, 3), ins(OPEN, 1), ins(BYTE, 'x'), ins(BYTE, 'y'),
                     ins(SUCCEED, 0)};
  value no_pool[1] = {val_unit};
  value re = regexp(prog, 5, no_pool, 0, empty_fold(), 2, 0, -1);
  EXPECT_RUN(re, "xy", 0, MC_REGEX_AT, "0-2 _");
}

/* `\(a*\)*b` in general form, with a progress register. */
static void test_progress_register(void) {
  value pool[] = {set_of("a")};
  intptr_t prog[] = {
      /* 0 */ ins(CHOICE, 6),   /* -> 7 */
      /* 1 */ ins(MARK, 0),
      /* 2 */ ins(OPEN, 1),
      /* 3 */ ins(SET_STAR, 0),
      /* 4 */ ins(CLOSE, 1),
      /* 5 */ ins(ADVANCED, 0),
      /* 6 */ ins(JUMP, -7),    /* -> 0 */
      /* 7 */ ins(BYTE, 'b'),
      /* 8 */ ins(SUCCEED, 0)};
  value re = RE(prog, pool, empty_fold(), 2, 1, -1);
  EXPECT_RUN(re, "aaab", 0, MC_REGEX_AT, "0-4 0-3");
  EXPECT_RUN(re, "b", 0, MC_REGEX_AT, "0-1 _");
  EXPECT_RUN(re, "aaa", 0, MC_REGEX_AT, "none");
}

/* Back references, anchors, word edges, folded matching. */
static void test_assertions_and_backrefs(void) {
  value pool[] = {set_of("abc")};
  intptr_t prog[] = {ins(OPEN, 1), ins(SET_PLUS, 0), ins(CLOSE, 1), ins(BYTE, '-'), ins(BACKREF, 1),
                     ins(LINE_END, 0), ins(SUCCEED, 0)};
  value re = RE(prog, pool, empty_fold(), 2, 0, -1);
  EXPECT_RUN(re, "ab-ab", 0, MC_REGEX_AT, "0-5 0-2");
  EXPECT_RUN(re, "ab-abc", 0, MC_REGEX_AT, "none");
  EXPECT_RUN(re, "ab-ab\nz", 0, MC_REGEX_AT, "0-5 0-2");
  EXPECT_RUN(re, "cab-ab", 0, MC_REGEX_FORWARD, "1-6 1-3");
  EXPECT_RUN(re, "ab-a", 0, MC_REGEX_PARTIAL, "0-4 0-2");

  value no_pool[1] = {val_unit};
  intptr_t edge[] = {ins(WORD_EDGE, 0), ins(SUCCEED, 0)};
  value e = regexp(edge, 2, no_pool, 0, empty_fold(), 1, 0, -1);
  EXPECT_RUN(e, "", 0, MC_REGEX_AT, "none");          /* empty text: no edge */
  EXPECT_RUN(e, "", 0, MC_REGEX_PARTIAL, "0-0");      /* ... reached "out of text" */
  EXPECT_RUN(e, "  ab", 0, MC_REGEX_FORWARD, "2-2");
  EXPECT_RUN(e, "ab", 2, MC_REGEX_AT, "2-2");
  EXPECT_RUN(e, "\xe9t\xd7", 2, MC_REGEX_AT, "2-2");   /* 0xD7 is no letter */
  EXPECT_RUN(e, "\xe9t\xd8", 2, MC_REGEX_AT, "none");  /* 0xD8 is one */

  intptr_t bol[] = {ins(LINE_START, 0), ins(BYTE, 'x'), ins(SUCCEED, 0)};
  value b = regexp(bol, 3, no_pool, 0, empty_fold(), 1, 0, -1);
  EXPECT_RUN(b, "ax\nx", 0, MC_REGEX_FORWARD, "3-4");
  EXPECT_RUN(b, "ax\nx", 4, MC_REGEX_BACKWARD, "3-4");

  value fpool[] = {cstring("abc")};
  intptr_t folded[] = {ins(BYTE_FOLDED, 'x'), ins(LITERAL_FOLDED, 0), ins(SUCCEED, 0)};
  value f = RE(folded, fpool, fold_table(), 1, 0, -1);
  EXPECT_RUN(f, "XaBc", 0, MC_REGEX_AT, "0-4");
  EXPECT_RUN(f, "xABC", 0, MC_REGEX_AT, "0-4");
  EXPECT_RUN(f, "xAB", 0, MC_REGEX_PARTIAL, "0-3");
}

/* The start table skips positions; backward search consults it at the
 * end of the text with a NUL byte. */
static void test_start_table(void) {
  value pool[] = {table_of("q")};
  intptr_t prog[] = {ins(BYTE, 'q'), ins(SUCCEED, 0)};
  value re = RE(prog, pool, empty_fold(), 1, 0, 0);
  EXPECT_RUN(re, "abcq", 0, MC_REGEX_FORWARD, "3-4");
  EXPECT_RUN(re, "qbc", 3, MC_REGEX_BACKWARD, "0-1");
  EXPECT_RUN(re, "abc", 0, MC_REGEX_FORWARD, "none");
  EXPECT_RUN(re, "abc", 3, MC_REGEX_BACKWARD, "none");
}

/* Many nested choice points: the trail outgrows its first buffer. */
static void test_deep_trail(void) {
  /* \(a\)*! : 0 CHOICE->5, 1 OPEN, 2 'a', 3 CLOSE, 4 JUMP->0, 5 '!', 6 SUCCEED. */
  intptr_t loop[] = {ins(CHOICE, 4), ins(OPEN, 1), ins(BYTE, 'a'), ins(CLOSE, 1), ins(JUMP, -5),
                     ins(BYTE, '!'), ins(SUCCEED, 0)};
  value no_pool[1] = {val_unit};
  value re = regexp(loop, 7, no_pool, 0, empty_fold(), 2, 0, -1);
  static char text[5002];
  memset(text, 'a', 5000);
  text[5000] = '!';
  text[5001] = 0;
  EXPECT_RUN(re, text, 0, MC_REGEX_AT, "0-5001 4999-5000");
  text[5000] = '?';
  EXPECT_RUN(re, text, 0, MC_REGEX_AT, "none");
}

/* Malformed records are refused before the engine runs. */
static void test_check(void) {
  value no_pool[1] = {val_unit};
  intptr_t off_end[] = {ins(BYTE, 'a')};
  EXPECT(mc_regex_check(regexp(off_end, 1, no_pool, 0, empty_fold(), 1, 0, -1)) != NULL,
         "program without an end");
  intptr_t far[] = {ins(JUMP, 5), ins(SUCCEED, 0)};
  EXPECT(mc_regex_check(regexp(far, 2, no_pool, 0, empty_fold(), 1, 0, -1)) != NULL, "wild jump");
  intptr_t grp[] = {ins(OPEN, 3), ins(SUCCEED, 0)};
  EXPECT(mc_regex_check(regexp(grp, 2, no_pool, 0, empty_fold(), 2, 0, -1)) != NULL, "group 3 of 2");
  intptr_t lit[] = {ins(LITERAL, 0), ins(SUCCEED, 0)};
  EXPECT(mc_regex_check(regexp(lit, 2, no_pool, 0, empty_fold(), 1, 0, -1)) != NULL, "no pool entry");
  intptr_t fold[] = {ins(BYTE_FOLDED, 'a'), ins(SUCCEED, 0)};
  EXPECT(mc_regex_check(regexp(fold, 2, no_pool, 0, empty_fold(), 1, 0, -1)) != NULL, "no fold table");
  intptr_t reg[] = {ins(MARK, 64), ins(SUCCEED, 0)};
  EXPECT(mc_regex_check(regexp(reg, 2, no_pool, 0, empty_fold(), 1, 64, -1)) != NULL, "register 64");
  intptr_t op[] = {ins(40, 0), ins(SUCCEED, 0)};
  EXPECT(mc_regex_check(regexp(op, 2, no_pool, 0, empty_fold(), 1, 0, -1)) != NULL, "opcode 40");
  value small[] = {cstring("short")};
  intptr_t set[] = {ins(IN_SET, 0), ins(SUCCEED, 0)};
  EXPECT(mc_regex_check(regexp(set, 2, small, 1, empty_fold(), 1, 0, -1)) != NULL, "set too short");
  EXPECT(mc_regex_check(val_long(3)) != NULL, "not a block");
  intptr_t ok[] = {ins(SUCCEED, 0)};
  EXPECT(mc_regex_check(regexp(ok, 1, no_pool, 0, empty_fold(), 1, 0, -1)) == NULL, "minimal program");
}

int main(void) {
  test_groups_and_literals();
  test_alternation_and_undo();
  test_half_open_group();
  test_progress_register();
  test_assertions_and_backrefs();
  test_start_table();
  test_deep_trail();
  test_check();
  printf("test_str: %d checks, %d failures\n", checks, failures);
  return failures != 0;
}
