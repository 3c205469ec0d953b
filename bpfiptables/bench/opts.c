// SPDX-License-Identifier: GPL-2.0-only
/* bpf-iptables-bench's options. Lists are comma-separated; every name is
 * checked, so a typo fails before any sandbox exists. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "opts.h"
#include "systems.h"

const char *const scenario_names[BENCH_MAX_SCENARIOS] = {"last", "policy", "spread", "file"};

static const char usage[] =
    "Usage: bpf-iptables-bench [options]\n"
    "  --rules N,...          synthetic rulesets (default 1,10,100,1000,5000,10000)\n"
    "  --ruleset FILE         an iptables-save file instead (scenario file; traffic:\n"
    "                         --flow, --flows, else one flow per rule, derived)\n"
    "  --scenarios LIST       last,policy,spread (default last)\n"
    "  --systems LIST         ceiling,bpf-xdp,bpf-tc,nft-set,nft,iptables-nft,iptables-legacy\n"
    "  --frame-size BYTES     on the wire, 64..1518 (default 64)\n"
    "  --tcp-syn              TCP SYN frames instead of UDP\n"
    "  --chain input|forward  DUT as host (default) or as router\n"
    "  --flows N              with --ruleset: flows 0..N-1 (default 1)\n"
    "  --flow ADDR,PORT       with --ruleset: one flow from ADDR to PORT instead\n"
    "  --reps N               repetitions per figure, median reported (default 5)\n"
    "  --seconds S            about how long one repetition takes (default 0.5)\n"
    "  --csv FILE             throughput rows\n"
    "  --latency-csv FILE     update latency rows (implies --latency)\n"
    "  --latency              measure update latency too\n"
    "  --latency-reps N       timed runs per latency figure, median (default 3)\n"
    "  --plot FILE.svg        throughput against rules, log axes\n"
    "  --quick                3 reps of about 0.25 s, with latency\n"
    "  --quiet                no progress line\n"
    "  --show-counters        the DUT's rule counters after each system\n"
    "  --save-counters DIR    the DUT's save -c after each system: DIR/SYSTEM-N.save\n"
    "  --frames-per-flow N    no timing: exactly N frames of each flow per system\n"
    "  --sandbox-check        build the sandbox, check it, remove it\n"
    "  --sandbox-hold         build the sandbox and wait for a signal\n"
    "  --gen-check N          send N frames into the ceiling and count them\n";

static int parse_list(const char *arg, int *out, int max, int (*lookup)(const char *))
{
	char buf[512], *save = NULL, *tok;
	int k = 0;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int v = lookup(tok);

		if (v < 0 || k == max) {
			fprintf(stderr, "bpf-iptables-bench: bad list item '%s'\n", tok);
			return -1;
		}
		out[k++] = v;
	}
	return k;
}

/* ADDR,PORT: the source address and destination port of the one flow. */
static int parse_flow(const char *arg, struct traffic *t)
{
	unsigned int a, b, c, d, port;
	char tail;

	if (sscanf(arg, "%u.%u.%u.%u,%u%c", &a, &b, &c, &d, &port, &tail) != 5 || a > 255 ||
	    b > 255 || c > 255 || d > 255 || port > 65535 || (a | b | c | d) == 0)
		return -1;
	t->saddr = a << 24 | b << 16 | c << 8 | d;
	t->dport = (uint16_t)port;
	t->flows = 1;
	return 0;
}

static int scenario_by_name(const char *s)
{
	for (int i = 0; i < SC_FILE; i++)
		if (strcmp(scenario_names[i], s) == 0)
			return i;
	return -1;
}

static int rules_count(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *end || v < 1 || v > 65000 ? -1 : (int)v;
}

static void defaults(struct bench_opts *o)
{
	static const unsigned int n[] = {1, 10, 100, 1000, 5000, 10000};

	memset(o, 0, sizeof(*o));
	memcpy(o->n, n, sizeof(n));
	o->nn = 6;
	for (int i = 0; i < BENCH_MAX_SYSTEMS; i++)
		o->systems[i] = i;
	o->nsys = BENCH_MAX_SYSTEMS;
	o->nsc = 1; /* last */
	o->traffic.frame_size = 64;
	o->traffic.flows = 1;
	o->mcfg.reps = 5;
	o->mcfg.rep_seconds = 0.5;
	o->mcfg.max_count = 20000000;
	o->latency_reps = 3;
}

/* Every default size (the plot needs them), fewer and shorter repetitions:
 * about a minute on a 2-core machine. */
static void quick(struct bench_opts *o)
{
	o->mcfg.reps = 3;
	o->mcfg.rep_seconds = 0.25;
	o->latency = 1;
	o->latency_reps = 3;
}

static int list_arg(int c, const char *arg, struct bench_opts *o)
{
	int n[BENCH_MAX_N], k;

	switch (c) {
	case 'r':
		k = parse_list(arg, n, BENCH_MAX_N, rules_count);
		for (int i = 0; i < k; i++)
			o->n[i] = (unsigned int)n[i];
		o->nn = k > 0 ? (unsigned int)k : 0;
		return k > 0 ? 0 : -1;
	case 'S':
		o->nsys = parse_list(arg, o->systems, BENCH_MAX_SYSTEMS, system_by_name);
		return o->nsys > 0 ? 0 : -1;
	default:
		o->nsc = parse_list(arg, o->scenarios, BENCH_MAX_SCENARIOS, scenario_by_name);
		return o->nsc > 0 ? 0 : -1;
	}
}

static const struct option longopts[] = {
    {"rules", 1, 0, 'r'},
    {"systems", 1, 0, 'S'},
    {"scenarios", 1, 0, 'c'},
    {"ruleset", 1, 0, 'f'},
    {"frame-size", 1, 0, 'b'},
    {"tcp-syn", 0, 0, 't'},
    {"chain", 1, 0, 'C'},
    {"flows", 1, 0, 'F'},
    {"flow", 1, 0, 5},
    {"reps", 1, 0, 'R'},
    {"seconds", 1, 0, 's'},
    {"csv", 1, 0, 'o'},
    {"latency-csv", 1, 0, 'L'},
    {"latency", 0, 0, 'l'},
    {"plot", 1, 0, 'p'},
    {"quick", 0, 0, 'q'},
    {"quiet", 0, 0, 'Q'},
    {"sandbox-check", 0, 0, 1},
    {"sandbox-hold", 0, 0, 2},
    {"gen-check", 1, 0, 3},
    {"show-counters", 0, 0, 4},
    {"latency-reps", 1, 0, 6},
    {"frames-per-flow", 1, 0, 7},
    {"save-counters", 1, 0, 8},
    {"help", 0, 0, 'h'},
    {0, 0, 0, 0},
};

static int one_opt(int c, const char *arg, struct bench_opts *o)
{
	switch (c) {
	case 'r':
	case 'S':
	case 'c':
		return list_arg(c, arg, o);
	case 'f':
		o->ruleset = arg;
		return 0;
	case 'b':
		o->traffic.frame_size = (unsigned int)atoi(arg);
		return o->traffic.frame_size >= 64 && o->traffic.frame_size <= FRAME_MAX + 4 ? 0
											     : -1;
	case 't':
		o->traffic.tcp_syn = 1;
		return 0;
	case 'C':
		o->traffic.chain = strcmp(arg, "forward") == 0 ? CH_FORWARD : CH_INPUT;
		return strcmp(arg, "forward") == 0 || strcmp(arg, "input") == 0 ? 0 : -1;
	case 'F':
		o->traffic.flows = (uint32_t)atoi(arg);
		o->flow_given = 1;
		return o->traffic.flows ? 0 : -1;
	case 'R':
		o->mcfg.reps = (unsigned int)atoi(arg);
		return o->mcfg.reps >= 1 && o->mcfg.reps <= BENCH_MAX_REPS ? 0 : -1;
	case 's':
		o->mcfg.rep_seconds = atof(arg);
		return o->mcfg.rep_seconds > 0 ? 0 : -1;
	case 'o':
		o->csv = arg;
		return 0;
	case 'L':
		o->latency_csv = arg;
		o->latency = 1;
		return 0;
	case 'l':
		o->latency = 1;
		return 0;
	case 'p':
		o->plot = arg;
		return 0;
	case 'q':
		quick(o);
		return 0;
	case 'Q':
		o->quiet = 1;
		return 0;
	case 1:
		o->mode = MODE_SANDBOX_CHECK;
		return 0;
	case 2:
		o->mode = MODE_SANDBOX_HOLD;
		return 0;
	case 5:
		o->flow_given = 1;
		return parse_flow(arg, &o->traffic);
	case 6:
		o->latency_reps = (unsigned int)atoi(arg);
		return o->latency_reps >= 1 && o->latency_reps <= BENCH_MAX_REPS ? 0 : -1;
	case 7:
		o->mode = MODE_COUNT;
		o->frames_per_flow = (uint32_t)atol(arg);
		return o->frames_per_flow >= 1 && o->frames_per_flow <= 1000000 ? 0 : -1;
	case 8:
		o->counters_dir = arg;
		return 0;
	case 4:
		o->show_counters = 1;
		return 0;
	case 3:
		o->mode = MODE_GEN_CHECK;
		o->gen_check_count = (uint32_t)atol(arg);
		return o->gen_check_count ? 0 : -1;
	}
	return -1;
}

/* A user's ruleset is measured once, under its own number of rules, with
 * the traffic of --flow or --flows, or derived from it: scenario "file". */
static int ruleset_size(struct bench_opts *o)
{
	FILE *f = fopen(o->ruleset, "r");
	char line[4096];
	unsigned int n = 0;

	if (!f) {
		fprintf(stderr, "bpf-iptables-bench: cannot read %s\n", o->ruleset);
		return -1;
	}
	while (fgets(line, sizeof(line), f))
		n += strncmp(line, "-A ", 3) == 0;
	fclose(f);
	o->n[0] = n;
	o->nn = 1;
	o->scenarios[0] = SC_FILE;
	o->nsc = 1;
	return 0;
}

int opts_parse(struct bench_opts *o, int argc, char **argv)
{
	int c;

	defaults(o);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (c == '?' || one_opt(c, optarg, o) < 0) {
			if (c != '?')
				fprintf(stderr, "bpf-iptables-bench: bad value for an option\n");
			fputs(usage, stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bpf-iptables-bench: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return o->ruleset ? ruleset_size(o) : 0;
}
