// SPDX-License-Identifier: GPL-2.0-only
/* Rule table -> LBVS image. Per chain: each rule's conditions become
 * field constraints (header here, matches through their compile op), the
 * rule's alternatives become the chain's entries (bits), and every field
 * some entry constrains gets a value -> bitvector table. */
#define _GNU_SOURCE /* qsort_r: sorting with a context, no global state */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../addr.h"
#include "../ext.h"
#include "bitvec.h"
#include "image.h"
#include "limits.h"
#include "../../kernel/include/bpfipt_limits.h"

/* An address condition of one entry, for the prefix tables. */
struct addr_cond {
	bool constrained; /* false: any address */
	bool inv;
	uint32_t addr; /* host order */
	uint8_t len;
};

struct entry {
	uint32_t rule;
	const struct lbvs_alt *alt;
	struct addr_cond addr[LBVS_N_ADDR];
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

/* The IP-header part of a rule: protocol, fragment flag, interfaces, and
 * the residual check of a non-contiguous address mask. The addresses
 * themselves go to the prefix tables (addr_cons). */
static void header_cons(const struct rule_ip *ip, const struct lbvs_ifaces *ifc,
			struct lbvs_rule_cons *rc)
{
	struct iset s;

	if (ip->proto)
		restrict_range(rc, LBVS_PROTO, ip->proto, ip->proto, ip->invflags & RULE_INV_PROTO,
			       255);
	if (ip->flags & RULE_F_FRAG)
		restrict_range(rc, LBVS_FRAG, 1, 1, ip->invflags & RULE_INV_FRAG, 1);
	if (addr_mask_to_prefix(ip->smsk) < 0)
		rc->residual |= LBVS_RES_SRC_MASK;
	if (addr_mask_to_prefix(ip->dmsk) < 0)
		rc->residual |= LBVS_RES_DST_MASK;
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

/* A non-contiguous mask does not index: the entry accepts any address
 * here and header_cons flags the residual check. */
static void addr_cons(uint32_t addr, uint32_t mask, bool inv, struct addr_cond *c)
{
	int len = addr_mask_to_prefix(mask);

	memset(c, 0, sizeof(*c));
	if (len < 0 || (len == 0 && !inv))
		return;
	c->constrained = true;
	c->inv = inv;
	c->addr = ntohl(addr);
	c->len = (uint8_t)len;
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

/* One sweep over the field's domain: at each boundary some entries start
 * or stop accepting; the running bitvector between two boundaries is the
 * bitvector of that elementary interval. */
static void build_range(struct lbvs_chain *c, const struct entry *e, enum lbvs_field f,
			uint32_t max, struct bv_interner *in)
{
	struct event *ev = NULL;
	size_t n_ev = 0, cap = 0;
	uint64_t *w = calloc(c->n_words, sizeof(*w));
	struct lbvs_range_tab *t = &c->range[f];

	if (!w)
		abort();
	for (uint32_t i = 0; i < c->n_entries; i++) {
		struct iset full = {0};
		const struct iset *s = &e[i].alt->set[f];

		if (!e[i].alt->constrained[f]) {
			iset_full(&full, max);
			s = &full;
		}
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
		iset_free(&full);
	}
	qsort(ev, n_ev, sizeof(*ev), event_cmp);
	memset(t, 0, sizeof(*t));
	for (size_t k = 0; k < n_ev || t->n == 0;) {
		uint32_t pos = k < n_ev ? ev[k].pos : 0;

		if (t->n == 0)
			pos = 0;
		for (; k < n_ev && ev[k].pos == pos; k++)
			(ev[k].set ? bv_set : bv_clear)(w, ev[k].entry);
		uint32_t b = bv_intern(in, w);
		if (t->n && t->bv[t->n - 1] == b)
			continue;
		t->start = realloc(t->start, (t->n + 1) * sizeof(*t->start));
		t->bv = realloc(t->bv, (t->n + 1) * sizeof(*t->bv));
		if (!t->start || !t->bv)
			abort();
		t->start[t->n] = pos;
		t->bv[t->n++] = b;
	}
	free(ev);
	free(w);
}

static bool prefix_contains(uint32_t outer, uint8_t outer_len, uint32_t inner, uint8_t inner_len)
{
	uint32_t mask = outer_len ? 0xffffffffu << (32 - outer_len) : 0;

	return outer_len <= inner_len && (inner & mask) == outer;
}

static int prefix_cmp(const void *a, const void *b)
{
	const struct lbvs_prefix *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)x->len - (int)y->len;
}

struct prefix_sort {
	const struct entry *e;
	int a;
};

static int entry_prefix_cmp(const void *pa, const void *pb, void *arg)
{
	const struct prefix_sort *ps = arg;
	const struct addr_cond *x = &ps->e[*(const uint32_t *)pa].addr[ps->a];
	const struct addr_cond *y = &ps->e[*(const uint32_t *)pb].addr[ps->a];

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)x->len - (int)y->len;
}

static void sort_entries_by_prefix(uint32_t *order, uint32_t n, const struct entry *e, int a)
{
	struct prefix_sort ps = {e, a};

	qsort_r(order, n, sizeof(*order), entry_prefix_cmp, &ps);
}

/* The prefixes of the chain in (address, length) order are nested like
 * parentheses: a stack of the current prefix's ancestors gives each one
 * its bitvector, its parent's with its own entries applied. */
static void build_lpm(struct lbvs_chain *c, const struct entry *e, int a, struct bv_interner *in)
{
	struct lbvs_lpm_tab *t = &c->lpm[a];
	uint64_t **stack_w;
	uint32_t *stack_p, depth = 0;

	t->p = calloc(c->n_entries + 1, sizeof(*t->p));
	if (!t->p)
		abort();
	t->n = 0;
	t->p[t->n++] = (struct lbvs_prefix){0, 0, 0, 0};
	for (uint32_t i = 0; i < c->n_entries; i++)
		if (e[i].addr[a].constrained)
			t->p[t->n++] = (struct lbvs_prefix){e[i].addr[a].addr, e[i].addr[a].len, 0, 0};
	qsort(t->p, t->n, sizeof(*t->p), prefix_cmp);
	uint32_t n = 0;
	for (uint32_t i = 0; i < t->n; i++)
		if (n == 0 || prefix_cmp(&t->p[n - 1], &t->p[i]) != 0)
			t->p[n++] = t->p[i];
	t->n = n;

	stack_w = calloc(33, sizeof(*stack_w));
	stack_p = calloc(33, sizeof(*stack_p));
	if (!stack_w || !stack_p)
		abort();
	for (uint32_t i = 0; i <= 32; i++) {
		stack_w[i] = calloc(c->n_words, sizeof(uint64_t));
		if (!stack_w[i])
			abort();
	}
	/* Constrained entries in prefix order, to meet them as we walk. */
	uint32_t *order = calloc(c->n_entries ? c->n_entries : 1, sizeof(*order)), n_order = 0;
	if (!order)
		abort();
	for (uint32_t k = 0; k < c->n_entries; k++)
		if (e[k].addr[a].constrained)
			order[n_order++] = k;
	sort_entries_by_prefix(order, n_order, e, a);

	uint32_t next = 0;
	for (uint32_t i = 0; i < t->n; i++) {
		struct lbvs_prefix *p = &t->p[i];

		while (depth && !prefix_contains(t->p[stack_p[depth - 1]].addr,
						 t->p[stack_p[depth - 1]].len, p->addr, p->len))
			depth--;
		uint64_t *w = stack_w[depth];
		if (depth) {
			memcpy(w, stack_w[depth - 1], c->n_words * sizeof(*w));
		} else {
			/* The root: unconstrained and negated entries accept. */
			memset(w, 0, c->n_words * sizeof(*w));
			for (uint32_t k = 0; k < c->n_entries; k++)
				if (!e[k].addr[a].constrained || e[k].addr[a].inv)
					bv_set(w, k);
		}
		/* Entries whose own prefix this is flip from here down. */
		for (; next < n_order; next++) {
			const struct addr_cond *ac = &e[order[next]].addr[a];

			if (ac->addr != p->addr || ac->len != p->len)
				break;
			(ac->inv ? bv_clear : bv_set)(w, order[next]);
		}
		p->bv = bv_intern(in, w);
		p->parent = depth ? stack_p[depth - 1] : i;
		stack_p[depth++] = i;
	}
	free(order);
	for (uint32_t i = 0; i <= 32; i++)
		free(stack_w[i]);
	free(stack_w);
	free(stack_p);
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
		const struct rule *r = c->src->rules[j];
		struct entry proto = {.rule = j};

		addr_cons(r->ip.src, r->ip.smsk, r->ip.invflags & RULE_INV_SRCIP, &proto.addr[LBVS_SRC]);
		addr_cons(r->ip.dst, r->ip.dmsk, r->ip.invflags & RULE_INV_DSTIP, &proto.addr[LBVS_DST]);
		e = realloc(e, (n + rc[j].n_alt) * sizeof(*e));
		if (!e)
			abort();
		for (unsigned int k = 0; k < rc[j].n_alt; k++) {
			e[n] = proto;
			e[n++].alt = &rc[j].alt[k];
		}
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

static int compile_chain(const struct ruleset *rs, uint32_t ci, struct lbvs_image *img,
			 struct xt_err *err)
{
	struct lbvs_chain *c = &img->chain[ci];
	struct lbvs_rule_cons *rc;
	struct entry *e = NULL;
	struct bv_interner in;
	int ret = 0;

	c->src = rs->chains[ci];
	c->n_rules = (uint32_t)c->src->n_rules;
	rc = calloc(c->n_rules ? c->n_rules : 1, sizeof(*rc));
	c->action = calloc(c->n_rules ? c->n_rules : 1, sizeof(*c->action));
	if (!rc || !c->action)
		abort();
	for (uint32_t j = 0; j < c->n_rules && !ret; j++) {
		const struct rule *r = c->src->rules[j];

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
		for (int a = 0; a < LBVS_N_ADDR; a++) {
			for (uint32_t i = 0; i < c->n_entries && !c->lpm_used[a]; i++)
				c->lpm_used[a] = e[i].addr[a].constrained;
			if (c->lpm_used[a])
				build_lpm(c, e, a, &in);
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

int lbvs_compile(const struct ruleset *rs, struct lbvs_image *img, struct xt_err *err)
{
	memset(img, 0, sizeof(*img));
	if (lbvs_check_limits(rs, err) < 0)
		return -1;
	lbvs_ifaces_build(&img->ifaces, rs);
	img->n_chains = (uint32_t)rs->n_chains;
	img->chain = calloc(img->n_chains, sizeof(*img->chain));
	if (!img->chain)
		abort();
	for (uint32_t i = 0; i < img->n_chains; i++) {
		if (compile_chain(rs, i, img, err) < 0) {
			lbvs_image_free(img);
			return -1;
		}
	}
	return 0;
}

void lbvs_image_free(struct lbvs_image *img)
{
	for (uint32_t i = 0; i < img->n_chains; i++) {
		struct lbvs_chain *c = &img->chain[i];

		for (int f = 0; f < LBVS_N_FIELDS; f++) {
			free(c->range[f].start);
			free(c->range[f].bv);
		}
		for (int a = 0; a < LBVS_N_ADDR; a++)
			free(c->lpm[a].p);
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
