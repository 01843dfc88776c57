/* unit_graph: task graph readiness, priorities and the standard entry wiring. */
#include "check.h"
#include "graph.h"

int main(void) {
  check_counts_t cc = {0, 0};
  graph_t g;

  /* a diamond: a -> b, a -> c, b -> d, c -> d */
  graph_init(&g);
  int a = graph_add(&g, TASK_BUILD, 0, -1, 0);
  int b = graph_add(&g, TASK_RUN, 0, 0, 1);
  int c = graph_add(&g, TASK_RUN, 0, 1, 1);
  int d = graph_add(&g, TASK_COMPARE, 0, -1, 2);
  graph_edge(&g, a, b);
  graph_edge(&g, a, c);
  graph_edge(&g, b, d);
  graph_edge(&g, c, d);
  graph_seal(&g);
  CHECK(&cc, graph_pop_ready(&g) == a);
  CHECK(&cc, graph_pop_ready(&g) == -1); /* nothing else before a is done */
  graph_done(&g, a);
  int first = graph_pop_ready(&g), second = graph_pop_ready(&g);
  CHECK(&cc, first == b && second == c); /* equal priority: insertion order */
  CHECK(&cc, graph_pop_ready(&g) == -1);
  graph_done(&g, c);
  CHECK(&cc, graph_pop_ready(&g) == -1); /* d still waits for b */
  graph_done(&g, b);
  CHECK(&cc, graph_pop_ready(&g) == d);
  CHECK(&cc, !graph_finished(&g));
  graph_done(&g, d);
  CHECK(&cc, graph_finished(&g));
  graph_done(&g, d); /* done twice is harmless */
  CHECK(&cc, g.ndone == 4);
  graph_free(&g);

  /* three entries: tasks come out entry by entry, each in build, runs, compare order */
  graph_init(&g);
  int builds[3], runs[3][2], cmps[3];
  for (int e = 2; e >= 0; e--) graph_add_entry(&g, e, 2, &builds[e], runs[e], &cmps[e]);
  graph_seal(&g);
  int order[12], n = 0, t;
  /* run everything, always completing the popped task at once */
  while ((t = graph_pop_ready(&g)) >= 0) {
    order[n++] = t;
    graph_done(&g, t);
  }
  CHECK(&cc, n == 12);
  CHECK(&cc, graph_finished(&g));
  CHECK(&cc, order[0] == builds[0]);
  CHECK(&cc, order[1] == runs[0][0] || order[1] == runs[0][1]);
  CHECK(&cc, order[3] == cmps[0]);
  CHECK(&cc, order[4] == builds[1]);
  CHECK(&cc, order[11] == cmps[2]);
  /* every task after its dependencies */
  int pos[12];
  for (int i = 0; i < 12; i++) pos[order[i]] = i;
  for (int e = 0; e < 3; e++) {
    CHECK(&cc, pos[builds[e]] < pos[runs[e][0]] && pos[builds[e]] < pos[runs[e][1]]);
    CHECK(&cc, pos[runs[e][0]] < pos[cmps[e]] && pos[runs[e][1]] < pos[cmps[e]]);
  }
  graph_free(&g);

  /* with two workers: a slow build of entry 0 does not hold back entry 1 */
  graph_init(&g);
  for (int e = 0; e < 2; e++) graph_add_entry(&g, e, 1, &builds[e], runs[e], &cmps[e]);
  graph_seal(&g);
  int w1 = graph_pop_ready(&g), w2 = graph_pop_ready(&g);
  CHECK(&cc, w1 == builds[0] && w2 == builds[1]);
  graph_done(&g, w2);
  CHECK(&cc, graph_pop_ready(&g) == runs[1][0]);
  CHECK(&cc, g.nrunning == 2);
  graph_free(&g);
  return check_report("unit_graph", &cc);
}
