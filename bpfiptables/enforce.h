/* SPDX-License-Identifier: GPL-2.0-only */
/* Between the commands and the dataplane: the counters a command shows
 * are the table's (set by -c, zeroed by -Z) plus what the dataplane
 * counted since; a command that changes the table makes the dataplane
 * enforce the result before the table is saved. */
#ifndef BPFIPT_ENFORCE_H
#define BPFIPT_ENFORCE_H

#include "dataplane/dp.h"
#include "state.h"

struct enforce {
	struct dp_counts live; /* what the dataplane counted, when it exists */
	bool have_live;
	uint32_t *zero, n_zero; /* counter indexes the command zeroed */
	bool compacted; /* every rule got a new slot (enforce_apply) */
};

/* Adds the dataplane's counts to rs for display. */
void enforce_show_counters(struct enforce *en, const struct state *st, struct ruleset *rs);
/* Takes the display counts back out of rs (after a command ran on it)
 * and zeroes in the dataplane what the command zeroed. Call before
 * enforce_apply. */
void enforce_unshow_counters(struct enforce *en, struct ruleset *rs);
/* Gives the rules of a replaced table fresh counter slots (after
 * `before`'s) so that they do not inherit the dataplane's counts. */
void enforce_fresh_slots(struct ruleset *rs, uint32_t first);
/* Has enforce_apply zero the dataplane's policy counters. */
void enforce_zero_policies(struct enforce *en);
/* Makes the dataplane enforce rs. */
int enforce_apply(struct enforce *en, const struct state *st, struct ruleset *rs,
		  struct xt_err *err);
void enforce_done(struct enforce *en);

#endif
