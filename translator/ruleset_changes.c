// SPDX-License-Identifier: GPL-2.0-only
#include "ruleset_changes.h"

#include <stdlib.h>
#include <string.h>

#include "ruleset_io.h"

void ruleset_snapshot_take(struct ruleset_snapshot *s, const struct ruleset *rs)
{
	s->n_chains = rs->n_chains;
	s->chains = calloc(rs->n_chains, sizeof(*s->chains));
	if (!s->chains)
		abort(); /* out of memory: nothing sensible to do */
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];
		struct chain_snapshot *cs = &s->chains[i];

		cs->chain = c;
		memcpy(cs->name, c->name, sizeof(cs->name));
		cs->policy = c->policy;
		cs->n_rules = c->n_rules;
		cs->rules = malloc((c->n_rules ? c->n_rules : 1) * sizeof(*cs->rules));
		if (!cs->rules)
			abort();
		memcpy(cs->rules, c->rules, c->n_rules * sizeof(*cs->rules));
	}
}

void ruleset_snapshot_free(struct ruleset_snapshot *s)
{
	for (size_t i = 0; i < s->n_chains; i++)
		free(s->chains[i].rules);
	free(s->chains);
	memset(s, 0, sizeof(*s));
}

static bool same_chain(const struct chain_snapshot *cs, const struct chain *c)
{
	return cs->chain == c && cs->policy == c->policy &&
	       memcmp(cs->name, c->name, sizeof(cs->name)) == 0;
}

int ruleset_changes_encode(const struct ruleset_snapshot *before, const struct ruleset *rs,
			   struct strbuf *out)
{
	int n = 0;

	if (before->n_chains != rs->n_chains)
		return -1;
	for (size_t i = 0; i < rs->n_chains; i++)
		if (!same_chain(&before->chains[i], rs->chains[i]))
			return -1;
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain_snapshot *cs = &before->chains[i];
		const struct chain *c = rs->chains[i];
		size_t head = 0, tail = 0, least = cs->n_rules < c->n_rules ? cs->n_rules : c->n_rules;

		while (head < least && cs->rules[head] == c->rules[head])
			head++;
		while (tail < least - head &&
		       cs->rules[cs->n_rules - 1 - tail] == c->rules[c->n_rules - 1 - tail])
			tail++;
		if (head + tail == cs->n_rules && head + tail == c->n_rules)
			continue;
		ruleset_change_record(out, rs, (uint32_t)i, (uint32_t)head,
				      (uint32_t)(cs->n_rules - head - tail),
				      (uint32_t)(c->n_rules - head - tail));
		n++;
	}
	return n;
}
