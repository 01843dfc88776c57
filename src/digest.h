/* digest.h: MD5 and BLAKE2b for C callers (digest.c). */
#ifndef MC_DIGEST_H
#define MC_DIGEST_H

#include <stddef.h>

/* MD5 of a buffer, 16 bytes into out. */
void mc_md5_digest(const void *data, size_t len, unsigned char out[16]);

#endif
