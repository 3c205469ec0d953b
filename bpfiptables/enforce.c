// SPDX-License-Identifier: GPL-2.0-only
/* Counters shown = table + dataplane; changes enforced before saved. */
#include <stdlib.h>
#include <string.h>

#include "../kernel/include/bpfipt_limits.h"
#include "enforce.h"
#include "resident.h"

/* Counter slots before the table is renumbered (the map's size). */
#define SLOT_LIMIT BPFIPT_COUNTER_SLOTS

static void zero_later(struct enforce *en, uint32_t idx)
{
	uint32_t *z = realloc(en->zero, (en->n_zero + 1) * sizeof(*z));

	if (z) {
		en->zero = z;
		en->zero[en->n_zero++] = idx;
	}
}

static const struct bpfipt_counter *live_at(const struct enforce *en, uint32_t idx)
{
	return en->have_live && idx < en->live.n ? &en->live.c[idx] : NULL;
}

static void each_counter(struct ruleset *rs, void (*fn)(struct enforce *, uint32_t idx,
							uint64_t *p, uint64_t *b),
			 struct enforce *en)
{
	for (size_t ci = 0; ci < rs->n_chains; ci++) {
		struct chain *c = rs->chains[ci];

		if (ci < RULESET_N_BUILTIN)
			fn(en, (uint32_t)ci, &c->pcnt, &c->bcnt);
		for (size_t r = 0; r < c->n_rules; r++)
			fn(en, BPFIPT_SLOT0 + c->rules[r]->slot, &c->rules[r]->pcnt,
			   &c->rules[r]->bcnt);
	}
}

static void add_live(struct enforce *en, uint32_t idx, uint64_t *p, uint64_t *b)
{
	const struct bpfipt_counter *l = live_at(en, idx);

	if (l) {
		*p += l->packets;
		*b += l->bytes;
	}
}

/* A count below what the dataplane had was zeroed (-Z) by the command. */
static void sub_live(struct enforce *en, uint32_t idx, uint64_t *p, uint64_t *b)
{
	const struct bpfipt_counter *l = live_at(en, idx);

	if (!l || (!l->packets && !l->bytes))
		return;
	if (*p >= l->packets && *b >= l->bytes && !(*p == 0 && *b == 0)) {
		*p -= l->packets;
		*b -= l->bytes;
		return;
	}
	*p = *b = 0;
	zero_later(en, idx);
}

/* The counters of the slots the table has handed out, no more. */
static void read_live(struct enforce *en, const struct state *st, const struct ruleset *rs)
{
	struct dp dp;

	if (en->have_live || dp_open(&dp, st->dir) < 0)
		return;
	en->have_live = dp_counts_read(&dp, BPFIPT_SLOT0 + rs->next_slot, &en->live) == 0;
	dp_close(&dp);
}

void enforce_show_counters(struct enforce *en, const struct state *st, struct ruleset *rs)
{
	read_live(en, st, rs);
	if (en->have_live)
		each_counter(rs, add_live, en);
}

void enforce_unshow_counters(struct enforce *en, struct ruleset *rs)
{
	if (en->have_live)
		each_counter(rs, sub_live, en);
}

void enforce_fresh_slots(struct ruleset *rs, uint32_t first)
{
	uint32_t next = first;

	for (size_t ci = 0; ci < rs->n_chains; ci++)
		for (size_t r = 0; r < rs->chains[ci]->n_rules; r++)
			rs->chains[ci]->rules[r]->slot = next++;
	rs->next_slot = next;
}

void enforce_zero_policies(struct enforce *en)
{
	for (uint32_t h = 0; h < BPFIPT_N_HOOKS; h++)
		zero_later(en, h);
}

/* Nothing to enforce: no rule, every policy ACCEPT. */
static bool table_is_open(const struct ruleset *rs)
{
	for (size_t ci = 0; ci < rs->n_chains; ci++) {
		const struct chain *c = rs->chains[ci];

		if (c->n_rules || (ci < RULESET_N_BUILTIN && c->policy != POLICY_ACCEPT))
			return false;
	}
	return true;
}

/* Slots ran out: fold the dataplane's counts into the table, number the
 * rules from 0 again and start the counters afresh. Packets counted
 * between the read and the sync are lost to the counters. */
static bool compact_slots(struct enforce *en, const struct state *st, struct ruleset *rs)
{
	if (rs->next_slot < SLOT_LIMIT)
		return false;
	read_live(en, st, rs);
	if (en->have_live)
		each_counter(rs, add_live, en);
	enforce_fresh_slots(rs, 0);
	return true;
}

/* A dataplane whose record this build refuses (another version's, after
 * an upgrade, or one whose objects are gone) would go on enforcing its
 * rules from the hooks and the cgroup root, and its helper on serving
 * its own ring buffer: all of it goes, as --teardown removes it, before
 * a new one is made. */
static int forget_foreign(const struct state *st, struct xt_err *err)
{
	resident_stop(st->dir);
	return dp_teardown(st->dir, err);
}

int enforce_apply(struct enforce *en, const struct state *st, struct ruleset *rs,
		  struct xt_err *err)
{
	struct dp cur, dp;
	bool exists = dp_open(&cur, st->dir) == 0;
	uint32_t events_before = exists ? cur.ids.map_id[DP_M_EVENTS] : 0;

	if (!exists && dp_record_present(st->dir) && forget_foreign(st, err) < 0)
		return -1;
	if (!exists && table_is_open(rs))
		return 0;
	en->compacted = compact_slots(en, st, rs);
	/* cur goes to dp_sync (opened once per command: 42 bpf(2) calls);
	 * dp comes back held open until the helper holds it too. */
	if (dp_sync(rs, st->dir, st->cookie, exists ? &cur : NULL, &dp, err) < 0)
		return -1;
	/* A new dataplane (the image outgrew the old one) has its own ring
	 * buffer: the helper reading the old one gives way to a new one. */
	if (events_before && events_before != dp.ids.map_id[DP_M_EVENTS])
		resident_stop(st->dir);
	/* An XDP program is attached nowhere while only lo is up. */
	resident_ensure(st->dir, dp.prog_fd[DP_P_XDP]);
	if (en->compacted) {
		uint32_t n = BPFIPT_SLOT0 + dp.ids.caps.n[DP_M_COUNTERS];
		uint32_t *all = malloc(n * sizeof(*all));

		for (uint32_t i = 0; all && i < n; i++)
			all[i] = i;
		if (all)
			dp_counts_zero(&dp, all, n);
		free(all);
	} else if (en->n_zero) {
		dp_counts_zero(&dp, en->zero, en->n_zero);
	}
	dp_close(&dp);
	return 0;
}

void enforce_done(struct enforce *en)
{
	dp_counts_free(&en->live);
	free(en->zero);
	memset(en, 0, sizeof(*en));
}
