/* graph: the task DAG (build -> run per runtime -> compare) with a ready
   queue ordered by priority, so that entries finish in corpus order. */
#include "graph.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void graph_init(graph_t *g) { memset(g, 0, sizeof *g); }

void graph_free(graph_t *g) {
  for (size_t i = 0; i < g->n; i++) free(g->t[i].succ);
  free(g->t);
  free(g->heap);
  memset(g, 0, sizeof *g);
}

int graph_add(graph_t *g, task_kind_t kind, int entry, int runtime, long prio) {
  if (g->n == g->cap) {
    g->cap = g->cap ? 2 * g->cap : 256;
    g->t = xrealloc(g->t, g->cap * sizeof *g->t);
  }
  gtask_t *t = &g->t[g->n];
  memset(t, 0, sizeof *t);
  t->kind = kind;
  t->entry = entry;
  t->runtime = runtime;
  t->prio = prio;
  t->status = TASK_PENDING;
  return (int)g->n++;
}

void graph_edge(graph_t *g, int from, int to) {
  gtask_t *f = &g->t[from];
  if (f->nsucc == f->capsucc) {
    f->capsucc = f->capsucc ? 2 * f->capsucc : 4;
    f->succ = xrealloc(f->succ, f->capsucc * sizeof *f->succ);
  }
  f->succ[f->nsucc++] = to;
  g->t[to].deps_left++;
}

static int before(const graph_t *g, int a, int b) {
  if (g->t[a].prio != g->t[b].prio) return g->t[a].prio < g->t[b].prio;
  return a < b;
}

static void heap_push(graph_t *g, int id) {
  if (g->nheap == g->capheap) {
    g->capheap = g->capheap ? 2 * g->capheap : 256;
    g->heap = xrealloc(g->heap, g->capheap * sizeof *g->heap);
  }
  size_t i = g->nheap++;
  g->heap[i] = id;
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!before(g, g->heap[i], g->heap[p])) break;
    int tmp = g->heap[i];
    g->heap[i] = g->heap[p];
    g->heap[p] = tmp;
    i = p;
  }
  g->t[id].status = TASK_READY;
}

static int heap_pop(graph_t *g) {
  if (!g->nheap) return -1;
  int top = g->heap[0];
  g->heap[0] = g->heap[--g->nheap];
  size_t i = 0;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < g->nheap && before(g, g->heap[l], g->heap[m])) m = l;
    if (r < g->nheap && before(g, g->heap[r], g->heap[m])) m = r;
    if (m == i) break;
    int tmp = g->heap[i];
    g->heap[i] = g->heap[m];
    g->heap[m] = tmp;
    i = m;
  }
  return top;
}

void graph_seal(graph_t *g) {
  for (size_t i = 0; i < g->n; i++)
    if (g->t[i].deps_left == 0 && g->t[i].status == TASK_PENDING) heap_push(g, (int)i);
}

int graph_pop_ready(graph_t *g) {
  int id = heap_pop(g);
  if (id >= 0) {
    g->t[id].status = TASK_RUNNING;
    g->nrunning++;
  }
  return id;
}

void graph_done(graph_t *g, int id) {
  gtask_t *t = &g->t[id];
  if (t->status != TASK_RUNNING) return;
  t->status = TASK_DONE;
  g->nrunning--;
  g->ndone++;
  for (size_t i = 0; i < t->nsucc; i++) {
    gtask_t *s = &g->t[t->succ[i]];
    if (--s->deps_left == 0 && s->status == TASK_PENDING) heap_push(g, t->succ[i]);
  }
}

int graph_finished(const graph_t *g) { return g->ndone == g->n; }

void graph_add_entry(graph_t *g, int entry, int nrt, int *build, int *runs, int *compare) {
  /* Priorities: entry order first, then build < runs < compare. */
  long base = (long)entry * 8;
  *build = graph_add(g, TASK_BUILD, entry, -1, base);
  *compare = graph_add(g, TASK_COMPARE, entry, -1, base + 2);
  for (int r = 0; r < nrt; r++) {
    runs[r] = graph_add(g, TASK_RUN, entry, r, base + 1);
    graph_edge(g, *build, runs[r]);
    graph_edge(g, runs[r], *compare);
  }
}
