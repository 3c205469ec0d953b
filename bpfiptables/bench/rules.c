// SPDX-License-Identifier: GPL-2.0-only
/* The synthetic ruleset of N rules, written three ways that mean the same:
 * an iptables-save file (bpf-iptables, iptables-nft, iptables-legacy), an
 * nft linear chain, and an nft chain with one set of all N (source,
 * port) pairs, the best netfilter offers for such a ruleset. Rule i:
 *   -A CHAIN -s 198.19.i>>8.i&255/32 -p udp --dport 1000+i%5000 -j DROP
 * and the chain's policy DROP, so the DUT drops every frame whichever
 * rule takes it: no system pays for delivering or answering. */
#include <stdio.h>

#include "rules.h"

static const char *proto(int tcp)
{
	return tcp ? "tcp" : "udp";
}

static int write_ipt(const char *path, const struct rules_spec *r)
{
	FILE *f = fopen(path, "w");
	int fwd = r->chain == CH_FORWARD;

	if (!f)
		return -1;
	fprintf(f, "*filter\n:INPUT %s [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n",
		fwd ? "ACCEPT" : "DROP");
	for (unsigned int i = 0; i < r->n; i++)
		fprintf(f, "-A %s -s 198.19.%u.%u/32 -p %s -m %s --dport %u -j DROP\n",
			fwd ? "FORWARD" : "INPUT", i >> 8, i & 255, proto(r->tcp), proto(r->tcp),
			1000 + i % 5000);
	fprintf(f, "COMMIT\n");
	return fclose(f);
}

static void nft_chain(FILE *f, const struct rules_spec *r)
{
	fprintf(f, "chain c { type filter hook %s priority filter; policy drop;\n",
		r->chain == CH_FORWARD ? "forward" : "input");
}

static int write_nft(const char *path, const struct rules_spec *r)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "table ip bench {\n");
	nft_chain(f, r);
	for (unsigned int i = 0; i < r->n; i++)
		fprintf(f, "ip saddr 198.19.%u.%u %s dport %u drop\n", i >> 8, i & 255,
			proto(r->tcp), 1000 + i % 5000);
	fprintf(f, "}\n}\n");
	return fclose(f);
}

static int write_nft_set(const char *path, const struct rules_spec *r)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "table ip bench {\nset r { type ipv4_addr . inet_service;\nelements = { ");
	for (unsigned int i = 0; i < r->n; i++)
		fprintf(f, "%s198.19.%u.%u . %u", i ? ",\n" : "", i >> 8, i & 255, 1000 + i % 5000);
	fprintf(f, " }\n}\n");
	nft_chain(f, r);
	fprintf(f, "ip saddr . %s dport @r drop\n}\n}\n", proto(r->tcp));
	return fclose(f);
}

int rules_write(const struct rules_spec *r)
{
	return write_ipt(r->ipt, r) | write_nft(r->nft, r) | write_nft_set(r->nft_set, r);
}
