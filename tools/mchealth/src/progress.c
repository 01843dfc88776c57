/* progress: a one-line progress bar on a terminal, plain lines otherwise. */
#include "progress.h"

#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util.h"

void progress_init(progress_t *p, progress_mode_t mode, long total) {
  memset(p, 0, sizeof *p);
  p->f = stderr;
  if (mode == PROGRESS_AUTO) mode = isatty(fileno(stderr)) ? PROGRESS_BAR : PROGRESS_PLAIN;
  p->mode = mode;
  p->total = total;
  p->start = now_sec();
}

static int term_width(FILE *f) {
  struct winsize ws;
  if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) return ws.ws_col;
  return 80;
}

static void clear_line(progress_t *p) {
  if (p->mode == PROGRESS_BAR && p->drawn) {
    fputs("\r\033[K", p->f);
    p->drawn = 0;
  }
}

void progress_draw(progress_t *p, int force) {
  if (p->mode != PROGRESS_BAR) return;
  double t = now_sec();
  if (!force && t - p->last_draw < 0.1) return;
  p->last_draw = t;
  int w = term_width(p->f);
  char head[160];
  double el = t - p->start;
  int n = snprintf(head, sizeof head, " %ld/%ld  run %ld, cached %ld, regressed %ld  %d:%02d ",
                   p->done, p->total, p->executed, p->cached, p->regressed, (int)el / 60, (int)el % 60);
  int barw = w - n - 4 - 28;
  if (barw < 10) barw = 10;
  if (barw > 40) barw = 40;
  int fill = p->total ? (int)((double)p->done / (double)p->total * barw) : barw;
  fputs("\r\033[K[", p->f);
  for (int i = 0; i < barw; i++) fputc(i < fill ? '#' : (i == fill ? '>' : '.'), p->f);
  fputc(']', p->f);
  fputs(head, p->f);
  int room = w - barw - 2 - n - 1;
  if (room > 4 && p->current[0]) fprintf(p->f, "%.*s", room, p->current);
  fflush(p->f);
  p->drawn = 1;
}

void progress_task(progress_t *p, int executed, const char *line) {
  p->done++;
  if (executed) p->executed++;
  else p->cached++;
  if (p->mode == PROGRESS_PLAIN && executed && line) {
    fprintf(p->f, "[%*ld/%ld] %s\n", p->total >= 1000 ? 5 : 3, p->done, p->total, line);
    fflush(p->f);
  }
  progress_draw(p, 0);
}

void progress_running(progress_t *p, int running, const char *current) {
  p->running = running;
  snprintf(p->current, sizeof p->current, "%s", current ? current : "");
  progress_draw(p, 0);
}

void progress_note(progress_t *p, const char *msg) {
  if (p->mode == PROGRESS_QUIET) return;
  clear_line(p);
  fprintf(p->f, "%s\n", msg);
  progress_draw(p, 1);
}

void progress_end(progress_t *p) {
  if (p->mode == PROGRESS_BAR) {
    progress_draw(p, 1);
    fputc('\n', p->f);
    p->drawn = 0;
  }
  fflush(p->f);
}
