// SPDX-License-Identifier: GPL-2.0-only
/* -m tcp: ports, flags and an option kind. iptables still parses this one
 * with its old hand-written parser, so its messages ("Only one `--...'
 * allowed") differ from the generic ones of udp, and every option may be
 * inverted. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ext_list.h"
#include "../lbvs/cons.h"
#include "ext_util.h"
#include "port.h"

/* invflags, as the kernel's XT_TCP_INV_* */
#define TCP_INV_SRCPT 0x01
#define TCP_INV_DSTPT 0x02
#define TCP_INV_FLAGS 0x04
#define TCP_INV_OPTION 0x08

/* What --syn stands for. */
#define TCP_SYN_MASK 0x17 /* FIN,SYN,RST,ACK */
#define TCP_SYN_CMP 0x02  /* SYN */

struct tcp_data {
	uint16_t spts[2];
	uint16_t dpts[2];
	uint8_t option;
	uint8_t flg_mask;
	uint8_t flg_cmp;
	uint8_t invflags;
};

enum { O_SPORT, O_DPORT, O_SYN, O_FLAGS, O_OPTION };

/* mflags bits: --syn and --tcp-flags share one. */
#define F_SPORT 0x01
#define F_DPORT 0x02
#define F_FLAGS 0x04
#define F_OPTION 0x08

static const struct xt_ext_opt tcp_opts[] = {
	{"source-port", 1, O_SPORT},
	{"sport", 1, O_SPORT},
	{"destination-port", 1, O_DPORT},
	{"dport", 1, O_DPORT},
	{"syn", 0, O_SYN},
	{"tcp-flags", 1, O_FLAGS},
	{"tcp-option", 1, O_OPTION},
	{NULL, 0, 0},
};

/* Bits in the order iptables lists them; ALL and NONE are input only. */
static const struct {
	const char *name;
	uint8_t bits;
} tcp_flag_names[] = {
	{"FIN", 0x01}, {"SYN", 0x02}, {"RST", 0x04}, {"PSH", 0x08},
	{"ACK", 0x10}, {"URG", 0x20}, {"ALL", 0x3F}, {"NONE", 0x00},
};

#define N_FLAG_NAMES (sizeof(tcp_flag_names) / sizeof(tcp_flag_names[0]))
#define N_FLAG_BITS 6

static void tcp_init(void *data)
{
	struct tcp_data *t = data;

	t->spts[1] = PORT_MAX;
	t->dpts[1] = PORT_MAX;
}

/* "a", "a:b", ":b", "a:" or ":"; split at the first colon only. */
static int tcp_parse_ports(const char *arg, uint16_t range[2], struct xt_err *err)
{
	const char *colon = strchr(arg, ':');
	char *low;
	int ret = 0;

	if (!colon) {
		if (port_parse(arg, "tcp", &range[0], err) < 0)
			return -1;
		range[1] = range[0];
		return 0;
	}
	low = strndup(arg, (size_t)(colon - arg));
	if (!low)
		abort(); /* out of memory: nothing sensible to do */
	range[0] = 0;
	range[1] = PORT_MAX;
	if (*low)
		ret = port_parse(low, "tcp", &range[0], err);
	if (ret == 0 && colon[1])
		ret = port_parse(colon + 1, "tcp", &range[1], err);
	free(low);
	if (ret == 0 && range[0] > range[1])
		ret = xt_fail(err, XT_PARAMETER_PROBLEM, "invalid portrange (min > max)");
	return ret;
}

/* A comma list of flag names, any case; empty items are skipped. */
static int tcp_parse_flag_list(const char *arg, uint8_t *bits, struct xt_err *err)
{
	char *copy = strdup(arg);
	char *save = NULL;
	int ret = 0;

	if (!copy)
		abort(); /* out of memory: nothing sensible to do */
	*bits = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok && ret == 0;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t i = 0;

		while (i < N_FLAG_NAMES && strcasecmp(tcp_flag_names[i].name, tok) != 0)
			i++;
		if (i < N_FLAG_NAMES)
			*bits |= tcp_flag_names[i].bits;
		else
			ret = xt_fail(err, XT_PARAMETER_PROBLEM, "Unknown TCP flag `%s'", tok);
	}
	free(copy);
	return ret;
}

/* --tcp-flags MASK COMP: COMP is the next word of the command line. */
static int tcp_parse_flags(struct xt_parse_ctx *ctx, struct tcp_data *t)
{
	const char *comp = *ctx->optind < ctx->argc ? ctx->argv[*ctx->optind] : NULL;

	if (!comp || comp[0] == '-' || comp[0] == '!')
		return xt_fail(ctx->err, XT_PARAMETER_PROBLEM, "--tcp-flags requires two args.");
	if (tcp_parse_flag_list(ctx->arg, &t->flg_mask, ctx->err) < 0 ||
	    tcp_parse_flag_list(comp, &t->flg_cmp, ctx->err) < 0)
		return -1;
	(*ctx->optind)++;
	return 0;
}

static int tcp_parse_option(const char *arg, uint8_t *option, struct xt_err *err)
{
	unsigned int kind;

	if (!ext_strtoui(arg, NULL, &kind, 1, UINT8_MAX))
		return xt_fail(err, XT_PARAMETER_PROBLEM, "Bad TCP option \"%s\"", arg);
	*option = (uint8_t)kind;
	return 0;
}

/* Claims mflags bit `flag`, failing with `msg` if an earlier option did. */
static int tcp_claim(struct xt_parse_ctx *ctx, unsigned int flag, const char *msg)
{
	if (*ctx->mflags & flag)
		return xt_fail(ctx->err, XT_PARAMETER_PROBLEM, "%s", msg);
	*ctx->mflags |= flag;
	return 0;
}

static int tcp_parse_one(struct xt_parse_ctx *ctx, struct tcp_data *t)
{
	/* The double space is iptables' own. */
	static const char flags_twice[] = "Only one of `--syn' or `--tcp-flags'  allowed";

	switch (ctx->id) {
	case O_SPORT:
		if (tcp_claim(ctx, F_SPORT, "Only one `--source-port' allowed") < 0)
			return -1;
		return tcp_parse_ports(ctx->arg, t->spts, ctx->err);
	case O_DPORT:
		if (tcp_claim(ctx, F_DPORT, "Only one `--destination-port' allowed") < 0)
			return -1;
		return tcp_parse_ports(ctx->arg, t->dpts, ctx->err);
	case O_SYN:
		if (tcp_claim(ctx, F_FLAGS, flags_twice) < 0)
			return -1;
		t->flg_mask = TCP_SYN_MASK;
		t->flg_cmp = TCP_SYN_CMP;
		return 0;
	case O_FLAGS:
		if (tcp_claim(ctx, F_FLAGS, flags_twice) < 0)
			return -1;
		return tcp_parse_flags(ctx, t);
	case O_OPTION:
		if (tcp_claim(ctx, F_OPTION, "Only one `--tcp-option' allowed") < 0)
			return -1;
		return tcp_parse_option(ctx->arg, &t->option, ctx->err);
	}
	return 0;
}

static int tcp_parse(struct xt_parse_ctx *ctx, void *data)
{
	static const uint8_t inv_bit[] = {
		[O_SPORT] = TCP_INV_SRCPT, [O_DPORT] = TCP_INV_DSTPT, [O_SYN] = TCP_INV_FLAGS,
		[O_FLAGS] = TCP_INV_FLAGS, [O_OPTION] = TCP_INV_OPTION,
	};
	struct tcp_data *t = data;

	if (tcp_parse_one(ctx, t) < 0)
		return -1;
	if (ctx->invert)
		t->invflags |= inv_bit[ctx->id];
	return 0;
}

/* The kernel's generic check: a match tied to a protocol needs that
 * protocol, not inverted. */
static int tcp_kernel_check(const void *data, const struct rule_ip *ip)
{
	(void)data;
	return ext_needs_proto(ip, IPPROTO_TCP);
}

/* Every bit of the --tcp-flags lists, ALL included. */
#define TCP_FLAG_BITS 0x3F
#define TCP_INV_ALL (TCP_INV_SRCPT | TCP_INV_DSTPT | TCP_INV_FLAGS | TCP_INV_OPTION)

/* Ranges come out of tcp_parse_ports ordered; an option kind is 1-255, so
 * kind 0 means no --tcp-option, which nothing can invert. */
static bool tcp_valid(const void *data, const struct rule_ip *ip)
{
	const struct tcp_data *t = data;

	(void)ip;
	return t->spts[0] <= t->spts[1] && t->dpts[0] <= t->dpts[1] &&
	       !((t->flg_mask | t->flg_cmp) & ~TCP_FLAG_BITS) && !(t->invflags & ~TCP_INV_ALL) &&
	       (t->option || !(t->invflags & TCP_INV_OPTION));
}

#define TCP_HDR_LEN 20 /* struct tcphdr: what tcp_mt reads first */

/* tcp_find_option: no option bytes at all answer "absent" before the
 * option bytes are read; bytes announced by doff but missing drop. */
static bool tcp_match_option(const struct tcp_data *t, const struct packet *pkt, bool *hotdrop)
{
	bool invert = t->invflags & TCP_INV_OPTION;
	unsigned int hdr_len = (pkt->tcp_doff & 0x0F) * 4u; /* doff is 4 bits on the wire */

	if (hdr_len < TCP_HDR_LEN) {
		*hotdrop = true;
		return false;
	}
	if (hdr_len == TCP_HDR_LEN)
		return invert;
	if (pkt->l4_len < hdr_len) {
		*hotdrop = true;
		return false;
	}
	return !!(pkt->tcp_opts[t->option / 8] & (1u << (t->option % 8))) ^ invert;
}

static bool tcp_port_in(const uint16_t range[2], uint16_t port, bool invert)
{
	return (port >= range[0] && port <= range[1]) ^ invert;
}

/* tcp_mt: a non-first fragment never matches, and offset 1 (a fragment
 * that could overwrite the flags) drops the packet; so does a header
 * shorter than 20 bytes. The flags byte is compared whole, under the
 * mask. */
static bool tcp_match(const void *data, const struct packet *pkt, bool *hotdrop)
{
	const struct tcp_data *t = data;

	if (pkt->frag_off) {
		if (pkt->frag_off == 1)
			*hotdrop = true;
		return false;
	}
	if (pkt->l4_len < TCP_HDR_LEN) {
		*hotdrop = true;
		return false;
	}
	if (!tcp_port_in(t->spts, pkt->sport, t->invflags & TCP_INV_SRCPT) ||
	    !tcp_port_in(t->dpts, pkt->dport, t->invflags & TCP_INV_DSTPT))
		return false;
	if (((pkt->tcp_flags & t->flg_mask) == t->flg_cmp) == !!(t->invflags & TCP_INV_FLAGS))
		return false;
	return !t->option || tcp_match_option(t, pkt, hotdrop);
}

static void tcp_print_flag_names(struct strbuf *out, uint8_t bits)
{
	bool first = true;

	for (size_t i = 0; i < N_FLAG_BITS; i++) {
		if (!(bits & tcp_flag_names[i].bits))
			continue;
		if (!first)
			sb_putc(out, ',');
		sb_puts(out, tcp_flag_names[i].name);
		first = false;
	}
	if (first)
		sb_puts(out, "NONE");
}

static void tcp_print(struct strbuf *out, const void *data, const struct rule_ip *ip, bool numeric)
{
	const struct tcp_data *t = data;
	bool inv_opt = t->invflags & TCP_INV_OPTION;
	bool inv_flags = t->invflags & TCP_INV_FLAGS;

	(void)ip;
	sb_puts(out, " tcp");
	port_print_range(out, "spt", t->spts, t->invflags & TCP_INV_SRCPT, "tcp", numeric);
	port_print_range(out, "dpt", t->dpts, t->invflags & TCP_INV_DSTPT, "tcp", numeric);
	if (t->option || inv_opt)
		sb_printf(out, " option=%s%u", inv_opt ? "!" : "", t->option);
	if (!t->flg_mask && !inv_flags)
		return;
	sb_printf(out, " flags:%s", inv_flags ? "!" : "");
	if (numeric) {
		sb_printf(out, "0x%02X/0x%02X", t->flg_mask, t->flg_cmp);
		return;
	}
	tcp_print_flag_names(out, t->flg_mask);
	sb_putc(out, '/');
	tcp_print_flag_names(out, t->flg_cmp);
}

static void tcp_save(struct strbuf *out, const void *data, const struct rule_ip *ip)
{
	const struct tcp_data *t = data;
	bool inv_opt = t->invflags & TCP_INV_OPTION;
	bool inv_flags = t->invflags & TCP_INV_FLAGS;

	(void)ip;
	port_save_range(out, "sport", t->spts, t->invflags & TCP_INV_SRCPT);
	port_save_range(out, "dport", t->dpts, t->invflags & TCP_INV_DSTPT);
	if (t->option || inv_opt)
		sb_printf(out, "%s --tcp-option %u", inv_opt ? " !" : "", t->option);
	if (!t->flg_mask && !inv_flags)
		return;
	sb_printf(out, "%s --tcp-flags ", inv_flags ? " !" : "");
	tcp_print_flag_names(out, t->flg_mask);
	sb_putc(out, ' ');
	tcp_print_flag_names(out, t->flg_cmp);
}

/* Ports and flags index; the option is a residual check. Non-first
 * fragments have no header (NONE): the match fails on them. */
static bool flags_accepted(const struct tcp_data *t, uint32_t f)
{
	return ((f & t->flg_mask) == t->flg_cmp) != !!(t->invflags & TCP_INV_FLAGS);
}

static int tcp_compile(const void *data, const struct rule_ip *ip, struct lbvs_rule_cons *rc)
{
	const struct tcp_data *t = data;
	struct iset s;

	(void)ip;
	iset_init(&s);
	lbvs_l4_set(&s, t->spts[0], t->spts[1], t->invflags & TCP_INV_SRCPT, 65535, LBVS_PORT_SHORT);
	lbvs_cons_l4(rc, LBVS_SPORT, &s);
	lbvs_l4_set(&s, t->dpts[0], t->dpts[1], t->invflags & TCP_INV_DSTPT, 65535, LBVS_PORT_SHORT);
	lbvs_cons_l4(rc, LBVS_DPORT, &s);
	s.n = 0;
	/* The flag bytes the test accepts, added a run at a time (without
	 * --tcp-flags that is one run of 256, not 256 additions). */
	for (uint32_t f = 0; f < 256; f++) {
		uint32_t end = f;

		if (!flags_accepted(t, f))
			continue;
		while (end + 1 < 256 && flags_accepted(t, end + 1))
			end++;
		iset_add(&s, f, end);
		f = end;
	}
	iset_add(&s, LBVS_FLAGS_SHORT, LBVS_FLAGS_SHORT);
	lbvs_cons_l4(rc, LBVS_TCPFLAGS, &s);
	iset_free(&s);
	lbvs_cons_add_l4(rc, &(struct bpfipt_l4match){
		.kind = BPFIPT_L4_TCP, .invflags = t->invflags, .flg_mask = t->flg_mask,
		.flg_cmp = t->flg_cmp, .option = t->option,
		.spts = {t->spts[0], t->spts[1]}, .dpts = {t->dpts[0], t->dpts[1]}});
	if (t->option) {
		rc->residual |= LBVS_RES_TCP_OPTION;
		rc->tcp_option = t->option;
		rc->tcp_option_inv = t->invflags & TCP_INV_OPTION;
	}
	return 0;
}

const struct xt_ext xt_ext_tcp = {
	.compile = tcp_compile,
	.name = "tcp",
	.size = sizeof(struct tcp_data),
	.opts = tcp_opts,
	.init = tcp_init,
	.parse = tcp_parse,
	.kernel_check = tcp_kernel_check,
	.valid = tcp_valid,
	.match = tcp_match,
	.print = tcp_print,
	.save = tcp_save,
};
