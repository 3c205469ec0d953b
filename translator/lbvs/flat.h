/* SPDX-License-Identifier: GPL-2.0-only */
/* The image laid out as the BPF programs read it (kernel/include/
 * bpfipt_image.h): flat arrays, one map each. */
#ifndef BPFIPT_LBVS_FLAT_H
#define BPFIPT_LBVS_FLAT_H

#include "image.h"
#include "../../kernel/include/bpfipt_dataplane.h"

struct lbvs_flat {
	uint32_t n_chains;
	struct bpfipt_chain *chain;
	uint32_t n_bv;
	struct bpfipt_bv *bv;
	uint32_t n_pool;
	uint64_t *pool;
	uint32_t n_range;
	uint32_t *range_start, *range_bv;
	uint32_t n_range_idx;
	uint32_t *range_idx; /* bucket indexes (translator/lbvs/range_index.h) */
	uint32_t n_entries;
	uint32_t *entry_rule;
	uint32_t n_actions;
	struct bpfipt_action *action;
	uint32_t n_l4;
	struct bpfipt_l4match *l4;
	uint32_t n_log;
	struct bpfipt_logconf *log; /* per LOG rule: action.log_id indexes it */
	uint32_t policy[RULESET_N_BUILTIN]; /* BPFIPT_V_ACCEPT or BPFIPT_V_DROP */
	const struct lbvs_ifaces *ifaces; /* borrowed from the image */
};

void lbvs_flatten(const struct lbvs_image *img, struct lbvs_flat *flat);
void lbvs_flat_free(struct lbvs_flat *flat);
/* Links the segments of each chain in rule order (next_seg), from their
 * src_chain and rule0. Record i of chain i must hold its first rules. */
void lbvs_flat_link(struct bpfipt_chain *recs, uint32_t n);

#endif
