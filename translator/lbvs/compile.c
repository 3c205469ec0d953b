// SPDX-License-Identifier: GPL-2.0-only
/* Rule table -> LBVS image. Per chain: each rule's conditions become
 * field constraints (header here, matches through their compile op), the
 * rule's alternatives become the chain's entries (bits), and every field
 * some entry constrains gets a value -> bitvector table: sorted intervals,
 * addresses included (a prefix is an interval of the address space). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../addr.h"
#include "../ext.h"
#include "../hash.h"
#include "bitvec.h"
#include "image.h"
#include "limits.h"
#include "../../kernel/include/bpfipt_limits.h"

struct entry {
	uint32_t rule;
	const struct lbvs_alt *alt;
};

static void set_single(struct iset *s, uint32_t lo, uint32_t hi)
{
	s->n = 0;
	iset_add(s, lo, hi);
}

static void restrict_range(struct lbvs_rule_cons *rc, enum lbvs_field f, uint32_t lo,
			   uint32_t hi, bool inv, uint32_t max)
{
	struct iset s;

	iset_init(&s);
	set_single(&s, lo, hi);
	if (inv)
		iset_complement(&s, max);
	lbvs_cons_restrict(rc, f, &s);
	iset_free(&s);
}

/* An address with a prefix mask is the interval of the addresses it
 * covers (its complement under "!"). A non-contiguous mask does not
 * index: the entry accepts any address here and gets the residual check;
 * /0 without "!" accepts anything. */
static void addr_cons(struct lbvs_rule_cons *rc, enum lbvs_field f, uint32_t addr, uint32_t mask,
		      bool inv, unsigned int residual)
{
	int len = addr_mask_to_prefix(mask);
	uint32_t lo = ntohl(addr & mask), hi = lo | ~ntohl(mask);

	if (len < 0) {
		rc->residual |= residual;
		return;
	}
	if (len > 0 || inv)
		restrict_range(rc, f, lo, hi, inv, lbvs_field_max(f, 0));
}

/* The IP-header part of a rule: protocol, fragment flag, addresses,
 * interfaces. */
static void header_cons(const struct rule_ip *ip, const struct lbvs_ifaces *ifc,
			struct lbvs_rule_cons *rc)
{
	struct iset s;

	if (ip->proto)
		restrict_range(rc, LBVS_PROTO, ip->proto, ip->proto, ip->invflags & RULE_INV_PROTO,
			       255);
	if (ip->flags & RULE_F_FRAG)
		restrict_range(rc, LBVS_FRAG, 1, 1, ip->invflags & RULE_INV_FRAG, 1);
	addr_cons(rc, LBVS_SRC_ADDR, ip->src, ip->smsk, ip->invflags & RULE_INV_SRCIP,
		  LBVS_RES_SRC_MASK);
	addr_cons(rc, LBVS_DST_ADDR, ip->dst, ip->dmsk, ip->invflags & RULE_INV_DSTIP,
		  LBVS_RES_DST_MASK);
	iset_init(&s);
	if (ip->iniface[0]) {
		lbvs_iface_set(ifc, ip->iniface, ip->invflags & RULE_INV_VIA_IN, &s);
		lbvs_cons_restrict(rc, LBVS_IN, &s);
	}
	if (ip->outiface[0]) {
		lbvs_iface_set(ifc, ip->outiface, ip->invflags & RULE_INV_VIA_OUT, &s);
		lbvs_cons_restrict(rc, LBVS_OUT, &s);
	}
	iset_free(&s);
}

static int rule_cons(const struct rule *r, const struct lbvs_ifaces *ifc,
		     struct lbvs_rule_cons *rc, struct xt_err *err)
{
	lbvs_cons_init(rc);
	header_cons(&r->ip, ifc, rc);
	for (unsigned int i = 0; i < r->n_matches; i++) {
		const struct xt_ext *ext = r->matches[i].ext;
		int ret;

		if (!ext->compile)
			return xt_fail(err, XT_OTHER_PROBLEM, "match `%s' cannot be compiled yet",
				       ext->name);
		ret = ext->compile(r->matches[i].data, &r->ip, rc);
		if (ret < 0)
			return xt_fail(err, XT_OTHER_PROBLEM, "match `%s': %s", ext->name,
				       strerror(-ret));
	}
	return 0;
}

struct event {
	uint32_t pos;
	uint32_t entry;
	bool set;
};

static int event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Which words of the sweep's running bitvector are not zero, so that
 * each interval's span is found without reading every word. */
struct nz_words {
	uint64_t *map; /* bit i: word i is not zero */
	uint32_t n;    /* words of map */
};

static void nz_init(struct nz_words *nz, uint32_t n_words)
{
	nz->n = (n_words + 63) / 64;
	nz->map = calloc(nz->n, sizeof(*nz->map));
	if (!nz->map)
		abort();
}

static void nz_free(struct nz_words *nz)
{
	free(nz->map);
}

static void nz_apply(struct nz_words *nz, uint64_t *w, uint32_t entry, bool set)
{
	uint32_t i = entry / 64;

	(set ? bv_set : bv_clear)(w, entry);
	if (w[i])
		nz->map[i / 64] |= 1ull << (i % 64);
	else
		nz->map[i / 64] &= ~(1ull << (i % 64));
}

/* first > last when every word is zero. */
static void nz_span(const struct nz_words *nz, uint32_t *first, uint32_t *last)
{
	uint32_t a = 0, b = nz->n;

	while (a < nz->n && !nz->map[a])
		a++;
	if (a == nz->n) {
		*first = 1;
		*last = 0;
		return;
	}
	while (!nz->map[b - 1])
		b--;
	*first = a * 64 + (uint32_t)__builtin_ctzll(nz->map[a]);
	*last = (b - 1) * 64 + 63 - (uint32_t)__builtin_clzll(nz->map[b - 1]);
}

/* One sweep over the field's domain: at each boundary some entries start
 * or stop accepting; the running bitvector between two boundaries is the
 * bitvector of that elementary interval. Entries that accept any value
 * of the field are not in those: they form the field's one wildcard
 * bitvector, which the classifier ORs in. Folding them into every
 * interval would make each interval's span reach the last wildcard entry
 * (one rule without a port at the end of a chain of 5,000 port rules:
 * 10,000 intervals of 79 words instead of 1). */
static void build_range(struct lbvs_chain *c, const struct entry *e, enum lbvs_field f,
			uint32_t max, struct bv_interner *in)
{
	struct event *ev = NULL;
	size_t n_ev = 0, cap = 0;
	uint64_t *w = calloc(c->n_words, sizeof(*w));
	struct lbvs_range_tab *t = &c->range[f];

	if (!w)
		abort();
	for (uint32_t i = 0; i < c->n_entries; i++)
		if (!e[i].alt->constrained[f])
			bv_set(w, i);
	t->wild = bv_intern(in, w);
	memset(w, 0, c->n_words * sizeof(*w));
	for (uint32_t i = 0; i < c->n_entries; i++) {
		const struct iset *s = &e[i].alt->set[f];

		if (!e[i].alt->constrained[f])
			continue;
		for (size_t k = 0; k < s->n; k++) {
			if (n_ev + 2 > cap) {
				cap = cap ? cap * 2 : 64;
				ev = realloc(ev, cap * sizeof(*ev));
				if (!ev)
					abort();
			}
			ev[n_ev++] = (struct event){s->v[k].lo, i, true};
			if (s->v[k].hi < max)
				ev[n_ev++] = (struct event){s->v[k].hi + 1, i, false};
		}
	}
	if (n_ev) /* none when every constraint is empty ("! -s 0/0") */
		qsort(ev, n_ev, sizeof(*ev), event_cmp);
	struct nz_words nz;
	size_t t_cap = 0;

	nz_init(&nz, c->n_words);
	for (size_t k = 0; k < n_ev || t->n == 0;) {
		uint32_t pos = k < n_ev ? ev[k].pos : 0, first, last;

		if (t->n == 0)
			pos = 0;
		for (; k < n_ev && ev[k].pos == pos; k++)
			nz_apply(&nz, w, ev[k].entry, ev[k].set);
		nz_span(&nz, &first, &last);
		uint32_t b = bv_intern_span(in, w, first, last);
		if (t->n && t->bv[t->n - 1] == b)
			continue;
		if (t->n == t_cap) {
			t_cap = t_cap ? t_cap * 2 : 16;
			t->start = realloc(t->start, t_cap * sizeof(*t->start));
			t->bv = realloc(t->bv, t_cap * sizeof(*t->bv));
			if (!t->start || !t->bv)
				abort();
		}
		t->start[t->n] = pos;
		t->bv[t->n++] = b;
	}
	nz_free(&nz);
	free(ev);
	free(w);
}

static void set_action(struct lbvs_action *act, const struct rule *r,
		       const struct lbvs_rule_cons *rc, const struct ruleset *rs)
{
	memset(act, 0, sizeof(*act));
	act->verdict = r->target.verdict;
	act->is_goto = r->ip.flags & RULE_F_GOTO;
	act->rule = r;
	act->slot = r->slot;
	act->residual = rc->residual;
	act->tcp_option = rc->tcp_option;
	act->tcp_option_inv = rc->tcp_option_inv;
	if (rc->n_l4) {
		act->l4 = malloc(rc->n_l4 * sizeof(*act->l4));
		if (!act->l4)
			abort();
		memcpy(act->l4, rc->l4, rc->n_l4 * sizeof(*act->l4));
		act->n_l4 = rc->n_l4;
	}
	if (r->target.verdict == VERDICT_JUMP) {
		for (uint32_t i = 0; i < rs->n_chains; i++)
			if (strcmp(rs->chains[i]->name, r->target.chain) == 0)
				act->jump_chain = i;
	}
}

static void collect_entries(struct lbvs_chain *c, const struct lbvs_rule_cons *rc,
			    struct entry **out)
{
	struct entry *e = NULL;
	uint32_t n = 0;

	for (uint32_t j = 0; j < c->n_rules; j++) {
		e = realloc(e, (n + rc[j].n_alt) * sizeof(*e));
		if (!e)
			abort();
		for (unsigned int k = 0; k < rc[j].n_alt; k++)
			e[n++] = (struct entry){j, &rc[j].alt[k]};
	}
	c->n_entries = n;
	c->entry_rule = calloc(n ? n : 1, sizeof(*c->entry_rule));
	c->rule_entry0 = calloc(c->n_rules + 1, sizeof(*c->rule_entry0));
	if (!c->entry_rule || !c->rule_entry0)
		abort();
	for (uint32_t i = n; i-- > 0;) {
		c->entry_rule[i] = e[i].rule;
		c->rule_entry0[e[i].rule] = i;
	}
	c->rule_entry0[c->n_rules] = n;
	*out = e;
}

uint64_t lbvs_segment_hash(const struct chain *c, uint32_t r0, uint32_t n)
{
	uint64_t h = HASH_SEED ^ n;

	/* Each rule hashed on its own, then folded in order: the rules'
	 * hashes do not wait for each other, so the CPU overlaps them
	 * (chaining one into the next made this a tenth of an -A on a
	 * 10,000-rule chain). */
	for (uint32_t j = 0; j < n; j++)
		h = h * UINT64_C(0x9e3779b97f4a7c15) + rule_hash(c->rules[r0 + j], HASH_SEED);
	return hash_bytes(HASH_SEED, &h, sizeof(h));
}

/* One segment: rules r0 .. r1 - 1 of a chain, as a chain of its own
 * (entries numbered from 0) whose rules keep their targets. */
static int compile_seg(const struct ruleset *rs, const struct lbvs_seg *seg,
		       struct lbvs_chain *c, struct lbvs_image *img, struct xt_err *err)
{
	struct lbvs_rule_cons *rc;
	struct entry *e = NULL;
	struct bv_interner in;
	uint32_t ci = seg->chain;
	int ret = 0;

	c->src = rs->chains[ci];
	c->src_index = ci;
	c->rule0 = seg->r0;
	c->n_rules = seg->r1 - seg->r0;
	c->first_slot = c->n_rules ? c->src->rules[seg->r0]->slot : 0;
	c->hash = lbvs_segment_hash(c->src, seg->r0, c->n_rules);
	rc = calloc(c->n_rules ? c->n_rules : 1, sizeof(*rc));
	c->action = calloc(c->n_rules ? c->n_rules : 1, sizeof(*c->action));
	if (!rc || !c->action)
		abort();
	for (uint32_t j = 0; j < c->n_rules && !ret; j++) {
		const struct rule *r = c->src->rules[c->rule0 + j];

		ret = rule_cons(r, &img->ifaces, &rc[j], err);
		if (!ret)
			set_action(&c->action[j], r, &rc[j], rs);
	}
	if (!ret) {
		collect_entries(c, rc, &e);
		if (c->n_entries > BPFIPT_MAX_CHAIN_ENTRIES)
			ret = xt_fail(err, XT_OTHER_PROBLEM,
				      "chain %s too long for the dataplane: %u entries (rules, "
				      "and multiport --ports alternatives; the limit is %u)",
				      rs->chains[ci]->name, c->n_entries, BPFIPT_MAX_CHAIN_ENTRIES);
	}
	if (!ret) {
		c->n_words = c->n_entries ? (c->n_entries + 63) / 64 : 1;
		bv_interner_init(&in, img, c);
		for (int f = 0; f < LBVS_N_FIELDS; f++) {
			for (uint32_t i = 0; i < c->n_entries && !c->range_used[f]; i++)
				c->range_used[f] = e[i].alt->constrained[f];
			if (c->range_used[f])
				build_range(c, e, (enum lbvs_field)f,
					    lbvs_field_max((enum lbvs_field)f, img->ifaces.n_classes), &in);
		}
		/* A chain constraining nothing still needs its all-ones vector. */
		if (!c->n_bv) {
			uint64_t *w = calloc(c->n_words, sizeof(*w));

			if (!w)
				abort();
			for (uint32_t i = 0; i < c->n_entries; i++)
				bv_set(w, i);
			bv_intern(&in, w);
			free(w);
		}
		bv_interner_free(&in);
	}
	for (uint32_t j = 0; j < c->n_rules; j++)
		lbvs_cons_free(&rc[j]);
	free(rc);
	free(e);
	return ret;
}

int lbvs_compile_segs(const struct ruleset *rs, const struct lbvs_seg *segs, uint32_t n,
		      struct lbvs_image *img, struct xt_err *err)
{
	memset(img, 0, sizeof(*img));
	if (lbvs_check_limits(rs, err) < 0)
		return -1;
	lbvs_ifaces_build(&img->ifaces, rs);
	for (uint32_t h = 0; h < RULESET_N_BUILTIN && h < rs->n_chains; h++)
		img->policy[h] = rs->chains[h]->policy;
	img->n_chains = n;
	img->chain = calloc(n ? n : 1, sizeof(*img->chain));
	if (!img->chain)
		abort();
	for (uint32_t i = 0; i < n; i++) {
		if (compile_seg(rs, &segs[i], &img->chain[i], img, err) < 0) {
			lbvs_image_free(img);
			return -1;
		}
	}
	return 0;
}

int lbvs_compile(const struct ruleset *rs, struct lbvs_image *img, struct xt_err *err)
{
	struct lbvs_seg *segs = calloc(rs->n_chains ? rs->n_chains : 1, sizeof(*segs));
	int ret;

	if (!segs)
		abort();
	for (uint32_t i = 0; i < rs->n_chains; i++)
		segs[i] = (struct lbvs_seg){i, 0, (uint32_t)rs->chains[i]->n_rules};
	ret = lbvs_compile_segs(rs, segs, (uint32_t)rs->n_chains, img, err);
	free(segs);
	return ret;
}

void lbvs_image_free(struct lbvs_image *img)
{
	for (uint32_t i = 0; i < img->n_chains; i++) {
		struct lbvs_chain *c = &img->chain[i];

		for (int f = 0; f < LBVS_N_FIELDS; f++) {
			free(c->range[f].start);
			free(c->range[f].bv);
		}
		for (uint32_t r = 0; r < c->n_rules && c->action; r++)
			free(c->action[r].l4);
		free(c->entry_rule);
		free(c->rule_entry0);
		free(c->action);
		free(c->bv);
	}
	free(img->chain);
	free(img->pool);
	lbvs_ifaces_free(&img->ifaces);
	memset(img, 0, sizeof(*img));
}
