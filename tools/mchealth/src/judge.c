/* judge: cell states from raw outcomes, per-entry comparison categories,
   and error signatures for grouping regressions by root cause. */
#include "judge.h"

#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char *CELL_NAMES[CELL__COUNT] = {"pass",  "fail", "build-fail", "timeout",
                                              "crash", "oom",  "skipped",    "internal"};
static const char *CAT_NAMES[CAT__COUNT] = {"regressed", "fixed",    "same-pass",
                                            "same-fail", "spurious", "broken"};

const char *cell_name(cell_state_t s) { return s < CELL__COUNT ? CELL_NAMES[s] : "?"; }

cell_state_t cell_from_name(const char *s) {
  for (int i = 0; i < CELL__COUNT; i++)
    if (strcmp(CELL_NAMES[i], s) == 0) return (cell_state_t)i;
  return CELL_INTERNAL;
}

const char *category_name(category_t c) { return c < CAT__COUNT ? CAT_NAMES[c] : "?"; }

category_t category_from_name(const char *s) {
  for (int i = 0; i < CAT__COUNT; i++)
    if (strcmp(CAT_NAMES[i], s) == 0) return (category_t)i;
  return CAT_SPURIOUS;
}

int category_rank(category_t c) {
  switch (c) {
  case CAT_BROKEN: return 6;
  case CAT_REGRESSED: return 5;
  case CAT_SPURIOUS: return 4;
  case CAT_SAME_FAIL: return 3;
  case CAT_FIXED: return 2;
  case CAT_SAME_PASS: return 1;
  default: return 0;
  }
}

const char *ocamltest_verdict(const char *out) {
  /* The last "=> verdict" in the output wins. */
  const char *v = NULL, *p = out;
  while ((p = strstr(p, "' => "))) {
    p += 5;
    if (str_starts(p, "passed")) v = "passed";
    else if (str_starts(p, "failed")) v = "failed";
    else if (str_starts(p, "skipped")) v = "skipped";
    else if (str_starts(p, "unexpected error")) v = "failed";
  }
  return v;
}

/* A transient or abnormal raw outcome maps to its own state. */
static int abnormal(const exec_rec_t *e, cell_state_t *st) {
  if (strcmp(e->state, RAW_TIMEOUT) == 0) return *st = CELL_TIMEOUT, 1;
  if (strcmp(e->state, RAW_OOM) == 0) return *st = CELL_OOM, 1;
  if (strcmp(e->state, RAW_SIGNAL) == 0) return *st = CELL_CRASH, 1;
  if (strcmp(e->state, RAW_INTERNAL) == 0) return *st = CELL_INTERNAL, 1;
  return 0;
}

cell_state_t judge_cell(expect_t expect, int expect_status, const char *expected_stdout_hash,
                        const exec_rec_t *self, const exec_rec_t *base, buf_t *why) {
  cell_state_t st;
  buf_reset(why);
  buf_add(why, "", 0);
  if (abnormal(self, &st)) {
    buf_adds(why, self->reason ? self->reason : "");
    return st;
  }
  switch (expect) {
  case EXPECT_STOCK:
    /* The baseline defines the expected output, whatever its exit status,
       unless it could not even execute the program (126, 127). */
    if (!base) {
      if (self->exit_code == 126 || self->exit_code == 127) {
        buf_addf(why, "stock could not execute the program (exit status %d)", self->exit_code);
        return CELL_FAIL;
      }
      return CELL_PASS;
    }
    {
      cell_state_t bst;
      if (abnormal(base, &bst) || base->exit_code == 126 || base->exit_code == 127) {
        buf_adds(why, "stock did not complete: nothing to compare with");
        return CELL_SKIPPED;
      }
    }
    if (strcmp(self->stdout_hash, base->stdout_hash) != 0) buf_adds(why, "stdout differs");
    else if (strcmp(self->stderr_hash, base->stderr_hash) != 0) buf_adds(why, "stderr differs");
    else if (self->exit_code != base->exit_code)
      buf_addf(why, "exit status %d, expected %d", self->exit_code, base->exit_code);
    else if (strcmp(self->outputs ? self->outputs : "", base->outputs ? base->outputs : "") != 0)
      buf_adds(why, "output files differ");
    else return CELL_PASS;
    return CELL_FAIL;
  case EXPECT_STATUS:
    if (self->exit_code == expect_status) return CELL_PASS;
    buf_addf(why, "exit status %d, expected %d", self->exit_code, expect_status);
    return CELL_FAIL;
  case EXPECT_STDOUT:
    if (expected_stdout_hash && strcmp(self->stdout_hash, expected_stdout_hash) == 0) return CELL_PASS;
    buf_adds(why, "stdout differs from the expected file");
    return CELL_FAIL;
  case EXPECT_OCAMLTEST: {
    const char *v = ocamltest_verdict(self->out.data ? self->out.data : "");
    if (v && strcmp(v, "passed") == 0) return CELL_PASS;
    if (v && strcmp(v, "skipped") == 0) {
      buf_adds(why, "ocamltest skipped the test");
      return CELL_SKIPPED;
    }
    buf_adds(why, v ? "ocamltest: failed" : "ocamltest gave no verdict");
    return CELL_FAIL;
  }
  }
  return CELL_INTERNAL;
}

static int transient(cell_state_t s) { return s == CELL_TIMEOUT || s == CELL_OOM; }

/* The table, in order:
   - stock could not run the entry (build-fail, crash, skipped, confirmed
     timeout/oom): broken; an unconfirmed stock timeout/oom: spurious;
   - an internal error on either side: spurious (a harness problem);
   - stock passes: same-pass, regressed, or spurious for an unconfirmed
     timeout/oom of the other runtime;
   - stock fails its expectation (possible with status/stdout/ocamltest
     expectations): fixed if the other passes, else same-fail. */
category_t judge_category(cell_state_t b, cell_state_t o, int b_conf, int o_conf) {
  if (b == CELL_BUILD_FAIL || b == CELL_CRASH || b == CELL_SKIPPED) return CAT_BROKEN;
  if (transient(b)) return b_conf ? CAT_BROKEN : CAT_SPURIOUS;
  if (b == CELL_INTERNAL || o == CELL_INTERNAL) return CAT_SPURIOUS;
  if (b == CELL_PASS) {
    if (o == CELL_PASS) return CAT_SAME_PASS;
    if (transient(o) && !o_conf) return CAT_SPURIOUS;
    return CAT_REGRESSED;
  }
  /* b == CELL_FAIL */
  if (o == CELL_PASS) return CAT_FIXED;
  if (transient(o) && !o_conf) return CAT_SPURIOUS;
  return CAT_SAME_FAIL;
}

void judge_normalise(const char *line, buf_t *out) {
  buf_reset(out);
  buf_add(out, "", 0);
  const char *p = line;
  while (*p && out->len < 200) {
    if (p[0] == '0' && p[1] == 'x' && isxdigit((unsigned char)p[2])) {
      buf_adds(out, "0x?");
      p += 2;
      while (isxdigit((unsigned char)*p)) p++;
    } else if (isdigit((unsigned char)*p)) {
      buf_addc(out, 'N');
      while (isdigit((unsigned char)*p)) p++;
    } else if ((*p == '/' || (*p == '$' && (str_starts(p, "$WORK/") || str_starts(p, "$TREE/") || str_starts(p, "$TASK/")))) &&
               (p == line || p[-1] == ' ' || p[-1] == '"' || p[-1] == '\'' || p[-1] == '(')) {
      /* an absolute path: keep its last component */
      const char *end = p;
      while (*end && *end != ' ' && *end != '"' && *end != '\'' && *end != ')' && *end != ',' &&
             *end != ':')
        end++;
      const char *last = p;
      for (const char *q = p; q < end; q++)
        if (*q == '/' && q + 1 < end) last = q + 1;
      buf_adds(out, "…/");
      buf_add(out, last, (size_t)(end - last));
      p = end;
    } else {
      buf_addc(out, *p++);
    }
  }
  char *t = str_trim(out->data);
  if (t != out->data) memmove(out->data, t, strlen(t) + 1);
  out->len = strlen(out->data);
}

static int line_in(const char *hay, const char *line, size_t n) {
  for (const char *p = hay; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    if (len == n && memcmp(p, line, n) == 0) return 1;
    p = nl ? nl + 1 : NULL;
  }
  return 0;
}

/* Lines that name a root cause, best first. */
static int interest(const char *l, size_t n) {
  char tmp[512];
  if (n >= sizeof tmp) n = sizeof tmp - 1;
  memcpy(tmp, l, n);
  tmp[n] = 0;
  if (strstr(tmp, "mcrun:") || strstr(tmp, "not implemented")) return 5;
  if (strstr(tmp, "Fatal error") || strstr(tmp, "Assertion") || strstr(tmp, "Segmentation")) return 4;
  if (strstr(tmp, "xception")) return 3;
  if (strstr(tmp, "=> failed") || strstr(tmp, "Error") || strstr(tmp, "error:")) return 2;
  return 0;
}

/* The most interesting line of text that the baseline does not also have. */
static int pick_line(const char *text, const char *base_text, buf_t *line) {
  int best = 0;
  const char *p = text;
  while (p && *p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    int r = n ? interest(p, n) : 0;
    if (r > best && !line_in(base_text, p, n)) {
      best = r;
      buf_reset(line);
      buf_add(line, p, n);
    }
    p = nl ? nl + 1 : NULL;
  }
  return best;
}

void judge_signature(cell_state_t st, const exec_rec_t *self, const exec_rec_t *base, buf_t *out) {
  buf_t line, norm;
  buf_init(&line);
  buf_init(&norm);
  buf_reset(out);
  buf_add(out, "", 0);
  const char *bo = base ? base->out.data : NULL, *be = base ? base->err.data : NULL;
  int got = self ? pick_line(self->err.data ? self->err.data : "", be, &line) : 0;
  if (!got && self) got = pick_line(self->out.data ? self->out.data : "", bo, &line);
  if (got) judge_normalise(line.data, &norm);
  switch (st) {
  case CELL_TIMEOUT: buf_adds(out, "timeout"); break;
  case CELL_OOM: buf_adds(out, "out of memory"); break;
  case CELL_CRASH:
    buf_addf(out, "signal %d (%s)", self ? self->sig : 0, self ? strsignal(self->sig) : "?");
    if (got) buf_addf(out, ": %s", norm.data);
    break;
  case CELL_BUILD_FAIL: buf_adds(out, "build failed"); break;
  case CELL_INTERNAL: buf_addf(out, "internal error: %s", self && self->reason ? self->reason : ""); break;
  case CELL_SKIPPED: buf_adds(out, "skipped"); break;
  default:
    if (got) buf_adds(out, norm.data);
    else if (self && base && self->exit_code != base->exit_code)
      buf_addf(out, "exit status %d instead of %d", self->exit_code, base->exit_code);
    else if (self && base && strcmp(self->stdout_hash, base->stdout_hash) != 0)
      buf_adds(out, "stdout differs");
    else if (self && base && strcmp(self->stderr_hash, base->stderr_hash) != 0)
      buf_adds(out, "stderr differs");
    else if (self && base && strcmp(self->outputs ? self->outputs : "", base->outputs ? base->outputs : "") != 0)
      buf_adds(out, "output files differ");
    else if (self && self->exit_code) buf_addf(out, "failed with exit status %d", self->exit_code);
    else buf_adds(out, "failed");
  }
  buf_free(&line);
  buf_free(&norm);
}
