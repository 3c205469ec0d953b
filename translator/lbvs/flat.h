/* SPDX-License-Identifier: GPL-2.0-only */
/* The image laid out as the BPF programs read it (kernel/include/
 * bpfipt_image.h): flat arrays, one map each. The prefix list is the
 * userspace twin of the LPM trie: what the dataplane inserts into it, and
 * what the userspace classifier searches instead. */
#ifndef BPFIPT_LBVS_FLAT_H
#define BPFIPT_LBVS_FLAT_H

#include "image.h"
#include "../../kernel/include/bpfipt_dataplane.h"

struct lbvs_flat_prefix {
	uint32_t addr; /* host order, masked */
	uint8_t len;
	uint32_t bv;     /* global bitvector index */
	uint32_t parent; /* index in the same chain-field list */
};

struct lbvs_flat {
	uint32_t n_chains;
	struct bpfipt_chain *chain;
	uint32_t n_bv;
	struct bpfipt_bv *bv;
	uint32_t n_pool;
	uint64_t *pool;
	uint32_t n_range;
	uint32_t *range_start, *range_bv;
	uint32_t n_entries;
	uint32_t *entry_rule;
	uint32_t n_actions;
	struct bpfipt_action *action;
	uint32_t n_l4;
	struct bpfipt_l4match *l4;
	/* per (chain, address field): prefixes in (address, length) order */
	uint32_t *lpm_base, *lpm_n;
	struct lbvs_flat_prefix *prefix;
	uint32_t n_prefix;
	uint32_t n_log;
	struct bpfipt_logconf *log; /* per LOG rule: action.log_id indexes it */
	uint32_t policy[RULESET_N_BUILTIN]; /* BPFIPT_V_ACCEPT or BPFIPT_V_DROP */
	const struct lbvs_ifaces *ifaces; /* borrowed from the image */
};

void lbvs_flatten(const struct lbvs_image *img, struct lbvs_flat *flat);
void lbvs_flat_free(struct lbvs_flat *flat);

#endif
