/* unix_net.c: Unix primitives for networking: socket addresses, sockets
 * and their options, sending and receiving, name services (hosts,
 * protocols, services, getaddrinfo/getnameinfo), and select. */

#include <arpa/inet.h>
#include <netdb.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/tcp.h>
#include <sys/select.h>
#include "alloc.h"
#include "fail.h"
#include "unix.h"

/* Unix.socket_domain: PF_UNIX, PF_INET, PF_INET6. */
const int mc_unix_socket_domains[3] = {PF_UNIX, PF_INET, PF_INET6};
/* Unix.socket_type: SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET. */
const int mc_unix_socket_types[4] = {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET};

/* Unix.sockaddr constructors. */
enum { ADDR_UNIX_TAG = 0, ADDR_INET_TAG = 1 };

/* ------------------------------------------------------------------ */
/* Addresses                                                           */
/* ------------------------------------------------------------------ */

/* An inet_addr is a string holding the address in network byte order:
 * 4 bytes for IPv4, 16 for IPv6. */
#define INET6_BYTES 16
#define INET4_BYTES 4

int mc_unix_sockaddr_decode(value addr, union mc_sockaddr *out, socklen_t *len) {
  memset(out, 0, sizeof *out);
  if (tag_val(addr) == ADDR_UNIX_TAG) {
    value path = field(addr, 0);
    mlsize_t n = string_length(path);
    if (n >= sizeof out->un.sun_path) return ENAMETOOLONG;
    /* A leading NUL names a Linux abstract socket; NULs may follow. */
    if (n > 0 && byte_u(path, 0) != 0 && !mc_unix_c_safe(path)) return ENOENT;
    out->un.sun_family = AF_UNIX;
    memcpy(out->un.sun_path, string_val(path), n);
    *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    return 0;
  }
  value host = field(addr, 0);
  uint16_t port = htons((uint16_t)int_val(field(addr, 1)));
  if (string_length(host) == INET6_BYTES) {
    out->in6.sin6_family = AF_INET6;
    memcpy(&out->in6.sin6_addr, string_val(host), INET6_BYTES);
    out->in6.sin6_port = port;
    *len = sizeof out->in6;
  } else {
    out->in4.sin_family = AF_INET;
    memcpy(&out->in4.sin_addr, string_val(host), INET4_BYTES);
    out->in4.sin_port = port;
    *len = sizeof out->in4;
  }
  return 0;
}

void mc_unix_sockaddr_of_value(mc_domain *d, value addr, union mc_sockaddr *out,
                               socklen_t *len) {
  int err = mc_unix_sockaddr_decode(addr, out, len);
  if (err != 0) mc_unix_raise(d, err, "", field(addr, 0));
}

value mc_unix_sockaddr_to_value(mc_domain *d, const union mc_sockaddr *sa, socklen_t len,
                                int close_fd) {
  value part = val_unit;
  GC_ROOTS(d, &part);
  /* Too short to hold even the family: an unnamed Unix-domain socket,
   * whose family field may be garbage. */
  bool unnamed = len < offsetof(struct sockaddr, sa_data);
  switch (unnamed ? AF_UNIX : sa->gen.sa_family) {
    case AF_UNIX: {
      size_t start = offsetof(struct sockaddr_un, sun_path);
      size_t n = len > start ? len - start : 0;
      /* Abstract names keep every byte; paths end at the first NUL. */
      if (n > 0 && sa->un.sun_path[0] != '\0') n = strnlen(sa->un.sun_path, n);
      part = mc_copy_string_len(d, sa->un.sun_path, n);
      value r = mc_alloc_small(d, 1, ADDR_UNIX_TAG);
      field(r, 0) = part;
      return r;
    }
    case AF_INET:
      part = mc_copy_string_len(d, (const char *)&sa->in4.sin_addr, INET4_BYTES);
      return mc_alloc_pair(d, ADDR_INET_TAG, part, val_int(ntohs(sa->in4.sin_port)));
    case AF_INET6:
      part = mc_copy_string_len(d, (const char *)&sa->in6.sin6_addr, INET6_BYTES);
      return mc_alloc_pair(d, ADDR_INET_TAG, part, val_int(ntohs(sa->in6.sin6_port)));
    default:
      if (close_fd != -1) close(close_fd);
      mc_unix_raise(d, EAFNOSUPPORT, "", MC_UNIX_NO_ARG);
  }
}

value caml_unix_inet_addr_of_string(mc_domain *d, value s) {
  if (!mc_unix_c_safe(s)) mc_failwith(d, "inet_addr_of_string");
  unsigned char bytes[INET6_BYTES];
  if (inet_pton(AF_INET, string_val(s), bytes) > 0)
    return mc_copy_string_len(d, (const char *)bytes, INET4_BYTES);
  if (inet_pton(AF_INET6, string_val(s), bytes) > 0)
    return mc_copy_string_len(d, (const char *)bytes, INET6_BYTES);
  mc_failwith(d, "inet_addr_of_string");
}

value caml_unix_string_of_inet_addr(mc_domain *d, value a) {
  char text[INET6_ADDRSTRLEN + 1];
  bool six = string_length(a) == INET6_BYTES;
  if (inet_ntop(six ? AF_INET6 : AF_INET, string_val(a), text, sizeof text) == NULL)
    mc_unix_raise_errno(d, "string_of_inet_addr", MC_UNIX_NO_ARG);
  return mc_copy_string(d, text);
}

/* ------------------------------------------------------------------ */
/* Sockets                                                             */
/* ------------------------------------------------------------------ */

static int socket_type_bits(value cloexec, value type) {
  int bits = mc_unix_socket_types[int_val(type)];
  return mc_unix_cloexec_wanted(cloexec) ? bits | SOCK_CLOEXEC : bits;
}

value caml_unix_socket(mc_domain *d, value cloexec, value domain, value type, value proto) {
  int fd = socket(mc_unix_socket_domains[int_val(domain)], socket_type_bits(cloexec, type),
                  int_val(proto));
  if (fd == -1) mc_unix_raise_errno(d, "socket", MC_UNIX_NO_ARG);
  return val_int(fd);
}

value caml_unix_socketpair(mc_domain *d, value cloexec, value domain, value type, value proto) {
  int ends[2];
  if (socketpair(mc_unix_socket_domains[int_val(domain)], socket_type_bits(cloexec, type),
                 int_val(proto), ends) == -1)
    mc_unix_raise_errno(d, "socketpair", MC_UNIX_NO_ARG);
  return mc_alloc_pair(d, 0, val_int(ends[0]), val_int(ends[1]));
}

value caml_unix_accept(mc_domain *d, value cloexec, value sock) {
  union mc_sockaddr peer;
  socklen_t len = sizeof peer;
  int flags = mc_unix_cloexec_wanted(cloexec) ? SOCK_CLOEXEC : 0;
  int fd;
  MC_UNIX_BLOCKING(d, fd = accept4(int_val(sock), &peer.gen, &len, flags));
  if (fd == -1) mc_unix_raise_errno(d, "accept", MC_UNIX_NO_ARG);
  value addr = mc_unix_sockaddr_to_value(d, &peer, len, fd);
  return mc_alloc_pair(d, 0, val_int(fd), addr);
}

value caml_unix_bind(mc_domain *d, value sock, value address) {
  union mc_sockaddr sa;
  socklen_t len;
  mc_unix_sockaddr_of_value(d, address, &sa, &len);
  if (bind(int_val(sock), &sa.gen, len) == -1) mc_unix_raise_errno(d, "bind", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_connect(mc_domain *d, value sock, value address) {
  union mc_sockaddr sa;
  socklen_t len;
  mc_unix_sockaddr_of_value(d, address, &sa, &len);
  int rc;
  MC_UNIX_BLOCKING(d, rc = connect(int_val(sock), &sa.gen, len));
  if (rc == -1) mc_unix_raise_errno(d, "connect", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_listen(mc_domain *d, value sock, value backlog) {
  if (listen(int_val(sock), int_val(backlog)) == -1)
    mc_unix_raise_errno(d, "listen", MC_UNIX_NO_ARG);
  return val_unit;
}

/* Unix.shutdown_command: SHUTDOWN_RECEIVE, SHUTDOWN_SEND, SHUTDOWN_ALL
 * are SHUT_RD, SHUT_WR, SHUT_RDWR. */
value caml_unix_shutdown(mc_domain *d, value sock, value cmd) {
  static const int how[] = {SHUT_RD, SHUT_WR, SHUT_RDWR};
  if (shutdown(int_val(sock), how[int_val(cmd)]) == -1)
    mc_unix_raise_errno(d, "shutdown", MC_UNIX_NO_ARG);
  return val_unit;
}

value caml_unix_getsockname(mc_domain *d, value sock) {
  union mc_sockaddr sa;
  socklen_t len = sizeof sa;
  if (getsockname(int_val(sock), &sa.gen, &len) == -1)
    mc_unix_raise_errno(d, "getsockname", MC_UNIX_NO_ARG);
  return mc_unix_sockaddr_to_value(d, &sa, len, -1);
}

value caml_unix_getpeername(mc_domain *d, value sock) {
  union mc_sockaddr sa;
  socklen_t len = sizeof sa;
  if (getpeername(int_val(sock), &sa.gen, &len) == -1)
    mc_unix_raise_errno(d, "getpeername", MC_UNIX_NO_ARG);
  return mc_unix_sockaddr_to_value(d, &sa, len, -1);
}

/* ------------------------------------------------------------------ */
/* Sending and receiving                                               */
/* ------------------------------------------------------------------ */

/* Unix.msg_flag: MSG_OOB, MSG_DONTROUTE, MSG_PEEK. */
static const int msg_bits[] = {MSG_OOB, MSG_DONTROUTE, MSG_PEEK};

static size_t chunk_length(value len) {
  intptr_t n = long_val(len);
  return n > MC_UNIX_IO_CHUNK ? MC_UNIX_IO_CHUNK : (size_t)n;
}

/* recv and recvfrom: one call into a C buffer, copied into the (rooted)
 * bytes afterwards.  With `from`, *from receives the sender's address. */
static value receive(mc_domain *d, value sock, value *buf, value ofs, value len, value flags,
                     value *from) {
  char chunk[MC_UNIX_IO_CHUNK];
  int bits = mc_unix_flag_list(flags, msg_bits);
  size_t n = chunk_length(len);
  union mc_sockaddr sa;
  socklen_t salen = sizeof sa;
  ssize_t got;
  MC_UNIX_BLOCKING(d, got = from != NULL
                              ? recvfrom(int_val(sock), chunk, n, bits, &sa.gen, &salen)
                              : recv(int_val(sock), chunk, n, bits));
  if (got == -1) mc_unix_raise_errno(d, from != NULL ? "recvfrom" : "recv", MC_UNIX_NO_ARG);
  memcpy(bytes_val(*buf) + long_val(ofs), chunk, (size_t)got);
  if (from != NULL) *from = mc_unix_sockaddr_to_value(d, &sa, salen, -1);
  return val_int(got);
}

value caml_unix_recv(mc_domain *d, value sock, value buf, value ofs, value len, value flags) {
  GC_ROOTS(d, &buf);
  return receive(d, sock, &buf, ofs, len, flags, NULL);
}

value caml_unix_recvfrom(mc_domain *d, value sock, value buf, value ofs, value len,
                         value flags) {
  value from = val_unit;
  GC_ROOTS(d, &buf, &from);
  value got = receive(d, sock, &buf, ofs, len, flags, &from);
  return mc_alloc_pair(d, 0, got, from);
}

/* send and sendto: the data is copied out before the domain is released;
 * `dest` is decoded first, so a bad address fails before anything is
 * sent. */
static value transmit(mc_domain *d, value sock, value buf, value ofs, value len, value flags,
                      value dest) {
  char chunk[MC_UNIX_IO_CHUNK];
  int bits = mc_unix_flag_list(flags, msg_bits);
  union mc_sockaddr sa;
  socklen_t salen = 0;
  bool to = dest != MC_UNIX_NO_ARG;
  if (to) mc_unix_sockaddr_of_value(d, dest, &sa, &salen);
  size_t n = chunk_length(len);
  memcpy(chunk, bytes_val(buf) + long_val(ofs), n);
  ssize_t put;
  MC_UNIX_BLOCKING(d, put = to ? sendto(int_val(sock), chunk, n, bits, &sa.gen, salen)
                               : send(int_val(sock), chunk, n, bits));
  if (put == -1) mc_unix_raise_errno(d, to ? "sendto" : "send", MC_UNIX_NO_ARG);
  return val_int(put);
}

value caml_unix_send(mc_domain *d, value sock, value buf, value ofs, value len, value flags) {
  return transmit(d, sock, buf, ofs, len, flags, MC_UNIX_NO_ARG);
}

value caml_unix_sendto(mc_domain *d, value *argv, int argc) {
  (void)argc;
  return transmit(d, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5]);
}

/* ------------------------------------------------------------------ */
/* Socket options                                                      */
/* ------------------------------------------------------------------ */

/* The option kinds of unix.ml's SO_* witnesses, in order, with the
 * options of each kind in the order of their OCaml constructors. */
enum opt_kind { OPT_BOOL, OPT_INT, OPT_LINGER, OPT_TIMEVAL, OPT_ERROR, OPT_NKINDS };

struct sockopt {
  int level, name;
};

static const struct sockopt bool_options[] = {
    {SOL_SOCKET, SO_DEBUG},      {SOL_SOCKET, SO_BROADCAST}, {SOL_SOCKET, SO_REUSEADDR},
    {SOL_SOCKET, SO_KEEPALIVE},  {SOL_SOCKET, SO_DONTROUTE}, {SOL_SOCKET, SO_OOBINLINE},
    {SOL_SOCKET, SO_ACCEPTCONN}, {IPPROTO_TCP, TCP_NODELAY}, {IPPROTO_IPV6, IPV6_V6ONLY},
    {SOL_SOCKET, SO_REUSEPORT}};
static const struct sockopt int_options[] = {
    {SOL_SOCKET, SO_SNDBUF}, {SOL_SOCKET, SO_RCVBUF},   {SOL_SOCKET, SO_ERROR},
    {SOL_SOCKET, SO_TYPE},   {SOL_SOCKET, SO_RCVLOWAT}, {SOL_SOCKET, SO_SNDLOWAT}};
static const struct sockopt linger_options[] = {{SOL_SOCKET, SO_LINGER}};
static const struct sockopt timeval_options[] = {{SOL_SOCKET, SO_RCVTIMEO},
                                                 {SOL_SOCKET, SO_SNDTIMEO}};
static const struct sockopt error_options[] = {{SOL_SOCKET, SO_ERROR}};

static const struct {
  const struct sockopt *options;
  const char *get_name, *set_name;
} opt_kinds[OPT_NKINDS] = {
    [OPT_BOOL] = {bool_options, "getsockopt", "setsockopt"},
    [OPT_INT] = {int_options, "getsockopt_int", "setsockopt_int"},
    [OPT_LINGER] = {linger_options, "getsockopt_optint", "setsockopt_optint"},
    [OPT_TIMEVAL] = {timeval_options, "getsockopt_float", "setsockopt_float"},
    [OPT_ERROR] = {error_options, "getsockopt_error", "setsockopt_error"}};

union opt_buffer {
  int i;
  struct linger lg;
  struct timeval tv;
};

static socklen_t opt_size(enum opt_kind kind) {
  switch (kind) {
    case OPT_LINGER: return sizeof(struct linger);
    case OPT_TIMEVAL: return sizeof(struct timeval);
    default: return sizeof(int);
  }
}

value caml_unix_getsockopt(mc_domain *d, value vkind, value sock, value opt) {
  enum opt_kind kind = (enum opt_kind)int_val(vkind);
  const struct sockopt *o = &opt_kinds[kind].options[int_val(opt)];
  const char *fn = opt_kinds[kind].get_name;
  union opt_buffer buf;
  memset(&buf, 0, sizeof buf);
  socklen_t size = opt_size(kind);
  if (getsockopt(int_val(sock), o->level, o->name, &buf, &size) == -1)
    mc_unix_raise_errno(d, fn, MC_UNIX_NO_ARG);
  switch (kind) {
    case OPT_BOOL: return val_bool(buf.i);
    case OPT_INT: return val_int(buf.i);
    case OPT_LINGER:
      return buf.lg.l_onoff == 0 ? val_none : mc_alloc_some(d, val_int(buf.lg.l_linger));
    case OPT_TIMEVAL:
      return mc_copy_double(d, (double)buf.tv.tv_sec + (double)buf.tv.tv_usec / 1e6);
    case OPT_ERROR: {
      if (buf.i == 0) return val_none;
      value err = mc_unix_error_of_errno(d, buf.i);
      return mc_alloc_some(d, err);
    }
    default:
      mc_unix_raise(d, EINVAL, fn, MC_UNIX_NO_ARG);
  }
}

value caml_unix_setsockopt(mc_domain *d, value vkind, value sock, value opt, value v) {
  enum opt_kind kind = (enum opt_kind)int_val(vkind);
  const struct sockopt *o = &opt_kinds[kind].options[int_val(opt)];
  const char *fn = opt_kinds[kind].set_name;
  union opt_buffer buf;
  memset(&buf, 0, sizeof buf);
  switch (kind) {
    case OPT_BOOL:
    case OPT_INT:
      buf.i = int_val(v);
      break;
    case OPT_LINGER:
      buf.lg.l_onoff = is_block(v);
      if (is_block(v)) buf.lg.l_linger = int_val(field(v, 0));
      break;
    case OPT_TIMEVAL: {
      double secs = double_val(v);
      buf.tv.tv_sec = (int)secs;
      buf.tv.tv_usec = (int)(1e6 * (secs - (double)buf.tv.tv_sec));
      break;
    }
    default:
      mc_unix_raise(d, EINVAL, fn, MC_UNIX_NO_ARG);
  }
  if (setsockopt(int_val(sock), o->level, o->name, &buf, opt_size(kind)) == -1)
    mc_unix_raise_errno(d, fn, MC_UNIX_NO_ARG);
  return val_unit;
}

/* ------------------------------------------------------------------ */
/* Name services                                                       */
/* ------------------------------------------------------------------ */

value caml_unix_gethostname(mc_domain *d, value unit) {
  (void)unit;
  char name[256];
  if (gethostname(name, sizeof name) == -1) name[0] = '\0';
  name[sizeof name - 1] = '\0';
  return mc_copy_string(d, name);
}

/* Scratch space for the reentrant netdb lookups. */
#define NETDB_SCRATCH 16384

/* An OCaml array of the strings of a NULL-terminated list; `width` 0 for
 * C strings, else the byte length of each (binary addresses). */
static value string_list_array(mc_domain *d, char **items, size_t width) {
  if (items == NULL) return atom(0);
  mlsize_t n = 0;
  while (items[n] != NULL) n++;
  if (n == 0) return atom(0);
  value arr = mc_alloc(d, n, 0);
  GC_ROOTS(d, &arr);
  for (mlsize_t i = 0; i < n; i++) {
    value s = width == 0 ? mc_copy_string(d, items[i]) : mc_copy_string_len(d, items[i], width);
    mc_modify(d, &field(arr, i), s);
  }
  return arr;
}

/* Unix.host_entry: name, aliases, address family, addresses. */
static value host_record(mc_domain *d, struct hostent *h) {
  value name = val_unit, aliases = val_unit, addrs = val_unit;
  GC_ROOTS(d, &name, &aliases, &addrs);
  name = mc_copy_string(d, h->h_name);
  aliases = string_list_array(d, h->h_aliases, 0);
  addrs = string_list_array(d, h->h_addr_list, h->h_length == INET6_BYTES ? INET6_BYTES : INET4_BYTES);
  int family = h->h_addrtype == PF_UNIX ? 0 : h->h_addrtype == PF_INET ? 1 : 2;
  value r = mc_alloc_small(d, 4, 0);
  field(r, 0) = name;
  field(r, 1) = aliases;
  field(r, 2) = val_int(family);
  field(r, 3) = addrs;
  return r;
}

value caml_unix_gethostbyname(mc_domain *d, value vname) {
  if (!mc_unix_c_safe(vname)) mc_raise_not_found(d);
  char *name = mc_xstrdup(string_val(vname));
  char *scratch = mc_xmalloc(NETDB_SCRATCH);
  struct hostent entry, *found = NULL;
  int herr;
  MC_UNIX_BLOCKING(d, gethostbyname_r(name, &entry, scratch, NETDB_SCRATCH, &found, &herr));
  free(name);
  if (found == NULL) {
    free(scratch);
    mc_raise_not_found(d);
  }
  /* The entry points into scratch until converted. */
  value r = host_record(d, found);
  free(scratch);
  return r;
}

value caml_unix_gethostbyaddr(mc_domain *d, value a) {
  unsigned char bytes[INET6_BYTES];
  bool six = string_length(a) == INET6_BYTES;
  memcpy(bytes, string_val(a), six ? INET6_BYTES : INET4_BYTES);
  char *scratch = mc_xmalloc(NETDB_SCRATCH);
  struct hostent entry, *found = NULL;
  int herr;
  MC_UNIX_BLOCKING(d, gethostbyaddr_r(bytes, six ? INET6_BYTES : INET4_BYTES,
                                      six ? AF_INET6 : AF_INET, &entry, scratch,
                                      NETDB_SCRATCH, &found, &herr));
  if (found == NULL) {
    free(scratch);
    mc_raise_not_found(d);
  }
  value r = host_record(d, found);
  free(scratch);
  return r;
}

/* Unix.protocol_entry: name, aliases, number. */
static value proto_record(mc_domain *d, struct protoent *p) {
  value name = val_unit, aliases = val_unit;
  GC_ROOTS(d, &name, &aliases);
  name = mc_copy_string(d, p->p_name);
  aliases = string_list_array(d, p->p_aliases, 0);
  value r = mc_alloc_small(d, 3, 0);
  field(r, 0) = name;
  field(r, 1) = aliases;
  field(r, 2) = val_int(p->p_proto);
  return r;
}

value caml_unix_getprotobyname(mc_domain *d, value name) {
  if (!mc_unix_c_safe(name)) mc_raise_not_found(d);
  char scratch[4096];
  struct protoent entry, *found = NULL;
  getprotobyname_r(string_val(name), &entry, scratch, sizeof scratch, &found);
  if (found == NULL) mc_raise_not_found(d);
  return proto_record(d, found);
}

value caml_unix_getprotobynumber(mc_domain *d, value number) {
  char scratch[4096];
  struct protoent entry, *found = NULL;
  getprotobynumber_r(int_val(number), &entry, scratch, sizeof scratch, &found);
  if (found == NULL) mc_raise_not_found(d);
  return proto_record(d, found);
}

/* Unix.service_entry: name, aliases, port, protocol. */
static value service_record(mc_domain *d, struct servent *s) {
  value name = val_unit, aliases = val_unit, proto = val_unit;
  GC_ROOTS(d, &name, &aliases, &proto);
  name = mc_copy_string(d, s->s_name);
  aliases = string_list_array(d, s->s_aliases, 0);
  proto = mc_copy_string(d, s->s_proto);
  value r = mc_alloc_small(d, 4, 0);
  field(r, 0) = name;
  field(r, 1) = aliases;
  field(r, 2) = val_int(ntohs((uint16_t)s->s_port));
  field(r, 3) = proto;
  return r;
}

value caml_unix_getservbyname(mc_domain *d, value name, value proto) {
  if (!mc_unix_c_safe(name) || !mc_unix_c_safe(proto)) mc_raise_not_found(d);
  char scratch[4096];
  struct servent entry, *found = NULL;
  getservbyname_r(string_val(name), string_val(proto), &entry, scratch, sizeof scratch, &found);
  if (found == NULL) mc_raise_not_found(d);
  return service_record(d, found);
}

value caml_unix_getservbyport(mc_domain *d, value port, value proto) {
  if (!mc_unix_c_safe(proto)) mc_raise_not_found(d);
  char scratch[4096];
  struct servent entry, *found = NULL;
  getservbyport_r(htons((uint16_t)int_val(port)), string_val(proto), &entry, scratch,
                  sizeof scratch, &found);
  if (found == NULL) mc_raise_not_found(d);
  return service_record(d, found);
}

/* Unix.addr_info: family, socktype, protocol, address, canonical name. */
static value addrinfo_record(mc_domain *d, const struct addrinfo *ai) {
  value addr = val_unit, canon = val_unit;
  GC_ROOTS(d, &addr, &canon);
  union mc_sockaddr sa;
  socklen_t len = ai->ai_addrlen < sizeof sa ? ai->ai_addrlen : sizeof sa;
  memcpy(&sa, ai->ai_addr, len);
  addr = mc_unix_sockaddr_to_value(d, &sa, len, -1);
  canon = mc_copy_string(d, ai->ai_canonname != NULL ? ai->ai_canonname : "");
  value r = mc_alloc_small(d, 5, 0);
  field(r, 0) = val_int(mc_unix_index_of(ai->ai_family, mc_unix_socket_domains, 3, 0));
  field(r, 1) = val_int(mc_unix_index_of(ai->ai_socktype, mc_unix_socket_types, 4, 0));
  field(r, 2) = val_int(ai->ai_protocol);
  field(r, 3) = addr;
  field(r, 4) = canon;
  return r;
}

/* Empty node or service strings mean "none".  Failures give the empty
 * list; the results come out in reverse order of the C list, as on
 * stock. */
value caml_unix_getaddrinfo(mc_domain *d, value node, value service, value opts) {
  if (!mc_unix_c_safe(node) || !mc_unix_c_safe(service)) return val_emptylist;
  char *cnode = string_length(node) > 0 ? mc_xstrdup(string_val(node)) : NULL;
  char *cserv = string_length(service) > 0 ? mc_xstrdup(string_val(service)) : NULL;
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = PF_UNSPEC;
  for (value l = opts; l != val_emptylist; l = field(l, 1)) {
    value o = field(l, 0);
    if (is_block(o)) {
      int arg = int_val(field(o, 0));
      switch (tag_val(o)) {
        case 0: hints.ai_family = mc_unix_socket_domains[arg]; break;
        case 1: hints.ai_socktype = mc_unix_socket_types[arg]; break;
        case 2: hints.ai_protocol = arg; break;
      }
    } else {
      static const int flag_of[] = {AI_NUMERICHOST, AI_CANONNAME, AI_PASSIVE};
      hints.ai_flags |= flag_of[int_val(o)];
    }
  }
  struct addrinfo *res = NULL;
  int rc;
  MC_UNIX_BLOCKING(d, rc = getaddrinfo(cnode, cserv, &hints, &res));
  free(cnode);
  free(cserv);
  if (rc != 0) return val_emptylist;
  value list = val_emptylist, item = val_unit;
  GC_ROOTS(d, &list, &item);
  /* The C list is freed after the conversion; a raise (Out_of_memory, or
   * EAFNOSUPPORT for an odd family) would leak it, as it does on stock. */
  for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
    item = addrinfo_record(d, ai);
    list = mc_alloc_pair(d, TAG_CONS, item, list);
  }
  freeaddrinfo(res);
  return list;
}

/* Unix.getnameinfo_option: NI_NOFQDN, NI_NUMERICHOST, NI_NAMEREQD,
 * NI_NUMERICSERV, NI_DGRAM.  Failure is Not_found. */
value caml_unix_getnameinfo(mc_domain *d, value addr, value opts) {
  static const int flag_of[] = {NI_NOFQDN, NI_NUMERICHOST, NI_NAMEREQD, NI_NUMERICSERV, NI_DGRAM};
  union mc_sockaddr sa;
  socklen_t len;
  mc_unix_sockaddr_of_value(d, addr, &sa, &len);
  int flags = mc_unix_flag_list(opts, flag_of);
  char host[4096], serv[1024];
  int rc;
  MC_UNIX_BLOCKING(d, rc = getnameinfo(&sa.gen, len, host, sizeof host, serv, sizeof serv, flags));
  if (rc != 0) mc_raise_not_found(d);
  value vhost = val_unit, vserv = val_unit;
  GC_ROOTS(d, &vhost, &vserv);
  vhost = mc_copy_string(d, host);
  vserv = mc_copy_string(d, serv);
  return mc_alloc_pair(d, 0, vhost, vserv);
}

/* ------------------------------------------------------------------ */
/* select                                                              */
/* ------------------------------------------------------------------ */

/* Fills `set` from a list of descriptors; false if one cannot be in an
 * fd_set. */
static bool fill_fdset(value list, fd_set *set, int *maxfd) {
  FD_ZERO(set);
  for (; list != val_emptylist; list = field(list, 1)) {
    intptr_t fd = long_val(field(list, 0));
    if (fd < 0 || fd >= FD_SETSIZE) return false;
    FD_SET((int)fd, set);
    if (fd > *maxfd) *maxfd = (int)fd;
  }
  return true;
}

/* The descriptors of `*list` that are in `set`, in reverse order. */
static value ready_list(mc_domain *d, value *list, const fd_set *set) {
  value out = val_emptylist, l = val_unit;
  GC_ROOTS(d, &out, &l);
  for (l = *list; l != val_emptylist; l = field(l, 1)) {
    int fd = int_val(field(l, 0));
    if (FD_ISSET(fd, set)) out = mc_alloc_pair(d, TAG_CONS, val_int(fd), out);
  }
  return out;
}

/* A negative timeout waits forever. */
value caml_unix_select(mc_domain *d, value rd, value wr, value ex, value timeout) {
  GC_ROOTS(d, &rd, &wr, &ex);
  fd_set rset, wset, eset;
  int maxfd = -1;
  bool ok = fill_fdset(rd, &rset, &maxfd);
  ok = fill_fdset(wr, &wset, &maxfd) && ok;
  ok = fill_fdset(ex, &eset, &maxfd) && ok;
  if (!ok) mc_unix_raise(d, EINVAL, "select", MC_UNIX_NO_ARG);
  double secs = double_val(timeout);
  struct timeval tv, *tvp = NULL;
  if (secs >= 0.0) {
    tv.tv_sec = (int)secs;
    tv.tv_usec = (int)(1e6 * (secs - (double)tv.tv_sec));
    tvp = &tv;
  }
  int rc;
  MC_UNIX_BLOCKING(d, rc = select(maxfd + 1, &rset, &wset, &eset, tvp));
  if (rc == -1) mc_unix_raise_errno(d, "select", MC_UNIX_NO_ARG);
  value r1 = val_unit, r2 = val_unit, r3 = val_unit;
  GC_ROOTS(d, &r1, &r2, &r3);
  r1 = ready_list(d, &rd, &rset);
  r2 = ready_list(d, &wr, &wset);
  r3 = ready_list(d, &ex, &eset);
  value triple = mc_alloc_small(d, 3, 0);
  field(triple, 0) = r1;
  field(triple, 1) = r2;
  field(triple, 2) = r3;
  return triple;
}
