// SPDX-License-Identifier: GPL-2.0-only
/* lbvs_image -> the flat arrays of kernel/include/bpfipt_image.h. */
#define _GNU_SOURCE /* qsort_r */
#include "flat.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "../ext.h"
#include "../ext/log.h"
#include "../ext/reject.h"
#include "range_index.h"
#include "../xalloc.h"

static uint32_t verdict_of(const struct lbvs_action *a)
{
	switch (a->verdict) {
	case VERDICT_ACCEPT:
		return BPFIPT_V_ACCEPT;
	case VERDICT_DROP:
		return BPFIPT_V_DROP;
	case VERDICT_RETURN:
		return BPFIPT_V_RETURN;
	case VERDICT_JUMP:
		return BPFIPT_V_JUMP;
	case VERDICT_EXT:
		return log_is_target(&a->rule->target) ? BPFIPT_V_LOG : BPFIPT_V_REJECT;
	default:
		return BPFIPT_V_NONE;
	}
}

static void flat_action(struct lbvs_flat *f, const struct lbvs_chain *c, uint32_t r)
{
	const struct lbvs_action *a = &c->action[r];
	const struct rule *rule = a->rule;
	struct bpfipt_action *o = &f->action[f->n_actions++];

	memset(o, 0, sizeof(*o));
	o->verdict = verdict_of(a);
	o->jump_chain = a->jump_chain;
	o->next_entry = c->rule_entry0[r + 1];
	o->slot = a->slot;
	o->flags = (a->is_goto ? BPFIPT_A_GOTO : 0) |
		   (a->residual & LBVS_RES_SRC_MASK ? BPFIPT_A_RES_SRC_MASK : 0) |
		   (a->residual & LBVS_RES_DST_MASK ? BPFIPT_A_RES_DST_MASK : 0) |
		   (a->residual & LBVS_RES_TCP_OPTION ? BPFIPT_A_RES_TCP_OPTION : 0) |
		   (a->residual & LBVS_RES_SHORT ? BPFIPT_A_RES_SHORT : 0) |
		   (rule->ip.invflags & RULE_INV_SRCIP ? BPFIPT_A_INV_SRC : 0) |
		   (rule->ip.invflags & RULE_INV_DSTIP ? BPFIPT_A_INV_DST : 0) |
		   (a->tcp_option_inv ? BPFIPT_A_INV_TCP_OPTION : 0);
	o->src = rule->ip.src;
	o->smsk = rule->ip.smsk;
	o->dst = rule->ip.dst;
	o->dmsk = rule->ip.dmsk;
	o->tcp_option = a->tcp_option;
	if (o->verdict == BPFIPT_V_REJECT)
		o->reject_with = (uint8_t)reject_kind(rule->target.data);
	if (o->verdict == BPFIPT_V_LOG) {
		struct bpfipt_logconf *lc;

		f->log = grow_array(f->log, f->n_log + 1, sizeof(*f->log));
		lc = &f->log[f->n_log];
		memset(lc, 0, sizeof(*lc));
		log_params(rule->target.data, &lc->level, &lc->flags, lc->prefix);
		o->log_id = f->n_log++;
	}
	o->l4_base = f->n_l4;
	o->l4_n = (uint16_t)a->n_l4;
	f->l4 = grow_array(f->l4, f->n_l4 + a->n_l4, sizeof(*f->l4));
	if (a->n_l4) /* a->l4 is NULL without layer-4 matches */
		memcpy(f->l4 + f->n_l4, a->l4, a->n_l4 * sizeof(*a->l4));
	f->n_l4 += a->n_l4;
}

static void flat_chain(struct lbvs_flat *f, const struct lbvs_chain *c, uint32_t ci,
		       uint32_t bv_base)
{
	struct bpfipt_chain *o = &f->chain[ci];

	memset(o, 0, sizeof(*o));
	o->n_words = c->n_words;
	o->n_entries = c->n_entries;
	o->entry_base = f->n_entries;
	o->rule_base = f->n_actions;
	o->bv_all = bv_base; /* the chain's first bitvector: all ones when no field is used */
	o->next_seg = BPFIPT_NO_SEG;
	o->src_chain = c->src_index;
	o->rule0 = c->rule0;
	o->n_rules = c->n_rules;
	o->first_slot = c->first_slot;
	o->hash = c->hash;
	f->entry_rule = grow_array(f->entry_rule, f->n_entries + c->n_entries, sizeof(uint32_t));
	memcpy(f->entry_rule + f->n_entries, c->entry_rule, c->n_entries * sizeof(uint32_t));
	f->n_entries += c->n_entries;
	f->action = grow_array(f->action, f->n_actions + c->n_rules, sizeof(*f->action));
	for (uint32_t r = 0; r < c->n_rules; r++)
		flat_action(f, c, r);
	for (int k = 0; k < BPFIPT_N_FIELDS; k++) {
		const struct lbvs_range_tab *t = &c->range[k];

		if (!c->range_used[k])
			continue;
		o->range_base[k] = f->n_range;
		o->range_n[k] = t->n;
		/* No wildcard entries: the classifier skips the lookup. */
		o->range_wild[k] = c->bv[t->wild].first > c->bv[t->wild].last ? BPFIPT_NO_WILD
									       : bv_base + t->wild;
		o->used[o->n_used++] = (__u8)k;
		f->range_start = grow_array(f->range_start, f->n_range + t->n, sizeof(uint32_t));
		f->range_bv = grow_array(f->range_bv, f->n_range + t->n, sizeof(uint32_t));
		for (uint32_t i = 0; i < t->n; i++) {
			f->range_start[f->n_range + i] = t->start[i];
			f->range_bv[f->n_range + i] = bv_base + t->bv[i];
		}
		o->range_idx[k] = lbvs_range_index(t->start, t->n, &f->range_idx, &f->n_range_idx);
		f->n_range += t->n;
	}
}

void lbvs_flatten(const struct lbvs_image *img, struct lbvs_flat *f)
{
	uint32_t bv_base = 0;

	memset(f, 0, sizeof(*f));
	f->n_chains = img->n_chains;
	f->chain = grow_array(NULL, img->n_chains, sizeof(*f->chain));
	for (uint32_t ci = 0; ci < img->n_chains; ci++) {
		const struct lbvs_chain *c = &img->chain[ci];

		flat_chain(f, c, ci, bv_base);
		f->bv = grow_array(f->bv, bv_base + c->n_bv, sizeof(*f->bv));
		for (uint32_t i = 0; i < c->n_bv; i++)
			f->bv[bv_base + i] = (struct bpfipt_bv){c->bv[i].first, c->bv[i].last,
								c->bv[i].pool_off};
		bv_base += c->n_bv;
	}
	for (int h = 0; h < RULESET_N_BUILTIN; h++)
		f->policy[h] = img->policy[h] == POLICY_DROP ? BPFIPT_V_DROP : BPFIPT_V_ACCEPT;
	f->n_bv = bv_base;
	f->n_pool = img->pool_words;
	f->pool = grow_array(NULL, img->pool_words, sizeof(uint64_t));
	memcpy(f->pool, img->pool, img->pool_words * sizeof(uint64_t));
	f->ifaces = &img->ifaces;
}

void lbvs_flat_free(struct lbvs_flat *f)
{
	free(f->chain);
	free(f->bv);
	free(f->pool);
	free(f->range_start);
	free(f->range_bv);
	free(f->range_idx);
	free(f->entry_rule);
	free(f->action);
	free(f->l4);
	free(f->log);
	memset(f, 0, sizeof(*f));
}

static int by_chain_then_rule(const void *a, const void *b, void *arg)
{
	const struct bpfipt_chain *recs = arg;
	const struct bpfipt_chain *x = &recs[*(const uint32_t *)a], *y = &recs[*(const uint32_t *)b];

	if (x->src_chain != y->src_chain)
		return x->src_chain < y->src_chain ? -1 : 1;
	return x->rule0 < y->rule0 ? -1 : x->rule0 > y->rule0;
}

void lbvs_flat_link(struct bpfipt_chain *recs, uint32_t n)
{
	uint32_t *order = malloc((n ? n : 1) * sizeof(*order));

	if (!order)
		abort();
	for (uint32_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(*order), by_chain_then_rule, recs);
	for (uint32_t k = 0; k < n; k++) {
		struct bpfipt_chain *r = &recs[order[k]];
		const struct bpfipt_chain *next = k + 1 < n ? &recs[order[k + 1]] : NULL;

		r->next_seg = next && next->src_chain == r->src_chain ? order[k + 1] : BPFIPT_NO_SEG;
	}
	free(order);
}
