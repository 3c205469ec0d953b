// SPDX-License-Identifier: GPL-2.0-only
/* The LBVS image against the reference matcher: random rule tables (user
 * chains, jumps, gotos, RETURN, LOG, REJECT, negations, ranges, prefixes,
 * multiport, interfaces with '+', chains longer than 64 rules) and random
 * packets drawn near the values the rules use. For each pair the verdict,
 * the deciding rule (or policy), the hot drop, the rules counted and the
 * LOG rules must be the same. Deterministic: a fixed seed per table. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd.h"
#include "exec.h"
#include "lbvs/flat.h"
#include "print.h"
#include "refmatch.h"

#define PROG "bpf-iptables"
#define N_TABLES 400
#define PACKETS_PER_TABLE 300

static uint32_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return n ? (rng_state >> 8) % n : 0;
}

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

	if (rnd(3))
		return;
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

static void random_packet(struct packet *p, enum hook hook)
{
	static const uint8_t protos[] = {6, 6, 17, 17, 1, 47, 132};

	memset(p, 0, sizeof(*p));
	p->saddr = htonl(0xc6000000u | (18 + rnd(2)) << 16 | rnd(3) << 8 | rnd(4));
	p->daddr = htonl(0xc6000000u | (18 + rnd(2)) << 16 | rnd(3) << 8 | rnd(4));
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

static bool same_list(const struct lbvs_hit *a, uint32_t na, const struct ref_pos *b, size_t nb)
{
	if (na != nb)
		return false;
	for (uint32_t i = 0; i < na; i++)
		if (a[i].chain != b[i].chain || a[i].rule != b[i].rule)
			return false;
	return true;
}

static bool same_result(const struct lbvs_result *l, const struct ref_result *r)
{
	int lv = l->hotdrop ? REF_DROP
		 : l->verdict == VERDICT_ACCEPT ? REF_ACCEPT
		 : l->verdict == VERDICT_DROP	? REF_DROP
						: REF_REJECT;

	if (lv != (int)r->verdict || l->hotdrop != r->hotdrop)
		return false;
	if (!l->hotdrop && l->by_policy != (r->final.rule == REF_POLICY))
		return false;
	if (!l->hotdrop && !l->by_policy &&
	    (l->final_chain != r->final.chain || l->final_rule != r->final.rule))
		return false;
	return same_list(l->hit, l->n_hits, r->hits, r->n_hits) &&
	       same_list(l->log, l->n_logs, r->logs, r->n_logs);
}

/* With LBVS_DEBUG set: the table and both answers, to investigate. */
static void dump(const struct ruleset *rs, const struct packet *p, enum hook hook,
		 const struct lbvs_result *l, const struct ref_result *r)
{
	struct strbuf sb;

	sb_init(&sb);
	print_rules(&sb, rs, NULL, 0, false);
	printf("%s", sb.buf);
	sb_free(&sb);
	printf("# hook %d proto %u frag %u l4 %u sp %u dp %u icmp %u/%u flags %#x doff %u in '%s' out '%s'"
	       " src %08x dst %08x\n",
	       hook, p->proto, p->frag_off, p->l4_len, p->sport, p->dport, p->icmp_type,
	       p->icmp_code, p->tcp_flags, p->tcp_doff, p->iniface, p->outiface, ntohl(p->saddr),
	       ntohl(p->daddr));
	printf("# lbvs: verdict %d hotdrop %d policy %d final %u/%u hits", l->verdict, l->hotdrop,
	       l->by_policy, l->final_chain, l->final_rule);
	for (uint32_t i = 0; i < l->n_hits; i++)
		printf(" %u/%u", l->hit[i].chain, l->hit[i].rule);
	printf("\n# ref: verdict %d hotdrop %d final %u/%u hits", r->verdict, r->hotdrop,
	       r->final.chain, r->final.rule);
	for (size_t i = 0; i < r->n_hits; i++)
		printf(" %u/%u", r->hits[i].chain, r->hits[i].rule);
	printf("\n");
}

int main(void)
{
	unsigned long pairs = 0, mismatches = 0, rules = 0;
	struct ref_result ref;

	/* LBVS_TABLES=N runs a longer campaign; ctest runs the default. */
	unsigned int n_tables = getenv("LBVS_TABLES") ? (unsigned int)atoi(getenv("LBVS_TABLES"))
						      : N_TABLES;

	ref_result_init(&ref);
	for (unsigned int t = 0; t < n_tables; t++) {
		unsigned int n;
		struct lbvs_image img;
		struct xt_err err;

		rng_state = 0x9e3779b9u * (t + 1);
		struct ruleset *rs = random_table(&n);
		rules += n;
		if (lbvs_compile(rs, &img, &err) < 0) {
			CHECK(false, "table %u compiles: %s", t, err.msg);
			ruleset_free(rs);
			continue;
		}
		struct lbvs_flat flat;

		lbvs_flatten(&img, &flat);
		for (unsigned int k = 0; k < PACKETS_PER_TABLE; k++) {
			enum hook hook = (enum hook)rnd(3);
			struct packet p;
			struct lbvs_result res;

			random_packet(&p, hook);
			lbvs_classify(&flat, hook, &p, &res);
			if (ref_classify(rs, hook, &p, &ref) != 0) {
				CHECK(false, "table %u: reference refuses the table", t);
				break;
			}
			pairs++;
			if (!same_result(&res, &ref) && mismatches++ < 10) {
				CHECK(false, "table %u packet %u: image and reference agree", t, k);
				if (getenv("LBVS_DEBUG"))
					dump(rs, &p, hook, &res, &ref);
			}
		}
		lbvs_flat_free(&flat);
		lbvs_image_free(&img);
		ruleset_free(rs);
	}
	ref_result_free(&ref);
	printf("# %lu (table, packet) pairs over %lu rules, %lu mismatches\n", pairs, rules,
	       mismatches);
	CHECK(pairs >= 100000 || n_tables < N_TABLES, "at least 100,000 pairs compared");
	CHECK(mismatches == 0, "no mismatch between image and reference");
	return check_exit();
}
