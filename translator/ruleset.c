// SPDX-License-Identifier: GPL-2.0-only
#include "ruleset.h"

#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		abort();
	return p;
}

static struct chain *chain_new(const char *name, enum chain_policy policy)
{
	struct chain *c = calloc(1, sizeof(*c));

	if (!c)
		abort();
	name_copy(c->name, sizeof(c->name), name);
	c->policy = policy;
	return c;
}

static void chain_free(struct chain *c)
{
	chain_flush(c);
	free(c->rules);
	free(c);
}

static void push_chain(struct ruleset *rs, size_t pos, struct chain *c)
{
	if (rs->n_chains == rs->cap_chains) {
		rs->cap_chains = rs->cap_chains ? rs->cap_chains * 2 : 8;
		rs->chains = xrealloc(rs->chains, rs->cap_chains * sizeof(*rs->chains));
	}
	memmove(&rs->chains[pos + 1], &rs->chains[pos], (rs->n_chains - pos) * sizeof(c));
	rs->chains[pos] = c;
	rs->n_chains++;
}

struct ruleset *ruleset_new(void)
{
	static const char *const builtin[RULESET_N_BUILTIN] = {"INPUT", "FORWARD", "OUTPUT"};
	struct ruleset *rs = calloc(1, sizeof(*rs));

	if (!rs)
		abort();
	for (size_t i = 0; i < RULESET_N_BUILTIN; i++)
		push_chain(rs, i, chain_new(builtin[i], POLICY_ACCEPT));
	return rs;
}

void ruleset_free(struct ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n_chains; i++)
		chain_free(rs->chains[i]);
	free(rs->chains);
	arena_free(rs->arena);
	free(rs);
}

struct ruleset *ruleset_clone(const struct ruleset *rs)
{
	struct ruleset *c = calloc(1, sizeof(*c));

	if (!c)
		abort();
	c->next_slot = rs->next_slot;
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *src = rs->chains[i];
		struct chain *dst = chain_new(src->name, src->policy);

		dst->pcnt = src->pcnt;
		dst->bcnt = src->bcnt;
		dst->cap_rules = dst->n_rules = src->n_rules;
		dst->rules = xrealloc(NULL, src->n_rules * sizeof(*dst->rules));
		for (size_t j = 0; j < src->n_rules; j++)
			dst->rules[j] = rule_clone(src->rules[j]);
		push_chain(c, i, dst);
	}
	return c;
}

/* Index of the first user chain not sorting before name. */
static size_t user_lower_bound(const struct ruleset *rs, const char *name)
{
	size_t lo = RULESET_N_BUILTIN, hi = rs->n_chains;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(rs->chains[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct chain *ruleset_find(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < RULESET_N_BUILTIN; i++)
		if (strcmp(rs->chains[i]->name, name) == 0)
			return rs->chains[i];
	size_t i = user_lower_bound(rs, name);
	if (i < rs->n_chains && strcmp(rs->chains[i]->name, name) == 0)
		return rs->chains[i];
	return NULL;
}

struct chain *ruleset_add_chain(struct ruleset *rs, const char *name)
{
	struct chain *c = chain_new(name, POLICY_NONE);

	push_chain(rs, user_lower_bound(rs, name), c);
	return c;
}

static size_t chain_index(const struct ruleset *rs, const struct chain *c)
{
	for (size_t i = 0; i < rs->n_chains; i++)
		if (rs->chains[i] == c)
			return i;
	abort(); /* not ours: a programming error */
}

static void unlink_chain(struct ruleset *rs, struct chain *c)
{
	size_t i = chain_index(rs, c);

	memmove(&rs->chains[i], &rs->chains[i + 1], (rs->n_chains - i - 1) * sizeof(c));
	rs->n_chains--;
}

void ruleset_del_chain(struct ruleset *rs, struct chain *c)
{
	unlink_chain(rs, c);
	chain_free(c);
}

void ruleset_rename_chain(struct ruleset *rs, struct chain *c, const char *newname)
{
	for (size_t i = 0; i < rs->n_chains; i++) {
		struct chain *o = rs->chains[i];

		for (size_t j = 0; j < o->n_rules; j++) {
			struct rule_target *t = &o->rules[j]->target;

			if (t->verdict == VERDICT_JUMP && strcmp(t->chain, c->name) == 0) {
				name_copy(t->chain, sizeof(t->chain), newname);
			}
		}
	}
	unlink_chain(rs, c);
	name_copy(c->name, sizeof(c->name), newname);
	push_chain(rs, user_lower_bound(rs, newname), c);
}

unsigned int ruleset_refs(const struct ruleset *rs, const char *name)
{
	unsigned int refs = 0;

	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		for (size_t j = 0; j < c->n_rules; j++) {
			const struct rule_target *t = &c->rules[j]->target;

			refs += t->verdict == VERDICT_JUMP && strcmp(t->chain, name) == 0;
		}
	}
	return refs;
}

unsigned int *ruleset_all_refs(const struct ruleset *rs)
{
	unsigned int *refs = calloc(rs->n_chains ? rs->n_chains : 1, sizeof(*refs));

	if (!refs)
		abort();
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		for (size_t j = 0; j < c->n_rules; j++) {
			const struct rule_target *t = &c->rules[j]->target;
			const struct chain *to;

			if (t->verdict == VERDICT_JUMP && (to = ruleset_find(rs, t->chain)))
				refs[chain_index(rs, to)]++;
		}
	}
	return refs;
}

/* Depth-first search over jump edges; colour: 0 new, 1 on stack, 2 done.
 * Returns true on a back edge: a loop. */
static bool dfs(const struct ruleset *rs, size_t i, unsigned char *colour)
{
	const struct chain *c = rs->chains[i];

	colour[i] = 1;
	for (size_t j = 0; j < c->n_rules; j++) {
		const struct rule_target *t = &c->rules[j]->target;

		if (t->verdict != VERDICT_JUMP)
			continue;
		const struct chain *next = ruleset_find(rs, t->chain);
		if (!next)
			continue;
		size_t k = chain_index(rs, next);
		if (colour[k] == 1)
			return true;
		if (colour[k] == 0 && dfs(rs, k, colour))
			return true;
	}
	colour[i] = 2;
	return false;
}

bool ruleset_has_loop(const struct ruleset *rs)
{
	unsigned char *colour = calloc(rs->n_chains, 1);
	bool loop = false;

	if (!colour)
		abort();
	for (size_t i = 0; i < RULESET_N_BUILTIN && !loop; i++)
		loop = dfs(rs, i, colour);
	free(colour);
	return loop;
}

void chain_insert(struct ruleset *rs, struct chain *c, size_t pos, struct rule *r)
{
	if (c->n_rules == c->cap_rules) {
		c->cap_rules = c->cap_rules ? c->cap_rules * 2 : 16;
		c->rules = xrealloc(c->rules, c->cap_rules * sizeof(*c->rules));
	}
	memmove(&c->rules[pos + 1], &c->rules[pos], (c->n_rules - pos) * sizeof(r));
	c->rules[pos] = r;
	c->n_rules++;
	r->slot = rs->next_slot++;
}

void chain_replace(struct chain *c, size_t pos, struct rule *r)
{
	r->slot = c->rules[pos]->slot;
	rule_free(c->rules[pos]);
	c->rules[pos] = r;
}

void chain_delete(struct chain *c, size_t pos)
{
	rule_free(c->rules[pos]);
	memmove(&c->rules[pos], &c->rules[pos + 1], (c->n_rules - pos - 1) * sizeof(c->rules[0]));
	c->n_rules--;
}

void chain_flush(struct chain *c)
{
	for (size_t i = 0; i < c->n_rules; i++)
		rule_free(c->rules[i]);
	c->n_rules = 0;
}

void chain_zero(struct chain *c)
{
	c->pcnt = c->bcnt = 0;
	for (size_t i = 0; i < c->n_rules; i++)
		c->rules[i]->pcnt = c->rules[i]->bcnt = 0;
}
