/* report: the static HTML report (grid, per-entry pages with logs and
   diffs, summary, changes since the previous run, regressions grouped by
   signature), results.json and a markdown summary. */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "judge.h"
#include "util.h"

#define MAXRT 8
#define SHOW_LOG_MAX (256u << 10) /* bytes of a log shown on an entry page */

typedef struct rep_rt {
  char *name, *path, *hash;
} rep_rt_t;

typedef struct rep_cell {
  char *state;
  long exec_id;
  exec_rec_t ex; /* without logs */
  int have;
} rep_cell_t;

typedef struct rep_entry {
  entry_row_t *row;
  rep_cell_t cells[MAXRT];
  char slug[200];
  const char *prev_cat; /* NULL: new entry */
  int differs;          /* cell states differ between runtimes */
} rep_entry_t;

typedef struct rep {
  store_t *s;
  run_info_t run, prev;
  long prev_id;
  rep_rt_t rts[MAXRT];
  int nrt;
  entry_row_t *rows, *prows;
  size_t n, pn;
  cell_row_t *cells, *pcells;
  size_t nc, pnc;
  rep_entry_t *es;
  long cat_count[CAT__COUNT];
  long cell_count[MAXRT][CELL__COUNT];
  int broken_env;
  const char *dir;
} rep_t;

/* ---- small JSON field reader for the runs.runtimes column ---- */

static char *json_field(const char *obj, const char *field) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":\"", field);
  const char *p = strstr(obj, pat);
  if (!p) return xstrdup("");
  p += strlen(pat);
  buf_t b;
  buf_init(&b);
  for (; *p && *p != '"'; p++) {
    if (*p == '\\' && p[1]) p++;
    buf_addc(&b, *p);
  }
  if (!b.data) buf_add(&b, "", 0);
  return buf_steal(&b);
}

static void parse_runtimes(rep_t *r) {
  const char *p = r->run.runtimes;
  while (p && (p = strchr(p, '{')) && r->nrt < MAXRT) {
    const char *end = strchr(p, '}');
    if (!end) break;
    char *obj = xstrndup(p, (size_t)(end - p + 1));
    r->rts[r->nrt].name = json_field(obj, "name");
    r->rts[r->nrt].path = json_field(obj, "path");
    r->rts[r->nrt].hash = json_field(obj, "hash");
    r->nrt++;
    free(obj);
    p = end + 1;
  }
}

static void make_slug(const char *name, int idx, char *out, size_t n) {
  size_t k = 0;
  for (const char *p = name; *p && k + 12 < n; p++) {
    char ch = *p;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.')
      out[k++] = ch;
    else
      out[k++] = '_';
  }
  snprintf(out + k, n - k, "-%d", idx);
}

static const char *cat_desc(category_t c) {
  switch (c) {
  case CAT_REGRESSED: return "stock passes, this runtime does not";
  case CAT_FIXED: return "stock fails its expectation, this runtime passes";
  case CAT_SAME_PASS: return "both pass";
  case CAT_SAME_FAIL: return "both fail their expectation";
  case CAT_SPURIOUS: return "an unconfirmed timeout or out-of-memory, or an internal error: rerun with --retry-regressed";
  case CAT_BROKEN: return "stock itself cannot run the entry";
  default: return "";
  }
}

/* ---- shared page parts ---- */

static const char *CSS =
    ":root{--bg:#f6f7f9;--fg:#1d2330;--muted:#667085;--line:#e3e6eb;--card:#fff;"
    "--pass:#1f9d55;--fail:#d64545;--crash:#9b1c1c;--timeout:#7c3aed;--oom:#a16207;--bfail:#ea7a12;"
    "--skip:#98a2b3;--internal:#344054;--fixed:#0e7490;--spur:#d49b06;--broken:#6b7280}\n"
    "*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "background:var(--bg);color:var(--fg)}\n"
    "a{color:#1d4ed8;text-decoration:none}a:hover{text-decoration:underline}\n"
    "header{background:#111827;color:#e5e7eb;padding:14px 28px;display:flex;align-items:baseline;gap:18px;flex-wrap:wrap}\n"
    "header h1{font-size:19px;margin:0;color:#fff;letter-spacing:.2px}header .meta{color:#9ca3af;font-size:13px}\n"
    "header a{color:#93c5fd}\n"
    "main{padding:20px 28px;max-width:1400px;margin:0 auto}\n"
    "h2{font-size:16px;margin:26px 0 10px}\n"
    ".cards{display:flex;gap:12px;flex-wrap:wrap}\n"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 16px;min-width:120px;"
    "cursor:pointer;border-top:4px solid var(--c,#ccc);box-shadow:0 1px 2px rgba(0,0,0,.04)}\n"
    ".card .n{font-size:26px;font-weight:650}.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.5px}\n"
    ".card.active{outline:2px solid #1d4ed8}\n"
    ".banner{background:#fef3c7;border:1px solid #f59e0b;color:#78350f;padding:12px 16px;border-radius:10px;margin:0 0 16px;font-weight:600}\n"
    ".banner.ok{background:#ecfdf5;border-color:#34d399;color:#065f46}\n"
    ".panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}\n"
    ".badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}\n"
    ".s-pass{background:var(--pass)}.s-fail{background:var(--fail)}.s-crash{background:var(--crash)}"
    ".s-timeout{background:var(--timeout)}.s-oom{background:var(--oom)}.s-build-fail{background:var(--bfail)}"
    ".s-skipped{background:var(--skip)}.s-internal{background:var(--internal)}\n"
    ".c-regressed{background:var(--fail)}.c-fixed{background:var(--fixed)}.c-same-pass{background:var(--pass)}"
    ".c-same-fail{background:#9f7a7a}.c-spurious{background:var(--spur)}.c-broken{background:var(--broken)}\n"
    ".toolbar{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin:6px 0 10px}\n"
    ".toolbar input[type=search]{padding:6px 10px;border:1px solid var(--line);border-radius:8px;min-width:260px;font:inherit}\n"
    ".toolbar select{padding:5px 8px;border:1px solid var(--line);border-radius:8px;font:inherit;background:#fff}\n"
    ".toolbar label{display:flex;gap:6px;align-items:center;background:#fff;border:1px solid var(--line);border-radius:8px;padding:5px 10px;cursor:pointer}\n"
    ".count{color:var(--muted)}\n"
    "table.grid{border-collapse:separate;border-spacing:0;width:100%;background:#fff;border:1px solid var(--line);border-radius:10px;overflow:hidden}\n"
    ".grid th{position:sticky;top:0;background:#f1f3f6;text-align:left;font-weight:600;padding:7px 10px;border-bottom:1px solid var(--line);z-index:1}\n"
    ".grid td{padding:5px 10px;border-bottom:1px solid #f0f2f5;vertical-align:middle}\n"
    ".grid tr:hover td{background:#f8fafc}\n"
    ".grid td.name{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}\n"
    ".grid td.sig{color:var(--muted);font-size:12px;max-width:520px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}\n"
    ".grid td.cell a{display:inline-flex;gap:6px;align-items:center}.t{color:var(--muted);font-size:11.5px}\n"
    ".grp{color:var(--muted);font-size:12px}\n"
    "details.sig{background:#fff;border:1px solid var(--line);border-radius:10px;margin:6px 0;padding:8px 14px}\n"
    "details.sig summary{cursor:pointer;font-family:ui-monospace,Menlo,monospace;font-size:12.5px}\n"
    "details.sig summary b{display:inline-block;min-width:42px;color:var(--fail)}\n"
    "details.sig ul{margin:6px 0 2px;columns:3;font-size:12.5px}\n"
    "pre{background:#0f172a;color:#e2e8f0;padding:10px 12px;border-radius:8px;overflow:auto;max-height:520px;font-size:12px;line-height:1.4}\n"
    "pre .add{color:#86efac}pre .del{color:#fca5a5}pre .hunk{color:#93c5fd}\n"
    ".cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}\n"
    "dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:6px 0}dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;word-break:break-all}\n"
    ".changes li{margin:2px 0}.changes p{margin:8px 0 2px}.changes summary{cursor:pointer;color:var(--muted);font-size:12px}\n"
    ".empty{color:var(--muted);font-style:italic}\n"
    "ul.files{list-style:none;margin:0;padding:0}ul.files li{margin:1px 0}\n";

static void page_head(buf_t *b, const char *title, const char *css_path) {
  buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
  buf_add_html(b, title);
  buf_addf(b, "</title><link rel=\"stylesheet\" href=\"%s\"></head><body>\n", css_path);
}

static void badge_state(buf_t *b, const char *state) {
  buf_addf(b, "<span class=\"badge s-%s\">", state);
  buf_add_html(b, state);
  buf_adds(b, "</span>");
}

static void badge_cat(buf_t *b, const char *cat) {
  buf_addf(b, "<span class=\"badge c-%s\">", cat);
  buf_add_html(b, cat);
  buf_adds(b, "</span>");
}

static void fmt_secs(double s, char *out, size_t n) {
  if (s < 1) snprintf(out, n, "%.0f ms", s * 1000);
  else if (s < 60) snprintf(out, n, "%.1f s", s);
  else snprintf(out, n, "%dm%02ds", (int)s / 60, (int)s % 60);
}

static void add_log(buf_t *b, const buf_t *text) {
  if (!text->data || text->len == 0) {
    buf_adds(b, "<p class=\"empty\">(empty)</p>\n");
    return;
  }
  size_t n = text->len > SHOW_LOG_MAX ? SHOW_LOG_MAX : text->len;
  buf_adds(b, "<pre>");
  buf_add_html_n(b, text->data, n);
  if (n < text->len) buf_addf(b, "\n[... %zu more bytes ...]", text->len - n);
  buf_adds(b, "</pre>\n");
}

static void add_diff(buf_t *b, const char *what, const char *a, const char *bb, const char *la, const char *lb) {
  buf_t d;
  buf_init(&d);
  long changed = diff_unified(a, bb, la, lb, 3, 400, &d);
  buf_addf(b, "<h3>%s diff</h3>\n", what);
  if (!changed) {
    buf_adds(b, "<p class=\"empty\">identical</p>\n");
    buf_free(&d);
    return;
  }
  buf_adds(b, "<pre class=\"diff\">");
  for (const char *p = d.data; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    const char *cls = (n >= 3 && (!strncmp(p, "---", 3) || !strncmp(p, "+++", 3))) ? "hunk"
                      : *p == '+'                                                   ? "add"
                      : *p == '-'                                                   ? "del"
                      : *p == '@'                                                   ? "hunk"
                                                                                    : NULL;
    if (cls) buf_addf(b, "<span class=\"%s\">", cls);
    buf_add_html_n(b, p, n);
    if (cls) buf_adds(b, "</span>");
    buf_addc(b, '\n');
    p = nl ? nl + 1 : NULL;
  }
  buf_adds(b, "</pre>\n");
  buf_free(&d);
}

/* A manifest ("hash mode path" lines) or output list ("path hash" lines)
   as a list of names with short hashes. */
static void add_manifest(buf_t *b, const char *m) {
  buf_adds(b, "<ul class=\"files\">");
  for (const char *p = m; p && *p;) {
    const char *nl = strchr(p, '\n');
    char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
    char a[128] = "", c[128] = "";
    unsigned mode = 0;
    int off = 0;
    if (sscanf(line, "%64s %o %n", a, &mode, &off) >= 2 && off > 0 && strlen(a) == 64) {
      buf_adds(b, "<li><code>");
      buf_add_html(b, line + off);
      buf_addf(b, "</code> <span class=\"t\">%.12s%s</span></li>", a, (mode & 0111) ? " · executable" : "");
    } else if (sscanf(line, "%127s %127s", a, c) == 2) {
      buf_adds(b, "<li><code>");
      buf_add_html(b, a);
      buf_addf(b, "</code> <span class=\"t\">%.12s</span></li>", c);
    }
    free(line);
    p = nl ? nl + 1 : NULL;
  }
  buf_adds(b, "</ul>");
}

/* ---- per-entry page ---- */

static int write_entry_page(rep_t *r, rep_entry_t *e, char *err, size_t errlen) {
  buf_t b;
  buf_init(&b);
  page_head(&b, e->row->entry, "../style.css");
  buf_adds(&b, "<header><h1><a href=\"../index.html\">mchealth</a> / ");
  buf_add_html(&b, e->row->entry);
  buf_addf(&b, "</h1><span class=\"meta\">run %ld</span></header>\n<main>\n", r->run.id);
  buf_adds(&b, "<div class=\"panel\"><dl class=\"kv\"><dt>category</dt><dd>");
  badge_cat(&b, e->row->category);
  buf_adds(&b, " <span class=\"t\">");
  buf_add_html(&b, cat_desc(category_from_name(e->row->category)));
  buf_adds(&b, "</span></dd>");
  if (e->row->signature && *e->row->signature) {
    buf_adds(&b, "<dt>signature</dt><dd><code>");
    buf_add_html(&b, e->row->signature);
    buf_adds(&b, "</code></dd>");
  }
  buf_adds(&b, "<dt>group</dt><dd>");
  buf_add_html(&b, e->row->grp);
  buf_adds(&b, "</dd><dt>previous run</dt><dd>");
  if (e->prev_cat) badge_cat(&b, e->prev_cat);
  else buf_adds(&b, "<span class=\"empty\">not in the previous run</span>");
  if (e->row->carried) buf_adds(&b, " <span class=\"t\">(carried over: not selected in this run)</span>");
  buf_adds(&b, "</dd></dl></div>\n");

  exec_rec_t full[MAXRT];
  for (int k = 0; k < r->nrt; k++) {
    exec_init(&full[k]);
    if (e->cells[k].exec_id) store_exec_get(r->s, e->cells[k].exec_id, &full[k], 1);
  }
  exec_rec_t build;
  exec_init(&build);
  if (e->row->build_exec) store_exec_get(r->s, e->row->build_exec, &build, 1);

  /* diffs first: that is what a person opening a regression wants */
  for (int k = 1; k < r->nrt; k++) {
    const char *st = e->cells[k].state ? e->cells[k].state : "";
    if (strcmp(st, "pass") == 0 || !e->cells[k].exec_id || !e->cells[0].exec_id) continue;
    char la[160], lb[160];
    snprintf(la, sizeof la, "%s", r->rts[0].name);
    snprintf(lb, sizeof lb, "%s", r->rts[k].name);
    buf_addf(&b, "<h2 id=\"diff-%s\">Differences: %s → %s</h2>\n<div class=\"cols\"><div>", r->rts[k].name,
             r->rts[0].name, r->rts[k].name);
    add_diff(&b, "stdout", full[0].out.data, full[k].out.data, la, lb);
    buf_adds(&b, "</div><div>");
    add_diff(&b, "stderr", full[0].err.data, full[k].err.data, la, lb);
    buf_adds(&b, "</div></div>\n");
    if (full[0].exit_code != full[k].exit_code || full[0].sig != full[k].sig)
      buf_addf(&b, "<p>exit: %s <b>%s</b>, %s <b>%s</b></p>\n", r->rts[0].name, full[0].reason, r->rts[k].name,
               full[k].reason);
  }

  buf_adds(&b, "<h2>Cells</h2>\n<div class=\"cols\">\n");
  for (int k = 0; k < r->nrt; k++) {
    exec_rec_t *x = &full[k];
    buf_addf(&b, "<div class=\"panel\" id=\"cell-%s\"><h3>", r->rts[k].name);
    buf_add_html(&b, r->rts[k].name);
    buf_adds(&b, " ");
    badge_state(&b, e->cells[k].state ? e->cells[k].state : "internal");
    buf_adds(&b, "</h3>");
    if (!e->cells[k].exec_id) {
      buf_adds(&b, "<p class=\"empty\">not run (the build failed)</p></div>\n");
      continue;
    }
    char w[32], started[40];
    fmt_secs(x->wall, w, sizeof w);
    iso_time(x->started, started, sizeof started);
    buf_adds(&b, "<dl class=\"kv\">");
    if (x->runtime && strcmp(x->runtime, r->rts[k].name) != 0)
      buf_addf(&b, "<dt>shared</dt><dd>this task never started the runtime: the outcome of its %s run holds "
                   "for %s as well</dd>",
               x->runtime, r->rts[k].name);
    buf_adds(&b, "<dt>outcome</dt><dd>");
    buf_add_html(&b, x->reason);
    buf_addf(&b, "</dd><dt>time</dt><dd>%s wall, %.2f s user, %.2f s sys</dd>", w, x->utime, x->stime);
    buf_addf(&b, "<dt>peak memory</dt><dd>%.1f MiB (limit %ld MiB)</dd>", (double)x->maxrss_kb / 1024.0, x->mem_mb);
    buf_addf(&b, "<dt>executed</dt><dd>%s, run %ld, attempt %d</dd>", started, x->run_id, x->attempt);
    buf_addf(&b, "<dt>key</dt><dd><code>%.16s…</code></dd>", x->key);
    if (x->extra && *x->extra) {
      buf_adds(&b, "<dt>commands</dt><dd><code>");
      buf_add_html(&b, x->extra);
      buf_adds(&b, "</code></dd>");
    }
    if (x->outputs && *x->outputs) {
      buf_adds(&b, "<dt>output files</dt><dd>");
      add_manifest(&b, x->outputs);
      buf_adds(&b, "</dd>");
    }
    buf_adds(&b, "</dl><h4>stdout</h4>");
    add_log(&b, &x->out);
    buf_adds(&b, "<h4>stderr</h4>");
    add_log(&b, &x->err);
    buf_adds(&b, "</div>\n");
  }
  buf_adds(&b, "</div>\n");
  if (build.id) {
    char w[32];
    fmt_secs(build.wall, w, sizeof w);
    buf_adds(&b, "<h2>Build</h2><div class=\"panel\"><dl class=\"kv\"><dt>state</dt><dd>");
    buf_add_html(&b, build.state);
    buf_addf(&b, "</dd><dt>time</dt><dd>%s</dd><dt>key</dt><dd><code>%.16s…</code></dd>", w, build.key);
    if (build.extra && *build.extra) {
      buf_adds(&b, "<dt>commands</dt><dd><code>");
      buf_add_html(&b, build.extra);
      buf_adds(&b, "</code></dd>");
    }
    buf_adds(&b, "<dt>products</dt><dd>");
    add_manifest(&b, build.outputs);
    buf_adds(&b, "</dd></dl><h4>stdout</h4>");
    add_log(&b, &build.out);
    buf_adds(&b, "<h4>stderr</h4>");
    add_log(&b, &build.err);
    buf_adds(&b, "</div>\n");
  }
  buf_adds(&b, "</main></body></html>\n");
  for (int k = 0; k < r->nrt; k++) exec_free(&full[k]);
  exec_free(&build);
  char *path = xasprintf("%s/e/%s.html", r->dir, e->slug);
  int rc = file_write(path, b.data, b.len);
  if (rc != 0) snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
  free(path);
  buf_free(&b);
  return rc;
}

/* ---- index ---- */

typedef struct sig_group {
  const char *sig;
  long count;
  size_t *members;
  size_t nm, capm;
} sig_group_t;

static int cmp_group(const void *a, const void *b) {
  const sig_group_t *x = a, *y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->sig, y->sig);
}

static sig_group_t *group_signatures(rep_t *r, size_t *ng) {
  sig_group_t *g = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < r->n; i++) {
    if (strcmp(r->es[i].row->category, "regressed") != 0) continue;
    const char *sig = r->es[i].row->signature && *r->es[i].row->signature ? r->es[i].row->signature : "(no signature)";
    size_t j;
    for (j = 0; j < n; j++)
      if (strcmp(g[j].sig, sig) == 0) break;
    if (j == n) {
      if (n == cap) g = xrealloc(g, (cap = cap ? 2 * cap : 32) * sizeof *g);
      memset(&g[n], 0, sizeof g[n]);
      g[n].sig = sig;
      n++;
    }
    if (g[j].nm == g[j].capm) g[j].members = xrealloc(g[j].members, (g[j].capm = g[j].capm ? 2 * g[j].capm : 8) * sizeof(size_t));
    g[j].members[g[j].nm++] = i;
    g[j].count++;
  }
  if (n > 1) qsort(g, n, sizeof *g, cmp_group);
  *ng = n;
  return g;
}

static const char *JS =
    "// mchealth report: filtering of the grid (works from file://).\n"
    "(function(){\n"
    "var rows=[].slice.call(document.querySelectorAll('#grid tbody tr'));\n"
    "var q=document.getElementById('q'),diff=document.getElementById('only-diff'),grp=document.getElementById('grp');\n"
    "var shown=document.getElementById('shown'),cards=[].slice.call(document.querySelectorAll('.card[data-cat]'));\n"
    "var cat='';\n"
    "function apply(){var t=q.value.toLowerCase(),n=0;\n"
    " rows.forEach(function(r){var ok=(!diff.checked||r.dataset.diff==='1')&&(!cat||r.dataset.cat===cat)"
    "&&(!grp.value||r.dataset.grp===grp.value)&&(!t||r.dataset.name.indexOf(t)>=0||r.dataset.sig.indexOf(t)>=0);"
    "r.style.display=ok?'':'none';if(ok)n++;});\n"
    " shown.textContent=n+' of '+rows.length+' entries shown';\n"
    " cards.forEach(function(c){c.classList.toggle('active',c.dataset.cat===cat);});\n"
    " var h=[];if(diff.checked)h.push('diff');if(cat)h.push('cat='+cat);if(grp.value)h.push('grp='+grp.value);"
    "if(t)h.push('q='+encodeURIComponent(t));history.replaceState(null,'',h.length?'#'+h.join('&'):'#');}\n"
    "cards.forEach(function(c){c.addEventListener('click',function(){cat=(cat===c.dataset.cat)?'':c.dataset.cat;apply();});});\n"
    "[q,diff,grp].forEach(function(e){e.addEventListener('input',apply);e.addEventListener('change',apply);});\n"
    "location.hash.replace(/^#/,'').split('&').forEach(function(kv){var p=kv.split('=');"
    "if(p[0]==='diff')diff.checked=true;if(p[0]==='cat')cat=p[1];if(p[0]==='grp')grp.value=p[1];"
    "if(p[0]==='q')q.value=decodeURIComponent(p[1]||'');});\n"
    "apply();})();\n";

static void write_changes(rep_t *r, buf_t *b, buf_t *md) {
  if (r->prev_id) buf_addf(b, "<h2>Changes since run %ld</h2>\n<div class=\"panel changes\">", r->prev_id);
  else buf_adds(b, "<h2>Changes since the previous run</h2>\n<div class=\"panel changes\">");
  if (!r->prev_id) {
    buf_adds(b, "<p class=\"empty\">no previous complete run</p></div>\n");
    return;
  }
  const char *titles[] = {"Newly regressed", "Newly fixed", "Other category changes", "New entries"};
  long counts[4] = {0, 0, 0, 0};
  for (int pass = 0; pass < 4; pass++) {
    buf_t list;
    buf_init(&list);
    for (size_t i = 0; i < r->n; i++) {
      rep_entry_t *e = &r->es[i];
      const char *c = e->row->category, *p = e->prev_cat;
      int in = 0;
      if (pass == 3) in = !p;
      else if (p && strcmp(c, p) != 0) {
        int now_reg = strcmp(c, "regressed") == 0, was_reg = strcmp(p, "regressed") == 0;
        int now_ok = strcmp(c, "same-pass") == 0 || strcmp(c, "fixed") == 0;
        if (pass == 0) in = now_reg;
        else if (pass == 1) in = was_reg && now_ok;
        else in = !now_reg && !(was_reg && now_ok);
      }
      if (!in) continue;
      counts[pass]++;
      if (counts[pass] <= 200) {
        buf_addf(&list, "<li><a href=\"e/%s.html\">", e->slug);
        buf_add_html(&list, e->row->entry);
        buf_adds(&list, "</a> ");
        if (p) {
          badge_cat(&list, p);
          buf_adds(&list, " → ");
        }
        badge_cat(&list, c);
        buf_adds(&list, "</li>");
        if (pass < 2 && counts[pass] <= 50) buf_addf(md, "%s- %s `%s`%s%s\n", "", pass == 0 ? "regressed:" : "fixed:",
                                                     e->row->entry, *e->row->signature ? " — " : "", e->row->signature);
      }
    }
    buf_addf(b, "<p><b>%s</b> <span class=\"count\">(%ld)</span></p>", titles[pass], counts[pass]);
    if (counts[pass]) {
      /* long lists fold away */
      if (counts[pass] > 20) buf_addf(b, "<details><summary>show the %ld entries</summary>", counts[pass]);
      buf_adds(b, "<ul>");
      buf_add(b, list.data, list.len);
      if (counts[pass] > 200) buf_addf(b, "<li>… and %ld more</li>", counts[pass] - 200);
      buf_adds(b, "</ul>");
      if (counts[pass] > 20) buf_adds(b, "</details>");
    }
    buf_free(&list);
  }
  long removed = 0;
  for (size_t j = 0; j < r->pn; j++) {
    int found = 0;
    for (size_t i = 0; i < r->n && !found; i++) found = strcmp(r->rows[i].entry, r->prows[j].entry) == 0;
    removed += !found;
  }
  buf_addf(b, "<p><b>Removed entries</b> <span class=\"count\">(%ld)</span></p></div>\n", removed);
  buf_addf(md, "\nSince run %ld: %ld newly regressed, %ld newly fixed, %ld other changes, %ld new, %ld removed.\n",
           r->prev_id, counts[0], counts[1], counts[2], counts[3], removed);
}

static int write_index(rep_t *r, buf_t *md, char *err, size_t errlen) {
  buf_t b;
  buf_init(&b);
  char started[40], dur[32];
  iso_time(r->run.started, started, sizeof started);
  fmt_secs(r->run.finished > r->run.started ? r->run.finished - r->run.started : 0, dur, sizeof dur);
  page_head(&b, "mchealth report", "style.css");
  buf_addf(&b, "<header><h1>mchealth</h1><span class=\"meta\">run %ld · %s · %s · %ld tasks executed, %ld from the store"
               " · <a href=\"results.json\">results.json</a> · <a href=\"summary.md\">summary.md</a></span></header>\n<main>\n",
           r->run.id, started, dur, r->run.executed, r->run.cached);
  if (r->broken_env)
    buf_addf(&b, "<div class=\"banner\">Broken environment: most %s cells do not pass. The comparison says nothing "
                 "about %s until the baseline works (check the reference toolchain and the corpus paths).</div>\n",
             r->rts[0].name, r->nrt > 1 ? r->rts[1].name : "the runtime");
  else if (r->cat_count[CAT_REGRESSED] == 0)
    buf_adds(&b, "<div class=\"banner ok\">No regressions.</div>\n");
  buf_adds(&b, "<div class=\"panel\"><dl class=\"kv\">");
  for (int k = 0; k < r->nrt; k++) {
    buf_addf(&b, "<dt>%s%s</dt><dd><code>", r->rts[k].name, k == 0 ? " (baseline)" : "");
    buf_add_html(&b, r->rts[k].path);
    buf_addf(&b, "</code> <span class=\"t\">sha256 %.12s</span> — ", r->rts[k].hash);
    for (int s = 0; s < CELL__COUNT; s++)
      if (r->cell_count[k][s]) buf_addf(&b, "%ld %s%s", r->cell_count[k][s], cell_name((cell_state_t)s), " · ");
    b.len -= 3;
    b.data[b.len] = 0;
    buf_adds(&b, "</dd>");
  }
  buf_adds(&b, "</dl></div>\n");
  buf_adds(&b, "<h2>Summary</h2>\n<div class=\"cards\">");
  const char *colors[CAT__COUNT] = {"var(--fail)", "var(--fixed)", "var(--pass)", "#9f7a7a", "var(--spur)", "var(--broken)"};
  for (int c = 0; c < CAT__COUNT; c++)
    buf_addf(&b, "<div class=\"card\" style=\"--c:%s\" data-cat=\"%s\" title=\"%s\"><div class=\"n\">%ld</div>"
                 "<div class=\"l\">%s</div></div>",
             colors[c], category_name((category_t)c), cat_desc((category_t)c), r->cat_count[c], category_name((category_t)c));
  buf_addf(&b, "<div class=\"card\" style=\"--c:#111827\"><div class=\"n\">%zu</div><div class=\"l\">entries</div></div></div>\n", r->n);

  /* counts per group: where the regressions are */
  {
    strvec_t gs;
    sv_init(&gs);
    for (size_t i = 0; i < r->n; i++)
      if (!sv_contains(&gs, r->rows[i].grp)) sv_push(&gs, r->rows[i].grp);
    buf_adds(&b, "<h2>By group</h2>\n<table class=\"grid groups\"><thead><tr><th>group</th><th>entries</th>");
    buf_adds(md, "\n| group | entries |");
    for (int c = 0; c < CAT__COUNT; c++) {
      buf_addf(&b, "<th>%s</th>", category_name((category_t)c));
      buf_addf(md, " %s |", category_name((category_t)c));
    }
    buf_adds(&b, "<th>mcrun / stock passes</th></tr></thead><tbody>\n");
    buf_adds(md, " passes on mcrun / on stock |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (size_t g = 0; g < gs.n; g++) {
      long cnt[CAT__COUNT] = {0}, total = 0, stock_pass = 0, both = 0;
      for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->rows[i].grp, gs.v[g]) != 0) continue;
        total++;
        cnt[category_from_name(r->rows[i].category)]++;
        int sp = r->es[i].cells[0].state && strcmp(r->es[i].cells[0].state, "pass") == 0;
        int tp = r->nrt > 1 && r->es[i].cells[1].state && strcmp(r->es[i].cells[1].state, "pass") == 0;
        stock_pass += sp;
        both += sp && tp;
      }
      buf_addf(&b, "<tr><td class=\"name\">%s</td><td>%ld</td>", gs.v[g], total);
      buf_addf(md, "| %s | %ld |", gs.v[g], total);
      for (int c = 0; c < CAT__COUNT; c++) {
        buf_addf(&b, "<td>%s%ld%s</td>", cnt[c] && c == CAT_REGRESSED ? "<b style=\"color:var(--fail)\">" : "", cnt[c],
                 cnt[c] && c == CAT_REGRESSED ? "</b>" : "");
        buf_addf(md, " %ld |", cnt[c]);
      }
      buf_addf(&b, "<td>%ld / %ld (%.1f%%)</td></tr>\n", both, stock_pass, stock_pass ? 100.0 * (double)both / (double)stock_pass : 0.0);
      buf_addf(md, " %ld / %ld |\n", both, stock_pass);
    }
    buf_adds(&b, "</tbody></table>\n");
    sv_free(&gs);
  }

  write_changes(r, &b, md);

  size_t ng;
  sig_group_t *groups = group_signatures(r, &ng);
  buf_addf(&b, "<h2>Regressions by signature <span class=\"count\">(%zu signatures)</span></h2>\n", ng);
  if (!ng) buf_adds(&b, "<p class=\"empty\">none</p>\n");
  if (ng) buf_adds(md, "\n| regressions | signature |\n|---:|---|\n");
  for (size_t i = 0; i < ng; i++) {
    buf_addf(&b, "<details class=\"sig\"%s><summary><b>%ld</b> ", i < 3 ? " open" : "", groups[i].count);
    buf_add_html(&b, groups[i].sig);
    buf_adds(&b, "</summary><ul>");
    for (size_t j = 0; j < groups[i].nm; j++) {
      rep_entry_t *e = &r->es[groups[i].members[j]];
      buf_addf(&b, "<li><a href=\"e/%s.html\">", e->slug);
      buf_add_html(&b, e->row->entry);
      buf_adds(&b, "</a></li>");
    }
    buf_adds(&b, "</ul></details>\n");
    if (i < 25) {
      buf_addf(md, "| %ld | `", groups[i].count);
      for (const char *p = groups[i].sig; *p; p++) buf_addc(md, *p == '|' || *p == '`' ? '\'' : *p);
      buf_adds(md, "` |\n");
    }
    free(groups[i].members);
  }
  free(groups);

  /* the grid */
  buf_adds(&b, "<h2>Grid</h2>\n<div class=\"toolbar\"><input id=\"q\" type=\"search\" placeholder=\"Filter by name or signature…\">"
               "<label><input type=\"checkbox\" id=\"only-diff\"> Only differences</label>"
               "<select id=\"grp\"><option value=\"\">All groups</option>");
  strvec_t groupsv;
  sv_init(&groupsv);
  for (size_t i = 0; i < r->n; i++)
    if (!sv_contains(&groupsv, r->rows[i].grp)) sv_push(&groupsv, r->rows[i].grp);
  for (size_t i = 0; i < groupsv.n; i++) {
    buf_adds(&b, "<option>");
    buf_add_html(&b, groupsv.v[i]);
    buf_adds(&b, "</option>");
  }
  sv_free(&groupsv);
  buf_adds(&b, "</select><span id=\"shown\" class=\"count\"></span></div>\n");
  buf_adds(&b, "<table class=\"grid\" id=\"grid\"><thead><tr><th>entry</th><th>group</th>");
  for (int k = 0; k < r->nrt; k++) buf_addf(&b, "<th>%s</th>", r->rts[k].name);
  buf_adds(&b, "<th>category</th><th>signature</th></tr></thead><tbody>\n");
  for (size_t i = 0; i < r->n; i++) {
    rep_entry_t *e = &r->es[i];
    buf_t lname;
    buf_init(&lname);
    buf_adds(&lname, e->row->entry);
    for (size_t k = 0; k < lname.len; k++)
      if (lname.data[k] >= 'A' && lname.data[k] <= 'Z') lname.data[k] = (char)(lname.data[k] + 32);
    buf_t lsig;
    buf_init(&lsig);
    buf_adds(&lsig, e->row->signature ? e->row->signature : "");
    for (size_t k = 0; k < lsig.len; k++)
      if (lsig.data[k] >= 'A' && lsig.data[k] <= 'Z') lsig.data[k] = (char)(lsig.data[k] + 32);
    buf_addf(&b, "<tr data-cat=\"%s\" data-diff=\"%d\" data-grp=\"", e->row->category, e->differs);
    buf_add_html(&b, e->row->grp);
    buf_adds(&b, "\" data-name=\"");
    buf_add_html(&b, lname.data);
    buf_adds(&b, "\" data-sig=\"");
    buf_add_html(&b, lsig.data ? lsig.data : "");
    buf_addf(&b, "\"><td class=\"name\"><a href=\"e/%s.html\">", e->slug);
    buf_add_html(&b, e->row->entry);
    buf_adds(&b, "</a></td><td class=\"grp\">");
    buf_add_html(&b, e->row->grp);
    buf_adds(&b, "</td>");
    for (int k = 0; k < r->nrt; k++) {
      rep_cell_t *c = &e->cells[k];
      buf_addf(&b, "<td class=\"cell\"><a href=\"e/%s.html#cell-%s\">", e->slug, r->rts[k].name);
      badge_state(&b, c->state ? c->state : "internal");
      if (c->have) {
        char w[32];
        fmt_secs(c->ex.wall, w, sizeof w);
        buf_addf(&b, "<span class=\"t\">%s</span>", w);
      }
      buf_adds(&b, "</a></td>");
    }
    buf_adds(&b, "<td>");
    badge_cat(&b, e->row->category);
    buf_adds(&b, "</td><td class=\"sig\" title=\"");
    buf_add_html(&b, e->row->signature);
    buf_adds(&b, "\">");
    buf_add_html(&b, e->row->signature);
    buf_adds(&b, "</td></tr>\n");
    buf_free(&lname);
    buf_free(&lsig);
  }
  buf_adds(&b, "</tbody></table>\n</main>\n<script src=\"report.js\"></script>\n</body></html>\n");
  char *path = xasprintf("%s/index.html", r->dir);
  int rc = file_write(path, b.data, b.len);
  if (rc != 0) snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
  free(path);
  buf_free(&b);
  return rc;
}

static int write_json(rep_t *r, char *err, size_t errlen) {
  buf_t b;
  buf_init(&b);
  buf_addf(&b, "{\n\"run\":{\"id\":%ld,\"started\":%.3f,\"finished\":%.3f,\"state\":", r->run.id, r->run.started,
           r->run.finished);
  buf_add_json(&b, r->run.state);
  buf_addf(&b, ",\"executed\":%ld,\"cached\":%ld,\"previous\":%ld,\"corpus\":", r->run.executed, r->run.cached,
           r->prev_id);
  buf_add_json(&b, r->run.corpus);
  buf_addf(&b, ",\"runtimes\":%s},\n\"summary\":%s,\n\"entries\":[\n", r->run.runtimes,
           r->run.summary && *r->run.summary ? r->run.summary : "{}");
  for (size_t i = 0; i < r->n; i++) {
    rep_entry_t *e = &r->es[i];
    buf_adds(&b, i ? ",\n{\"name\":" : "{\"name\":");
    buf_add_json(&b, e->row->entry);
    buf_adds(&b, ",\"group\":");
    buf_add_json(&b, e->row->grp);
    buf_adds(&b, ",\"category\":");
    buf_add_json(&b, e->row->category);
    buf_adds(&b, ",\"previous\":");
    if (e->prev_cat) buf_add_json(&b, e->prev_cat);
    else buf_adds(&b, "null");
    buf_adds(&b, ",\"signature\":");
    buf_add_json(&b, e->row->signature);
    buf_addf(&b, ",\"carried\":%s,\"page\":\"e/%s.html\",\"cells\":{", e->row->carried ? "true" : "false", e->slug);
    for (int k = 0; k < r->nrt; k++) {
      rep_cell_t *c = &e->cells[k];
      buf_addf(&b, "%s", k ? "," : "");
      buf_add_json(&b, r->rts[k].name);
      buf_adds(&b, ":{\"state\":");
      buf_add_json(&b, c->state ? c->state : "internal");
      if (c->have) {
        buf_adds(&b, ",\"reason\":");
        buf_add_json(&b, c->ex.reason);
        buf_addf(&b, ",\"exit\":%d,\"signal\":%d,\"wall\":%.3f,\"maxrss_kb\":%ld,\"attempt\":%d,\"key\":\"%s\"",
                 c->ex.exit_code, c->ex.sig, c->ex.wall, c->ex.maxrss_kb, c->ex.attempt, c->ex.key);
      }
      buf_adds(&b, "}");
    }
    buf_adds(&b, "}}");
  }
  buf_adds(&b, "\n]}\n");
  char *path = xasprintf("%s/results.json", r->dir);
  int rc = file_write(path, b.data, b.len);
  if (rc != 0) snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
  free(path);
  buf_free(&b);
  return rc;
}

int report_write(store_t *s, long run_id, const char *dir, char *err, size_t errlen) {
  rep_t rs, *r = &rs;
  memset(r, 0, sizeof *r);
  r->s = s;
  r->dir = dir;
  if (store_run_get(s, run_id, &r->run) != 0) {
    snprintf(err, errlen, "no run %ld in the store", run_id);
    return -1;
  }
  parse_runtimes(r);
  if (r->nrt == 0) {
    snprintf(err, errlen, "run %ld has no runtimes", run_id);
    run_info_free(&r->run);
    return -1;
  }
  r->prev_id = store_prev_complete_run(s, run_id);
  store_entries_of(s, run_id, &r->rows, &r->n);
  store_cells_of(s, run_id, &r->cells, &r->nc);
  if (r->prev_id) store_entries_of(s, r->prev_id, &r->prows, &r->pn);
  r->es = xcalloc(r->n ? r->n : 1, sizeof *r->es);
  for (size_t i = 0; i < r->n; i++) {
    rep_entry_t *e = &r->es[i];
    e->row = &r->rows[i];
    make_slug(e->row->entry, e->row->idx, e->slug, sizeof e->slug);
    r->cat_count[category_from_name(e->row->category)]++;
    for (size_t j = 0; j < r->pn; j++)
      if (strcmp(r->prows[j].entry, e->row->entry) == 0) e->prev_cat = r->prows[j].category;
    for (int k = 0; k < r->nrt; k++) exec_init(&e->cells[k].ex);
  }
  /* cells: match rows by entry name (both lists are small enough) */
  for (size_t j = 0; j < r->nc; j++) {
    for (size_t i = 0; i < r->n; i++) {
      if (strcmp(r->cells[j].entry, r->rows[i].entry) != 0) continue;
      for (int k = 0; k < r->nrt; k++)
        if (strcmp(r->cells[j].runtime, r->rts[k].name) == 0) {
          rep_cell_t *c = &r->es[i].cells[k];
          c->state = r->cells[j].state;
          c->exec_id = r->cells[j].exec_id;
          if (c->exec_id && store_exec_get(s, c->exec_id, &c->ex, 0) == 0) c->have = 1;
          r->cell_count[k][cell_from_name(c->state)]++;
        }
      break;
    }
  }
  for (size_t i = 0; i < r->n; i++) {
    rep_entry_t *e = &r->es[i];
    for (int k = 1; k < r->nrt; k++)
      if (e->cells[k].state && e->cells[0].state && strcmp(e->cells[k].state, e->cells[0].state) != 0) e->differs = 1;
  }
  r->broken_env = r->run.summary && strstr(r->run.summary, "\"broken_environment\":true");

  int rc = 0;
  char *edir = xasprintf("%s/e", dir);
  if (mkdir_p(edir) != 0) {
    snprintf(err, errlen, "cannot create %s: %s", edir, strerror(errno));
    rc = -1;
  }
  free(edir);
  char *p = xasprintf("%s/style.css", dir);
  if (rc == 0 && file_write(p, CSS, strlen(CSS)) != 0) rc = -1, snprintf(err, errlen, "cannot write %s", p);
  free(p);
  p = xasprintf("%s/report.js", dir);
  if (rc == 0 && file_write(p, JS, strlen(JS)) != 0) rc = -1, snprintf(err, errlen, "cannot write %s", p);
  free(p);
  for (size_t i = 0; rc == 0 && i < r->n; i++) rc = write_entry_page(r, &r->es[i], err, errlen);

  buf_t md;
  buf_init(&md);
  buf_addf(&md, "## mchealth run %ld\n\n", r->run.id);
  if (r->broken_env) buf_addf(&md, "**Broken environment**: most %s cells do not pass; no conclusion about the runtime.\n\n", r->rts[0].name);
  buf_adds(&md, "| category | entries |\n|---|---:|\n");
  for (int c = 0; c < CAT__COUNT; c++) buf_addf(&md, "| %s | %ld |\n", category_name((category_t)c), r->cat_count[c]);
  buf_addf(&md, "| **total** | **%zu** |\n\n", r->n);
  for (int k = 0; k < r->nrt; k++) {
    buf_addf(&md, "%s cells:", r->rts[k].name);
    for (int st = 0; st < CELL__COUNT; st++)
      if (r->cell_count[k][st]) buf_addf(&md, " %s %ld,", cell_name((cell_state_t)st), r->cell_count[k][st]);
    md.len--;
    md.data[md.len] = 0;
    buf_adds(&md, "\n\n");
  }
  buf_addf(&md, "%ld tasks executed, %ld taken from the store.\n", r->run.executed, r->run.cached);
  if (rc == 0) rc = write_index(r, &md, err, errlen);
  if (rc == 0) rc = write_json(r, err, errlen);
  if (rc == 0) {
    p = xasprintf("%s/summary.md", dir);
    if (file_write(p, md.data, md.len) != 0) rc = -1, snprintf(err, errlen, "cannot write %s", p);
    free(p);
  }
  buf_free(&md);
  for (size_t i = 0; i < r->n; i++)
    for (int k = 0; k < r->nrt; k++) exec_free(&r->es[i].cells[k].ex);
  free(r->es);
  store_rows_free(r->rows, r->n, r->cells, r->nc);
  store_rows_free(r->prows, r->pn, NULL, 0);
  for (int k = 0; k < r->nrt; k++) {
    free(r->rts[k].name);
    free(r->rts[k].path);
    free(r->rts[k].hash);
  }
  run_info_free(&r->run);
  return rc;
}
