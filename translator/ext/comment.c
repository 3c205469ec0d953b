// SPDX-License-Identifier: GPL-2.0-only
/* -m comment --comment TEXT: matches everything, carries a note. */
#include <string.h>

#include "ext_list.h"
#include "../lbvs/cons.h"
#include "ext_util.h"

#define COMMENT_MAX 256 /* XT_MAX_COMMENT_LEN, NUL included */

struct comment_data {
	char text[COMMENT_MAX];
};

enum { O_COMMENT };

static const struct xt_ext_opt comment_opts[] = {
	{"comment", 1, O_COMMENT},
	{NULL, 0, 0},
};

static int comment_parse(struct xt_parse_ctx *ctx, void *data)
{
	struct comment_data *c = data;

	if (ext_plain_option(ctx, "comment", "comment", false) < 0)
		return -1;
	/* iptables truncates an over-long comment silently; so do we. */
	strncpy(c->text, ctx->arg, COMMENT_MAX - 1);
	c->text[COMMENT_MAX - 1] = '\0';
	return 0;
}

static int comment_check(unsigned int mflags, void *data, const struct rule_ip *ip,
			 struct xt_err *err)
{
	(void)data;
	(void)ip;
	if (!(mflags & (1u << O_COMMENT)))
		return xt_fail(err, XT_PARAMETER_PROBLEM,
			       "comment: option \"--comment\" must be specified\n");
	return 0;
}

/* What strncpy leaves: the text, a NUL, zeros to the end. */
static bool comment_valid(const void *data, const struct rule_ip *ip)
{
	const struct comment_data *c = data;

	(void)ip;
	return name_is_padded(c->text, COMMENT_MAX);
}

/* comment_mt: a comment holds for every packet. */
static bool comment_match(const void *data, const struct packet *pkt, bool *hotdrop)
{
	(void)data;
	(void)pkt;
	(void)hotdrop;
	return true;
}

/* The printers stop at the field's end even without a NUL: they also
 * serve data that never went through comment_valid. */
static size_t comment_len(const struct comment_data *c)
{
	return strnlen(c->text, COMMENT_MAX - 1);
}

static void comment_print(struct strbuf *out, const void *data, const struct rule_ip *ip,
			  bool numeric)
{
	const struct comment_data *c = data;

	(void)ip;
	(void)numeric;
	sb_printf(out, " /* %.*s */", (int)comment_len(c), c->text);
}

static void comment_save(struct strbuf *out, const void *data, const struct rule_ip *ip)
{
	const struct comment_data *c = data;
	size_t len = comment_len(c);
	char text[COMMENT_MAX];

	(void)ip;
	memcpy(text, c->text, len);
	text[len] = '\0';
	sb_puts(out, " --comment");
	ext_save_string(out, text);
}

static int comment_compile(const void *data, const struct rule_ip *ip, struct lbvs_rule_cons *rc)
{
	(void)data;
	(void)ip;
	(void)rc;
	return 0; /* matches everything */
}

const struct xt_ext xt_ext_comment = {
	.compile = comment_compile,
	.name = "comment",
	.size = sizeof(struct comment_data),
	.opts = comment_opts,
	.parse = comment_parse,
	.final_check = comment_check,
	.valid = comment_valid,
	.match = comment_match,
	.print = comment_print,
	.save = comment_save,
};
