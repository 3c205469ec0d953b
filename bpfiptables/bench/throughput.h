/* SPDX-License-Identifier: GPL-2.0-only */
/* The throughput part of a run (throughput.c). */
#ifndef BPFIPT_BENCH_THROUGHPUT_H
#define BPFIPT_BENCH_THROUGHPUT_H

#include "opts.h"
#include "rules.h"

/* The ruleset files of size n for this run (synthetic, or the user's). */
int rules_for(const struct bench_opts *o, const char *tmp, unsigned int n, struct rules_spec *r);

/* The traffic of a scenario against n synthetic rules (a user's ruleset:
 * the traffic of the options, or derived). */
struct traffic traffic_for(const struct bench_opts *o, int sc, unsigned int n);

int throughput_run(const struct bench_opts *o, const char *tmp, struct results *res, char *err,
		   size_t errlen);

#endif
