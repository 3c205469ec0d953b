// SPDX-License-Identifier: GPL-2.0-only
/* The LBVS classification, as the BPF programs do it: look up each used
 * field's bitvector, intersect their word spans, AND word by word from
 * the first word that can hold a candidate, stop at the first candidate
 * whose residual checks pass. Chains are walked as netfilter walks them
 * (jump pushes, goto does not, RETURN and a user chain's end pop, the
 * built-in chain's end is its policy). */
#include <netinet/in.h>
#include <string.h>

#include "../../kernel/include/bpfipt_limits.h"
#include "flat.h"
#include "range_index.h"

#define MAX_STACK BPFIPT_MAX_JUMP_DEPTH

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

static uint32_t field_key(const struct lbvs_flat *img, enum lbvs_field f, const struct packet *p)
{
	switch (f) {
	case LBVS_PROTO:
		return p->proto;
	case LBVS_FRAG:
		return p->frag_off != 0;
	case LBVS_IN:
		return lbvs_iface_class(img->ifaces, p->iniface);
	case LBVS_OUT:
		return lbvs_iface_class(img->ifaces, p->outiface);
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
	case LBVS_SRC_ADDR:
		return ntohl(p->saddr);
	case LBVS_DST_ADDR:
		return ntohl(p->daddr);
	default:
		return 0;
	}
}

/* Last interval starting at or below key: what the BPF side does, a
 * bucket of the index (if the table has one), then a bounded binary
 * search over the same array. */
static uint32_t range_lookup(const struct lbvs_flat *f, const struct bpfipt_chain *c, unsigned int k,
			     uint32_t key)
{
	uint32_t base = c->range_base[k], lo = 0, hi = c->range_n[k];

	if (c->range_idx[k] != BPFIPT_NO_INDEX)
		lbvs_index_window(f->range_idx + c->range_idx[k], hi, key, &lo, &hi);
	return f->range_bv[base + lbvs_last_at_or_below(f->range_start + base, lo, hi, key)];
}

/* A field without wildcard entries, and the all-ones vector of a chain
 * that uses no field, have this as their wildcard bitvector. */
static const struct bpfipt_bv no_wild = {.first = 1, .last = 0};

/* The packet's bitvectors in one chain: per field, its interval's and
 * the field's wildcard one. */
struct lookup {
	const struct bpfipt_bv *bv[BPFIPT_N_FIELDS], *wild[BPFIPT_N_FIELDS];
	unsigned int n;
};

static void lookup_chain(const struct lbvs_flat *f, uint32_t ci, const struct packet *p,
			 struct lookup *lk)
{
	const struct bpfipt_chain *c = &f->chain[ci];

	lk->n = 0;
	for (unsigned int i = 0; i < c->n_used; i++) {
		unsigned int k = c->used[i];

		lk->wild[lk->n] = c->range_wild[k] == BPFIPT_NO_WILD ? &no_wild : &f->bv[c->range_wild[k]];
		lk->bv[lk->n++] = &f->bv[range_lookup(f, c, k, field_key(f, (enum lbvs_field)k, p))];
	}
	if (!lk->n) {
		lk->wild[lk->n] = &no_wild;
		lk->bv[lk->n++] = &f->bv[c->bv_all];
	}
}

static uint64_t word(const struct lbvs_flat *f, const struct bpfipt_bv *b, uint32_t i)
{
	return i < b->first || i > b->last ? 0 : f->pool[b->pool_off + i - b->first];
}

static bool port_in(const uint16_t r[2], uint16_t port, bool inv)
{
	return (port >= r[0] && port <= r[1]) != inv;
}

static bool multiport_in(const struct bpfipt_l4match *m, uint16_t sport, uint16_t dport)
{
	unsigned int n = m->mp_count < BPFIPT_MULTI_PORTS ? m->mp_count : BPFIPT_MULTI_PORTS;
	/* mp_dir: 0 source, 1 destination, 2 either */
	bool by_src = m->mp_dir == 0 || m->mp_dir == 2, by_dst = m->mp_dir == 1 || m->mp_dir == 2;

	for (unsigned int i = 0; i < n; i += m->mp_pflags[i] ? 2 : 1) {
		uint16_t lo = m->mp_ports[i];
		uint16_t hi = m->mp_pflags[i] && i + 1 < n ? m->mp_ports[i + 1] : lo;

		if ((by_src && sport >= lo && sport <= hi) || (by_dst && dport >= lo && dport <= hi))
			return true;
	}
	return false;
}

/* One layer-4 match exactly as the kernel extension evaluates it, on a
 * packet whose header may be short (the SHORT path). */
static bool l4_match(const struct bpfipt_l4match *m, const struct packet *p, bool *hotdrop)
{
	static const uint8_t need[] = {20, 8, 8, 4}; /* tcp, udp, icmp, multiport */

	if (p->frag_off) {
		*hotdrop = m->kind == BPFIPT_L4_TCP && p->frag_off == 1;
		return false;
	}
	if (p->l4_len < need[m->kind & 3]) {
		*hotdrop = true;
		return false;
	}
	switch (m->kind) {
	case BPFIPT_L4_TCP: {
		unsigned int hdr = (p->tcp_doff & 15) * 4u;

		if (!port_in(m->spts, p->sport, m->invflags & 0x01) ||
		    !port_in(m->dpts, p->dport, m->invflags & 0x02) ||
		    ((p->tcp_flags & m->flg_mask) == m->flg_cmp) == !!(m->invflags & 0x04))
			return false;
		if (!m->option)
			return true;
		if (hdr < 20 || (hdr > 20 && p->l4_len < hdr)) {
			*hotdrop = true;
			return false;
		}
		if (hdr == 20)
			return m->invflags & 0x08;
		return !!(p->tcp_opts[m->option / 8] & (1u << (m->option % 8))) ^
		       !!(m->invflags & 0x08);
	}
	case BPFIPT_L4_UDP:
		return port_in(m->spts, p->sport, m->invflags & 0x01) &&
		       port_in(m->dpts, p->dport, m->invflags & 0x02);
	case BPFIPT_L4_ICMP: {
		bool in = m->icmp_type == 0xff ||
			  (p->icmp_type == m->icmp_type && p->icmp_code >= m->icmp_code_lo &&
			   p->icmp_code <= m->icmp_code_hi);

		return in != !!(m->invflags & 0x01);
	}
	default:
		return multiport_in(m, p->sport, p->dport) != !!m->mp_invert;
	}
}

static bool residual_ok(const struct lbvs_flat *f, const struct bpfipt_action *a,
			const struct packet *p, bool *hotdrop)
{
	if ((a->flags & BPFIPT_A_RES_SRC_MASK) &&
	    ((p->saddr & a->smsk) == a->src) == !!(a->flags & BPFIPT_A_INV_SRC))
		return false;
	if ((a->flags & BPFIPT_A_RES_DST_MASK) &&
	    ((p->daddr & a->dmsk) == a->dst) == !!(a->flags & BPFIPT_A_INV_DST))
		return false;
	if ((a->flags & BPFIPT_A_RES_SHORT) && l4_exact(p)) {
		/* Exactly as netfilter: the matches in order, each may hot-drop. */
		for (unsigned int i = 0; i < a->l4_n; i++)
			if (!l4_match(&f->l4[a->l4_base + i], p, hotdrop))
				return false;
		return true;
	}
	if (a->flags & BPFIPT_A_RES_TCP_OPTION) {
		/* No option bytes (doff 5): nothing is present. */
		bool present = (p->tcp_doff & 15) > 5 &&
			       (p->tcp_opts[a->tcp_option / 8] & (1u << (a->tcp_option % 8)));

		if (present == !!(a->flags & BPFIPT_A_INV_TCP_OPTION))
			return false;
	}
	return true;
}

/* First entry >= start of chain ci that matches, or -1; *hotdrop when a
 * candidate's exact check dropped the packet. */
static long first_match(const struct lbvs_flat *f, uint32_t ci, const struct packet *p,
			uint32_t start, bool *hotdrop)
{
	const struct bpfipt_chain *c = &f->chain[ci];
	struct lookup lk;
	uint32_t lo = start / 64, hi = c->n_words - 1;

	if (start >= c->n_entries)
		return -1;
	lookup_chain(f, ci, p, &lk);
	for (unsigned int i = 0; i < lk.n; i++) {
		uint32_t flo, fhi;

		bpfipt_bv_union_span(lk.bv[i], lk.wild[i], &flo, &fhi);
		if (flo > fhi)
			return -1;
		lo = flo > lo ? flo : lo;
		hi = fhi < hi ? fhi : hi;
	}
	for (uint32_t w = lo; w <= hi; w++) {
		uint64_t x = ~0ull;

		for (unsigned int i = 0; i < lk.n && x; i++)
			x &= word(f, lk.bv[i], w) | word(f, lk.wild[i], w);
		if (w == start / 64)
			x &= ~0ull << (start % 64);
		while (x) {
			uint32_t e = w * 64 + (uint32_t)__builtin_ctzll(x);
			uint32_t r = f->entry_rule[c->entry_base + e];

			if (residual_ok(f, &f->action[c->rule_base + r], p, hotdrop))
				return e;
			if (*hotdrop)
				return -1;
			x &= x - 1;
		}
	}
	return -1;
}

/* A rule met, named as in the table: its chain and its place there
 * (rule r of a segment is rule rule0 + r of the chain). */
static void note(struct lbvs_hit *list, uint32_t *n, const struct bpfipt_chain *seg, uint32_t r)
{
	if (*n < LBVS_MAX_HITS)
		list[(*n)++] = (struct lbvs_hit){seg->src_chain, seg->rule0 + r};
}

void lbvs_classify(const struct lbvs_flat *f, enum hook hook, const struct packet *pkt,
		   struct lbvs_result *res)
{
	struct lbvs_hit stack[MAX_STACK];
	uint32_t depth = 0, chain = (uint32_t)hook, start = 0;

	memset(res, 0, sizeof(*res));
	for (;;) {
		const struct bpfipt_chain *c = &f->chain[chain];
		long e = first_match(f, chain, pkt, start, &res->hotdrop);

		if (res->hotdrop) {
			res->verdict = VERDICT_DROP;
			return;
		}
		if (e < 0 && c->next_seg != BPFIPT_NO_SEG) { /* the chain goes on */
			chain = c->next_seg;
			start = 0;
			continue;
		}
		if (e < 0) { /* end of chain: implicit return, or the policy */
			if (depth == 0 || chain < RULESET_N_BUILTIN)
				goto policy;
			depth--;
			chain = stack[depth].chain;
			start = stack[depth].rule;
			continue;
		}
		uint32_t r = f->entry_rule[c->entry_base + e];
		const struct bpfipt_action *a = &f->action[c->rule_base + r];

		note(res->hit, &res->n_hits, c, r);
		start = a->next_entry;
		switch (a->verdict) {
		case BPFIPT_V_NONE:
			continue;
		case BPFIPT_V_LOG:
			note(res->log, &res->n_logs, c, r);
			continue;
		case BPFIPT_V_ACCEPT:
		case BPFIPT_V_DROP:
		case BPFIPT_V_REJECT:
			res->verdict = a->verdict == BPFIPT_V_ACCEPT ? VERDICT_ACCEPT
				       : a->verdict == BPFIPT_V_DROP ? VERDICT_DROP
								     : VERDICT_EXT;
			res->final_chain = c->src_chain;
			res->final_rule = c->rule0 + r;
			return;
		case BPFIPT_V_RETURN:
			if (depth == 0)
				goto policy;
			depth--;
			chain = stack[depth].chain;
			start = stack[depth].rule;
			continue;
		case BPFIPT_V_JUMP:
			if (!(a->flags & BPFIPT_A_GOTO) && depth < MAX_STACK)
				stack[depth++] = (struct lbvs_hit){chain, start};
			chain = a->jump_chain;
			start = 0;
			continue;
		}
	}
policy:
	res->by_policy = true;
	res->final_chain = (uint32_t)hook;
	res->verdict = f->policy[hook] == BPFIPT_V_DROP ? VERDICT_DROP : VERDICT_ACCEPT;
}
