// SPDX-License-Identifier: GPL-2.0-only
#include "ext_util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int ext_once(struct xt_parse_ctx *ctx, const char *ext, const char *opt)
{
	unsigned int bit = 1u << ctx->id;

	if (*ctx->mflags & bit)
		return xt_fail(ctx->err, XT_PARAMETER_PROBLEM,
			       "%s: option \"--%s\" can only be used once.\n", ext, opt);
	*ctx->mflags |= bit;
	return 0;
}

int ext_no_invert(struct xt_parse_ctx *ctx, const char *ext, const char *opt)
{
	if (ctx->invert)
		return xt_fail(ctx->err, XT_PARAMETER_PROBLEM,
			       "%s: option \"--%s\" cannot be inverted.\n", ext, opt);
	return 0;
}

int ext_plain_option(struct xt_parse_ctx *ctx, const char *ext, const char *opt,
		     bool invertible)
{
	if (ext_once(ctx, ext, opt) < 0)
		return -1;
	if (!invertible)
		return ext_no_invert(ctx, ext, opt);
	return 0;
}

int ext_needs_proto(const struct rule_ip *ip, uint16_t proto)
{
	return ip->proto == proto && !(ip->invflags & RULE_INV_PROTO) ? 0 : -EINVAL;
}

void ext_save_string(struct strbuf *out, const char *value)
{
	static const char plain[] = "_-0123456789abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t n = strspn(value, plain);

	if (n > 0 && value[n] == '\0') {
		sb_putc(out, ' ');
		sb_puts(out, value);
		return;
	}
	sb_puts(out, " \"");
	for (const char *p = value; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '\'')
			sb_putc(out, '\\');
		sb_putc(out, *p);
	}
	sb_putc(out, '"');
}

bool ext_strtoui(const char *s, char **end, unsigned int *value, unsigned int min,
		 unsigned int max)
{
	const char *p = s;
	char *stop;

	/* strtoumax accepts a leading minus; iptables refuses it. */
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-')
		return false;
	errno = 0;
	uintmax_t v = strtoumax(s, &stop, 0);
	if (stop == s)
		return false;
	if (end)
		*end = stop;
	if (errno == ERANGE || v < min || (max != 0 && v > max))
		return false;
	if (value)
		*value = (unsigned int)v;
	return end ? true : *stop == '\0';
}
