/* SPDX-License-Identifier: GPL-2.0-only */
/* Random rule tables and packets for the classifier tests: user chains,
 * jumps and gotos (forward only: no loops), RETURN, LOG, REJECT,
 * negations, port ranges, prefixes and non-contiguous masks, multiport,
 * tcp flags and options, icmp types, '+' interfaces, -f, chains longer
 * than 64 rules; packets drawn near the values the rules use, with short
 * headers and fragments now and then. Deterministic for a given seed. */
#ifndef BPFIPT_TEST_RANDOM_TABLE_H
#define BPFIPT_TEST_RANDOM_TABLE_H

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "test_rng.h"
#include "lbvs/flat.h"
#include "packet.h"
#include "ruleset.h"


static const char *const ifaces[] = {"eth0", "eth1", "eth+", "veth0", "veth+", "+", "lo", "wlan0"};
static const char *const pkt_ifaces[] = {"", "eth0", "eth1", "eth9", "veth0", "veth12", "lo", "wlan0",
					 "x"};

static int run_line(struct ruleset *rs, const char *line)
{
	struct xt_err err;

	return check_exec(rs, line, NULL, &err);
}

static void add_addr(struct strbuf *l, char opt)
{
	static const char *const masks[] = {"/32", "/24", "/16", "/8", "/0", "/255.0.255.0", ""};

	/* The ends of the address space: intervals that touch 0 or 2^32-1. */
	static const char *const edges[] = {"0.0.0.0/1", "128.0.0.0/1", "255.255.255.255",
					    "0.0.0.0/32", "255.255.255.254/31"};

	if (rnd(3))
		return;
	if (!rnd(8)) {
		sb_printf(l, " %s-%c %s", rnd(4) ? "" : "! ", opt, edges[rnd(5)]);
		return;
	}
	sb_printf(l, " %s-%c 198.%u.%u.%u%s", rnd(4) ? "" : "! ", opt, 18 + rnd(2), rnd(3),
		  rnd(4), masks[rnd(7)]);
}

static void add_ports(struct strbuf *l, const char *opt)
{
	uint32_t a = rnd(3) ? 20 + rnd(20) : rnd(65536), b = a + rnd(3 ? 10 : 100);

	if (rnd(2))
		return;
	if (rnd(2))
		sb_printf(l, " %s--%s %u", rnd(4) ? "" : "! ", opt, a);
	else
		sb_printf(l, " %s--%s %u:%u", rnd(4) ? "" : "! ", opt, a, b > 65535 ? 65535 : b);
}

static void add_l4(struct strbuf *l)
{
	static const char *const protos[] = {"tcp", "udp", "icmp", "all", "47"};
	const char *p = protos[rnd(5)];

	if (rnd(3) == 0)
		return;
	sb_printf(l, " %s-p %s", strcmp(p, "all") && !rnd(6) ? "! " : "", p);
	if (strstr(l->buf, "! -p"))
		return;
	if (!strcmp(p, "tcp") || !strcmp(p, "udp")) {
		if (rnd(2)) {
			sb_printf(l, " -m %s", p);
			add_ports(l, "sport");
			add_ports(l, "dport");
			if (!strcmp(p, "tcp") && !rnd(3))
				sb_printf(l, " %s--tcp-flags SYN,ACK,FIN SYN", rnd(3) ? "" : "! ");
			if (!strcmp(p, "tcp") && !rnd(6))
				sb_printf(l, " %s--tcp-option %u", rnd(2) ? "" : "! ", 2 + rnd(2));
		}
		if (!rnd(3))
			sb_printf(l, " -m multiport %s--%s %u,%u:%u,%u", rnd(4) ? "" : "! ",
				  rnd(3) == 0 ? "sports" : rnd(2) ? "dports" : "ports", 20 + rnd(10),
				  25 + rnd(5), 30 + rnd(10), rnd(65536));
	} else if (!strcmp(p, "icmp") && rnd(2)) {
		static const char *const types[] = {"8", "0", "3", "3/1", "any", "11/0"};

		sb_printf(l, " -m icmp %s--icmp-type %s", rnd(4) ? "" : "! ", types[rnd(6)]);
	}
}

static void add_iface(struct strbuf *l, const char *chain, char opt)
{
	if (rnd(4) || (opt == 'o' && !strcmp(chain, "INPUT")) ||
	    (opt == 'i' && !strcmp(chain, "OUTPUT")))
		return;
	sb_printf(l, " %s-%c %s", rnd(4) ? "" : "! ", opt, ifaces[rnd(8)]);
}

static void add_target(struct strbuf *l, const char *chain, unsigned int ci, unsigned int n_user)
{
	unsigned int t = rnd(12);

	if (t < 2)
		return; /* no target: counts only */
	if (t < 4)
		sb_puts(l, " -j ACCEPT");
	else if (t < 6)
		sb_puts(l, " -j DROP");
	else if (t == 6)
		sb_puts(l, " -j RETURN");
	else if (t == 7)
		sb_puts(l, " -j LOG");
	else if (t == 8)
		sb_puts(l, " -j REJECT");
	else if (ci + 1 < n_user) {
		/* Only forward jumps between user chains: no loops. */
		sb_printf(l, " -%c u%u", rnd(3) ? 'j' : 'g', ci + 1 + rnd(n_user - ci - 1));
	} else if (!strncmp(chain, "u", 1) || n_user == 0) {
		sb_puts(l, " -j ACCEPT");
	} else {
		sb_printf(l, " -%c u%u", rnd(3) ? 'j' : 'g', rnd(n_user));
	}
}

static struct ruleset *random_table(unsigned int *n_rules)
{
	struct ruleset *rs = ruleset_new();
	unsigned int n_user = rnd(4);
	char name[16];

	*n_rules = 0;
	for (unsigned int u = 0; u < n_user; u++) {
		snprintf(name, sizeof(name), "-N u%u", u);
		run_line(rs, name);
	}
	if (rnd(2))
		run_line(rs, "-P FORWARD DROP");
	for (unsigned int c = 0; c < 3 + n_user; c++) {
		const char *chain = c < 3 ? (const char *[]){"INPUT", "FORWARD", "OUTPUT"}[c] : NULL;
		unsigned int n = rnd(4) == 0 ? 60 + rnd(80) : rnd(12);

		snprintf(name, sizeof(name), "u%u", c - 3);
		if (!chain)
			chain = name;
		for (unsigned int k = 0; k < n; k++) {
			struct strbuf l;

			sb_init(&l);
			sb_printf(&l, "-A %s", chain);
			add_addr(&l, 's');
			add_addr(&l, 'd');
			add_iface(&l, chain, 'i');
			add_iface(&l, chain, 'o');
			if (!rnd(8))
				sb_printf(&l, " %s-f", rnd(2) ? "" : "! ");
			add_l4(&l);
			add_target(&l, chain, c < 3 ? 0 : c - 3, n_user);
			if (run_line(rs, l.buf) == 0)
				(*n_rules)++;
			sb_free(&l);
		}
	}
	return rs;
}

/* Host order: near the rules' addresses, or at an end of the space. */
static uint32_t random_addr(void)
{
	static const uint32_t edges[] = {0, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu};

	if (!rnd(10))
		return edges[rnd(5)];
	return 0xc6000000u | (18 + rnd(2)) << 16 | rnd(3) << 8 | rnd(4);
}

static void random_packet(struct packet *p, enum hook hook)
{
	static const uint8_t protos[] = {6, 6, 17, 17, 1, 47, 132};

	memset(p, 0, sizeof(*p));
	p->saddr = htonl(random_addr());
	p->daddr = htonl(random_addr());
	p->proto = protos[rnd(7)];
	p->frag_off = rnd(10) ? 0 : 1 + rnd(3);
	p->l4_len = rnd(12) ? 40 : rnd(24);
	p->sport = rnd(3) ? 20 + rnd(30) : rnd(65536);
	p->dport = rnd(3) ? 20 + rnd(30) : rnd(65536);
	p->icmp_type = (uint8_t[]){0, 3, 8, 11, 5}[rnd(5)];
	p->icmp_code = rnd(3);
	p->tcp_flags = rnd(256);
	p->tcp_doff = rnd(10) ? 5 + rnd(5) : rnd(16);
	p->tcp_opts[0] = rnd(256);
	p->len = 40 + rnd(1400);
	name_copy(p->iniface, XT_IFNAMSIZ, hook == HOOK_OUTPUT ? "" : pkt_ifaces[rnd(9)]);
	name_copy(p->outiface, XT_IFNAMSIZ, hook == HOOK_INPUT ? "" : pkt_ifaces[rnd(9)]);
}


/* Compiles rs as the dataplane may hold it: each chain whole, or (split)
 * cut at random into up to three segments (a head, the bulk, a tail),
 * linked in rule order. Record i is chain i's first segment. */
static int compile_maybe_split(const struct ruleset *rs, bool split, struct lbvs_image *img,
			       struct lbvs_flat *flat, struct xt_err *err)
{
	uint32_t n = (uint32_t)rs->n_chains, extra = n;
	struct lbvs_seg *segs = calloc(3 * n + 1, sizeof(*segs));

	if (!segs)
		abort();
	for (uint32_t c = 0; c < n; c++) {
		uint32_t len = (uint32_t)rs->chains[c]->n_rules;
		uint32_t a = split && len > 1 ? rnd(len) : len; /* end of the first segment */
		uint32_t b = a < len ? a + 1 + rnd(len - a) : len; /* end of the second */

		if (a == 0)
			a = 1; /* the first segment is never empty unless the chain is */
		if (b < a)
			b = a;
		segs[c] = (struct lbvs_seg){c, 0, a < len ? a : len};
		if (a < b && a < len)
			segs[extra++] = (struct lbvs_seg){c, a, b};
		if (b < len)
			segs[extra++] = (struct lbvs_seg){c, b, len};
	}
	int ret = lbvs_compile_segs(rs, segs, extra, img, err);

	free(segs);
	if (ret < 0)
		return ret;
	lbvs_flatten(img, flat);
	lbvs_flat_link(flat->chain, flat->n_chains);
	return 0;
}

#endif
