/* SPDX-License-Identifier: GPL-2.0-only */
/* Whether the dataplane can enforce a rule table exactly
 * (kernel/include/bpfipt_limits.h). */
#ifndef BPFIPT_LBVS_LIMITS_H
#define BPFIPT_LBVS_LIMITS_H

#include <stdint.h>

#include "../ruleset.h"
#include "../xt_error.h"

/* 0, or -1 with err saying which limit the table exceeds. */
int lbvs_check_limits(const struct ruleset *rs, struct xt_err *err);

/* The worst case over the packets of a table: the deepest nesting of
 * -j calls, and the most walk steps one packet can take. */
struct lbvs_walk_bound {
	uint32_t depth;
	uint64_t steps;
};
void lbvs_walk_bound(const struct ruleset *rs, struct lbvs_walk_bound *out);

#endif
