// SPDX-License-Identifier: GPL-2.0-only
/* The plan of the next generation's segments (dp_plan.h). */
#include <stdlib.h>
#include <string.h>

#include "dp_plan.h"
#include "../../translator/hash.h"
#include "../../translator/xalloc.h"

uint64_t dp_plan_shape(const struct ruleset *rs, const struct lbvs_ifaces *ifc)
{
	uint64_t h = HASH_SEED;

	for (size_t i = 0; i < rs->n_chains; i++)
		h = hash_str(h, rs->chains[i]->name);
	h = hash_bytes(h, &ifc->n_patterns, sizeof(ifc->n_patterns));
	for (uint32_t i = 0; i < ifc->n_patterns; i++) {
		h = hash_bytes(h, ifc->pattern[i], sizeof(ifc->pattern[i]));
		h = hash_bytes(h, &ifc->is_prefix[i], sizeof(ifc->is_prefix[i]));
	}
	return h;
}

/* The largest of chain c's old segments, or NULL. */
static const struct bpfipt_chain *old_bulk(const struct bpfipt_chain *old, uint32_t n_old,
					   uint32_t c)
{
	const struct bpfipt_chain *best = NULL;
	uint32_t i = c;

	/* At most n_old steps: a damaged link cannot loop. */
	for (uint32_t steps = 0; i < n_old && steps < n_old; steps++) {
		if (old[i].src_chain != c)
			break;
		if (!best || old[i].n_rules > best->n_rules)
			best = &old[i];
		i = old[i].next_seg;
	}
	return best;
}

/* Where the old bulk's rules are in chain ch now (their first counter
 * slot, then the hash of all of them), or -1. */
static long find_bulk(const struct chain *ch, const struct bpfipt_chain *bulk)
{
	for (size_t i = 0; i < ch->n_rules; i++) {
		if (ch->rules[i]->slot != bulk->first_slot)
			continue;
		if (i + bulk->n_rules <= ch->n_rules &&
		    lbvs_segment_hash(ch, (uint32_t)i, bulk->n_rules) == bulk->hash)
			return (long)i;
		return -1; /* slots are unique: no other place */
	}
	return -1;
}

static uint32_t add_record(struct dp_plan *p)
{
	p->rec = grow_array(p->rec, p->n_records + 1, sizeof(*p->rec));
	memset(&p->rec[p->n_records], 0, sizeof(*p->rec));
	return p->n_records++;
}

static void add_seg(struct dp_plan *p, uint32_t rec, uint32_t c, uint32_t r0, uint32_t r1)
{
	p->segs = grow_array(p->segs, p->n_segs + 1, sizeof(*p->segs));
	p->rec_of = grow_array(p->rec_of, p->n_segs + 1, sizeof(*p->rec_of));
	p->segs[p->n_segs] = (struct lbvs_seg){c, r0, r1};
	p->rec_of[p->n_segs++] = rec;
}

/* Chain c: its old bulk kept with at most DP_END_MAX new rules on either
 * side (first record: the head if any, else the bulk), or compiled whole. */
static void plan_chain(const struct ruleset *rs, uint32_t c, const struct bpfipt_chain *old,
		       uint32_t n_old, struct dp_plan *p)
{
	const struct chain *ch = rs->chains[c];
	uint32_t n = (uint32_t)ch->n_rules;
	const struct bpfipt_chain *bulk = old ? old_bulk(old, n_old, c) : NULL;
	long at = bulk && bulk->n_rules >= DP_KEEP_MIN ? find_bulk(ch, bulk) : -1;
	uint32_t head = at < 0 ? 0 : (uint32_t)at, tail = at < 0 ? 0 : n - head - bulk->n_rules;

	if (at < 0 || head > DP_END_MAX || tail > DP_END_MAX) {
		add_seg(p, c, c, 0, n);
		return;
	}
	uint32_t kept = head ? add_record(p) : c;

	p->rec[kept] = *bulk;
	p->rec[kept].rule0 = head;
	p->n_kept_rules += bulk->n_rules;
	if (head)
		add_seg(p, c, c, 0, head);
	if (tail)
		add_seg(p, add_record(p), c, head + bulk->n_rules, n);
}

void dp_plan_make(const struct ruleset *rs, const struct bpfipt_chain *old, uint32_t n_old,
		  struct dp_plan *p)
{
	memset(p, 0, sizeof(*p));
	for (size_t c = 0; c < rs->n_chains; c++)
		add_record(p);
	for (uint32_t c = 0; c < (uint32_t)rs->n_chains; c++)
		plan_chain(rs, c, old, n_old, p);
}

void dp_plan_free(struct dp_plan *p)
{
	free(p->rec);
	free(p->segs);
	free(p->rec_of);
	memset(p, 0, sizeof(*p));
}
