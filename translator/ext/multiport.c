// SPDX-License-Identifier: GPL-2.0-only
/* -m multiport: up to 15 ports or ranges (a range takes two of the 15
 * slots), for source, destination or either; revision 1 of the match,
 * the one iptables 1.8 uses, so ranges and "!" work. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "ext_list.h"
#include "../lbvs/cons.h"
#include "ext_util.h"
#include "port.h"

#define MULTI_PORTS 15 /* XT_MULTI_PORTS */

#ifndef IPPROTO_UDPLITE
#define IPPROTO_UDPLITE 136
#endif

/* Which ports a rule looks at: the kernel's XT_MULTIPORT_* values. */
enum multiport_dir { MP_SOURCE, MP_DEST, MP_EITHER };

/* Laid out without padding, so that equal rules compare equal bytewise. */
struct multiport_data {
	uint16_t ports[MULTI_PORTS];
	uint8_t pflags[MULTI_PORTS]; /* 1: ports[i]..ports[i + 1] is a range */
	uint8_t dir;
	uint8_t count; /* slots used */
	uint8_t invert;
};

/* Option ids equal the direction they set. */
enum { O_SOURCE = MP_SOURCE, O_DEST = MP_DEST, O_EITHER = MP_EITHER };

static const struct xt_ext_opt multiport_opts[] = {
	{"source-ports", 1, O_SOURCE},
	{"sports", 1, O_SOURCE},
	{"destination-ports", 1, O_DEST},
	{"dports", 1, O_DEST},
	{"ports", 1, O_EITHER},
	{NULL, 0, 0},
};

/* Messages name an option by its first, long spelling. */
static const char *const multiport_opt_name[] = {
	[O_SOURCE] = "source-ports",
	[O_DEST] = "destination-ports",
	[O_EITHER] = "ports",
};

static const char *multiport_proto_name(uint16_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_UDPLITE:
		return "udplite";
	case IPPROTO_SCTP:
		return "sctp";
	case IPPROTO_DCCP:
		return "dccp";
	}
	return NULL;
}

/* iptables checks the protocol while parsing, so -p must come first. */
static const char *multiport_need_proto(const struct rule_ip *ip, struct xt_err *err)
{
	const char *name = multiport_proto_name(ip->proto);

	if (!(ip->invflags & RULE_INV_PROTO)) {
		if (name)
			return name;
		if (ip->proto == 0) {
			xt_fail(err, XT_PARAMETER_PROBLEM,
				"multiport needs `-p tcp', `-p udp', `-p udplite', "
				"`-p sctp' or `-p dccp'");
			return NULL;
		}
	}
	xt_fail(err, XT_PARAMETER_PROBLEM,
		"multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
	return NULL;
}

/* One list item, "P" or "P:Q" (P < Q), into slot *slot (two for a range). */
static int multiport_parse_item(char *item, const char *proto, struct multiport_data *m,
				unsigned int *slot, struct xt_err *err)
{
	char *colon = strchr(item, ':');
	unsigned int i = *slot;

	if (colon) {
		if (i == MULTI_PORTS - 1)
			return xt_fail(err, XT_PARAMETER_PROBLEM, "too many ports specified");
		*colon = '\0';
	}
	if (port_parse(item, proto, &m->ports[i], err) < 0)
		return -1;
	if (colon) {
		m->pflags[i] = 1;
		i++;
		if (port_parse(colon + 1, proto, &m->ports[i], err) < 0)
			return -1;
		if (m->ports[i - 1] >= m->ports[i])
			return xt_fail(err, XT_PARAMETER_PROBLEM, "invalid portrange specified");
	}
	*slot = i + 1;
	return 0;
}

static int multiport_parse_list(const char *arg, const char *proto, struct multiport_data *m,
				struct xt_err *err)
{
	char *copy = strdup(arg);
	char *item = copy;
	unsigned int slot = 0;
	int ret = 0;

	if (!copy)
		abort(); /* out of memory: nothing sensible to do */
	memset(m->pflags, 0, sizeof(m->pflags));
	while (item && slot < MULTI_PORTS && ret == 0) {
		char *comma = strchr(item, ',');

		if (comma)
			*comma = '\0';
		ret = multiport_parse_item(item, proto, m, &slot, err);
		item = comma ? comma + 1 : NULL;
	}
	if (ret == 0 && item)
		ret = xt_fail(err, XT_PARAMETER_PROBLEM, "too many ports specified");
	free(copy);
	m->count = (uint8_t)slot;
	return ret;
}

static int multiport_parse(struct xt_parse_ctx *ctx, void *data)
{
	struct multiport_data *m = data;
	const char *proto;

	if (ext_once(ctx, "multiport", multiport_opt_name[ctx->id]) < 0)
		return -1;
	proto = multiport_need_proto(ctx->ip, ctx->err);
	if (!proto || multiport_parse_list(ctx->arg, proto, m, ctx->err) < 0)
		return -1;
	m->dir = (uint8_t)ctx->id;
	if (ctx->invert)
		m->invert = 1;
	return 0;
}

/* "expection" is iptables' spelling. Then the generic check that the
 * three options exclude each other, reported for the first two set. */
static int multiport_final_check(unsigned int mflags, void *data, const struct rule_ip *ip,
				 struct xt_err *err)
{
	unsigned int first = 0;

	(void)data;
	(void)ip;
	if (mflags == 0)
		return xt_fail(err, XT_PARAMETER_PROBLEM, "multiport expection an option");
	while (!(mflags & (1u << first)))
		first++;
	for (unsigned int other = 0; other <= O_EITHER; other++)
		if (other != first && (mflags & (1u << other)))
			return xt_fail(err, XT_PARAMETER_PROBLEM,
				       "multiport: option \"--%s\" cannot be used together "
				       "with \"--%s\".\n",
				       multiport_opt_name[first], multiport_opt_name[other]);
	return 0;
}

static int multiport_kernel_check(const void *data, const struct rule_ip *ip)
{
	const struct multiport_data *m = data;

	if (!multiport_proto_name(ip->proto) || (ip->invflags & RULE_INV_PROTO))
		return -EINVAL;
	if (m->dir > MP_EITHER || m->count > MULTI_PORTS)
		return -EINVAL;
	return 0;
}

/* A range starts in a slot with pflags 1 and ends in the next, which
 * starts nothing; slots past count stay as calloc left them. */
static bool multiport_slots_valid(const struct multiport_data *m)
{
	for (unsigned int i = 0; i < MULTI_PORTS; i++) {
		if (m->pflags[i] > 1 || (i >= m->count && (m->ports[i] || m->pflags[i])))
			return false;
		if (m->pflags[i] &&
		    (i + 1 >= m->count || m->pflags[i + 1] || m->ports[i] >= m->ports[i + 1]))
			return false;
	}
	return true;
}

/* parse insists on -p before the option, so the protocol is part of what
 * it could have produced. */
static bool multiport_valid(const void *data, const struct rule_ip *ip)
{
	const struct multiport_data *m = data;

	return multiport_proto_name(ip->proto) && !(ip->invflags & RULE_INV_PROTO) &&
	       m->dir <= MP_EITHER && m->invert <= 1 && m->count >= 1 && m->count <= MULTI_PORTS &&
	       multiport_slots_valid(m);
}

#define MULTIPORT_HDR_LEN 4 /* the two ports multiport_mt reads */

/* Whether slot i (a port, or a range starting there) holds the port.
 * A range's end is read only within the array: parse never puts a
 * range in the last slot, and the kernel would read past its array. */
static bool multiport_slot_has(const struct multiport_data *m, unsigned int i, uint16_t port)
{
	if (m->pflags[i] && i + 1 < MULTI_PORTS)
		return port >= m->ports[i] && port <= m->ports[i + 1];
	return port == m->ports[i];
}

/* ports_match_v1: the first slot holding the port (for --ports, either
 * port) answers; a direction the kernel does not know holds nothing. */
static bool multiport_ports_in(const struct multiport_data *m, uint16_t sport, uint16_t dport)
{
	unsigned int n = m->count < MULTI_PORTS ? m->count : MULTI_PORTS;

	for (unsigned int i = 0; i < n; i += m->pflags[i] ? 2 : 1) {
		bool src = multiport_slot_has(m, i, sport);
		bool dst = multiport_slot_has(m, i, dport);

		if ((m->dir == MP_SOURCE && src) || (m->dir == MP_DEST && dst) ||
		    (m->dir == MP_EITHER && (src || dst)))
			return true;
	}
	return false;
}

/* multiport_mt: a non-first fragment never matches; fewer than the 4
 * bytes of the two ports drop the packet. The invert byte is used as the
 * kernel uses it (XORed with 1, or alone), so any value of it answers as
 * there, although parse only ever writes 0 or 1. */
static bool multiport_match(const void *data, const struct packet *pkt, bool *hotdrop)
{
	const struct multiport_data *m = data;

	if (pkt->frag_off)
		return false;
	if (pkt->l4_len < MULTIPORT_HDR_LEN) {
		*hotdrop = true;
		return false;
	}
	if (multiport_ports_in(m, pkt->sport, pkt->dport))
		return (1 ^ m->invert) != 0;
	return m->invert != 0;
}

/* The printers bound count themselves: they also serve tables that
 * never went through multiport_valid (defence in depth). */
static void multiport_put_list(struct strbuf *out, const struct multiport_data *m,
			       const char *proto, bool numeric)
{
	unsigned int n = m->count < MULTI_PORTS ? m->count : MULTI_PORTS;

	for (unsigned int i = 0; i < n; i++) {
		if (i)
			sb_putc(out, ',');
		port_print(out, m->ports[i], proto, numeric);
		if (m->pflags[i] && i + 1 < n) {
			sb_putc(out, ':');
			port_print(out, m->ports[++i], proto, numeric);
		}
	}
}

static const char *const multiport_dir_word[] = {
	[MP_SOURCE] = "sports",
	[MP_DEST] = "dports",
	[MP_EITHER] = "ports",
};

/* The direction's word, or its number when it has none. */
static void multiport_put_dir(struct strbuf *out, uint8_t dir)
{
	if (dir <= MP_EITHER)
		sb_puts(out, multiport_dir_word[dir]);
	else
		sb_printf(out, "%u", dir);
}

/* " multiport dports 22,80:90"; inverted " multiport dports  !22": the
 * double space is iptables'. */
static void multiport_print(struct strbuf *out, const void *data, const struct rule_ip *ip,
			    bool numeric)
{
	const struct multiport_data *m = data;

	sb_puts(out, " multiport ");
	multiport_put_dir(out, m->dir);
	sb_printf(out, " %s", m->invert ? " !" : "");
	multiport_put_list(out, m, multiport_proto_name(ip->proto), numeric);
}

static void multiport_save(struct strbuf *out, const void *data, const struct rule_ip *ip)
{
	const struct multiport_data *m = data;

	sb_printf(out, "%s --", m->invert ? " !" : "");
	multiport_put_dir(out, m->dir);
	sb_putc(out, ' ');
	multiport_put_list(out, m, multiport_proto_name(ip->proto), true);
}

/* The listed ports and ranges as one set; --ports is "source OR
 * destination in it": two alternatives, and under "!" both must miss. */
static int multiport_compile(const void *data, const struct rule_ip *ip,
			     struct lbvs_rule_cons *rc)
{
	const struct multiport_data *m = data;
	struct iset s;

	(void)ip;
	iset_init(&s);
	for (unsigned int i = 0; i < m->count; i++) {
		if (m->pflags[i] && i + 1 < m->count) {
			if (m->ports[i] <= m->ports[i + 1])
				iset_add(&s, m->ports[i], m->ports[i + 1]);
			i++;
		} else {
			iset_add(&s, m->ports[i], m->ports[i]);
		}
	}
	if (m->invert)
		iset_complement(&s, 65535);
	iset_add(&s, LBVS_PORT_SHORT, LBVS_PORT_SHORT);
	if (m->dir == MP_SOURCE || (m->dir == MP_EITHER && m->invert))
		lbvs_cons_l4(rc, LBVS_SPORT, &s);
	if (m->dir == MP_DEST || (m->dir == MP_EITHER && m->invert))
		lbvs_cons_l4(rc, LBVS_DPORT, &s);
	if (m->dir == MP_EITHER && !m->invert) {
		/* Both alternatives must still exclude NONE on the other port. */
		struct iset any;

		iset_init(&any);
		lbvs_l4_set(&any, 0, 65535, false, 65535, LBVS_PORT_SHORT);
		lbvs_cons_restrict(rc, LBVS_SPORT, &any);
		lbvs_cons_restrict(rc, LBVS_DPORT, &any);
		lbvs_cons_either(rc, LBVS_SPORT, &s, LBVS_DPORT, &s);
		rc->residual |= LBVS_RES_SHORT;
		iset_free(&any);
	}
	iset_free(&s);

	struct bpfipt_l4match l4 = {.kind = BPFIPT_L4_MULTIPORT, .mp_dir = m->dir,
				    .mp_count = m->count, .mp_invert = m->invert};

	memcpy(l4.mp_ports, m->ports, sizeof(l4.mp_ports));
	memcpy(l4.mp_pflags, m->pflags, sizeof(l4.mp_pflags));
	lbvs_cons_add_l4(rc, &l4);
	return 0;
}

const struct xt_ext xt_ext_multiport = {
	.compile = multiport_compile,
	.name = "multiport",
	.size = sizeof(struct multiport_data),
	.opts = multiport_opts,
	.parse = multiport_parse,
	.final_check = multiport_final_check,
	.kernel_check = multiport_kernel_check,
	.valid = multiport_valid,
	.match = multiport_match,
	.print = multiport_print,
	.save = multiport_save,
};
