/* SPDX-License-Identifier: GPL-2.0-only */
/* The dataplane's capacity, in one place: the compiler refuses a rule
 * table beyond any of these (translator/lbvs/limits.c), so the programs
 * never meet one they cannot walk to its end. docs/COMPATIBILITY.md
 * lists them. */
#ifndef BPFIPT_LIMITS_H
#define BPFIPT_LIMITS_H

/* Rules in the whole table: one counter slot each, with as many again
 * free so that slots are renumbered at most once per 65,536 updates. */
#define BPFIPT_MAX_RULES 65536
#define BPFIPT_COUNTER_SLOTS (2 * BPFIPT_MAX_RULES)

/* Entries (rules, and the extra alternatives of multiport --ports) per
 * chain: 64 per word of a bitvector. */
#define BPFIPT_MAX_CHAIN_WORDS 4096
#define BPFIPT_MAX_CHAIN_ENTRIES (64 * BPFIPT_MAX_CHAIN_WORDS)

/* Chains a packet can be inside at once: -j pushes one, -g and RETURN
 * do not add any. iptables-legacy has no such bound (only its loop
 * check), iptables-nft stops at 16; real rulesets nest a handful deep.
 * A power of two (the walk masks its stack index). */
#define BPFIPT_MAX_JUMP_DEPTH 256

/* Steps of one packet's walk: each rule that matches without deciding
 * (a jump, RETURN, LOG, no target) and each return from a chain is one.
 * The compiler bounds the worst packet by the table's shape. */
#define BPFIPT_MAX_WALK_STEPS (1u << 23) /* bpf_loop's own bound */

#endif
