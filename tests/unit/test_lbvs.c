// SPDX-License-Identifier: GPL-2.0-only
/* The LBVS image against the reference matcher: random rule tables (user
 * chains, jumps, gotos, RETURN, LOG, REJECT, negations, ranges, prefixes,
 * multiport, interfaces with '+', chains longer than 64 rules; every other table
 * with its chains cut into segments) and random
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
#include "random_table.h"
#include "refmatch.h"

#define PROG "bpf-iptables"
#define N_TABLES 400
#define PACKETS_PER_TABLE 300

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
	unsigned long pairs = 0, mismatches = 0, rules = 0, segments = 0;
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
		struct lbvs_flat flat;

		/* Every other table with its chains cut into segments. */
		if (compile_maybe_split(rs, t % 2, &img, &flat, &err) < 0) {
			CHECK(false, "table %u compiles: %s", t, err.msg);
			ruleset_free(rs);
			continue;
		}
		segments += flat.n_chains - (uint32_t)rs->n_chains; /* beyond the first */
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
	CHECK(segments >= n_tables / 4, "chains held in several segments: %lu segments beyond the first",
	      segments);
	CHECK(mismatches == 0, "no mismatch between image and reference");
	return check_exit();
}
