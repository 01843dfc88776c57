/* unix_files.c: Unix primitives on descriptors, files and directories:
 * open/read/write, seeking and truncation, stat, permissions, links,
 * directories, pipes, locks, channels over descriptors, mapped files. */

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include "alloc.h"
#include "bigarray.h"
#include "custom.h"
#include "fail.h"
#include "io_internal.h"
#include "unix.h"

/* ------------------------------------------------------------------ */
/* Operations on one or two paths                                      */
/* ------------------------------------------------------------------ */

/* The system calls that take a path and report only success, run through
 * one helper: the path is checked and copied, the call made in a blocking
 * section, and a failure raised with the function's name and the path. */
enum path_call {
  CALL_UNLINK, CALL_RMDIR, CALL_CHDIR, CALL_CHROOT, CALL_MKDIR, CALL_CHMOD,
  CALL_MKFIFO, CALL_ACCESS, CALL_CHOWN, CALL_TRUNCATE
};

static const char *const path_call_name[] = {
    [CALL_UNLINK] = "unlink", [CALL_RMDIR] = "rmdir",   [CALL_CHDIR] = "chdir",
    [CALL_CHROOT] = "chroot", [CALL_MKDIR] = "mkdir",   [CALL_CHMOD] = "chmod",
    [CALL_MKFIFO] = "mkfifo", [CALL_ACCESS] = "access", [CALL_CHOWN] = "chown",
    [CALL_TRUNCATE] = "truncate"};

static int do_path_call(enum path_call call, const char *p, int64_t x, int64_t y) {
  switch (call) {
    case CALL_UNLINK: return unlink(p);
    case CALL_RMDIR: return rmdir(p);
    case CALL_CHDIR: return chdir(p);
    case CALL_CHROOT: return chroot(p);
    case CALL_MKDIR: return mkdir(p, (mode_t)x);
    case CALL_CHMOD: return chmod(p, (mode_t)x);
    case CALL_MKFIFO: return mkfifo(p, (mode_t)x);
    case CALL_ACCESS: return access(p, (int)x);
    case CALL_CHOWN: return chown(p, (uid_t)x, (gid_t)y);
    case CALL_TRUNCATE: return truncate(p, (off_t)x);
  }
  errno = EINVAL;
  return -1;
}

static value path_call(mc_domain *d, enum path_call call, value path, int64_t x, int64_t y) {
  const char *fn = path_call_name[call];
  char *p = mc_unix_path(d, path, fn);
  GC_ROOTS(d, &path);
  int rc;
  MC_UNIX_BLOCKING(d, rc = do_path_call(call, p, x, y));
  int err = errno;
  free(p);
  if (rc == -1) mc_unix_raise(d, err, fn, path);
  return val_unit;
}

value caml_unix_unlink(mc_domain *d, value path) {
  return path_call(d, CALL_UNLINK, path, 0, 0);
}

value caml_unix_rmdir(mc_domain *d, value path) {
  return path_call(d, CALL_RMDIR, path, 0, 0);
}

value caml_unix_chdir(mc_domain *d, value path) {
  return path_call(d, CALL_CHDIR, path, 0, 0);
}

value caml_unix_chroot(mc_domain *d, value path) {
  return path_call(d, CALL_CHROOT, path, 0, 0);
}

value caml_unix_mkdir(mc_domain *d, value path, value perm) {
  return path_call(d, CALL_MKDIR, path, int_val(perm), 0);
}

value caml_unix_chmod(mc_domain *d, value path, value perm) {
  return path_call(d, CALL_CHMOD, path, int_val(perm), 0);
}

value caml_unix_mkfifo(mc_domain *d, value path, value perm) {
  return path_call(d, CALL_MKFIFO, path, int_val(perm), 0);
}

value caml_unix_chown(mc_domain *d, value path, value uid, value gid) {
  return path_call(d, CALL_CHOWN, path, int_val(uid), int_val(gid));
}

value caml_unix_truncate(mc_domain *d, value path, value len) {
  return path_call(d, CALL_TRUNCATE, path, long_val(len), 0);
}

value caml_unix_truncate_64(mc_domain *d, value path, value len) {
  return path_call(d, CALL_TRUNCATE, path, int64_val(len), 0);
}

/* Unix.access_permission: R_OK, W_OK, X_OK, F_OK. */
static const int access_bits[] = {R_OK, W_OK, X_OK, F_OK};

value caml_unix_access(mc_domain *d, value path, value perms) {
  return path_call(d, CALL_ACCESS, path, mc_unix_flag_list(perms, access_bits), 0);
}

/* rename, link and symlink: both paths are checked first; the error names
 * the source for rename and the new name for the other two, as stock. */
enum two_path_call { CALL_RENAME, CALL_LINK, CALL_LINK_AT, CALL_LINK_AT_FOLLOW, CALL_SYMLINK };

static value two_path_call(mc_domain *d, enum two_path_call call, const char *fn, value from,
                           value to) {
  GC_ROOTS(d, &from, &to);
  if (!mc_unix_c_safe(from)) mc_unix_raise(d, ENOENT, fn, from);
  if (!mc_unix_c_safe(to)) mc_unix_raise(d, ENOENT, fn, to);
  char *p1 = mc_xstrdup(string_val(from)), *p2 = mc_xstrdup(string_val(to));
  int rc = -1;
  mc_enter_blocking_section(d);
  switch (call) {
    case CALL_RENAME: rc = rename(p1, p2); break;
    case CALL_LINK: rc = link(p1, p2); break;
    case CALL_LINK_AT: rc = linkat(AT_FDCWD, p1, AT_FDCWD, p2, 0); break;
    case CALL_LINK_AT_FOLLOW: rc = linkat(AT_FDCWD, p1, AT_FDCWD, p2, AT_SYMLINK_FOLLOW); break;
    case CALL_SYMLINK: rc = symlink(p1, p2); break;
  }
  int err = errno;
  mc_leave_blocking_section(d);
  free(p1);
  free(p2);
  if (rc == -1) mc_unix_raise(d, err, fn, call == CALL_RENAME ? from : to);
  return val_unit;
}

value caml_unix_rename(mc_domain *d, value from, value to) {
  return two_path_call(d, CALL_RENAME, "rename", from, to);
}

/* ?follow absent: plain link(); present: linkat with or without
 * AT_SYMLINK_FOLLOW. */
value caml_unix_link(mc_domain *d, value follow, value from, value to) {
  enum two_path_call call = CALL_LINK;
  if (is_block(follow)) call = bool_val(field(follow, 0)) ? CALL_LINK_AT_FOLLOW : CALL_LINK_AT;
  return two_path_call(d, call, "link", from, to);
}

/* ?to_dir only matters on Windows. */
value caml_unix_symlink(mc_domain *d, value to_dir, value from, value to) {
  (void)to_dir;
  return two_path_call(d, CALL_SYMLINK, "symlink", from, to);
}

value caml_unix_has_symlink(mc_domain *d, value unit) {
  (void)d;
  (void)unit;
  return val_true;
}

/* ------------------------------------------------------------------ */
/* Opening, closing, reading, writing                                  */
/* ------------------------------------------------------------------ */

/* Unix.open_flag, in order.  The last three have no open() bit:
 * O_SHARE_DELETE is for Windows, O_CLOEXEC and O_KEEPEXEC are handled
 * apart (see cloexec_request). */
static const int open_bits[15] = {
    O_RDONLY, O_WRONLY, O_RDWR, O_NONBLOCK, O_APPEND, O_CREAT, O_TRUNC, O_EXCL,
    O_NOCTTY, O_DSYNC,  O_SYNC, O_RSYNC,    0,        0,       0};
enum { REQUEST_CLOEXEC = 1, REQUEST_KEEPEXEC = 2 };
static const int cloexec_request[15] = {[13] = REQUEST_CLOEXEC, [14] = REQUEST_KEEPEXEC};

value caml_unix_open(mc_domain *d, value path, value flags, value perm) {
  int bits = mc_unix_flag_list(flags, open_bits);
  int request = mc_unix_flag_list(flags, cloexec_request);
  /* O_CLOEXEC wins over O_KEEPEXEC; neither means the default (off). */
  if (request & REQUEST_CLOEXEC) bits |= O_CLOEXEC;
  char *p = mc_unix_path(d, path, "open");
  GC_ROOTS(d, &path);
  int fd;
  /* open() of a FIFO waits for the other end. */
  MC_UNIX_BLOCKING(d, fd = open(p, bits, int_val(perm)));
  int err = errno;
  free(p);
  if (fd == -1) mc_unix_raise(d, err, "open", path);
  return val_int(fd);
}

value caml_unix_close(mc_domain *d, value fd) {
  int rc;
  MC_UNIX_BLOCKING(d, rc = close(int_val(fd)));
  if (rc == -1) mc_unix_raise_errno(d, "close", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_fsync(mc_domain *d, value fd) {
  int rc;
  MC_UNIX_BLOCKING(d, rc = fsync(int_val(fd)));
  if (rc == -1) mc_unix_raise_errno(d, "fsync", MC_UNIX_NO_ARG);
  return val_unit;
}

/* One read() of at most MC_UNIX_IO_CHUNK bytes, through a C buffer: the
 * bytes block may move while the domain is released. */
value caml_unix_read(mc_domain *d, value fd, value buf, value ofs, value len) {
  GC_ROOTS(d, &buf);
  char chunk[MC_UNIX_IO_CHUNK];
  intptr_t want = long_val(len);
  if (want > MC_UNIX_IO_CHUNK) want = MC_UNIX_IO_CHUNK;
  ssize_t got;
  MC_UNIX_BLOCKING(d, got = read(int_val(fd), chunk, (size_t)want));
  if (got == -1) mc_unix_raise_errno(d, "read", MC_UNIX_NO_ARG);
  memcpy(bytes_val(buf) + long_val(ofs), chunk, (size_t)got);
  return val_int(got);
}

/* Writes everything, chunk by chunk.  EAGAIN after some bytes went out
 * (a non-blocking descriptor) ends the loop with the count so far. */
value caml_unix_write(mc_domain *d, value fd, value buf, value ofs, value len) {
  GC_ROOTS(d, &buf);
  char chunk[MC_UNIX_IO_CHUNK];
  intptr_t pos = long_val(ofs), left = long_val(len), done = 0;
  while (left > 0) {
    size_t n = left > MC_UNIX_IO_CHUNK ? MC_UNIX_IO_CHUNK : (size_t)left;
    memcpy(chunk, bytes_val(buf) + pos, n);
    ssize_t put;
    MC_UNIX_BLOCKING(d, put = write(int_val(fd), chunk, n));
    if (put == -1) {
      if ((errno == EAGAIN || errno == EWOULDBLOCK) && done > 0) break;
      mc_unix_raise_errno(d, "write", MC_UNIX_NO_ARG);
    }
    done += put;
    pos += put;
    left -= put;
  }
  return val_long(done);
}

/* One write() of at most one chunk. */
value caml_unix_single_write(mc_domain *d, value fd, value buf, value ofs, value len) {
  GC_ROOTS(d, &buf);
  char chunk[MC_UNIX_IO_CHUNK];
  intptr_t want = long_val(len);
  if (want <= 0) return val_int(0);
  size_t n = want > MC_UNIX_IO_CHUNK ? MC_UNIX_IO_CHUNK : (size_t)want;
  memcpy(chunk, bytes_val(buf) + long_val(ofs), n);
  ssize_t put;
  MC_UNIX_BLOCKING(d, put = write(int_val(fd), chunk, n));
  if (put == -1) mc_unix_raise_errno(d, "single_write", MC_UNIX_NO_ARG);
  return val_int(put);
}

/* Bigarray data lives outside the heap: the system calls use it in place. */
value caml_unix_read_bigarray(mc_domain *d, value fd, value ba, value ofs, value len) {
  char *data = (char *)mc_ba_data_val(ba) + long_val(ofs);
  ssize_t got;
  MC_UNIX_BLOCKING(d, got = read(int_val(fd), data, (size_t)long_val(len)));
  if (got == -1) mc_unix_raise_errno(d, "read_bigarray", MC_UNIX_NO_ARG);
  return val_long(got);
}

value caml_unix_write_bigarray(mc_domain *d, value fd, value ba, value ofs, value len,
                               value single) {
  const char *data = (const char *)mc_ba_data_val(ba) + long_val(ofs);
  intptr_t left = long_val(len), done = 0;
  int desc = int_val(fd), err = 0;
  bool once = bool_val(single);
  mc_enter_blocking_section(d);
  while (left > 0) {
    ssize_t put = write(desc, data + done, (size_t)left);
    if (put == -1) {
      if ((errno == EAGAIN || errno == EWOULDBLOCK) && done > 0) break;
      err = errno;
      break;
    }
    done += put;
    left -= put;
    if (once) break;
  }
  mc_leave_blocking_section(d);
  if (err != 0) mc_unix_raise(d, err, "write_bigarray", MC_UNIX_NO_ARG);
  return val_long(done);
}

/* ------------------------------------------------------------------ */
/* Channels over descriptors                                           */
/* ------------------------------------------------------------------ */

/* Buffered channels need byte-stream semantics: regular files, character
 * devices, pipes and stream sockets.  Returns 0 or the errno to report. */
static int stream_check(int fd) {
  struct stat st;
  if (fstat(fd, &st) == -1) return errno;
  switch (st.st_mode & S_IFMT) {
    case S_IFREG:
    case S_IFCHR:
    case S_IFIFO:
      return 0;
    case S_IFSOCK: {
      int type;
      socklen_t size = sizeof type;
      if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == -1) return errno;
      return type == SOCK_STREAM ? 0 : EINVAL;
    }
    default:
      return EINVAL;
  }
}

static value channel_of_descr(mc_domain *d, value fd, bool output, const char *fn) {
  int err;
  MC_UNIX_BLOCKING(d, err = stream_check(int_val(fd)));
  if (err != 0) mc_unix_raise(d, err, fn, MC_UNIX_NO_ARG);
  return mc_open_descriptor(d, int_val(fd), output, 0);
}

value caml_unix_inchannel_of_filedescr(mc_domain *d, value fd) {
  return channel_of_descr(d, fd, false, "in_channel_of_descr");
}

value caml_unix_outchannel_of_filedescr(mc_domain *d, value fd) {
  return channel_of_descr(d, fd, true, "out_channel_of_descr");
}

/* ------------------------------------------------------------------ */
/* Positions and sizes                                                 */
/* ------------------------------------------------------------------ */

static const int whence_of_command[] = {SEEK_SET, SEEK_CUR, SEEK_END};

static off_t seek(mc_domain *d, value fd, off_t where, value cmd) {
  off_t pos;
  MC_UNIX_BLOCKING(d, pos = lseek(int_val(fd), where, whence_of_command[int_val(cmd)]));
  if (pos == -1) mc_unix_raise_errno(d, "lseek", MC_UNIX_NO_ARG);
  return pos;
}

value caml_unix_lseek(mc_domain *d, value fd, value ofs, value cmd) {
  off_t pos = seek(d, fd, (off_t)long_val(ofs), cmd);
  if (pos > MAX_LONG) mc_unix_raise(d, EOVERFLOW, "lseek", MC_UNIX_NO_ARG);
  return val_long(pos);
}

value caml_unix_lseek_64(mc_domain *d, value fd, value ofs, value cmd) {
  return mc_copy_int64(d, seek(d, fd, (off_t)int64_val(ofs), cmd));
}

static value resize(mc_domain *d, value fd, off_t len) {
  int rc;
  MC_UNIX_BLOCKING(d, rc = ftruncate(int_val(fd), len));
  if (rc == -1) mc_unix_raise_errno(d, "ftruncate", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_ftruncate(mc_domain *d, value fd, value len) {
  return resize(d, fd, (off_t)long_val(len));
}

value caml_unix_ftruncate_64(mc_domain *d, value fd, value len) {
  return resize(d, fd, (off_t)int64_val(len));
}

/* ------------------------------------------------------------------ */
/* stat                                                                */
/* ------------------------------------------------------------------ */

/* Unix.file_kind: S_REG, S_DIR, S_CHR, S_BLK, S_LNK, S_FIFO, S_SOCK. */
static const int kind_of_mode[] = {S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFLNK, S_IFIFO, S_IFSOCK};

/* Seconds as a float whose integral part is exactly `sec`, even when the
 * nanoseconds round the sum up to the next second. */
static double seconds(time_t sec, long nsec) {
  double whole = (double)sec;
  double t = whole + (double)nsec / 1e9;
  return t == whole + 1.0 ? nextafter(t, whole) : t;
}

/* The Unix.stats record (or LargeFile.stats, with an int64 size): the
 * twelve fields are gathered in a rooted C array, boxed ones included,
 * then copied into the block. */
enum { STATS_FIELDS = 12, STATS_SIZE = 8, STATS_ATIME = 9, STATS_MTIME = 10, STATS_CTIME = 11 };

static value stats_record(mc_domain *d, const struct stat *st, bool large) {
  value part[STATS_FIELDS] = {
      val_long(st->st_dev),
      val_long(st->st_ino),
      val_int(mc_unix_index_of((int)(st->st_mode & S_IFMT), kind_of_mode, 7, 0)),
      val_int(st->st_mode & 07777),
      val_long(st->st_nlink),
      val_long(st->st_uid),
      val_long(st->st_gid),
      val_long(st->st_rdev),
      val_unit, val_unit, val_unit, val_unit};
  GC_ROOTS_ARRAY(d, part, STATS_FIELDS);
  part[STATS_ATIME] = mc_copy_double(d, seconds(st->st_atim.tv_sec, st->st_atim.tv_nsec));
  part[STATS_MTIME] = mc_copy_double(d, seconds(st->st_mtim.tv_sec, st->st_mtim.tv_nsec));
  part[STATS_CTIME] = mc_copy_double(d, seconds(st->st_ctim.tv_sec, st->st_ctim.tv_nsec));
  part[STATS_SIZE] = large ? mc_copy_int64(d, st->st_size) : val_long(st->st_size);
  value r = mc_alloc_small(d, STATS_FIELDS, 0);
  memcpy(&field(r, 0), part, sizeof part);
  return r;
}

enum stat_how { BY_PATH, BY_LINK, BY_FD };

/* The six stat primitives.  Without `large`, a regular file too big for
 * an OCaml int is EOVERFLOW. */
static value do_stat(mc_domain *d, enum stat_how how, value arg, bool large) {
  const char *fn = how == BY_PATH ? "stat" : how == BY_LINK ? "lstat" : "fstat";
  value path = how == BY_FD ? MC_UNIX_NO_ARG : arg;
  char *p = how == BY_FD ? NULL : mc_unix_path(d, arg, fn);
  GC_ROOTS(d, &arg);
  struct stat st;
  int rc;
  mc_enter_blocking_section(d);
  if (how == BY_FD) rc = fstat(int_val(arg), &st);
  else if (how == BY_LINK) rc = lstat(p, &st);
  else rc = stat(p, &st);
  int err = errno;
  mc_leave_blocking_section(d);
  free(p);
  if (how != BY_FD) path = arg;
  if (rc == -1) mc_unix_raise(d, err, fn, path);
  if (!large && st.st_size > MAX_LONG && S_ISREG(st.st_mode))
    mc_unix_raise(d, EOVERFLOW, fn, path);
  return stats_record(d, &st, large);
}

value caml_unix_stat(mc_domain *d, value path) { return do_stat(d, BY_PATH, path, false); }
value caml_unix_lstat(mc_domain *d, value path) { return do_stat(d, BY_LINK, path, false); }
value caml_unix_fstat(mc_domain *d, value fd) { return do_stat(d, BY_FD, fd, false); }
value caml_unix_stat_64(mc_domain *d, value path) { return do_stat(d, BY_PATH, path, true); }
value caml_unix_lstat_64(mc_domain *d, value path) { return do_stat(d, BY_LINK, path, true); }
value caml_unix_fstat_64(mc_domain *d, value fd) { return do_stat(d, BY_FD, fd, true); }

value caml_unix_isatty(mc_domain *d, value fd) {
  (void)d;
  return val_bool(isatty(int_val(fd)));
}

/* ------------------------------------------------------------------ */
/* Permissions and descriptor flags                                    */
/* ------------------------------------------------------------------ */

value caml_unix_fchmod(mc_domain *d, value fd, value perm) {
  int rc;
  MC_UNIX_BLOCKING(d, rc = fchmod(int_val(fd), (mode_t)int_val(perm)));
  if (rc == -1) mc_unix_raise_errno(d, "fchmod", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_fchown(mc_domain *d, value fd, value uid, value gid) {
  int rc;
  MC_UNIX_BLOCKING(d, rc = fchown(int_val(fd), (uid_t)int_val(uid), (gid_t)int_val(gid)));
  if (rc == -1) mc_unix_raise_errno(d, "fchown", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_umask(mc_domain *d, value perm) {
  (void)d;
  return val_int(umask((mode_t)int_val(perm)));
}

value caml_unix_dup(mc_domain *d, value cloexec, value fd) {
  int cmd = mc_unix_cloexec_wanted(cloexec) ? F_DUPFD_CLOEXEC : F_DUPFD;
  int copy = fcntl(int_val(fd), cmd, 0);
  if (copy == -1) mc_unix_raise_errno(d, "dup", MC_UNIX_NO_ARG);
  return val_int(copy);
}

/* dup2 onto itself only adjusts close-on-exec, and only when asked. */
value caml_unix_dup2(mc_domain *d, value cloexec, value src, value dst) {
  int from = int_val(src), to = int_val(dst);
  if (from == to) {
    if (is_block(cloexec)) mc_unix_set_cloexec(d, to, bool_val(field(cloexec, 0)), "dup2");
    return val_unit;
  }
  if (dup3(from, to, mc_unix_cloexec_wanted(cloexec) ? O_CLOEXEC : 0) == -1)
    mc_unix_raise_errno(d, "dup2", MC_UNIX_NO_ARG);
  return val_unit;
}

static value change_status_flag(mc_domain *d, value fd, bool on, const char *fn) {
  int bits = fcntl(int_val(fd), F_GETFL, 0);
  if (bits != -1) bits = fcntl(int_val(fd), F_SETFL, on ? bits | O_NONBLOCK : bits & ~O_NONBLOCK);
  if (bits == -1) mc_unix_raise_errno(d, fn, MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_set_nonblock(mc_domain *d, value fd) {
  return change_status_flag(d, fd, true, "set_nonblock");
}

value caml_unix_clear_nonblock(mc_domain *d, value fd) {
  return change_status_flag(d, fd, false, "clear_nonblock");
}

value caml_unix_set_close_on_exec(mc_domain *d, value fd) {
  mc_unix_set_cloexec(d, int_val(fd), true, "set_close_on_exec");
  return val_unit;
}

/* Stock reports errors of this one under the name "set_close_on_exec". */
value caml_unix_clear_close_on_exec(mc_domain *d, value fd) {
  mc_unix_set_cloexec(d, int_val(fd), false, "set_close_on_exec");
  return val_unit;
}

/* ------------------------------------------------------------------ */
/* Directories, links, times                                           */
/* ------------------------------------------------------------------ */

value caml_unix_getcwd(mc_domain *d, value unit) {
  (void)unit;
  char where[PATH_MAX];
  if (getcwd(where, sizeof where) == NULL) mc_unix_raise_errno(d, "getcwd", MC_UNIX_NO_ARG);
  return mc_copy_string(d, where);
}

value caml_unix_readlink(mc_domain *d, value path) {
  char *p = mc_unix_path(d, path, "readlink");
  GC_ROOTS(d, &path);
  char target[PATH_MAX];
  ssize_t n;
  MC_UNIX_BLOCKING(d, n = readlink(p, target, sizeof target - 1));
  int err = errno;
  free(p);
  if (n == -1) mc_unix_raise(d, err, "readlink", path);
  target[n] = '\0';
  return mc_copy_string(d, target);
}

value caml_unix_realpath(mc_domain *d, value path) {
  char *p = mc_unix_path(d, path, "realpath");
  GC_ROOTS(d, &path);
  char *full = realpath(p, NULL);
  int err = errno;
  free(p);
  if (full == NULL) mc_unix_raise(d, err, "realpath", path);
  value res = mc_copy_string(d, full);
  free(full);
  return res;
}

/* A directory handle is an abstract block whose one word holds the DIR
 * pointer, NULL once closed. */
#define dir_of(v) (*(DIR **)&field(v, 0))

value caml_unix_opendir(mc_domain *d, value path) {
  char *p = mc_unix_path(d, path, "opendir");
  GC_ROOTS(d, &path);
  DIR *dir;
  MC_UNIX_BLOCKING(d, dir = opendir(p));
  int err = errno;
  free(p);
  if (dir == NULL) mc_unix_raise(d, err, "opendir", path);
  value handle = mc_alloc_small(d, 1, ABSTRACT_TAG);
  dir_of(handle) = dir;
  return handle;
}

/* End of the directory is End_of_file; errors of readdir() read the same. */
value caml_unix_readdir(mc_domain *d, value handle) {
  DIR *dir = dir_of(handle);
  if (dir == NULL) mc_unix_raise(d, EBADF, "readdir", MC_UNIX_NO_ARG);
  struct dirent *entry;
  MC_UNIX_BLOCKING(d, entry = readdir(dir));
  if (entry == NULL) mc_raise_end_of_file(d);
  return mc_copy_string(d, entry->d_name);
}

value caml_unix_rewinddir(mc_domain *d, value handle) {
  DIR *dir = dir_of(handle);
  if (dir == NULL) mc_unix_raise(d, EBADF, "rewinddir", MC_UNIX_NO_ARG);
  rewinddir(dir);
  return val_unit;
}

value caml_unix_closedir(mc_domain *d, value handle) {
  DIR *dir = dir_of(handle);
  if (dir == NULL) mc_unix_raise(d, EBADF, "closedir", MC_UNIX_NO_ARG);
  GC_ROOTS(d, &handle);
  MC_UNIX_BLOCKING(d, closedir(dir));
  dir_of(handle) = NULL;
  return val_unit;
}

value caml_unix_pipe(mc_domain *d, value cloexec, value unit) {
  (void)unit;
  int ends[2];
  if (pipe2(ends, mc_unix_cloexec_wanted(cloexec) ? O_CLOEXEC : 0) == -1)
    mc_unix_raise_errno(d, "pipe", MC_UNIX_NO_ARG);
  value pair = mc_alloc_small(d, 2, 0);
  field(pair, 0) = val_int(ends[0]);
  field(pair, 1) = val_int(ends[1]);
  return pair;
}

/* Float seconds to a timeval, truncating both parts. */
static struct timeval timeval_of(double t) {
  struct timeval tv;
  tv.tv_sec = (time_t)t;
  tv.tv_usec = (suseconds_t)((t - (double)tv.tv_sec) * 1e6);
  return tv;
}

/* Both times 0.0 mean "now". */
value caml_unix_utimes(mc_domain *d, value path, value atime, value mtime) {
  double a = double_val(atime), m = double_val(mtime);
  struct timeval tv[2] = {timeval_of(a), timeval_of(m)};
  bool now = a == 0.0 && m == 0.0;
  char *p = mc_unix_path(d, path, "utimes");
  GC_ROOTS(d, &path);
  int rc;
  MC_UNIX_BLOCKING(d, rc = utimes(p, now ? NULL : tv));
  int err = errno;
  free(p);
  if (rc == -1) mc_unix_raise(d, err, "utimes", path);
  return val_unit;
}

/* Unix.lockf over fcntl record locks on the region [pos, pos+len) from
 * the current position (a negative len locks the bytes before it). */
value caml_unix_lockf(mc_domain *d, value fd, value cmd, value span) {
  enum { ULOCK, LOCK, TLOCK, TEST, RLOCK, TRLOCK };
  struct flock lk;
  memset(&lk, 0, sizeof lk);
  intptr_t len = long_val(span);
  lk.l_whence = SEEK_CUR;
  lk.l_start = len < 0 ? len : 0;
  lk.l_len = len < 0 ? -len : len;
  int desc = int_val(fd), rc;
  switch (int_val(cmd)) {
    case ULOCK:
      lk.l_type = F_UNLCK;
      rc = fcntl(desc, F_SETLK, &lk);
      break;
    case LOCK:
    case RLOCK:
      lk.l_type = int_val(cmd) == LOCK ? F_WRLCK : F_RDLCK;
      MC_UNIX_BLOCKING(d, rc = fcntl(desc, F_SETLKW, &lk));
      break;
    case TLOCK:
    case TRLOCK:
      lk.l_type = int_val(cmd) == TLOCK ? F_WRLCK : F_RDLCK;
      rc = fcntl(desc, F_SETLK, &lk);
      break;
    case TEST:
      lk.l_type = F_WRLCK;
      rc = fcntl(desc, F_GETLK, &lk);
      if (rc != -1 && lk.l_type != F_UNLCK) {
        errno = EACCES;
        rc = -1;
      }
      break;
    default:
      errno = EINVAL;
      rc = -1;
  }
  if (rc == -1) mc_unix_raise_errno(d, "lockf", MC_UNIX_NO_ARG);
  return val_unit;
}

/* ------------------------------------------------------------------ */
/* Mapped files                                                        */
/* ------------------------------------------------------------------ */

/* Unmaps a region that starts `addr` (not necessarily page aligned). */
static void unmap_region(void *addr, uintptr_t len) {
  if (len == 0) return;
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t shift = (uintptr_t)addr % page;
  void *start = (char *)addr - shift;
  msync(start, len + shift, MS_ASYNC);
  munmap(start, len + shift);
}

/* A bigarray over a mapping: only freeing differs from ordinary bigarrays,
 * so the other operations forward to bigarray.c's.  The identifier is
 * stock's for mapped arrays. */
static void mapped_finalize(value v) {
  struct mc_bigarray *b = mc_bigarray_val(v);
  struct mc_ba_proxy *px = b->proxy;
  if (px == NULL) {
    unmap_region(b->data, mc_ba_byte_size(b));
  } else if (atomic_fetch_sub_explicit(&px->refcount, 1, memory_order_acq_rel) == 1) {
    unmap_region(px->data, px->size);
    free(px);
  }
}

static int mapped_compare(value a, value b, int *unordered) {
  return mc_bigarray_ops.compare(a, b, unordered);
}

static intptr_t mapped_hash(value v) { return mc_bigarray_ops.hash(v); }

static void mapped_serialize(struct mc_ser *s, value v, uintptr_t *b32, uintptr_t *b64) {
  mc_bigarray_ops.serialize(s, v, b32, b64);
}

static uintptr_t mapped_deserialize(struct mc_deser *s, void *dst) {
  return mc_bigarray_ops.deserialize(s, dst);
}

static const struct mc_custom_ops mapped_ops = {
    .identifier = "_bigarray",
    .finalize = mapped_finalize,
    .compare = mapped_compare,
    .hash = mapped_hash,
    .serialize = mapped_serialize,
    .deserialize = mapped_deserialize,
};

/* Makes the file at least `size` bytes long without ever shrinking it:
 * one byte written at the end, or ftruncate for descriptors that cannot
 * seek (shared memory objects). */
static int extend_file(int fd, off_t size) {
  char zero = 0;
  int rc = (int)pwrite(fd, &zero, 1, size - 1);
  if (rc == -1 && errno == ESPIPE) rc = ftruncate(fd, size);
  return rc;
}

/* Unix.map_file fd kind layout shared dims pos.  A major dimension of -1
 * is computed from the file size.  The checks that stock makes with the
 * domain released are made there too. */
value caml_unix_map_file_bytecode(mc_domain *d, value *argv, int argc) {
  (void)argc;
  int fd = int_val(argv[0]);
  int flags = int_val(argv[1]) | (int_val(argv[2]) << MC_BA_LAYOUT_SHIFT);
  bool shared = bool_val(argv[3]);
  value vdims = argv[4];
  off_t start = (off_t)int64_val(argv[5]);
  intptr_t ndims = (intptr_t)wosize_val(vdims);
  intptr_t major = (flags & MC_BA_FORTRAN_LAYOUT) ? ndims - 1 : 0;
  intptr_t dims[MC_BA_MAX_NUM_DIMS];
  if (ndims < 1 || ndims > MC_BA_MAX_NUM_DIMS)
    mc_invalid_argument(d, "Unix.map_file: bad number of dimensions");
  for (intptr_t i = 0; i < ndims; i++) {
    dims[i] = long_val(field(vdims, i));
    if (dims[i] == -1 && i == major) continue;
    if (dims[i] < 0) mc_invalid_argument(d, "Unix.map_file: negative dimension");
  }

  enum { OK, SYS_FAIL, BEYOND_END, SIZE_MISMATCH } outcome = OK;
  int err = 0;
  void *addr = NULL;
  uintptr_t shift = 0;
  mc_enter_blocking_section(d);
  struct stat st;
  uintptr_t bytes = mc_ba_element_size[flags & MC_BA_KIND_MASK];
  if (fstat(fd, &st) == -1) {
    outcome = SYS_FAIL;
  } else {
    for (intptr_t i = 0; i < ndims; i++)
      if (dims[i] != -1) bytes *= (uintptr_t)dims[i];
    if (dims[major] == -1) {
      if (st.st_size < start) {
        outcome = BEYOND_END;
      } else {
        uintptr_t avail = (uintptr_t)(st.st_size - start);
        dims[major] = (intptr_t)(avail / bytes);
        bytes *= (uintptr_t)dims[major];
        if (bytes != avail) outcome = SIZE_MISMATCH;
      }
    } else if (st.st_size < start + (off_t)bytes) {
      if (extend_file(fd, start + (off_t)bytes) == -1) outcome = SYS_FAIL;
    }
  }
  if (outcome == OK && bytes > 0) {
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    shift = (uintptr_t)start % page;
    addr = mmap(NULL, bytes + shift, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE,
                fd, start - (off_t)shift);
    if (addr == MAP_FAILED) outcome = SYS_FAIL;
  }
  err = errno;
  mc_leave_blocking_section(d);

  switch (outcome) {
    case SYS_FAIL: mc_unix_raise(d, err, "map_file", MC_UNIX_NO_ARG);
    case BEYOND_END: mc_failwith(d, "Unix.map_file: file position exceeds file size");
    case SIZE_MISMATCH: mc_failwith(d, "Unix.map_file: file size doesn't match array dimensions");
    case OK: break;
  }
  if (addr != NULL) addr = (char *)addr + shift;
  value res = mc_alloc_custom(d, &mapped_ops,
                              sizeof(struct mc_bigarray) + (size_t)ndims * sizeof(intptr_t), 0, 1);
  struct mc_bigarray *b = mc_bigarray_val(res);
  b->data = addr;
  b->num_dims = ndims;
  b->flags = flags | MC_BA_MAPPED_FILE;
  b->proxy = NULL;
  memcpy(b->dim, dims, (size_t)ndims * sizeof(intptr_t));
  return res;
}
