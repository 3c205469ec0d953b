// SPDX-License-Identifier: GPL-2.0-only
/* Update latency: wall-clock time of one restore of N rules into a fresh
 * DUT, then of one -A, -I 1 and -D 1 on the N-rule chain, for
 * bpf-iptables, iptables-nft and iptables-legacy, each command run the
 * way a user runs it (ip netns exec, so every figure carries the same
 * few milliseconds of process start). One fresh sandbox per system and
 * size, so no system inherits another's state. */
#include <stdio.h>
#include <string.h>

#include "latency.h"
#include "throughput.h"

#define LAT_SYSTEMS 3
#define LAT_OPS 4

static const char *const lat_names[LAT_SYSTEMS] = {"bpf-iptables", "iptables-nft",
						   "iptables-legacy"};
static const char *const op_names[LAT_OPS] = {"restore", "append", "insert", "delete"};

static double timed(const struct sandbox *sb, const char *prog, const char *args)
{
	double t0 = now_s();

	if (run_cmd("ip netns exec %s %s %s >/dev/null 3>&-", sb->dut, prog, args) < 0)
		return -1;
	return (now_s() - t0) * 1e3;
}

static void progs(const struct bench_opts *o, int s, char *ipt, char *restore, size_t len)
{
	if (s == 0) {
		snprintf(ipt, len, "%s/bpf-iptables", o->bin);
		snprintf(restore, len, "%s/bpf-iptables-restore", o->bin);
	} else {
		snprintf(ipt, len, "%s", s == 1 ? "iptables-nft" : "iptables-legacy");
		snprintf(restore, len, "%s",
			 s == 1 ? "iptables-nft-restore" : "iptables-legacy-restore");
	}
}

static int one(const struct bench_opts *o, int s, const struct rules_spec *r, double ms[LAT_OPS])
{
	const char *chain = o->traffic.chain == CH_FORWARD ? "FORWARD" : "INPUT";
	char ipt[600], restore[600], args[LAT_OPS][700], err[256];
	struct sandbox sb;
	int rc = 0;

	progs(o, s, ipt, restore, sizeof(ipt));
	snprintf(args[0], sizeof(args[0]), "%s", r->ipt);
	snprintf(args[1], sizeof(args[1]), "-A %s -s 198.19.255.9 -j DROP", chain);
	snprintf(args[2], sizeof(args[2]), "-I %s 1 -s 198.19.255.10 -j DROP", chain);
	snprintf(args[3], sizeof(args[3]), "-D %s 1", chain);
	if (sandbox_create(&sb, o->bin, err, sizeof(err)) < 0) {
		fprintf(stderr, "bpf-iptables-bench: %s\n", err);
		return -1;
	}
	sandbox_install_signals(&sb);
	for (int k = 0; rc == 0 && k < LAT_OPS; k++) {
		ms[k] = timed(&sb, k == 0 ? restore : ipt, args[k]);
		rc = ms[k] < 0 ? -1 : 0;
	}
	sandbox_destroy(&sb);
	if (rc < 0)
		fprintf(stderr, "bpf-iptables-bench: %s failed on %u rules\n", lat_names[s], r->n);
	return rc;
}

int latency_run(const struct bench_opts *o, const char *tmp, FILE *out)
{
	FILE *csv = o->latency_csv ? fopen(o->latency_csv, "w") : NULL;
	struct rules_spec r;
	double ms[LAT_OPS];

	if (o->latency_csv && !csv)
		return -1;
	if (csv)
		fprintf(csv, "system,operation,rules,ms\n");
	fprintf(out, "%-16s %6s %10s %10s %10s %10s   (ms)\n", "update latency", "rules", "restore",
		"-A", "-I 1", "-D 1");
	for (unsigned int ni = 0; ni < o->nn; ni++) {
		if (rules_for(o, tmp, o->n[ni], &r) < 0)
			return -1;
		for (int s = 0; s < LAT_SYSTEMS; s++) {
			if (!o->quiet)
				fprintf(stderr, "\rlatency %-16s %6u rules", lat_names[s],
					o->n[ni]);
			if (one(o, s, &r, ms) < 0)
				return -1;
			if (!o->quiet)
				fprintf(stderr, "\r%60s\r", "");
			fprintf(out, "%-16s %6u %10.1f %10.1f %10.1f %10.1f\n", lat_names[s],
				o->n[ni], ms[0], ms[1], ms[2], ms[3]);
			for (int k = 0; csv && k < LAT_OPS; k++)
				fprintf(csv, "%s,%s,%u,%.3f\n", lat_names[s], op_names[k], o->n[ni],
					ms[k]);
		}
	}
	return csv && fclose(csv) != 0 ? -1 : 0;
}
