// SPDX-License-Identifier: GPL-2.0-only
/* -m udp: source and destination port ranges. iptables parses these with
 * its generic option code (port ranges through getaddrinfo), which is why
 * udp accepts what tcp refuses and the other way round: a reversed range,
 * "65536" (wraps to 0), but no hex. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "ext_list.h"
#include "../lbvs/cons.h"
#include "ext_util.h"
#include "port.h"

/* invflags, as the kernel's XT_UDP_INV_* */
#define UDP_INV_SRCPT 0x01
#define UDP_INV_DSTPT 0x02

struct udp_data {
	uint16_t spts[2];
	uint16_t dpts[2];
	uint8_t invflags;
	uint8_t unused; /* no padding: equal rules compare equal bytewise */
};

enum { O_SPORT, O_DPORT };

static const struct xt_ext_opt udp_opts[] = {
	{"source-port", 1, O_SPORT},
	{"sport", 1, O_SPORT},
	{"destination-port", 1, O_DPORT},
	{"dport", 1, O_DPORT},
	{NULL, 0, 0},
};

/* Messages name an option by its first, long spelling. */
static const char *const udp_opt_name[] = {
	[O_SPORT] = "source-port",
	[O_DPORT] = "destination-port",
};

static void udp_init(void *data)
{
	struct udp_data *u = data;

	u->spts[1] = PORT_MAX;
	u->dpts[1] = PORT_MAX;
}

/* Up to two colon-separated parts; an empty part keeps its default (0 for
 * the first, 65535 for the second) and one part means a single port. */
static int udp_parse_range(const char *arg, const char *opt, uint16_t range[2], struct xt_err *err)
{
	char *copy = strdup(arg);
	char *rest = copy;
	unsigned int n = 0;
	int ret = 0;

	if (!copy)
		abort(); /* out of memory: nothing sensible to do */
	range[0] = 0;
	range[1] = PORT_MAX;
	while (rest && ret == 0) {
		char *part = rest;
		char *colon = strchr(part, ':');

		rest = colon ? colon + 1 : NULL;
		if (colon)
			*colon = '\0';
		if (n == 2)
			ret =
			    xt_fail(err, XT_PARAMETER_PROBLEM,
				    "udp: Too many components for option \"--%s\" (max: 2)\n", opt);
		else if (*part && !port_resolve(part, &range[n]))
			ret = xt_fail(err, XT_PARAMETER_PROBLEM,
				      "Port \"%s\" does not resolve to anything.\n", part);
		n++;
	}
	free(copy);
	if (ret == 0 && n == 1)
		range[1] = range[0];
	return ret;
}

static int udp_parse(struct xt_parse_ctx *ctx, void *data)
{
	struct udp_data *u = data;
	const char *opt = udp_opt_name[ctx->id];
	bool src = ctx->id == O_SPORT;

	if (ext_once(ctx, "udp", opt) < 0)
		return -1;
	if (udp_parse_range(ctx->arg, opt, src ? u->spts : u->dpts, ctx->err) < 0)
		return -1;
	if (ctx->invert)
		u->invflags |= src ? UDP_INV_SRCPT : UDP_INV_DSTPT;
	return 0;
}

static int udp_kernel_check(const void *data, const struct rule_ip *ip)
{
	(void)data;
	return ext_needs_proto(ip, IPPROTO_UDP);
}

/* Any two ports: udp_parse_range keeps a reversed range, as iptables does. */
static bool udp_valid(const void *data, const struct rule_ip *ip)
{
	const struct udp_data *u = data;

	(void)ip;
	return !(u->invflags & ~(UDP_INV_SRCPT | UDP_INV_DSTPT)) && u->unused == 0;
}

#define UDP_HDR_LEN 8 /* struct udphdr */

static bool udp_port_in(const uint16_t range[2], uint16_t port, bool invert)
{
	return (port >= range[0] && port <= range[1]) ^ invert;
}

/* udp_mt: a non-first fragment never matches; a header shorter than 8
 * bytes drops the packet. A reversed range holds no port, so it matches
 * only inverted. */
static bool udp_match(const void *data, const struct packet *pkt, bool *hotdrop)
{
	const struct udp_data *u = data;

	if (pkt->frag_off)
		return false;
	if (pkt->l4_len < UDP_HDR_LEN) {
		*hotdrop = true;
		return false;
	}
	return udp_port_in(u->spts, pkt->sport, u->invflags & UDP_INV_SRCPT) &&
	       udp_port_in(u->dpts, pkt->dport, u->invflags & UDP_INV_DSTPT);
}

static void udp_print(struct strbuf *out, const void *data, const struct rule_ip *ip, bool numeric)
{
	const struct udp_data *u = data;

	(void)ip;
	sb_puts(out, " udp");
	port_print_range(out, "spt", u->spts, u->invflags & UDP_INV_SRCPT, "udp", numeric);
	port_print_range(out, "dpt", u->dpts, u->invflags & UDP_INV_DSTPT, "udp", numeric);
}

static void udp_save(struct strbuf *out, const void *data, const struct rule_ip *ip)
{
	const struct udp_data *u = data;

	(void)ip;
	port_save_range(out, "sport", u->spts, u->invflags & UDP_INV_SRCPT);
	port_save_range(out, "dport", u->dpts, u->invflags & UDP_INV_DSTPT);
}

static int udp_compile(const void *data, const struct rule_ip *ip, struct lbvs_rule_cons *rc)
{
	const struct udp_data *u = data;
	struct iset s;

	(void)ip;
	iset_init(&s);
	lbvs_l4_set(&s, u->spts[0], u->spts[1], u->invflags & UDP_INV_SRCPT, 65535, LBVS_PORT_SHORT);
	lbvs_cons_l4(rc, LBVS_SPORT, &s);
	lbvs_l4_set(&s, u->dpts[0], u->dpts[1], u->invflags & UDP_INV_DSTPT, 65535, LBVS_PORT_SHORT);
	lbvs_cons_l4(rc, LBVS_DPORT, &s);
	iset_free(&s);
	lbvs_cons_add_l4(rc, &(struct bpfipt_l4match){
		.kind = BPFIPT_L4_UDP, .invflags = u->invflags,
		.spts = {u->spts[0], u->spts[1]}, .dpts = {u->dpts[0], u->dpts[1]}});
	return 0;
}

const struct xt_ext xt_ext_udp = {
	.compile = udp_compile,
	.name = "udp",
	.size = sizeof(struct udp_data),
	.opts = udp_opts,
	.init = udp_init,
	.parse = udp_parse,
	.kernel_check = udp_kernel_check,
	.valid = udp_valid,
	.match = udp_match,
	.print = udp_print,
	.save = udp_save,
};
