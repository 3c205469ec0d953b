/* SPDX-License-Identifier: GPL-2.0-only */
/* Traffic derived from a user's ruleset: one flow per rule (derive.c). */
#ifndef BPFIPT_BENCH_DERIVE_H
#define BPFIPT_BENCH_DERIVE_H

#include <stdint.h>

#include "bench.h"

/* Reads the iptables-save file at path and derives one flow for each
 * rule of the benchmarked chain and of the user chains it reaches, kept
 * only if the reference matcher takes it to that rule. The summary goes
 * to stderr, with up to ten rules that got none when verbose. 0 with
 * *flows (malloc'd) and *n, or -1 with the reason printed. */
int derive_traffic(const char *path, const struct traffic *t, int verbose, struct flow_spec **flows,
		   uint32_t *n);

#endif
