/* util: growable buffers, string vectors, files and directories, zlib helpers. */
#ifndef MCH_UTIL_H
#define MCH_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A growable byte buffer, always NUL-terminated after its len bytes. */
typedef struct buf {
  char *data;
  size_t len, cap;
} buf_t;

void buf_init(buf_t *b);
void buf_free(buf_t *b);
void buf_reset(buf_t *b);
void buf_add(buf_t *b, const void *p, size_t n);
void buf_adds(buf_t *b, const char *s);
void buf_addc(buf_t *b, char c);
void buf_addf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *buf_steal(buf_t *b); /* returns data (caller frees), leaves b empty */
/* Append s as a JSON string literal (quotes included). */
void buf_add_json(buf_t *b, const char *s);
/* Append s with &, <, >, " and ' escaped for HTML. */
void buf_add_html(buf_t *b, const char *s);
void buf_add_html_n(buf_t *b, const char *s, size_t n);
/* Replace every occurrence of `from` by `to` in b. */
void buf_replace(buf_t *b, const char *from, const char *to);

/* A vector of owned strings. */
typedef struct strvec {
  char **v;
  size_t n, cap;
} strvec_t;

void sv_init(strvec_t *s);
void sv_free(strvec_t *s);
void sv_push(strvec_t *s, const char *str);
void sv_push_own(strvec_t *s, char *str);
void sv_sort(strvec_t *s);
int sv_contains(const strvec_t *s, const char *str);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

int str_starts(const char *s, const char *prefix);
int str_ends(const char *s, const char *suffix);
char *str_trim(char *s); /* in place; returns the trimmed start */

/* Files.  All return 0 on success and -1 with errno set on failure. */
int file_read(const char *path, buf_t *out);
int file_read_max(const char *path, buf_t *out, size_t max, int *truncated);
int file_write(const char *path, const void *data, size_t len);
int file_write_atomic(const char *path, const void *data, size_t len);
int file_exists(const char *path);
int dir_exists(const char *path);
int mkdir_p(const char *path);
int rm_rf(const char *path);
int copy_file(const char *src, const char *dst);
int copy_tree(const char *src, const char *dst); /* copies the contents of src into dst */
char *path_join(const char *a, const char *b);
char *path_abs(const char *p); /* absolute, without resolving symlinks */
const char *path_base(const char *p);
/* Sorted names of the entries of a directory (without . and ..). */
int dir_list(const char *path, strvec_t *out);

double now_sec(void);       /* monotonic */
double wall_sec(void);      /* epoch */
void iso_time(double t, char *out, size_t n);

/* zlib wrappers: compress into out (replacing its contents). */
int z_compress(const void *data, size_t len, buf_t *out);
int z_uncompress(const void *data, size_t len, buf_t *out);

#endif
