/* SPDX-License-Identifier: GPL-2.0-only */
/* The synthetic ruleset's files (rules.c). */
#ifndef BPFIPT_BENCH_RULES_H
#define BPFIPT_BENCH_RULES_H

#include "bench.h"

struct rules_spec {
	unsigned int n;
	int tcp;
	enum bench_chain chain;
	char ipt[600], nft[600], nft_set[600]; /* paths to write */
};

int rules_write(const struct rules_spec *r);

#endif
