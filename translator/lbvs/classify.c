// SPDX-License-Identifier: GPL-2.0-only
/* The LBVS classification, as the BPF programs do it: look up each used
 * field's bitvector, intersect their word spans, AND word by word from
 * the first word that can hold a candidate, stop at the first candidate
 * whose residual checks pass. Chains are walked as netfilter walks them
 * (jump pushes, goto does not, RETURN and a user chain's end pop, the
 * built-in chain's end is its policy). */
#include <netinet/in.h>
#include <string.h>

#include "../ext.h"
#include "bitvec.h"
#include "image.h"

#define MAX_STACK 64

/* A first fragment too short for the header the protocol's matches read:
 * netfilter hot-drops on such a packet when a rule with such a match is
 * evaluated, so its candidates get the exact check. */
static bool l4_short(const struct packet *p)
{
	switch (p->proto) {
	case IPPROTO_TCP:
		return p->l4_len < 20 || (p->tcp_doff & 15) < 5 || p->l4_len < (p->tcp_doff & 15) * 4;
	case IPPROTO_UDP:
	case IPPROTO_ICMP:
		return p->l4_len < 8;
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
	case IPPROTO_UDPLITE:
		return p->l4_len < 4;
	default:
		return false;
	}
}

/* Whether the candidates of this packet need the exact layer-4 check:
 * a short header, or a TCP fragment at offset 1, which tcp_mt drops on
 * sight ("evil TCP offset=1 frag"). */
static bool l4_exact(const struct packet *p)
{
	if (p->frag_off)
		return p->frag_off == 1 && p->proto == IPPROTO_TCP;
	return l4_short(p);
}

static bool has_ports(uint8_t proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_SCTP ||
	       proto == IPPROTO_DCCP || proto == IPPROTO_UDPLITE;
}

static uint32_t l4_key(const struct packet *p, bool applies, uint32_t value, uint32_t none,
		       uint32_t shrt)
{
	if (!applies)
		return none;
	if (l4_exact(p))
		return shrt;
	return p->frag_off ? none : value;
}

static uint32_t field_key(const struct lbvs_image *img, enum lbvs_field f, const struct packet *p)
{
	switch (f) {
	case LBVS_PROTO:
		return p->proto;
	case LBVS_FRAG:
		return p->frag_off != 0;
	case LBVS_IN:
		return lbvs_iface_class(&img->ifaces, p->iniface);
	case LBVS_OUT:
		return lbvs_iface_class(&img->ifaces, p->outiface);
	case LBVS_SPORT:
		return l4_key(p, has_ports(p->proto), p->sport, LBVS_PORT_NONE, LBVS_PORT_SHORT);
	case LBVS_DPORT:
		return l4_key(p, has_ports(p->proto), p->dport, LBVS_PORT_NONE, LBVS_PORT_SHORT);
	case LBVS_ICMP:
		return l4_key(p, p->proto == IPPROTO_ICMP, (uint32_t)p->icmp_type << 8 | p->icmp_code,
			      LBVS_ICMP_NONE, LBVS_ICMP_SHORT);
	case LBVS_TCPFLAGS:
		return l4_key(p, p->proto == IPPROTO_TCP, p->tcp_flags, LBVS_FLAGS_NONE,
			      LBVS_FLAGS_SHORT);
	default:
		return 0;
	}
}

static uint32_t range_lookup(const struct lbvs_range_tab *t, uint32_t key)
{
	uint32_t lo = 0, hi = t->n;

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->start[mid] <= key)
			lo = mid;
		else
			hi = mid;
	}
	return t->bv[lo];
}

static bool covers(const struct lbvs_prefix *p, uint32_t addr)
{
	uint32_t mask = p->len ? 0xffffffffu << (32 - p->len) : 0;

	return (addr & mask) == p->addr;
}

/* Longest prefix: the last prefix starting at or below addr in (address,
 * length) order, or the nearest of its ancestors that contains addr (the
 * BPF side uses the kernel's LPM trie instead). */
static uint32_t lpm_lookup(const struct lbvs_lpm_tab *t, uint32_t addr)
{
	uint32_t lo = 0, hi = t->n; /* t->p[0] is 0.0.0.0/0 */

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->p[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	while (!covers(&t->p[lo], addr))
		lo = t->p[lo].parent;
	return t->p[lo].bv;
}

/* The packet's bitvectors in one chain. */
struct lookup {
	const struct lbvs_bv *bv[LBVS_N_FIELDS + LBVS_N_ADDR];
	unsigned int n;
};

static void lookup_chain(const struct lbvs_image *img, const struct lbvs_chain *c,
			 const struct packet *p, struct lookup *lk)
{
	lk->n = 0;
	for (int f = 0; f < LBVS_N_FIELDS; f++)
		if (c->range_used[f])
			lk->bv[lk->n++] = &c->bv[range_lookup(&c->range[f],
							      field_key(img, (enum lbvs_field)f, p))];
	if (c->lpm_used[LBVS_SRC])
		lk->bv[lk->n++] = &c->bv[lpm_lookup(&c->lpm[LBVS_SRC], ntohl(p->saddr))];
	if (c->lpm_used[LBVS_DST])
		lk->bv[lk->n++] = &c->bv[lpm_lookup(&c->lpm[LBVS_DST], ntohl(p->daddr))];
	if (!lk->n)
		lk->bv[lk->n++] = &c->bv[0]; /* the chain's all-ones vector */
}

static bool residual_ok(const struct lbvs_action *a, const struct packet *p, bool *hotdrop)
{
	const struct rule *r = a->rule;

	if ((a->residual & LBVS_RES_SRC_MASK) &&
	    ((p->saddr & r->ip.smsk) == r->ip.src) == !!(r->ip.invflags & RULE_INV_SRCIP))
		return false;
	if ((a->residual & LBVS_RES_DST_MASK) &&
	    ((p->daddr & r->ip.dmsk) == r->ip.dst) == !!(r->ip.invflags & RULE_INV_DSTIP))
		return false;
	if ((a->residual & LBVS_RES_SHORT) && l4_exact(p)) {
		/* Exactly as netfilter: the matches in order, each may hot-drop. */
		for (unsigned int i = 0; i < r->n_matches; i++)
			if (!r->matches[i].ext->match(r->matches[i].data, p, hotdrop))
				return false;
		return true;
	}
	if (a->residual & LBVS_RES_TCP_OPTION) {
		/* No option bytes (doff 5): nothing is present. */
		bool present = (p->tcp_doff & 15) > 5 &&
			       (p->tcp_opts[a->tcp_option / 8] & (1u << (a->tcp_option % 8)));

		if (present == a->tcp_option_inv)
			return false;
	}
	return true;
}

/* First entry >= start of chain c that matches, or -1; *hotdrop when a
 * candidate's exact check dropped the packet. */
static long first_match(const struct lbvs_image *img, const struct lbvs_chain *c,
			const struct packet *p, uint32_t start, bool *hotdrop)
{
	struct lookup lk;
	uint32_t lo = start / 64, hi = c->n_words - 1;

	if (start >= c->n_entries)
		return -1;
	lookup_chain(img, c, p, &lk);
	for (unsigned int i = 0; i < lk.n; i++) {
		lo = lk.bv[i]->first > lo ? lk.bv[i]->first : lo;
		hi = lk.bv[i]->last < hi ? lk.bv[i]->last : hi;
	}
	for (uint32_t w = lo; w <= hi && hi != UINT32_MAX; w++) {
		uint64_t x = ~0ull;

		for (unsigned int i = 0; i < lk.n && x; i++)
			x &= bv_word(img, lk.bv[i], w);
		if (w == start / 64)
			x &= ~0ull << (start % 64);
		while (x) {
			uint32_t e = w * 64 + (uint32_t)__builtin_ctzll(x);

			if (residual_ok(&c->action[c->entry_rule[e]], p, hotdrop))
				return e;
			if (*hotdrop)
				return -1;
			x &= x - 1;
		}
	}
	return -1;
}

static void note(struct lbvs_hit *list, uint32_t *n, uint32_t chain, uint32_t rule)
{
	if (*n < LBVS_MAX_HITS)
		list[(*n)++] = (struct lbvs_hit){chain, rule};
}

void lbvs_classify(const struct lbvs_image *img, enum hook hook, const struct packet *pkt,
		   struct lbvs_result *res)
{
	struct lbvs_hit stack[MAX_STACK];
	uint32_t depth = 0, chain = (uint32_t)hook, start = 0;

	memset(res, 0, sizeof(*res));
	for (;;) {
		const struct lbvs_chain *c = &img->chain[chain];
		long e = first_match(img, c, pkt, start, &res->hotdrop);

		if (res->hotdrop) {
			res->verdict = VERDICT_DROP;
			return;
		}
		if (e < 0) { /* end of chain: implicit return, or the policy */
			if (depth == 0 || chain < RULESET_N_BUILTIN)
				goto policy;
			depth--;
			chain = stack[depth].chain;
			start = stack[depth].rule;
			continue;
		}
		uint32_t r = c->entry_rule[e];
		const struct lbvs_action *a = &c->action[r];

		note(res->hit, &res->n_hits, chain, r);
		start = c->rule_entry0[r + 1];
		switch (a->verdict) {
		case VERDICT_NONE:
			continue;
		case VERDICT_EXT:
			if (strcmp(a->rule->target.ext->name, "LOG") == 0) {
				note(res->log, &res->n_logs, chain, r);
				continue;
			}
			__attribute__((fallthrough)); /* REJECT is final */
		case VERDICT_ACCEPT:
		case VERDICT_DROP:
			res->verdict = a->verdict;
			res->final_chain = chain;
			res->final_rule = r;
			return;
		case VERDICT_RETURN:
			if (depth == 0)
				goto policy;
			depth--;
			chain = stack[depth].chain;
			start = stack[depth].rule;
			continue;
		case VERDICT_JUMP:
			if (!a->is_goto && depth < MAX_STACK)
				stack[depth++] = (struct lbvs_hit){chain, start};
			chain = a->jump_chain;
			start = 0;
			continue;
		}
	}
policy:
	res->by_policy = true;
	res->final_chain = (uint32_t)hook;
	res->verdict = img->chain[hook].src->policy == POLICY_DROP ? VERDICT_DROP : VERDICT_ACCEPT;
}
