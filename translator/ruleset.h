/* SPDX-License-Identifier: GPL-2.0-only */
/* The filter table: built-in chains, user chains and their rules, with
 * iptables' rules for names, references and loops. */
#ifndef BPFIPT_RULESET_H
#define BPFIPT_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "rule.h"
#include "xt_error.h"

enum chain_policy {
	POLICY_NONE, /* user chain */
	POLICY_ACCEPT,
	POLICY_DROP,
};

struct chain {
	char name[XT_NAME_MAX + 3];
	enum chain_policy policy;
	uint64_t pcnt, bcnt; /* policy counters (built-in chains) */
	struct rule **rules;
	size_t n_rules, cap_rules;
};

#define RULESET_N_BUILTIN 3 /* INPUT, FORWARD, OUTPUT, in that order */

struct ruleset {
	/* Built-in chains first, in iptables' order, then user chains
	 * sorted by name, as iptables lists them. */
	struct chain **chains;
	size_t n_chains, cap_chains;
	uint32_t next_slot; /* next free counter slot */
	struct arena_chunk *arena; /* the loaded rules (ruleset_deserialize) */
};

struct ruleset *ruleset_new(void);
void ruleset_free(struct ruleset *rs);
struct ruleset *ruleset_clone(const struct ruleset *rs);

static inline bool chain_is_builtin(const struct chain *c)
{
	return c->policy != POLICY_NONE;
}

struct chain *ruleset_find(const struct ruleset *rs, const char *name);
struct chain *ruleset_add_chain(struct ruleset *rs, const char *name);
/* Removes and frees the chain; the caller checked that it is unreferenced. */
void ruleset_del_chain(struct ruleset *rs, struct chain *c);
/* Renames and keeps the user chains sorted; jumps follow the new name. */
void ruleset_rename_chain(struct ruleset *rs, struct chain *c, const char *newname);
/* Number of rules that jump or go to the chain. */
unsigned int ruleset_refs(const struct ruleset *rs, const char *name);
/* References of every chain at once, indexed like rs->chains; the caller
 * frees the array. One pass over the rules, for listings. */
unsigned int *ruleset_all_refs(const struct ruleset *rs);
/* True when some chain reachable from a built-in chain jumps to itself
 * through a cycle: the kernel refuses such a table (ELOOP). */
bool ruleset_has_loop(const struct ruleset *rs);

/* Takes ownership of r; pos in [0, n_rules]. Assigns a counter slot. */
void chain_insert(struct ruleset *rs, struct chain *c, size_t pos, struct rule *r);
/* Replaces the rule at pos (takes ownership of r, frees the old one); the
 * counter slot stays. */
void chain_replace(struct chain *c, size_t pos, struct rule *r);
void chain_delete(struct chain *c, size_t pos);
void chain_flush(struct chain *c);
void chain_zero(struct chain *c);

#endif
