/* SPDX-License-Identifier: GPL-2.0-only */
/* The LBVS classifier (DESIGN §4) over the maps of maps.h: per chain, the
 * packet's bitvector for each used field, the intersection of their word
 * spans, a word-wise AND with early exit, the residual checks of each
 * candidate, and netfilter's chain walk. The userspace twin, checked
 * against the reference matcher, is translator/lbvs/classify.c. Loops
 * are bpf_loop callbacks, verified once each. */
#ifndef BPFIPT_LBVS_H
#define BPFIPT_LBVS_H

#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "bpfipt_limits.h"
#include "bpfipt_pkt.h"
#include "maps.h"

#define LBVS_MAX_FIELDS BPFIPT_N_FIELDS
#define LBVS_MAX_STACK BPFIPT_MAX_JUMP_DEPTH
#define LBVS_MAX_WORDS BPFIPT_MAX_CHAIN_WORDS
#define LBVS_NONE 65536
#define LBVS_SHORT 65537
#define LBVS_NO_CHAIN 0xffffffffu

/* What the including program does for each rule a packet matches (its
 * counters): nothing by default, as in the test programs. */
#ifndef LBVS_ON_HIT
#define LBVS_ON_HIT(s, a) do { } while (0)
#endif
/* ... and for each LOG rule it hits, in order. */
#ifndef LBVS_ON_LOG
#define LBVS_ON_LOG(s, a) do { } while (0)
#endif


/* Too large for the BPF stack: callers keep it in a per-CPU map. */
struct lbvs_state {
	struct bpfipt_pkt pkt;
	__u32 in_class, out_class;
	__u32 key[BPFIPT_N_FIELDS]; /* the packet's value of each field */
	__u32 policy;           /* BPFIPT_V_ACCEPT or BPFIPT_V_DROP */
	__u32 hook_chain;
	__u32 chain_base;       /* the generation's first (INPUT) chain */
	__u32 chain, start, depth;
	__u32 stack_chain[LBVS_MAX_STACK];
	__u32 stack_start[LBVS_MAX_STACK];
	struct bpfipt_cls_result res;
	/* per chain */
	struct bpfipt_chain c;
	struct bpfipt_bv bv[LBVS_MAX_FIELDS];   /* per used field: its interval's */
	struct bpfipt_bv wild[LBVS_MAX_FIELDS]; /* ... and the field's wildcard entries */
	__u32 n_bv, lo, hi;
	__u32 looked;           /* the chain c and bv[] were looked up in */
	__u32 lo_fields;        /* the first word any candidate can be in */
	__s64 found;
	__u32 done;
	__u32 w;  /* the word being tried */
	__u64 x;  /* its candidates not yet tried */
	__u32 lookup_failed;
	__u32 user;             /* the including program's own use */
};

/* bpf_loop passes its callbacks a pointer to the caller's stack: the
 * state itself lives in a map, so the stack holds a pointer to it. */
struct lbvs_ref {
	struct lbvs_state *s;
};

static __always_inline int l4_short(const struct bpfipt_pkt *p)
{
	__u32 doff = p->tcp_doff & 15;

	switch (p->proto) {
	case IPPROTO_TCP:
		return p->l4_len < 20 || doff < 5 || p->l4_len < doff * 4;
	case IPPROTO_UDP:
	case IPPROTO_ICMP:
		return p->l4_len < 8;
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
	case IPPROTO_UDPLITE:
		return p->l4_len < 4;
	}
	return 0;
}

/* Whether candidates need the exact layer-4 check (short header, or a
 * TCP fragment at offset 1, which tcp_mt drops). */
static __always_inline int l4_exact(const struct bpfipt_pkt *p)
{
	if (p->frag_off)
		return p->frag_off == 1 && p->proto == IPPROTO_TCP;
	return l4_short(p);
}

static __always_inline __u32 l4_key(const struct bpfipt_pkt *p, int applies, __u32 value)
{
	if (!applies)
		return LBVS_NONE;
	if (l4_exact(p))
		return LBVS_SHORT;
	return p->frag_off ? LBVS_NONE : value;
}

static __always_inline int has_ports(__u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_SCTP ||
	       proto == IPPROTO_DCCP || proto == IPPROTO_UDPLITE;
}

static __always_inline __u32 field_key(const struct lbvs_state *s, __u32 f)
{
	const struct bpfipt_pkt *p = &s->pkt;

	switch (f) {
	case BPFIPT_F_PROTO:
		return p->proto;
	case BPFIPT_F_FRAG:
		return p->frag_off != 0;
	case BPFIPT_F_IN:
		return s->in_class;
	case BPFIPT_F_OUT:
		return s->out_class;
	case BPFIPT_F_SPORT:
		return l4_key(p, has_ports(p->proto), p->sport);
	case BPFIPT_F_DPORT:
		return l4_key(p, has_ports(p->proto), p->dport);
	case BPFIPT_F_ICMP:
		return l4_key(p, p->proto == IPPROTO_ICMP, (__u32)p->icmp_type << 8 | p->icmp_code);
	case BPFIPT_F_TCPFLAGS:
		return l4_key(p, p->proto == IPPROTO_TCP, p->tcp_flags);
	case BPFIPT_F_SRC:
		return bpf_ntohl(p->saddr);
	default:
		return bpf_ntohl(p->daddr);
	}
}

/* Steps of the interval search: a field has at most two boundaries per
 * entry (an address prefix, a port range) and one interval more, fewer
 * than 2^20 with BPFIPT_MAX_CHAIN_ENTRIES entries. */
#define LBVS_BSEARCH_STEPS 20
_Static_assert(2 * BPFIPT_MAX_CHAIN_ENTRIES + 1 < (1u << LBVS_BSEARCH_STEPS),
	       "the interval search must reach every interval");

static __always_inline __u32 range_idx_word(__u32 i)
{
	__u32 *v = bpf_map_lookup_elem(&bpfipt_range_idx, &i);

	return v ? *v : 0;
}

/* The intervals [*lo, *hi) the key's one is among, by the field's bucket
 * index (layout: BPFIPT_IDX_* in bpfipt_image.h). */
static __always_inline void range_window(__u32 at, __u32 n, __u32 key, __u32 *lo, __u32 *hi)
{
	__u32 low = range_idx_word(at + BPFIPT_IDX_LO);
	__u64 b;

	if (key < low) {
		*lo = 0;
		*hi = 1;
		return;
	}
	b = (__u64)(key - low) >> (range_idx_word(at + BPFIPT_IDX_SHIFT) & 63);
	if (b >= range_idx_word(at + BPFIPT_IDX_BUCKETS)) {
		*lo = n - 1;
		*hi = n;
		return;
	}
	*lo = range_idx_word(at + BPFIPT_IDX_HDR + (__u32)b);
	*hi = range_idx_word(at + BPFIPT_IDX_HDR + (__u32)b + 1) + 1;
}

/* The bitvector index of the last interval starting at or below key: a
 * bucket of the field's index, if it has one, then a plain bounded
 * binary search (a bpf_loop callback per step cost more than the step). */
static __always_inline int range_lookup(__u32 base, __u32 n, __u32 at, __u32 key, __u32 *bv)
{
	__u32 lo = 0, hi = n, idx, *v;

	if (at != BPFIPT_NO_INDEX)
		range_window(at, n, key, &lo, &hi);
	for (int k = 0; k < LBVS_BSEARCH_STEPS; k++) {
		__u32 mid, *start;

		if (hi - lo <= 1)
			break;
		mid = lo + (hi - lo) / 2;
		idx = base + mid;
		start = bpf_map_lookup_elem(&bpfipt_range_start, &idx);
		if (!start)
			break;
		if (*start <= key)
			lo = mid;
		else
			hi = mid;
	}
	idx = base + lo;
	v = bpf_map_lookup_elem(&bpfipt_range_bv, &idx);
	if (!v)
		return -1;
	*bv = *v;
	return 0;
}

/* A field's two bitvectors (wild_idx: BPFIPT_NO_WILD for none), and
 * the words where their union is not zero narrowing the chain's window
 * (none: no candidate in this chain, and the window stays empty). Done
 * here, as each field is looked up, rather than in a loop over the
 * fields after: that loop, over a known index, was a quarter of the
 * program's verification. */
static __always_inline int add_bv(struct lbvs_state *s, __u32 idx, __u32 wild_idx)
{
	struct bpfipt_bv *b = bpf_map_lookup_elem(&bpfipt_bvs, &idx), *w;
	__u32 n = s->n_bv, lo, hi;

	if (!b || n >= LBVS_MAX_FIELDS)
		return -1;
	s->bv[n] = *b;
	lo = b->first;
	hi = b->last;
	s->wild[n] = (struct bpfipt_bv){.first = 1, .last = 0};
	if (wild_idx != BPFIPT_NO_WILD) {
		w = bpf_map_lookup_elem(&bpfipt_bvs, &wild_idx);
		if (!w)
			return -1;
		s->wild[n] = *w;
		bpfipt_bv_union_span(b, w, &lo, &hi);
	}
	s->n_bv = n + 1;
	if (lo > hi) {
		s->lo_fields = 1;
		s->hi = 0;
		return 0;
	}
	if (lo > s->lo_fields)
		s->lo_fields = lo;
	if (hi < s->hi)
		s->hi = hi;
	return 0;
}

/* The i-th field the chain uses. */
static long field_step(__u32 i, struct lbvs_ref *ref)
{
	struct lbvs_state *s = ref->s;

	__u32 bv, f;

	if (i >= BPFIPT_N_FIELDS)
		return 1;
	f = s->c.used[i];
	if (f >= BPFIPT_N_FIELDS)
		return 1;
	if (range_lookup(s->c.range_base[f], s->c.range_n[f], s->c.range_idx[f], s->key[f], &bv) < 0 ||
	    add_bv(s, bv, s->c.range_wild[f]) < 0) {
		s->lookup_failed = 1;
		return 1;
	}
	return 0;
}

/* The packet's bitvectors in chain s->chain, and the first and last
 * word their spans share. A global function, verified once on its own. */
__noinline int lookup_chain(struct lbvs_state *s)
{
	if (!s)
		return -1;
	__u32 ci = s->chain;
	struct bpfipt_chain *c = bpf_map_lookup_elem(&bpfipt_chains, &ci);

	if (!c)
		return -1;
	s->c = *c;
	s->n_bv = 0;
	s->lookup_failed = 0;
	s->lo_fields = 0;
	s->hi = s->c.n_words - 1;
	bpf_loop(s->c.n_used, field_step, &(struct lbvs_ref){s}, 0);
	if (s->lookup_failed)
		return -1;
	if (!s->n_bv && add_bv(s, s->c.bv_all, BPFIPT_NO_WILD) < 0)
		return -1;
	s->looked = ci;
	return 0;
}

/* The scan's window from s->start on. The lookups depend on the chain
 * only: a walk that goes on in the same chain (past a rule that did not
 * decide) reuses them. */
static __always_inline int scan_window(struct lbvs_state *s)
{
	if (s->looked != s->chain && lookup_chain(s) < 0)
		return -1;
	s->lo = s->start / 64 > s->lo_fields ? s->start / 64 : s->lo_fields;
	return 0;
}

/* Index of the lowest set bit, branch-free (de Bruijn): fewer paths for
 * the verifier than a chain of tests. */
static const __u8 ctz_table[64] = {
	0,  1,	2,  53, 3,  7,	54, 27, 4,  38, 41, 8,	34, 55, 48, 28, 62, 5,	39, 46, 44, 42,
	22, 9,	24, 35, 59, 56, 49, 18, 29, 11, 63, 52, 6,  26, 37, 40, 33, 47, 61, 45, 43, 21,
	23, 58, 17, 10, 51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12,
};

static __always_inline __u32 ctz64(__u64 x)
{
	return ctz_table[((x & -x) * 0x022fdd63cc95386dull) >> 58];
}

static __always_inline int port_in(const __u16 r[2], __u16 port, int inv)
{
	return (port >= r[0] && port <= r[1]) != !!inv;
}

struct mp_scan {
	const struct bpfipt_l4match *m;
	__u16 sport, dport;
	__u32 skip; /* slot k is the end of the range slot k - 1 began */
	int hit;
};

/* 1 when lo <= v <= hi, 0 otherwise, by arithmetic: a comparison would
 * be a branch, and the verifier would walk the rest of the callback once
 * per outcome of each. */
static __always_inline __u32 in_range(__u32 v, __u32 lo, __u32 hi)
{
	__s64 outside = ((__s64)hi - (__s64)v) | ((__s64)v - (__s64)lo);

	return (__u32)((__u64)~outside >> 63);
}

/* Slot k of the port list. Indexed by the loop's own counter, which the
 * verifier does not know, rather than by a position kept in s: a known
 * position is another state at every slot, and the verifier walked the
 * callback once per slot and branch (3,188 instructions for 59). */
static long mp_step(__u32 k, struct mp_scan *s)
{
	const struct bpfipt_l4match *m = s->m;
	/* 64 bits throughout: the bounds the verifier learns from the tests
	 * must be those of the register that indexes. */
	__u64 n = m->mp_count < BPFIPT_MULTI_PORTS ? m->mp_count : BPFIPT_MULTI_PORTS;
	__u64 i = k, j = i + 1;
	__u16 lo, hi;
	__u32 src, dst;

	if (i >= n || i >= BPFIPT_MULTI_PORTS)
		return 1;
	if (s->skip) {
		s->skip = 0;
		return 0;
	}
	lo = m->mp_ports[i];
	hi = lo;
	if (m->mp_pflags[i] && j < n && j < BPFIPT_MULTI_PORTS) {
		hi = m->mp_ports[j];
		s->skip = 1;
	}
	/* --sports (mp_dir 0) asks the source, --dports (1) the destination,
	 * --ports (2) either: bits 0b101 and 0b110 shifted by mp_dir. */
	src = in_range(s->sport, lo, hi) & ((5u >> (m->mp_dir & 3)) & 1);
	dst = in_range(s->dport, lo, hi) & ((6u >> (m->mp_dir & 3)) & 1);
	if (src | dst) {
		s->hit = 1;
		return 1;
	}
	return 0;
}

/* One layer-4 match as the kernel extension evaluates it (SHORT path). */
static __always_inline int l4_match(const struct bpfipt_l4match *m, const struct bpfipt_pkt *p,
				    __u32 *hotdrop)
{
	__u32 need = m->kind == BPFIPT_L4_TCP ? 20 : m->kind == BPFIPT_L4_MULTIPORT ? 4 : 8;

	if (p->frag_off) {
		*hotdrop = m->kind == BPFIPT_L4_TCP && p->frag_off == 1;
		return 0;
	}
	if (p->l4_len < need) {
		*hotdrop = 1;
		return 0;
	}
	if (m->kind == BPFIPT_L4_TCP) {
		__u32 hdr = (p->tcp_doff & 15) * 4;

		if (!port_in(m->spts, p->sport, m->invflags & 1) ||
		    !port_in(m->dpts, p->dport, m->invflags & 2) ||
		    ((p->tcp_flags & m->flg_mask) == m->flg_cmp) == !!(m->invflags & 4))
			return 0;
		if (!m->option)
			return 1;
		if (hdr < 20 || (hdr > 20 && p->l4_len < hdr)) {
			*hotdrop = 1;
			return 0;
		}
		if (hdr == 20)
			return !!(m->invflags & 8);
		return !!(p->tcp_opts[(m->option >> 3) & 31] & (1u << (m->option & 7))) ^
		       !!(m->invflags & 8);
	}
	if (m->kind == BPFIPT_L4_UDP)
		return port_in(m->spts, p->sport, m->invflags & 1) &&
		       port_in(m->dpts, p->dport, m->invflags & 2);
	if (m->kind == BPFIPT_L4_ICMP) {
		int in = m->icmp_type == 0xff ||
			 (p->icmp_type == m->icmp_type && p->icmp_code >= m->icmp_code_lo &&
			  p->icmp_code <= m->icmp_code_hi);

		return in != !!(m->invflags & 1);
	}
	struct mp_scan ms = {.m = m, .sport = p->sport, .dport = p->dport};

	bpf_loop(BPFIPT_MULTI_PORTS, mp_step, &ms, 0);
	return ms.hit != !!m->mp_invert;
}

struct l4_eval {
	const struct bpfipt_pkt *pkt;
	__u32 base, n, ok, hotdrop;
};

static long l4_step(__u32 i, struct l4_eval *e)
{
	__u32 idx = e->base + i;
	struct bpfipt_l4match *m;

	if (i >= e->n)
		return 1;
	m = bpf_map_lookup_elem(&bpfipt_l4, &idx);
	if (!m || !l4_match(m, e->pkt, &e->hotdrop)) {
		e->ok = 0;
		return 1;
	}
	return 0;
}

/* The rule's layer-4 matches, one by one, as the kernel's extensions
 * evaluate a short header or a fragment. A global function: the verifier
 * checks it once on its own rather than inside every caller state of
 * the nested candidate loops (it is the rare path). */
__noinline int lbvs_l4_exact(const struct bpfipt_pkt *p, __u32 base, __u32 n, __u32 *hotdrop)
{
	struct l4_eval e = {.pkt = p, .base = base, .n = n, .ok = 1};

	if (!p || !hotdrop)
		return 0;
	bpf_loop(64, l4_step, &e, 0);
	*hotdrop = e.hotdrop;
	return e.ok && !e.hotdrop;
}

static __always_inline int residual_ok(const struct bpfipt_action *a, const struct bpfipt_pkt *p,
				       __u32 *hotdrop)
{
	if ((a->flags & BPFIPT_A_RES_SRC_MASK) &&
	    ((p->saddr & a->smsk) == a->src) == !!(a->flags & BPFIPT_A_INV_SRC))
		return 0;
	if ((a->flags & BPFIPT_A_RES_DST_MASK) &&
	    ((p->daddr & a->dmsk) == a->dst) == !!(a->flags & BPFIPT_A_INV_DST))
		return 0;
	if ((a->flags & BPFIPT_A_RES_SHORT) && l4_exact(p))
		return lbvs_l4_exact(p, a->l4_base, a->l4_n, hotdrop);
	if (a->flags & BPFIPT_A_RES_TCP_OPTION) {
		int present = (p->tcp_doff & 15) > 5 &&
			      (p->tcp_opts[(a->tcp_option >> 3) & 31] & (1u << (a->tcp_option & 7)));

		if (present == !!(a->flags & BPFIPT_A_INV_TCP_OPTION))
			return 0;
	}
	return 1;
}

/* The candidates of one word, lowest first; s->x holds what is left. */
static long cand_step(__u32 n, struct lbvs_ref *ref)
{
	struct lbvs_state *s = ref->s;

	__u32 e, idx, *r;
	struct bpfipt_action *a;

	(void)n;
	if (!s->x)
		return 1;
	e = s->w * 64 + ctz64(s->x);
	idx = s->c.entry_base + e;
	r = bpf_map_lookup_elem(&bpfipt_entry_rule, &idx);
	if (!r)
		return 1;
	idx = s->c.rule_base + *r;
	a = bpf_map_lookup_elem(&bpfipt_actions, &idx);
	if (!a)
		return 1;
	if (residual_ok(a, &s->pkt, &s->res.hotdrop)) {
		s->found = e;
		return 1;
	}
	if (s->res.hotdrop)
		return 1;
	s->x &= s->x - 1;
	return 0;
}

/* Word w of a bitvector: zero outside its span. */
static __always_inline __u64 pool_word(const struct bpfipt_bv *b, __u32 w)
{
	__u32 idx;
	__u64 *v;

	if (w < b->first || w > b->last)
		return 0;
	idx = b->pool_off + w - b->first;
	v = bpf_map_lookup_elem(&bpfipt_pool, &idx);
	return v ? *v : 0;
}

/* One word of the scan: AND the bitvectors, then try the candidates. */
static long scan_step(__u32 i, struct lbvs_ref *ref)
{
	struct lbvs_state *s = ref->s;

	__u32 w = s->lo + i;
	__u64 x = ~0ull;

	if (w > s->hi)
		return 1;
	for (__u32 k = 0; k < LBVS_MAX_FIELDS; k++) {
		if (k >= s->n_bv)
			break;
		x &= pool_word(&s->bv[k], w) | pool_word(&s->wild[k], w);
	}
	if (w == s->start / 64)
		x &= ~0ull << (s->start % 64);
	if (!x)
		return 0;
	s->w = w;
	s->x = x;
	bpf_loop(64, cand_step, &(struct lbvs_ref){s}, 0);
	return (s->found >= 0 || s->res.hotdrop) ? 1 : 0;
}

static __always_inline void finish(struct lbvs_state *s, __u32 verdict, __u32 rule)
{
	s->res.verdict = verdict;
	s->res.final_chain = s->chain;
	s->res.final_rule = rule;
	s->done = 1;
}

static __always_inline void to_policy(struct lbvs_state *s)
{
	s->res.by_policy = 1;
	s->res.verdict = s->policy == BPFIPT_V_DROP ? BPFIPT_CLS_DROP : BPFIPT_CLS_ACCEPT;
	s->res.final_chain = s->hook_chain;
	s->done = 1;
}

static __always_inline void pop(struct lbvs_state *s)
{
	__u32 d = s->depth;

	if (d == 0 || d > LBVS_MAX_STACK) {
		to_policy(s);
		return;
	}
	d--;
	s->chain = s->stack_chain[d & (LBVS_MAX_STACK - 1)];
	s->start = s->stack_start[d & (LBVS_MAX_STACK - 1)];
	s->depth = d;
}

/* One step of the walk: the first match from s->start in s->chain, and
 * what its target does. */
static long walk_step(__u32 i, struct lbvs_ref *ref)
{
	struct lbvs_state *s = ref->s;

	struct bpfipt_action *a;
	__u32 idx, r, *rp;

	(void)i;
	if (scan_window(s) < 0) {
		finish(s, BPFIPT_CLS_DROP, 0);
		return 1;
	}
	s->found = -1;
	if (s->start < s->c.n_entries && s->lo <= s->hi)
		bpf_loop(LBVS_MAX_WORDS, scan_step, &(struct lbvs_ref){s}, 0);
	if (s->res.hotdrop) {
		finish(s, BPFIPT_CLS_DROP, 0);
		return 1;
	}
	if (s->found < 0) {
		if (s->c.next_seg != BPFIPT_NO_SEG) { /* the chain goes on */
			s->chain = s->chain_base + s->c.next_seg;
			s->start = 0;
			return 0;
		}
		if (s->depth == 0 || s->chain - s->chain_base < 3)
			to_policy(s);
		else
			pop(s);
		return s->done ? 1 : 0;
	}
	idx = s->c.entry_base + (__u32)s->found;
	rp = bpf_map_lookup_elem(&bpfipt_entry_rule, &idx);
	if (!rp)
		return 1;
	r = *rp;
	idx = s->c.rule_base + r;
	a = bpf_map_lookup_elem(&bpfipt_actions, &idx);
	if (!a)
		return 1;
	s->res.n_hits++;
	LBVS_ON_HIT(s, a);
	s->start = a->next_entry;
	switch (a->verdict) {
	case BPFIPT_V_NONE:
		return 0;
	case BPFIPT_V_LOG:
		LBVS_ON_LOG(s, a);
		return 0;
	case BPFIPT_V_ACCEPT:
		finish(s, BPFIPT_CLS_ACCEPT, r);
		return 1;
	case BPFIPT_V_DROP:
		finish(s, BPFIPT_CLS_DROP, r);
		return 1;
	case BPFIPT_V_REJECT:
		s->res.reject_with = a->reject_with;
		finish(s, BPFIPT_CLS_REJECT, r);
		return 1;
	case BPFIPT_V_RETURN:
		pop(s);
		return s->done ? 1 : 0;
	case BPFIPT_V_JUMP:
		if (!(a->flags & BPFIPT_A_GOTO)) {
			__u32 d = s->depth;

			if (d >= LBVS_MAX_STACK) {
				finish(s, BPFIPT_CLS_DROP, r);
				return 1;
			}
			s->stack_chain[d] = s->chain;
			s->stack_start[d] = s->start;
			s->depth = d + 1;
		}
		s->chain = s->chain_base + a->jump_chain;
		s->start = 0;
		return 0;
	}
	return 1;
}

/* The walk from the hook's chain to the verdict; res says what happened.
 * A global function: the verifier checks the walk once. The compiler
 * bounds every walk at BPFIPT_MAX_WALK_STEPS; a longer one cannot
 * happen, and would drop the packet (fail closed). */
__noinline int lbvs_classify(struct lbvs_state *s)
{
	if (!s)
		return 0;
	/* Once per packet, not per chain: every chain looks up the same keys. */
	for (__u32 f = 0; f < BPFIPT_N_FIELDS; f++)
		s->key[f] = field_key(s, f);
	s->chain = s->hook_chain;
	s->start = 0;
	s->depth = 0;
	s->done = 0;
	s->looked = LBVS_NO_CHAIN;
	bpf_loop(BPFIPT_MAX_WALK_STEPS, walk_step, &(struct lbvs_ref){s}, 0);
	if (!s->done)
		finish(s, BPFIPT_CLS_DROP, 0);
	return 0;
}

#endif
