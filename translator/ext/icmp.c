// SPDX-License-Identifier: GPL-2.0-only
/* -m icmp --icmp-type: a type, optionally with a code or code range, by
 * number ("3/1", "3/1:2") or by name; names may be abbreviated to any
 * unambiguous prefix, in any case. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "ext_list.h"
#include "../lbvs/cons.h"
#include "ext_util.h"

#define ICMP_INV 0x01 /* the kernel's IPT_ICMP_INV */
#define ICMP_ANY 0xFF /* type value that matches every type */

struct icmp_data {
	uint8_t type;
	uint8_t code[2]; /* inclusive range */
	uint8_t invflags;
};

enum { O_ICMP_TYPE };

static const struct xt_ext_opt icmp_opts[] = {
	{"icmp-type", 1, O_ICMP_TYPE},
	{NULL, 0, 0},
};

struct icmp_name {
	const char *name;
	uint8_t type;
	uint8_t code_min, code_max;
};

/* iptables' table, in its order: the order decides which of two names
 * an ambiguous prefix reports and which name -L shows (the first one of
 * a type/code range, so never an alias). */
static const struct icmp_name icmp_names[] = {
	{"any", 0xFF, 0, 0xFF},
	{"echo-reply", 0, 0, 0xFF},
	{"pong", 0, 0, 0xFF},
	{"destination-unreachable", 3, 0, 0xFF},
	{"network-unreachable", 3, 0, 0},
	{"host-unreachable", 3, 1, 1},
	{"protocol-unreachable", 3, 2, 2},
	{"port-unreachable", 3, 3, 3},
	{"fragmentation-needed", 3, 4, 4},
	{"source-route-failed", 3, 5, 5},
	{"network-unknown", 3, 6, 6},
	{"host-unknown", 3, 7, 7},
	{"network-prohibited", 3, 9, 9},
	{"host-prohibited", 3, 10, 10},
	{"TOS-network-unreachable", 3, 11, 11},
	{"TOS-host-unreachable", 3, 12, 12},
	{"communication-prohibited", 3, 13, 13},
	{"host-precedence-violation", 3, 14, 14},
	{"precedence-cutoff", 3, 15, 15},
	{"source-quench", 4, 0, 0xFF},
	{"redirect", 5, 0, 0xFF},
	{"network-redirect", 5, 0, 0},
	{"host-redirect", 5, 1, 1},
	{"TOS-network-redirect", 5, 2, 2},
	{"TOS-host-redirect", 5, 3, 3},
	{"echo-request", 8, 0, 0xFF},
	{"ping", 8, 0, 0xFF},
	{"router-advertisement", 9, 0, 0xFF},
	{"router-solicitation", 10, 0, 0xFF},
	{"time-exceeded", 11, 0, 0xFF},
	{"ttl-exceeded", 11, 0, 0xFF},
	{"ttl-zero-during-transit", 11, 0, 0},
	{"ttl-zero-during-reassembly", 11, 1, 1},
	{"parameter-problem", 12, 0, 0xFF},
	{"ip-header-bad", 12, 0, 0},
	{"required-option-missing", 12, 1, 1},
	{"timestamp-request", 13, 0, 0xFF},
	{"timestamp-reply", 14, 0, 0xFF},
	{"address-mask-request", 17, 0, 0xFF},
	{"address-mask-reply", 18, 0, 0xFF},
};

#define N_ICMP_NAMES (sizeof(icmp_names) / sizeof(icmp_names[0]))

static void icmp_init(void *data)
{
	struct icmp_data *c = data;

	/* No --icmp-type yet means every type (type 0 would be echo-reply). */
	c->type = ICMP_ANY;
	c->code[0] = 0;
	c->code[1] = 0xFF;
}

/* The one name that `arg` is a prefix of: 1 found, 0 none, -1 ambiguous. */
static int icmp_lookup_name(const char *arg, const struct icmp_name **found, struct xt_err *err)
{
	size_t len = strlen(arg);

	*found = NULL;
	for (size_t i = 0; i < N_ICMP_NAMES; i++) {
		if (strncasecmp(icmp_names[i].name, arg, len) != 0)
			continue;
		if (*found)
			return xt_fail(err, XT_PARAMETER_PROBLEM,
				       "Ambiguous ICMP type `%s': `%s' or `%s'?", arg,
				       (*found)->name, icmp_names[i].name);
		*found = &icmp_names[i];
	}
	return *found ? 1 : 0;
}

/* "N" or "N:M", each 0-255; returns where the number(s) stop, or NULL. */
static const char *icmp_parse_range(const char *s, unsigned int range[2])
{
	char *end;

	if (!ext_strtoui(s, &end, &range[0], 0, UINT8_MAX))
		return NULL;
	range[1] = range[0];
	if (*end == ':' && !ext_strtoui(end + 1, &end, &range[1], 0, UINT8_MAX))
		return NULL;
	return end;
}

/* "TYPE[:TYPE][/CODE[:CODE]]" by number. */
static int icmp_parse_numeric(const char *arg, unsigned int type[2], unsigned int code[2],
			      struct xt_err *err)
{
	const char *end = icmp_parse_range(arg, type);

	if (!end)
		return xt_fail(err, XT_PARAMETER_PROBLEM, "Unknown ICMP type `%s'", arg);
	code[0] = 0;
	code[1] = 0xFF;
	if (*end == '/') {
		end = icmp_parse_range(end + 1, code);
		if (!end)
			return xt_fail(err, XT_PARAMETER_PROBLEM, "Unknown ICMP code `%s'", arg);
	}
	if (*end != '\0')
		return xt_fail(err, XT_PARAMETER_PROBLEM, "unknown character %c", *end);
	return 0;
}

static int icmp_parse_type(const char *arg, struct icmp_data *c, struct xt_err *err)
{
	const struct icmp_name *name;
	unsigned int type[2], code[2];
	int found = icmp_lookup_name(arg, &name, err);

	if (found < 0)
		return -1;
	if (found) {
		c->type = name->type;
		c->code[0] = name->code_min;
		c->code[1] = name->code_max;
		return 0;
	}
	if (icmp_parse_numeric(arg, type, code, err) < 0)
		return -1;
	if (type[0] != type[1])
		return xt_fail(err, XT_PARAMETER_PROBLEM, "ICMP type range not supported");
	c->type = (uint8_t)type[0];
	c->code[0] = (uint8_t)code[0];
	c->code[1] = (uint8_t)code[1];
	return 0;
}

static int icmp_parse(struct xt_parse_ctx *ctx, void *data)
{
	struct icmp_data *c = data;

	if (ext_once(ctx, "icmp", "icmp-type") < 0)
		return -1;
	if (icmp_parse_type(ctx->arg, c, ctx->err) < 0)
		return -1;
	if (ctx->invert)
		c->invflags |= ICMP_INV;
	return 0;
}

static int icmp_final_check(unsigned int mflags, void *data, const struct rule_ip *ip,
			    struct xt_err *err)
{
	(void)data;
	(void)ip;
	if (!(mflags & (1u << O_ICMP_TYPE)))
		return xt_fail(err, XT_PARAMETER_PROBLEM,
			       "icmp: option \"--icmp-type\" must be specified\n");
	return 0;
}

static int icmp_kernel_check(const void *data, const struct rule_ip *ip)
{
	(void)data;
	return ext_needs_proto(ip, IPPROTO_ICMP);
}

/* Every type and code pair has a numeric spelling ("3/5:2" included: the
 * code range is not put in order), so only the flags can be foreign. */
static bool icmp_valid(const void *data, const struct rule_ip *ip)
{
	const struct icmp_data *c = data;

	(void)ip;
	return !(c->invflags & ~ICMP_INV);
}

#define ICMP_HDR_LEN 8 /* struct icmphdr: icmp_match reads all of it */

/* icmp_match: a non-first fragment never matches; fewer than 8 header
 * bytes drop the packet, even though only type and code are looked at.
 * Type 255 ("any") matches every type and code; "!" inverts the whole. */
static bool icmp_match(const void *data, const struct packet *pkt, bool *hotdrop)
{
	const struct icmp_data *c = data;
	bool in;

	if (pkt->frag_off)
		return false;
	if (pkt->l4_len < ICMP_HDR_LEN) {
		*hotdrop = true;
		return false;
	}
	in = c->type == ICMP_ANY || (pkt->icmp_type == c->type && pkt->icmp_code >= c->code[0] &&
				     pkt->icmp_code <= c->code[1]);
	return in ^ !!(c->invflags & ICMP_INV);
}

static const struct icmp_name *icmp_name_of(const struct icmp_data *c)
{
	for (size_t i = 0; i < N_ICMP_NAMES; i++)
		if (icmp_names[i].type == c->type && icmp_names[i].code_min == c->code[0] &&
		    icmp_names[i].code_max == c->code[1])
			return &icmp_names[i];
	return NULL;
}

/* " icmp echo-request" by name; by number " icmptype 8" (iptables puts no
 * space there), " icmp !type 3 code 1", " icmptype 3 codes 1-2". */
static void icmp_print(struct strbuf *out, const void *data, const struct rule_ip *ip, bool numeric)
{
	const struct icmp_data *c = data;
	const struct icmp_name *name = numeric ? NULL : icmp_name_of(c);
	bool inv = c->invflags & ICMP_INV;

	(void)ip;
	sb_puts(out, " icmp");
	if (name) {
		sb_printf(out, " %s%s", inv ? "!" : "", name->name);
		return;
	}
	sb_printf(out, "%stype %u", inv ? " !" : "", c->type);
	if (c->code[0] == c->code[1])
		sb_printf(out, " code %u", c->code[0]);
	else if (c->code[0] != 0 || c->code[1] != 0xFF)
		sb_printf(out, " codes %u-%u", c->code[0], c->code[1]);
}

/* A code range saves as its low end only: that is what iptables writes. */
static void icmp_save(struct strbuf *out, const void *data, const struct rule_ip *ip)
{
	const struct icmp_data *c = data;

	(void)ip;
	if (c->invflags & ICMP_INV)
		sb_puts(out, " !");
	if (c->type == ICMP_ANY) {
		sb_puts(out, " --icmp-type any");
		return;
	}
	sb_printf(out, " --icmp-type %u", c->type);
	if (c->code[0] != 0 || c->code[1] != 0xFF)
		sb_printf(out, "/%u", c->code[0]);
}

/* The key is type << 8 | code; type 255 ("any") matches every one. */
static int icmp_compile(const void *data, const struct rule_ip *ip, struct lbvs_rule_cons *rc)
{
	const struct icmp_data *d = data;
	uint32_t lo = 0, hi = 65535;
	struct iset s;

	(void)ip;
	if (d->type != 0xff) {
		lo = (uint32_t)d->type << 8 | d->code[0];
		hi = d->code[0] <= d->code[1] ? ((uint32_t)d->type << 8 | d->code[1]) : lo - 1;
	}
	iset_init(&s);
	if (lo <= hi || d->type == 0xff)
		lbvs_l4_set(&s, lo, hi, d->invflags & ICMP_INV, 65535, LBVS_ICMP_SHORT);
	else
		lbvs_l4_set(&s, 1, 0, d->invflags & ICMP_INV, 65535, LBVS_ICMP_SHORT);
	lbvs_cons_l4(rc, LBVS_ICMP, &s);
	iset_free(&s);
	lbvs_cons_add_l4(rc, &(struct bpfipt_l4match){
		.kind = BPFIPT_L4_ICMP, .invflags = d->invflags, .icmp_type = d->type,
		.icmp_code_lo = d->code[0], .icmp_code_hi = d->code[1]});
	return 0;
}

const struct xt_ext xt_ext_icmp = {
	.compile = icmp_compile,
	.name = "icmp",
	.size = sizeof(struct icmp_data),
	.opts = icmp_opts,
	.init = icmp_init,
	.parse = icmp_parse,
	.final_check = icmp_final_check,
	.kernel_check = icmp_kernel_check,
	.valid = icmp_valid,
	.match = icmp_match,
	.print = icmp_print,
	.save = icmp_save,
};
