/* SPDX-License-Identifier: GPL-2.0-only */
/* The command line of bpf-iptables-bench (opts.c) and the results table
 * every part of a run fills or reads. */
#ifndef BPFIPT_BENCH_OPTS_H
#define BPFIPT_BENCH_OPTS_H

#include "bench.h"
#include "measure.h"

enum bench_mode { MODE_RUN, MODE_COUNT, MODE_SANDBOX_CHECK, MODE_SANDBOX_HOLD, MODE_GEN_CHECK };

struct bench_opts {
	enum bench_mode mode;
	uint32_t gen_check_count;
	uint32_t frames_per_flow; /* MODE_COUNT: frames each flow gets */
	unsigned int n[BENCH_MAX_N], nn;
	int systems[BENCH_MAX_SYSTEMS], nsys;
	int scenarios[BENCH_MAX_SCENARIOS], nsc;
	struct traffic traffic;
	struct measure_cfg mcfg;
	const char *ruleset, *csv, *latency_csv, *plot;
	const char *counters_dir;  /* the DUT's save -c per system goes there */
	int flow_given;		   /* --flow or --flows: no derived traffic */
	int latency;		   /* measure update latency too */
	unsigned int latency_reps; /* timed runs per latency figure */
	int quiet;		   /* no progress line */
	int show_counters;	   /* the DUT's rule counters after each system */
	char bin[512];		   /* directory of bpf-iptables: this program's own */
};

struct results {
	double mpps[BENCH_MAX_SYSTEMS][BENCH_MAX_N][BENCH_MAX_SCENARIOS];
	int have[BENCH_MAX_SYSTEMS][BENCH_MAX_N][BENCH_MAX_SCENARIOS];
};

extern const char *const scenario_names[BENCH_MAX_SCENARIOS];

/* 0, or 1 when the run should stop with status 0 (--help), or -1 with
 * the message printed. */
int opts_parse(struct bench_opts *o, int argc, char **argv);

#endif
