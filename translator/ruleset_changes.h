/* SPDX-License-Identifier: GPL-2.0-only */
/* What a command changed in a loaded table, as the change records a
 * state file takes after its table (ruleset_io.h): so that -A, -I, -D
 * and -R write the rules they touched, not the whole table again. */
#ifndef BPFIPT_RULESET_CHANGES_H
#define BPFIPT_RULESET_CHANGES_H

#include "ruleset.h"
#include "strbuf.h"

struct chain_snapshot {
	const struct chain *chain;
	char name[sizeof(((struct chain *)0)->name)];
	enum chain_policy policy;
	struct rule **rules; /* the chain's rules as they were */
	size_t n_rules;
};

struct ruleset_snapshot {
	struct chain_snapshot *chains;
	size_t n_chains;
};

/* A table as ruleset_load_file returned it: its rules are all in its
 * arena, so none is freed while the table lives and no rule a command
 * adds can take an old one's address. */
void ruleset_snapshot_take(struct ruleset_snapshot *s, const struct ruleset *rs);
void ruleset_snapshot_free(struct ruleset_snapshot *s);
/* Appends to out one change record a chain whose rules changed, and
 * returns how many; -1 when rs differs in more than that (a chain added,
 * removed, renamed or with another policy). Rules are compared by
 * address: the caller vouches that none was changed in place (counters,
 * slots), which -A, -I, -D and -R never do. */
int ruleset_changes_encode(const struct ruleset_snapshot *before, const struct ruleset *rs,
			   struct strbuf *out);

#endif
