/* SPDX-License-Identifier: GPL-2.0-only */
/* The compiled form of a rule table (DESIGN.md §4): per chain, per packet
 * field the chain uses, a map from the packet's value to a bitvector with
 * one bit per entry of the chain (an entry is a rule, or one alternative of
 * a rule whose condition is a disjunction). A packet's candidates are the
 * AND of its fields' bitvectors; the first set bit whose residual checks
 * pass is the first matching rule. Each bitvector is stored as its
 * non-zero word span only, and the scan covers only the intersection of
 * the spans. This is the userspace form; image_sync writes it to maps. */
#ifndef BPFIPT_LBVS_IMAGE_H
#define BPFIPT_LBVS_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "../packet.h"
#include "../ruleset.h"
#include "cons.h"

/* A bitvector: words [first, last] of the chain's bitvectors; all other
 * words are zero. first > last: all zero. */
struct lbvs_bv {
	uint32_t first, last;
	uint32_t pool_off; /* index of word `first` in the image's pool */
};

/* An interval field: value v maps to bv[i] | wild for the last i with
 * start[i] <= v (start[0] is 0): bv[i] holds the entries that constrain
 * the field and accept v, wild those that accept any value. */
struct lbvs_range_tab {
	uint32_t n;
	uint32_t *start;
	uint32_t *bv; /* index into the chain's bvs */
	uint32_t wild;
};

struct lbvs_action {
	enum rule_verdict verdict;
	bool is_goto;
	uint32_t jump_chain;   /* VERDICT_JUMP: index into image chains */
	const struct rule *rule; /* the source rule (targets, residual data) */
	uint32_t slot;          /* counter slot */
	unsigned int residual;  /* enum lbvs_residual */
	uint8_t tcp_option;
	bool tcp_option_inv;
	struct bpfipt_l4match *l4; /* the rule's layer-4 matches, in order */
	unsigned int n_l4;
};

/* A chain is compiled whole, or in segments (lbvs_compile_segs), each
 * a run of its rules compiled as a chain of its own. */
struct lbvs_chain {
	const struct chain *src;
	uint32_t src_index;  /* the chain's index in the table */
	uint32_t rule0;      /* the segment's first rule in the chain */
	uint32_t first_slot; /* that rule's counter slot (0 if none) */
	uint64_t hash;       /* of the segment's rules (rule_hash) */
	uint32_t n_rules;
	uint32_t n_entries;
	uint32_t n_words;
	uint32_t *entry_rule;       /* entry -> rule index */
	uint32_t *rule_entry0;      /* rule -> its first entry; [n_rules] = n_entries */
	struct lbvs_action *action; /* per rule */
	bool range_used[LBVS_N_FIELDS];
	struct lbvs_range_tab range[LBVS_N_FIELDS];
	uint32_t n_bv;
	struct lbvs_bv *bv;
};

/* Interface classes: every interface name falls in exactly one class,
 * the same for all chains; -i/-o conditions are sets of classes. */
struct lbvs_ifaces {
	uint32_t n_patterns;
	char (*pattern)[XT_IFNAMSIZ]; /* the rule strings, '+' removed */
	bool *is_prefix;
	uint32_t n_classes;
	uint8_t **signature; /* per class: which patterns match (bytes) */
};

struct lbvs_image {
	uint32_t n_chains; /* lbvs_compile: the ruleset's chains, in order; else the segments */
	struct lbvs_chain *chain;
	enum chain_policy policy[RULESET_N_BUILTIN];
	struct lbvs_ifaces ifaces;
	uint64_t *pool;
	uint32_t pool_words, pool_cap;
};

int lbvs_compile(const struct ruleset *rs, struct lbvs_image *img, struct xt_err *err);
/* Rules r0 .. r1 - 1 of chain `chain`. */
struct lbvs_seg {
	uint32_t chain, r0, r1;
};
/* The hash of rules r0 .. r0 + n - 1 of c that a segment records. */
uint64_t lbvs_segment_hash(const struct chain *c, uint32_t r0, uint32_t n);
/* Only the given segments, each a chain of the image, in that order. */
int lbvs_compile_segs(const struct ruleset *rs, const struct lbvs_seg *segs, uint32_t n,
		      struct lbvs_image *img, struct xt_err *err);

/* What a packet met, in the order netfilter would meet it. */
#define LBVS_MAX_HITS 256
struct lbvs_hit {
	uint32_t chain, rule;
};

struct lbvs_result {
	enum rule_verdict verdict; /* ACCEPT, DROP, or EXT (REJECT) */
	bool hotdrop;              /* dropped by a match that could not read its header */
	bool by_policy;
	uint32_t final_chain, final_rule; /* when !by_policy */
	uint32_t n_hits;
	struct lbvs_hit hit[LBVS_MAX_HITS]; /* rules whose counters count the packet */
	uint32_t n_logs;
	struct lbvs_hit log[LBVS_MAX_HITS];
};

struct lbvs_flat;
/* The classification the BPF programs perform, in userspace, on the same
 * flat arrays: lookups, span intersection, early exit, residual checks. */
void lbvs_classify(const struct lbvs_flat *flat, enum hook hook, const struct packet *pkt,
		   struct lbvs_result *res);
void lbvs_image_free(struct lbvs_image *img);
/* Class of an interface name ("" for no device). */
uint32_t lbvs_iface_class(const struct lbvs_ifaces *ifc, const char *name);
void lbvs_ifaces_build(struct lbvs_ifaces *ifc, const struct ruleset *rs);
void lbvs_ifaces_free(struct lbvs_ifaces *ifc);
/* The classes an -i/-o condition ("eth0", "eth+", "+", "") accepts. */
void lbvs_iface_set(const struct lbvs_ifaces *ifc, const char *iface, bool inv, struct iset *out);

#endif
