/* progress: a one-line progress bar on a terminal, plain lines otherwise. */
#ifndef MCH_PROGRESS_H
#define MCH_PROGRESS_H

#include <stdio.h>

typedef enum { PROGRESS_AUTO, PROGRESS_BAR, PROGRESS_PLAIN, PROGRESS_QUIET } progress_mode_t;

typedef struct progress {
  progress_mode_t mode; /* resolved: BAR, PLAIN or QUIET */
  FILE *f;
  long total, done, executed, cached;
  long regressed, failed_cells;
  int running;
  double start, last_draw;
  char current[96];
  int drawn;
} progress_t;

void progress_init(progress_t *p, progress_mode_t mode, long total);
/* A task finished: executed (1) or taken from the store (0).  `line` is
   printed in plain mode for executed tasks (may be NULL). */
void progress_task(progress_t *p, int executed, const char *line);
void progress_running(progress_t *p, int running, const char *current);
void progress_draw(progress_t *p, int force);
/* Print a message above the bar. */
void progress_note(progress_t *p, const char *msg);
void progress_end(progress_t *p);

#endif
