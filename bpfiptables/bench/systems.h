/* SPDX-License-Identifier: GPL-2.0-only */
/* The systems compared (systems.c), in the order a run measures them. */
#ifndef BPFIPT_BENCH_SYSTEMS_H
#define BPFIPT_BENCH_SYSTEMS_H

#include "bench.h"
#include "rules.h"

enum system_id {
	SYS_CEILING,
	SYS_BPF_XDP,
	SYS_BPF_TC,
	SYS_NFT_SET,
	SYS_NFT,
	SYS_IPT_NFT,
	SYS_IPT_LEGACY
};

extern const char *const system_names[BENCH_MAX_SYSTEMS];

int system_by_name(const char *name);
/* Loads the ruleset into a sandbox's DUT; `first` says the sandbox has had
 * no ruleset of this system yet. nft_files is 0 for a user's ruleset
 * (only the iptables-save file exists). */
int system_load(int sys, struct sandbox *sb, const struct rules_spec *r, int first, int nft_files,
		char *err, size_t errlen);

/* Prints the DUT's rule counters of the benchmarked chain to stderr (its
 * head and tail), so a user can see the frames reached the rules. */
void system_show_counters(int sys, const struct sandbox *sb, enum bench_chain chain);
/* Writes the DUT's whole filter table with counters (the system's own
 * iptables-save -c) to DIR/SYSTEM-N.save; nothing for the systems without
 * rule counters. 0, or -1 if the save failed. */
int system_save_counters(int sys, const struct sandbox *sb, const char *dir, unsigned int n);

#endif
