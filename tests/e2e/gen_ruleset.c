// SPDX-License-Identifier: GPL-2.0-only
/*
 * A random ruleset: the three built-in chains, a few user chains whose
 * jumps go only forward (no loops, which iptables would refuse), rules
 * spread over them, then printed as an iptables-restore file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define RULE_TEXT_MAX 512
#define NARROW_FROM 50 /* rules in a chain */

static int chain_append(struct chain *c, const char *text, size_t at)
{
	if (c->nrules == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		char **grown = realloc(c->rules, cap * sizeof(*grown));
		if (!grown)
			return -1;
		c->rules = grown;
		c->cap = cap;
	}
	char *copy = strdup(text);
	if (!copy)
		return -1;
	if (at > c->nrules)
		at = c->nrules;
	memmove(c->rules + at + 1, c->rules + at, (c->nrules - at) * sizeof(*c->rules));
	c->rules[at] = copy;
	c->nrules++;
	return 0;
}

static void chains_init(struct ruleset *rs, struct rng *r, unsigned nrules)
{
	static const char *const builtin[3] = {"INPUT", "FORWARD", "OUTPUT"};
	const char *names[GEN_MAX_USER];
	unsigned nuser = 2 + rng_below(r, nrules >= 200 ? 7 : 5);

	memset(rs, 0, sizeof(*rs));
	/* The seed's mood: most seeds are open enough that probes reach their
	 * targets, some are closed (DROP policies, more DROP and REJECT). */
	rs->open_pct = rng_pct(r, 70) ? 60 + rng_below(r, 30) : 25 + rng_below(r, 25);
	for (int i = 0; i < 3; i++) {
		rs->chains[i] = (struct chain){
		    .name = builtin[i],
		    .builtin = true,
		    .from_input = i == 0,
		    .from_output = i == 2,
		    .policy = rng_pct(r, rs->open_pct + 15) ? "ACCEPT" : "DROP",
		};
	}
	/* A shuffled prefix of the name pool, so that the order of creation
	 * differs from the name order the save programs print. */
	memcpy(names, pool_chain_names, sizeof(names));
	for (unsigned i = GEN_MAX_USER - 1; i > 0; i--) {
		unsigned j = rng_below(r, i + 1);
		const char *tmp = names[i];
		names[i] = names[j];
		names[j] = tmp;
	}
	for (unsigned i = 0; i < nuser; i++)
		rs->chains[3 + i] = (struct chain){.name = names[i]};
	rs->nchains = 3 + (int)nuser;
}

/* How many rules each chain gets: random weights, and with many rules one
 * or two heavy chains, so that large RULES gives chains of hundreds. */
static void chains_sizes(struct ruleset *rs, struct rng *r, unsigned nrules, unsigned *size)
{
	unsigned weight[3 + GEN_MAX_USER], total = 0, given = 0;

	for (int i = 0; i < rs->nchains; i++) {
		weight[i] = 1 + rng_below(r, 4);
		if (nrules >= 200 && rng_pct(r, 25))
			weight[i] += 20;
		total += weight[i];
	}
	for (int i = 0; i < rs->nchains; i++) {
		size[i] = nrules * weight[i] / total;
		given += size[i];
	}
	while (given < nrules) {
		size[rng_below(r, (unsigned)rs->nchains)]++;
		given++;
	}
}

/* A user chain that nothing jumps to would never run: give it a caller,
 * a jump from an earlier chain at a random place. */
static int chains_link(struct ruleset *rs, struct rng *r)
{
	char text[64];

	for (int k = 3; k < rs->nchains; k++) {
		if (rs->chains[k].referenced)
			continue;
		int from = (int)rng_below(r, (unsigned)k);
		struct chain *c = &rs->chains[from];

		snprintf(text, sizeof(text), " %s %s", rng_pct(r, 80) ? "-j" : "-g",
			 rs->chains[k].name);
		if (chain_append(c, text, rng_below(r, (unsigned)c->nrules + 1)) < 0)
			return -1;
		rs->chains[k].referenced = true;
	}
	return 0;
}

/* Long chains are mostly narrow rules that seldom decide: with the broad,
 * often deciding rules of short chains, the first few rules would end
 * every packet's walk and the rest would never see a packet. A narrow rule
 * matches a given probe's packets with a chance of about 1 in 120 (source
 * port and direction), so a target on 12000/size % of them makes about one
 * deciding rule per probe and chain. */
static struct rule_shape rule_shape(struct rng *r, unsigned chain_size)
{
	if (chain_size <= NARROW_FROM)
		return (struct rule_shape){.narrow = false, .target_pct = 100};
	if (rng_pct(r, 90))
		return (struct rule_shape){.narrow = true, .target_pct = 12000 / chain_size};
	return (struct rule_shape){.narrow = false, .target_pct = 3};
}

int ruleset_generate(struct ruleset *rs, uint64_t seed, unsigned nrules)
{
	struct rng r = {.s = seed};
	unsigned size[3 + GEN_MAX_USER], serial = 0;
	char text[RULE_TEXT_MAX];
	int jump;

	chains_init(rs, &r, nrules);
	chains_sizes(rs, &r, nrules, size);
	for (int i = 0; i < rs->nchains; i++) {
		for (unsigned n = 0; n < size[i]; n++) {
			struct rule_shape shape = rule_shape(&r, size[i]);

			if (rule_generate(&r, rs, i, ++serial, &shape, text, sizeof(text), &jump) <
				0 ||
			    chain_append(&rs->chains[i], text, SIZE_MAX) < 0)
				return -1;
			if (jump >= 0)
				rs->chains[jump].referenced = true;
		}
	}
	return chains_link(rs, &r);
}

void ruleset_print(const struct ruleset *rs, uint64_t seed)
{
	printf("# bpfipt-gen-ruleset seed %" PRIu64 ", open %u%%\n*filter\n", seed, rs->open_pct);
	for (int i = 0; i < rs->nchains; i++)
		printf(":%s %s [0:0]\n", rs->chains[i].name,
		       rs->chains[i].builtin ? rs->chains[i].policy : "-");
	for (int i = 0; i < rs->nchains; i++)
		for (size_t n = 0; n < rs->chains[i].nrules; n++)
			printf("-A %s%s\n", rs->chains[i].name, rs->chains[i].rules[n]);
	printf("COMMIT\n");
}

void ruleset_free(struct ruleset *rs)
{
	for (int i = 0; i < rs->nchains; i++) {
		for (size_t n = 0; n < rs->chains[i].nrules; n++)
			free(rs->chains[i].rules[n]);
		free(rs->chains[i].rules);
	}
}
