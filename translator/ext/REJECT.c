// SPDX-License-Identifier: GPL-2.0-only
/* -j REJECT --reject-with TYPE: drop and answer with an ICMP error or a
 * TCP reset. TYPE is any prefix, in any case, of a type's name or of its
 * short alias; the first type in the kernel's numbering that fits wins. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "ext_list.h"
#include "ext_util.h"
#include "reject.h"

struct reject_data {
	uint32_t with; /* enum reject_with */
};

enum { O_REJECT_WITH };

static const struct xt_ext_opt reject_opts[] = {
	{"reject-with", 1, O_REJECT_WITH},
	{NULL, 0, 0},
};

static const struct {
	const char *name; /* what -L and save show */
	const char *alias;
} reject_names[REJECT_N_TYPES] = {
	[REJECT_NET_UNREACHABLE] = {"icmp-net-unreachable", "net-unreach"},
	[REJECT_HOST_UNREACHABLE] = {"icmp-host-unreachable", "host-unreach"},
	[REJECT_PROT_UNREACHABLE] = {"icmp-proto-unreachable", "proto-unreach"},
	[REJECT_PORT_UNREACHABLE] = {"icmp-port-unreachable", "port-unreach"},
	[REJECT_NET_PROHIBITED] = {"icmp-net-prohibited", "net-prohib"},
	[REJECT_HOST_PROHIBITED] = {"icmp-host-prohibited", "host-prohib"},
	[REJECT_TCP_RESET] = {"tcp-reset", "tcp-rst"},
	[REJECT_ADMIN_PROHIBITED] = {"icmp-admin-prohibited", "admin-prohib"},
};

static void reject_init(void *data)
{
	struct reject_data *r = data;

	r->with = REJECT_PORT_UNREACHABLE;
}

static bool is_prefix_nocase(const char *word, const char *of)
{
	return strncasecmp(of, word, strlen(word)) == 0;
}

static int reject_parse(struct xt_parse_ctx *ctx, void *data)
{
	struct reject_data *r = data;
	const char *arg = ctx->arg;

	if (ext_plain_option(ctx, "REJECT", "reject-with", false) < 0)
		return -1;
	for (unsigned int i = 0; i < REJECT_N_TYPES; i++) {
		if (!reject_names[i].name)
			continue;
		if (is_prefix_nocase(arg, reject_names[i].name) ||
		    is_prefix_nocase(arg, reject_names[i].alias)) {
			r->with = i;
			return 0;
		}
	}
	/* iptables explains the retired type on a line of its own. */
	if (ctx->warn &&
	    (is_prefix_nocase(arg, "echo-reply") || is_prefix_nocase(arg, "echoreply")))
		sb_puts(ctx->warn, "--reject-with echo-reply no longer supported\n");
	return xt_fail(ctx->err, XT_PARAMETER_PROBLEM, "unknown reject type \"%s\"", arg);
}

/* The kernel sends a reset only in answer to TCP. */
static int reject_kernel_check(const void *data, const struct rule_ip *ip)
{
	const struct reject_data *r = data;

	if (r->with >= REJECT_N_TYPES || !reject_names[r->with].name)
		return -EINVAL;
	if (r->with == REJECT_TCP_RESET &&
	    (ip->proto != IPPROTO_TCP || (ip->invflags & RULE_INV_PROTO)))
		return -EINVAL;
	return 0;
}

/* A type parse can name: every one but the retired echo-reply. Whether
 * the rule's protocol allows it is kernel_check's business. */
static bool reject_valid(const void *data, const struct rule_ip *ip)
{
	const struct reject_data *r = data;

	(void)ip;
	return r->with < REJECT_N_TYPES && reject_names[r->with].name;
}

int reject_kind(const void *data)
{
	const struct reject_data *r = data;

	return (int)r->with;
}

/* The type's name, or its number for one without a name (data that
 * never went through reject_valid): never an index past the table. */
static void reject_put_type(struct strbuf *out, const struct reject_data *r)
{
	if (r->with < REJECT_N_TYPES && reject_names[r->with].name)
		sb_puts(out, reject_names[r->with].name);
	else
		sb_printf(out, "%u", r->with);
}

static void reject_print(struct strbuf *out, const void *data, const struct rule_ip *ip,
			 bool numeric)
{
	(void)ip;
	(void)numeric;
	sb_puts(out, " reject-with ");
	reject_put_type(out, data);
}

static void reject_save(struct strbuf *out, const void *data, const struct rule_ip *ip)
{
	(void)ip;
	sb_puts(out, " --reject-with ");
	reject_put_type(out, data);
}

const struct xt_ext xt_ext_REJECT = {
	.name = "REJECT",
	.is_target = true,
	.size = sizeof(struct reject_data),
	.opts = reject_opts,
	.init = reject_init,
	.parse = reject_parse,
	.kernel_check = reject_kernel_check,
	.valid = reject_valid,
	.print = reject_print,
	.save = reject_save,
};
