// SPDX-License-Identifier: GPL-2.0-only
/* The table's shape against the dataplane's bounds: total rules, and
 * per packet the deepest -j nesting and the longest walk, both worked
 * out over the (loop-free) graph of jumps, each chain once. */
#include <stdlib.h>
#include <string.h>

#include "../../kernel/include/bpfipt_limits.h"
#include "limits.h"

/* Recursion through -g (which adds no depth) is cut here: a goto chain
 * this long is refused as too deep rather than risking the C stack. */
#define MAX_RECURSION 4096
#define STEPS_CAP (UINT64_C(1) << 62)

static const struct lbvs_walk_bound unknown = {0, 0};

struct walk_memo {
	const struct ruleset *rs;
	struct lbvs_walk_bound *b; /* per chain; depth UINT32_MAX: not yet known */
	bool too_deep;
};

static size_t chain_at(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < RULESET_N_BUILTIN; i++)
		if (strcmp(rs->chains[i]->name, name) == 0)
			return i;
	size_t lo = RULESET_N_BUILTIN, hi = rs->n_chains;

	while (lo < hi) { /* user chains are sorted by name */
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(rs->chains[mid]->name, name);

		if (cmp == 0)
			return mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a + b > STEPS_CAP || a + b < a ? STEPS_CAP : a + b;
}

static const struct lbvs_walk_bound *bound_of(struct walk_memo *m, size_t ci, unsigned level)
{
	struct lbvs_walk_bound *b = &m->b[ci];
	const struct chain *c = m->rs->chains[ci];

	if (b->depth != UINT32_MAX)
		return b;
	if (level > MAX_RECURSION) {
		m->too_deep = true;
		return &unknown;
	}
	uint32_t depth = 0;
	/* Leaving the chain at its end, and going on from its first segment
	 * to a second and a third (the dataplane holds a chain in up to
	 * three: bpfiptables/dataplane/dp_plan.c). */
	uint64_t steps = 3;

	for (size_t r = 0; r < c->n_rules; r++) {
		const struct rule_target *t = &c->rules[r]->target;
		size_t to;

		steps = add_sat(steps, 1);
		if (t->verdict != VERDICT_JUMP || (to = chain_at(m->rs, t->chain)) == SIZE_MAX)
			continue;
		const struct lbvs_walk_bound *sub = bound_of(m, to, level + 1);
		uint32_t d = sub->depth + !(c->rules[r]->ip.flags & RULE_F_GOTO);

		if (d > depth)
			depth = d;
		steps = add_sat(steps, sub->steps);
	}
	b->depth = depth;
	b->steps = steps;
	return b;
}

void lbvs_walk_bound(const struct ruleset *rs, struct lbvs_walk_bound *out)
{
	struct walk_memo m = {.rs = rs, .b = malloc(rs->n_chains * sizeof(*m.b))};

	if (!m.b)
		abort();
	for (size_t i = 0; i < rs->n_chains; i++)
		m.b[i].depth = UINT32_MAX;
	out->depth = 0;
	out->steps = 0;
	for (size_t i = 0; i < RULESET_N_BUILTIN && i < rs->n_chains; i++) {
		const struct lbvs_walk_bound *b = bound_of(&m, i, 0);

		if (b->depth > out->depth)
			out->depth = b->depth;
		if (b->steps > out->steps)
			out->steps = b->steps;
	}
	if (m.too_deep)
		out->depth = UINT32_MAX;
	free(m.b);
}

int lbvs_check_limits(const struct ruleset *rs, struct xt_err *err)
{
	struct lbvs_walk_bound b;
	size_t n = 0;

	for (size_t i = 0; i < rs->n_chains; i++)
		n += rs->chains[i]->n_rules;
	if (n > BPFIPT_MAX_RULES)
		return xt_fail(err, XT_OTHER_PROBLEM,
			       "too many rules for the dataplane: %zu (the limit is %u)", n,
			       BPFIPT_MAX_RULES);
	lbvs_walk_bound(rs, &b);
	if (b.depth > BPFIPT_MAX_JUMP_DEPTH)
		return xt_fail(err, XT_OTHER_PROBLEM,
			       "chains nested too deeply for the dataplane: more than %u "
			       "jumps (-j) deep",
			       BPFIPT_MAX_JUMP_DEPTH);
	if (b.steps > BPFIPT_MAX_WALK_STEPS)
		return xt_fail(err, XT_OTHER_PROBLEM,
			       "rule table too complex for the dataplane: a packet could meet "
			       "%llu rules and chain ends (the limit is %u)",
			       (unsigned long long)b.steps, BPFIPT_MAX_WALK_STEPS);
	return 0;
}
