// SPDX-License-Identifier: GPL-2.0-only
/* Traffic derived from a user's ruleset. The file is read with the
 * translator's own restore (so it is the table bpf-iptables-restore
 * loads), then the benchmarked built-in chain is walked rule by rule,
 * and into every user chain a -j or -g leads to: for each rule, what the
 * path to it asks of a packet (want.c) gives a candidate flow, which is
 * kept only if the packet satisfies every rule on the path (the
 * extensions' own match ops) and the reference matcher, walking the whole
 * table as netfilter does, counts it on that rule. A rule that earlier
 * rules shadow gets no flow; later candidates vary the protocol and the
 * free fields to get past rules that take only some of its packets.
 * Flows come in the order of the walk; the generator sends them round. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"
#include "ext.h"
#include "frame.h"
#include "refmatch.h"
#include "restore.h"
#include "want.h"

#define CANDIDATES 12	     /* picks per path to a rule (more come from escape) */
#define ESCAPE_DEPTH 3	     /* rules stepped round, one after the other */
#define TRIES 64	     /* classifications per path to a rule, all told */
#define VISIT_BUDGET 200000u /* rules walked in user chains, all paths together */
#define REPORT_MAX 10

struct derive {
	struct ruleset *rs;
	enum hook hook;
	int tcp_first;
	uint16_t ip_len; /* every frame's IPv4 total length */
	struct ref_result res;
	uint8_t **why;	  /* per chain and rule: enum derive_why, WHY_N: not reached */
	uint8_t *done;	  /* per chain: every rule it holds and reaches has a flow */
	uint8_t *on_path; /* per chain: being walked */
	const struct rule **path;
	uint32_t ord; /* rules met so far: spreads the default addresses */
	unsigned long visits;
	struct flow_spec *flows;
	uint32_t n, cap;
};

static void packet_of(const struct derive *d, const struct flow_spec *f, struct packet *p)
{
	unsigned int l4 = d->ip_len - 20u;

	memset(p, 0, sizeof(*p));
	p->saddr = htonl(f->saddr);
	p->daddr = htonl(f->daddr);
	p->proto = f->proto;
	p->l4_len = (uint8_t)(l4 > 60 ? 60 : l4);
	p->sport = f->sport;
	p->dport = f->dport;
	p->icmp_type = f->icmp_type;
	p->icmp_code = f->icmp_code;
	p->tcp_flags = f->tcp_flags;
	p->tcp_doff = f->has_tcp_option ? 6 : 5;
	if (f->proto == 6 && f->has_tcp_option) {
		/* frame.c writes the kind, then NOPs (kind 1) */
		p->tcp_opts[f->tcp_option >> 3] |= (uint8_t)(1u << (f->tcp_option & 7));
		p->tcp_opts[0] |= 1u << 1;
	}
	snprintf(p->iniface, sizeof(p->iniface), "%s", WANT_DUT_IN);
	if (d->hook == HOOK_FORWARD)
		snprintf(p->outiface, sizeof(p->outiface), "%s", WANT_DUT_OUT);
	p->len = d->ip_len;
}

/* Whether the packet satisfies every rule on the path, matches included. */
static int satisfies(const struct derive *d, unsigned int depth, const struct packet *p)
{
	for (unsigned int k = 0; k < depth; k++) {
		const struct rule *r = d->path[k];

		if (!ref_ip_match(&r->ip, p, d->hook))
			return 0;
		for (unsigned int i = 0; i < r->n_matches; i++) {
			const struct xt_ext *e = r->matches[i].ext;
			bool hotdrop = false;

			if (e->match && (!e->match(r->matches[i].data, p, &hotdrop) || hotdrop))
				return 0;
		}
	}
	return 1;
}

static int hits(const struct ref_result *res, uint32_t ci, uint32_t ri)
{
	for (size_t i = 0; i < res->n_hits; i++)
		if (res->hits[i].chain == ci && res->hits[i].rule == ri)
			return 1;
	return 0;
}

static int add_flow(struct derive *d, const struct flow_spec *f)
{
	if (d->n == d->cap) {
		uint32_t cap = d->cap ? 2 * d->cap : 256;
		struct flow_spec *v = realloc(d->flows, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		d->flows = v;
		d->cap = cap;
	}
	d->flows[d->n++] = *f;
	return 0;
}

/* One rule's search along one path. */
struct attempt {
	uint32_t ci, ri;
	unsigned int depth; /* rules on the path, the rule included */
	int budget;	    /* classifications left */
	enum derive_why why;
};

/* Candidate k of w: 1 when it reaches the rule (its flow is added), 0
 * when not (*got says why; *taker is the rule that decided instead, if
 * any), or a negative errno. */
static int try_one(struct derive *d, struct attempt *a, const struct want *w, unsigned int k,
		   enum derive_why *got, const struct rule **taker)
{
	const struct ref_pos *fin = &d->res.final;
	struct flow_spec f;
	struct packet p;
	int rc;

	*taker = NULL;
	*got = want_pick(w, k, d->ord, d->tcp_first, &f);
	if (*got != DERIVED)
		return 0;
	packet_of(d, &f, &p);
	*got = WHY_UNSAT;
	if (!satisfies(d, a->depth, &p) || a->budget-- <= 0)
		return 0;
	rc = ref_classify(d->rs, d->hook, &p, &d->res);
	if (rc < 0)
		return rc;
	if (hits(&d->res, a->ci, a->ri)) {
		d->why[a->ci][a->ri] = DERIVED;
		return add_flow(d, &f) < 0 ? -ENOMEM : 1;
	}
	*got = WHY_SHADOWED;
	if (fin->rule != REF_POLICY)
		*taker = d->rs->chains[fin->chain]->rules[fin->rule];
	return 0;
}

/* Steps round the rule that took a candidate: w and the negation of one
 * of that rule's conditions at a time, and so on round the next rule
 * that takes it, ESCAPE_DEPTH rules deep. Catches the rules that earlier
 * rules shadow only in part (a port range overlapping theirs). */
static int escape(struct derive *d, struct attempt *a, const struct want *w,
		  const struct rule *taker, unsigned int level)
{
	int rc = 0;

	for (unsigned int part = 0; rc == 0 && a->budget > 0; part++) {
		struct want *w2 = want_clone(w);
		const struct rule *next;
		enum derive_why got;

		if (!want_add_negation(w2, taker, part)) {
			want_free(w2);
			break;
		}
		rc = try_one(d, a, w2, 0, &got, &next);
		if (rc == 0 && next && next != taker && level + 1 < ESCAPE_DEPTH)
			rc = escape(d, a, w2, next, level + 1);
		want_free(w2);
	}
	return rc;
}

/* Candidates for rule ri of chain ci along the path; records its why. */
static int try_rule(struct derive *d, uint32_t ci, uint32_t ri, const struct want *w,
		    unsigned int depth)
{
	struct attempt a = {ci, ri, depth, TRIES, WHY_UNSAT};
	const struct rule *taker;
	enum derive_why got;
	int rc = 0;

	for (unsigned int k = 0; rc == 0 && k < CANDIDATES && a.budget > 0; k++) {
		rc = try_one(d, &a, w, k, &got, &taker);
		if (rc == 0 && (got == WHY_IFACE || got == WHY_DEST || got == WHY_FRAG)) {
			a.why = got; /* no other candidate can change that */
			break;
		}
		if (rc == 0 && got == WHY_SHADOWED) {
			a.why = WHY_SHADOWED;
			if (taker)
				rc = escape(d, &a, w, taker, 0);
		}
	}
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if (d->why[ci][ri] == WHY_N || a.why == WHY_SHADOWED)
		d->why[ci][ri] = (uint8_t)a.why;
	return 0;
}

static int chain_index(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->n_chains; i++)
		if (strcmp(rs->chains[i]->name, name) == 0)
			return (int)i;
	return -1;
}

/* The rules of chain ci, reached along a path that asks *pw. */
static int walk(struct derive *d, uint32_t ci, const struct want *pw, unsigned int depth)
{
	const struct chain *c = d->rs->chains[ci];
	int rc = 0, done = 1;

	d->on_path[ci] = 1;
	for (uint32_t ri = 0; rc == 0 && ri < c->n_rules; ri++) {
		const struct rule *r = c->rules[ri];
		struct want *w = want_clone(pw);
		int u =
		    r->target.verdict == VERDICT_JUMP ? chain_index(d->rs, r->target.chain) : -1;

		want_add_rule(w, r);
		d->path[depth] = r;
		d->ord++;
		d->visits += depth > 0;
		if (d->why[ci][ri] != DERIVED)
			rc = try_rule(d, ci, ri, w, depth + 1);
		if (rc == 0 && u >= 0 && !d->on_path[u] && !d->done[u] && d->visits < VISIT_BUDGET)
			rc = walk(d, (uint32_t)u, w, depth + 1);
		done &= d->why[ci][ri] == DERIVED && (u < 0 || d->done[u]);
		want_free(w);
	}
	d->on_path[ci] = 0;
	d->done[ci] = (uint8_t)done;
	return rc;
}

static const char *why_text(int why)
{
	switch (why) {
	case WHY_SHADOWED:
		return "shadowed";
	case WHY_IFACE:
		return "-i/-o that cannot match";
	case WHY_DEST:
		return "-d out of reach";
	case WHY_FRAG:
		return "-f";
	}
	return "no packet found";
}

static void report(const struct derive *d, uint32_t bi, int verbose)
{
	unsigned int count[WHY_N + 1] = {0}, rules = 0, chains = 0, shown = 0;
	char parts[256] = "";

	for (size_t ci = 0; ci < d->rs->n_chains; ci++) {
		chains += ci != bi && d->rs->chains[ci]->n_rules && d->why[ci][0] != WHY_N;
		for (size_t ri = 0; ri < d->rs->chains[ci]->n_rules; ri++)
			count[d->why[ci][ri]]++;
	}
	for (int w = 0; w < WHY_N; w++)
		rules += count[w];
	for (int w = 1; w < WHY_N; w++)
		if (count[w])
			snprintf(parts + strlen(parts), sizeof(parts) - strlen(parts), "%s%u %s",
				 parts[0] ? ", " : "", count[w], why_text(w));
	if (!rules) {
		fprintf(stderr, "derived traffic: %s has no rules\n", d->rs->chains[bi]->name);
		return;
	}
	fprintf(stderr, "derived traffic: %u flows for %u rules of %s", d->n, rules,
		d->rs->chains[bi]->name);
	if (chains)
		fprintf(stderr, " and %u user chain%s it reaches", chains, chains > 1 ? "s" : "");
	if (rules == count[DERIVED])
		fprintf(stderr, "; every rule has one\n");
	else
		fprintf(stderr, "; %u rules have none (%s)\n", rules - count[DERIVED], parts);
	for (size_t ci = 0; verbose && ci < d->rs->n_chains; ci++)
		for (size_t ri = 0; ri < d->rs->chains[ci]->n_rules; ri++) {
			int w = d->why[ci][ri];

			if (w == DERIVED || w == WHY_N || shown++ >= REPORT_MAX)
				continue;
			fprintf(stderr, "  no flow for %s rule %zu: %s\n", d->rs->chains[ci]->name,
				ri + 1, why_text(w));
		}
	if (verbose && shown > REPORT_MAX)
		fprintf(stderr, "  and %u more\n", shown - REPORT_MAX);
}

static struct ruleset *read_ruleset(const char *path)
{
	struct restore_opts ro = {.prog = "bpf-iptables-bench"};
	struct ruleset *rs = ruleset_new();
	struct strbuf out, err;
	FILE *in = fopen(path, "r");
	int rc = -1;

	sb_init(&out);
	sb_init(&err);
	if (in) {
		rc = restore_run(in, &rs, &ro, &out, &err);
		fclose(in);
	}
	if (rc != 0) {
		sb_putc(&err, 0);
		fprintf(stderr, "bpf-iptables-bench: cannot derive traffic from %s: %s", path,
			in ? err.buf : "cannot read it\n");
		ruleset_free(rs);
		rs = NULL;
	}
	sb_free(&out);
	sb_free(&err);
	return rs;
}

static void derive_free(struct derive *d)
{
	for (size_t ci = 0; d->why && ci < d->rs->n_chains; ci++)
		free(d->why[ci]);
	free(d->why);
	free(d->done);
	free(d->on_path);
	free(d->path);
	ref_result_free(&d->res);
	ruleset_free(d->rs);
}

static int derive_init(struct derive *d)
{
	size_t nc = d->rs->n_chains;

	d->why = calloc(nc, sizeof(*d->why));
	d->done = calloc(nc, 1);
	d->on_path = calloc(nc, 1);
	d->path = calloc(nc + 1, sizeof(*d->path));
	if (!d->why || !d->done || !d->on_path || !d->path)
		return -ENOMEM;
	for (size_t ci = 0; ci < nc; ci++) {
		d->why[ci] = malloc(d->rs->chains[ci]->n_rules + 1);
		if (!d->why[ci])
			return -ENOMEM;
		memset(d->why[ci], WHY_N, d->rs->chains[ci]->n_rules + 1);
	}
	return 0;
}

int derive_traffic(const char *path, const struct traffic *t, int verbose, struct flow_spec **flows,
		   uint32_t *n)
{
	struct derive d = {.hook = t->chain == CH_FORWARD ? HOOK_FORWARD : HOOK_INPUT,
			   .tcp_first = t->tcp_syn,
			   .ip_len = (uint16_t)(frame_len(t->frame_size) - 14)};
	uint32_t bi = t->chain == CH_FORWARD ? 1 : 0; /* built-in chains come first */
	struct want *w;
	int rc;

	ref_result_init(&d.res);
	d.rs = read_ruleset(path);
	if (!d.rs)
		return -1;
	rc = derive_init(&d);
	if (rc == 0) {
		w = want_new(d.hook);
		rc = walk(&d, bi, w, 0);
		want_free(w);
	}
	if (rc < 0) {
		fprintf(stderr, "bpf-iptables-bench: cannot derive traffic from %s: %s\n", path,
			strerror(-rc));
	} else {
		report(&d, bi, verbose);
		if (!d.n)
			fprintf(stderr, "bpf-iptables-bench: no traffic to send; give --flow or "
					"--flows\n");
	}
	derive_free(&d);
	if (rc < 0 || !d.n) {
		free(d.flows);
		return -1;
	}
	*flows = d.flows;
	*n = d.n;
	return 0;
}
