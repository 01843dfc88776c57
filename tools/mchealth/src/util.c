/* util: growable buffers, string vectors, files and directories, zlib helpers. */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

void die(const char *fmt, ...) {
  va_list ap;
  fputs("mchealth: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(2);
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) die("out of memory");
  return p;
}

void *xcalloc(size_t n, size_t m) {
  void *p = calloc(n ? n : 1, m ? m : 1);
  if (!p) die("out of memory");
  return p;
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) die("out of memory");
  return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *xasprintf(const char *fmt, ...) {
  buf_t b;
  va_list ap;
  buf_init(&b);
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  b.data = xrealloc(b.data, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(b.data, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return b.data;
}

/* ---- buffers ---- */

void buf_init(buf_t *b) {
  b->data = NULL;
  b->len = b->cap = 0;
}

void buf_free(buf_t *b) {
  free(b->data);
  buf_init(b);
}

void buf_reset(buf_t *b) {
  b->len = 0;
  if (b->data) b->data[0] = 0;
}

static void buf_grow(buf_t *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  b->data = xrealloc(b->data, cap);
  b->cap = cap;
}

void buf_add(buf_t *b, const void *p, size_t n) {
  buf_grow(b, n);
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = 0;
}

void buf_adds(buf_t *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_addc(buf_t *b, char c) { buf_add(b, &c, 1); }

void buf_addf(buf_t *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  buf_grow(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

char *buf_steal(buf_t *b) {
  if (!b->data) buf_grow(b, 0), b->data[0] = 0;
  char *p = b->data;
  buf_init(b);
  return p;
}

void buf_add_json(buf_t *b, const char *s) {
  buf_addc(b, '"');
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\') {
      buf_addc(b, '\\');
      buf_addc(b, (char)*p);
    } else if (*p == '\n') {
      buf_adds(b, "\\n");
    } else if (*p == '\t') {
      buf_adds(b, "\\t");
    } else if (*p < 0x20 || *p == 0x7f) {
      buf_addf(b, "\\u%04x", *p);
    } else {
      buf_addc(b, (char)*p);
    }
  }
  buf_addc(b, '"');
}

void buf_add_html_n(buf_t *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case '&': buf_adds(b, "&amp;"); break;
    case '<': buf_adds(b, "&lt;"); break;
    case '>': buf_adds(b, "&gt;"); break;
    case '"': buf_adds(b, "&quot;"); break;
    case '\'': buf_adds(b, "&#39;"); break;
    default: buf_addc(b, s[i]);
    }
  }
}

void buf_add_html(buf_t *b, const char *s) { buf_add_html_n(b, s ? s : "", s ? strlen(s) : 0); }

void buf_replace(buf_t *b, const char *from, const char *to) {
  size_t fl = strlen(from);
  if (!fl || !b->data || !memmem(b->data, b->len, from, fl)) return;
  buf_t o;
  buf_init(&o);
  const char *p = b->data, *end = b->data + b->len, *q;
  while (p < end && (q = memmem(p, (size_t)(end - p), from, fl))) {
    buf_add(&o, p, (size_t)(q - p));
    buf_adds(&o, to);
    p = q + fl;
  }
  buf_add(&o, p, (size_t)(end - p));
  buf_free(b);
  *b = o;
}

/* ---- string vectors ---- */

void sv_init(strvec_t *s) {
  s->v = NULL;
  s->n = s->cap = 0;
}

void sv_free(strvec_t *s) {
  for (size_t i = 0; i < s->n; i++) free(s->v[i]);
  free(s->v);
  sv_init(s);
}

void sv_push_own(strvec_t *s, char *str) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 8;
    s->v = xrealloc(s->v, s->cap * sizeof *s->v);
  }
  s->v[s->n++] = str;
}

void sv_push(strvec_t *s, const char *str) { sv_push_own(s, xstrdup(str)); }

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void sv_sort(strvec_t *s) {
  if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, cmp_str);
}

int sv_contains(const strvec_t *s, const char *str) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i], str) == 0) return 1;
  return 0;
}

/* ---- strings ---- */

int str_starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

int str_ends(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

char *str_trim(char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
    s[--n] = 0;
  return s;
}

/* ---- files ---- */

int file_read_max(const char *path, buf_t *out, size_t max, int *truncated) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  buf_reset(out);
  if (truncated) *truncated = 0;
  char tmp[65536];
  for (;;) {
    ssize_t r = read(fd, tmp, sizeof tmp);
    if (r < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
    if (r == 0) break;
    size_t take = (size_t)r;
    if (out->len + take > max) {
      take = max - out->len;
      if (truncated) *truncated = 1;
    }
    buf_add(out, tmp, take);
    if (out->len >= max) {
      if (truncated) *truncated = 1;
      break;
    }
  }
  if (!out->data) buf_add(out, "", 0);
  close(fd);
  return 0;
}

int file_read(const char *path, buf_t *out) { return file_read_max(path, out, SIZE_MAX, NULL); }

int file_write(const char *path, const void *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  const char *p = data;
  while (len) {
    ssize_t w = write(fd, p, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
    p += w;
    len -= (size_t)w;
  }
  return close(fd);
}

/* Write to a temporary name in the same directory, fsync, rename. */
int file_write_atomic(const char *path, const void *data, size_t len) {
  char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
  if (file_write(tmp, data, len) != 0) {
    free(tmp);
    return -1;
  }
  int fd = open(tmp, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  int r = rename(tmp, path);
  free(tmp);
  return r;
}

int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int dir_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int mkdir_p(const char *path) {
  char *p = xstrdup(path);
  for (char *s = p + 1; *s; s++) {
    if (*s == '/') {
      *s = 0;
      if (mkdir(p, 0755) != 0 && errno != EEXIST) {
        free(p);
        return -1;
      }
      *s = '/';
    }
  }
  int r = mkdir(p, 0755);
  free(p);
  return (r == 0 || errno == EEXIST) ? 0 : -1;
}

int rm_rf(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
  if (S_ISDIR(st.st_mode)) {
    chmod(path, 0755);
    strvec_t names;
    sv_init(&names);
    if (dir_list(path, &names) == 0) {
      for (size_t i = 0; i < names.n; i++) {
        char *c = path_join(path, names.v[i]);
        rm_rf(c);
        free(c);
      }
    }
    sv_free(&names);
    return rmdir(path);
  }
  return unlink(path);
}

int copy_file(const char *src, const char *dst) {
  struct stat st;
  if (stat(src, &st) != 0) return -1;
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0) return -1;
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 0777);
  if (out < 0) {
    close(in);
    return -1;
  }
  char tmp[65536];
  int rc = 0;
  for (;;) {
    ssize_t r = read(in, tmp, sizeof tmp);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      rc = r < 0 ? -1 : 0;
      break;
    }
    char *p = tmp;
    while (r > 0) {
      ssize_t w = write(out, p, (size_t)r);
      if (w < 0) {
        if (errno == EINTR) continue;
        rc = -1;
        break;
      }
      p += w;
      r -= w;
    }
    if (rc) break;
  }
  close(in);
  if (close(out) != 0) rc = -1;
  return rc;
}

int copy_tree(const char *src, const char *dst) {
  struct stat st;
  if (lstat(src, &st) != 0) return -1;
  if (S_ISLNK(st.st_mode)) {
    char target[PATH_MAX];
    ssize_t n = readlink(src, target, sizeof target - 1);
    if (n < 0) return -1;
    target[n] = 0;
    return symlink(target, dst);
  }
  if (!S_ISDIR(st.st_mode)) return copy_file(src, dst);
  if (mkdir_p(dst) != 0) return -1;
  strvec_t names;
  sv_init(&names);
  int rc = dir_list(src, &names);
  for (size_t i = 0; rc == 0 && i < names.n; i++) {
    char *a = path_join(src, names.v[i]), *b = path_join(dst, names.v[i]);
    rc = copy_tree(a, b);
    free(a);
    free(b);
  }
  sv_free(&names);
  return rc;
}

char *path_join(const char *a, const char *b) {
  if (!*a || b[0] == '/') return xstrdup(b);
  size_t n = strlen(a);
  return xasprintf("%s%s%s", a, a[n - 1] == '/' ? "" : "/", b);
}

char *path_abs(const char *p) {
  if (p[0] == '/') return xstrdup(p);
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) die("getcwd failed");
  if (strcmp(p, ".") == 0) return xstrdup(cwd);
  while (str_starts(p, "./")) p += 2;
  return path_join(cwd, p);
}

const char *path_base(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

int dir_list(const char *path, strvec_t *out) {
  DIR *d = opendir(path);
  if (!d) return -1;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    sv_push(out, e->d_name);
  }
  closedir(d);
  sv_sort(out);
  return 0;
}

/* ---- time ---- */

double now_sec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double wall_sec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void iso_time(double t, char *out, size_t n) {
  time_t s = (time_t)t;
  struct tm tm;
  gmtime_r(&s, &tm);
  strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* ---- zlib ---- */

int z_compress(const void *data, size_t len, buf_t *out) {
  uLongf cap = compressBound((uLong)len);
  buf_reset(out);
  buf_grow(out, cap);
  if (compress2((Bytef *)out->data, &cap, data, (uLong)len, 6) != Z_OK) return -1;
  out->len = cap;
  out->data[out->len] = 0;
  return 0;
}

int z_uncompress(const void *data, size_t len, buf_t *out) {
  buf_reset(out);
  if (len == 0) {
    buf_add(out, "", 0);
    return 0;
  }
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (inflateInit(&zs) != Z_OK) return -1;
  zs.next_in = (Bytef *)data;
  zs.avail_in = (uInt)len;
  int r;
  do {
    buf_grow(out, 65536);
    zs.next_out = (Bytef *)out->data + out->len;
    zs.avail_out = (uInt)(out->cap - out->len - 1);
    r = inflate(&zs, Z_NO_FLUSH);
    out->len = out->cap - 1 - zs.avail_out;
    if (r != Z_OK && r != Z_STREAM_END) {
      inflateEnd(&zs);
      return -1;
    }
  } while (r != Z_STREAM_END);
  inflateEnd(&zs);
  out->data[out->len] = 0;
  return 0;
}
