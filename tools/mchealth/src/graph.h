/* graph: the task DAG (build -> run per runtime -> compare) with a ready
   queue ordered by priority, so that entries finish in corpus order. */
#ifndef MCH_GRAPH_H
#define MCH_GRAPH_H

#include <stddef.h>

typedef enum { TASK_BUILD, TASK_RUN, TASK_COMPARE } task_kind_t;
typedef enum { TASK_PENDING, TASK_READY, TASK_RUNNING, TASK_DONE } task_status_t;

typedef struct gtask {
  task_kind_t kind;
  int entry;    /* index in the corpus */
  int runtime;  /* index of the runtime for runs, -1 otherwise */
  long prio;    /* smaller first */
  int deps_left;
  int *succ;
  size_t nsucc, capsucc;
  task_status_t status;
} gtask_t;

typedef struct graph {
  gtask_t *t;
  size_t n, cap;
  int *heap; /* ready tasks */
  size_t nheap, capheap;
  size_t ndone, nrunning;
} graph_t;

void graph_init(graph_t *g);
void graph_free(graph_t *g);
int graph_add(graph_t *g, task_kind_t kind, int entry, int runtime, long prio);
/* `to` cannot start before `from` is done. */
void graph_edge(graph_t *g, int from, int to);
/* Make every task without dependencies ready.  Call once, after adding. */
void graph_seal(graph_t *g);
/* The ready task with the smallest (prio, id), now running; -1 if none. */
int graph_pop_ready(graph_t *g);
/* Mark a running task done; its dependents whose dependencies are all done
   become ready. */
void graph_done(graph_t *g, int id);
int graph_finished(const graph_t *g);
/* Standard entry wiring: returns build id; run ids in runs[0..nrt-1]; compare id. */
void graph_add_entry(graph_t *g, int entry, int nrt, int *build, int *runs, int *compare);

#endif
