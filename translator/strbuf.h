/* SPDX-License-Identifier: GPL-2.0-only */
/* A growable output buffer: printers append here so that a whole listing
 * is built in memory and written with one call. */
#ifndef BPFIPT_STRBUF_H
#define BPFIPT_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void sb_init(struct strbuf *sb);
/* Room for `extra` more bytes (and the NUL), so that writes up to that
 * size do not move the buffer. */
void sb_reserve(struct strbuf *sb, size_t extra);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_putc(struct strbuf *sb, char c);
void sb_puts(struct strbuf *sb, const char *s);
void sb_write(struct strbuf *sb, const char *s, size_t n);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Detach the buffer: the caller owns the returned NUL-terminated string. */
char *sb_take(struct strbuf *sb);

#endif
