/* diff: line-based unified diffs of two texts (for stdout/stderr of regressions). */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct line {
  const char *p;
  size_t n;
} line_t;

static size_t split(const char *s, line_t **out) {
  size_t n = 0, cap = 64;
  *out = xmalloc(cap * sizeof **out);
  while (s && *s) {
    const char *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    if (n == cap) *out = xrealloc(*out, (cap *= 2) * sizeof **out);
    (*out)[n].p = s;
    (*out)[n].n = len;
    n++;
    s = nl ? nl + 1 : NULL;
  }
  return n;
}

static int eq(const line_t *a, const line_t *b) { return a->n == b->n && memcmp(a->p, b->p, a->n) == 0; }

/* Edit operations: ' ' keep, '-' delete from a, '+' insert from b. */
typedef struct op {
  char kind;
  size_t ai, bi;
} op_t;

#define MAX_CELLS (6u * 1000u * 1000u)

/* Edit script for a[lo..] vs b[lo..] via an LCS table when small enough,
   otherwise everything in the middle deleted then inserted. */
static size_t script(const line_t *a, size_t na, const line_t *b, size_t nb, op_t **ops) {
  size_t pre = 0;
  while (pre < na && pre < nb && eq(&a[pre], &b[pre])) pre++;
  size_t suf = 0;
  while (suf < na - pre && suf < nb - pre && eq(&a[na - 1 - suf], &b[nb - 1 - suf])) suf++;
  size_t n = na - pre - suf, m = nb - pre - suf;
  size_t cap = na + nb + 1, k = 0;
  *ops = xmalloc(cap * sizeof **ops);
  for (size_t i = 0; i < pre; i++) (*ops)[k++] = (op_t){' ', i, i};
  if ((uint64_t)(n + 1) * (m + 1) <= MAX_CELLS) {
    uint16_t *t = xcalloc((n + 1) * (m + 1), sizeof *t);
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        T(i, j) = eq(&a[pre + i], &b[pre + j]) ? (uint16_t)(T(i + 1, j + 1) + 1)
                  : T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && eq(&a[pre + i], &b[pre + j])) {
        (*ops)[k++] = (op_t){' ', pre + i, pre + j};
        i++, j++;
      } else if (i < n && (j == m || T(i + 1, j) >= T(i, j + 1))) {
        (*ops)[k++] = (op_t){'-', pre + i, pre + j};
        i++;
      } else {
        (*ops)[k++] = (op_t){'+', pre + i, pre + j};
        j++;
      }
    }
#undef T
    free(t);
  } else {
    for (size_t i = 0; i < n; i++) (*ops)[k++] = (op_t){'-', pre + i, pre};
    for (size_t j = 0; j < m; j++) (*ops)[k++] = (op_t){'+', pre + n, pre + j};
  }
  for (size_t i = 0; i < suf; i++) (*ops)[k++] = (op_t){' ', na - suf + i, nb - suf + i};
  return k;
}

long diff_unified(const char *a, const char *b, const char *la, const char *lb, int context,
                  long max_lines, buf_t *out) {
  line_t *A, *B;
  size_t na = split(a, &A), nb = split(b, &B);
  op_t *ops;
  size_t nops = script(A, na, B, nb, &ops);
  long changed = 0, emitted = 0;
  for (size_t i = 0; i < nops; i++) changed += ops[i].kind != ' ';
  if (changed) {
    buf_addf(out, "--- %s\n+++ %s\n", la, lb);
    size_t i = 0;
    while (i < nops && emitted < max_lines) {
      /* find the next change */
      size_t c = i;
      while (c < nops && ops[c].kind == ' ') c++;
      if (c == nops) break;
      size_t start = c > (size_t)context ? c - (size_t)context : 0;
      if (start < i) start = i;
      /* extend the hunk while changes are within 2*context of each other */
      size_t end = c, gap = 0;
      for (size_t j = c; j < nops; j++) {
        if (ops[j].kind != ' ') {
          end = j;
          gap = 0;
        } else if (++gap > 2 * (size_t)context) {
          break;
        }
      }
      size_t stop = end + (size_t)context + 1;
      if (stop > nops) stop = nops;
      size_t a0 = ops[start].ai, b0 = ops[start].bi, ac = 0, bc = 0;
      for (size_t j = start; j < stop; j++) {
        if (ops[j].kind != '+') ac++;
        if (ops[j].kind != '-') bc++;
      }
      buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", a0 + 1, ac, b0 + 1, bc);
      for (size_t j = start; j < stop && emitted < max_lines; j++, emitted++) {
        const line_t *l = ops[j].kind == '+' ? &B[ops[j].bi] : &A[ops[j].ai];
        buf_addc(out, ops[j].kind);
        buf_add(out, l->p, l->n);
        buf_addc(out, '\n');
      }
      i = stop;
    }
    if (emitted >= max_lines) buf_adds(out, "@@ (diff truncated) @@\n");
  }
  free(ops);
  free(A);
  free(B);
  return changed;
}
