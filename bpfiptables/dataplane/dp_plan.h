/* SPDX-License-Identifier: GPL-2.0-only */
/* Which compiled segments of the active generation the next one keeps.
 * A long chain changed only at its ends (-A, -I 1, -D of a rule near
 * either end) keeps its bulk as it is in the maps and gets a head and a
 * tail segment compiled anew, so that the update costs what those few
 * rules cost, not the whole chain. */
#ifndef BPFIPT_DP_PLAN_H
#define BPFIPT_DP_PLAN_H

#include <stdint.h>

#include "../../kernel/include/bpfipt_image.h"
#include "../../translator/lbvs/image.h"
#include "../../translator/ruleset.h"

/* The bulk is kept only when it has at least DP_KEEP_MIN rules (below
 * that, compiling the chain whole costs little and gives one segment:
 * about 2.5 us a rule, so that a 100-rule chain's -A took 0.26 ms more,
 * and a 250-rule chain's 0.45 ms more, than with the bulk kept), and
 * only while the rules around it number at most DP_END_MAX at each end
 * (each segment is one more lookup per packet; past that the chain is
 * compiled whole again). */
#define DP_KEEP_MIN 32
#define DP_END_MAX 64

struct dp_plan {
	uint32_t n_records;
	/* The new generation's records: record c is chain c's first
	 * segment, the others follow the chains. A kept record is the old
	 * one (its data where it was), with rule0 where its rules are now. */
	struct bpfipt_chain *rec;
	uint32_t n_segs;
	struct lbvs_seg *segs; /* to compile: segs[k] becomes record rec_of[k] */
	uint32_t *rec_of;
	uint32_t n_kept_rules; /* rules in kept segments (for the record) */
};

/* Plans rs's image. old: the active generation's records, when they were
 * compiled for a table of the same shape (dp_plan_shape), else NULL. */
void dp_plan_make(const struct ruleset *rs, const struct bpfipt_chain *old, uint32_t n_old,
		  struct dp_plan *p);
void dp_plan_free(struct dp_plan *p);
/* What compiled segments depend on besides their own rules: the chains
 * (a jump names a chain by its index) and the interface names that -i
 * and -o use (they decide the interface classes). */
uint64_t dp_plan_shape(const struct ruleset *rs, const struct lbvs_ifaces *ifc);

#endif
