// SPDX-License-Identifier: GPL-2.0-only
/* Update latency: wall-clock time of a restore of N rules, and of one
 * -A, -I 1 and -D 1 on the N-rule chain, for bpf-iptables, iptables-nft
 * and iptables-legacy, each command run the way a user runs it (ip netns
 * exec, so every figure carries the same few milliseconds of process
 * start). A figure is the median of --latency-reps timed runs. Each
 * restore goes into a fresh sandbox (one costs well under a second to
 * build; bpf-iptables loads its programs on the first restore of a
 * namespace, which a flush would not undo, or takes the spare its keeper
 * loaded meanwhile; "bpf-no-spare" is every such restore loading its
 * own), so no run inherits another's state. The changes then run in the
 * last of them, on the same chain, each undone by an untimed command so
 * that every run meets N rules: -A then -D of that rule, -I 1 then -D 1
 * (both timed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "latency.h"
#include "throughput.h"

#define LAT_SYSTEMS 4
#define LAT_OPS 4
/* bpf-iptables without spare dataplanes (BPF_IPTABLES_SPARE=0): each
 * restore into a fresh namespace loads its own programs, as the first
 * namespace of a machine does (docs/ARCHITECTURE.md, "Spare dataplanes"). */
#define LAT_NO_SPARE 3

static const char *const lat_names[LAT_SYSTEMS] = {"bpf-iptables", "iptables-nft",
						   "iptables-legacy", "bpf-no-spare"};
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
	if (s == 0 || s == LAT_NO_SPARE) {
		snprintf(ipt, len, "%s/bpf-iptables", o->bin);
		snprintf(restore, len, "%s/bpf-iptables-restore", o->bin);
	} else {
		snprintf(ipt, len, "%s", s == 1 ? "iptables-nft" : "iptables-legacy");
		snprintf(restore, len, "%s",
			 s == 1 ? "iptables-nft-restore" : "iptables-legacy-restore");
	}
}

/* The four commands on a chain of n rules. */
struct lat_cmds {
	char ipt[600], restore[600];
	char file[700], append[128], undo_append[128], insert[128], delete[64];
};

static void cmds(const struct bench_opts *o, int s, const struct rules_spec *r, struct lat_cmds *c)
{
	const char *chain = o->traffic.chain == CH_FORWARD ? "FORWARD" : "INPUT";

	progs(o, s, c->ipt, c->restore, sizeof(c->ipt));
	snprintf(c->file, sizeof(c->file), "%s", r->ipt);
	snprintf(c->append, sizeof(c->append), "-A %s -s 198.19.255.9 -j DROP", chain);
	snprintf(c->undo_append, sizeof(c->undo_append), "-D %s -s 198.19.255.9 -j DROP", chain);
	snprintf(c->insert, sizeof(c->insert), "-I %s 1 -s 198.19.255.10 -j DROP", chain);
	snprintf(c->delete, sizeof(c->delete), "-D %s 1", chain);
}

/* One run of the changes, timed into ms[1..3]. */
static int changes(const struct sandbox *sb, const struct lat_cmds *c, double ms[LAT_OPS])
{
	ms[1] = timed(sb, c->ipt, c->append);
	if (ms[1] < 0 || timed(sb, c->ipt, c->undo_append) < 0)
		return -1;
	ms[2] = timed(sb, c->ipt, c->insert);
	ms[3] = ms[2] < 0 ? -1 : timed(sb, c->ipt, c->delete);
	return ms[3] < 0 ? -1 : 0;
}

static void progress(const struct bench_opts *o, int s, unsigned int n, const char *what,
		     unsigned int k)
{
	if (!o->quiet)
		fprintf(stderr, "\rlatency %-16s %6u rules  %-7s %2u/%u", lat_names[s], n, what,
			k + 1, o->latency_reps);
}

/* The medians of one system at one size. */
static int one(const struct bench_opts *o, int s, const struct rules_spec *r, double med[LAT_OPS])
{
	double v[LAT_OPS][BENCH_MAX_REPS], ms[LAT_OPS] = {0};
	unsigned int reps = o->latency_reps;
	struct lat_cmds c;
	struct sandbox sb;
	char err[256];
	int rc = 0;

	cmds(o, s, r, &c);
	/* Inherited by the commands; not by the other systems' runs. */
	if (s == LAT_NO_SPARE)
		setenv("BPF_IPTABLES_SPARE", "0", 1);
	else
		unsetenv("BPF_IPTABLES_SPARE");
	for (unsigned int k = 0; rc == 0 && k < reps; k++) {
		progress(o, s, r->n, "restore", k);
		if (sandbox_create(&sb, o->bin, err, sizeof(err)) < 0) {
			fprintf(stderr, "\nbpf-iptables-bench: %s\n", err);
			return -1;
		}
		sandbox_install_signals(&sb);
		/* A namespace a moment after the last one, as on a host that
		 * makes them, for every system alike: bpf-iptables loads its
		 * next spare dataplane in such a moment. */
		usleep(300000);
		v[0][k] = timed(&sb, c.restore, c.file);
		rc = v[0][k] < 0 ? -1 : 0;
		if (k + 1 < reps || rc < 0)
			sandbox_destroy(&sb);
	}
	for (unsigned int k = 0; rc == 0 && k < reps; k++) {
		progress(o, s, r->n, "changes", k);
		rc = changes(&sb, &c, ms);
		for (int op = 1; op < LAT_OPS; op++)
			v[op][k] = ms[op];
	}
	if (rc == 0)
		sandbox_destroy(&sb);
	if (rc < 0) {
		fprintf(stderr, "\nbpf-iptables-bench: %s failed on %u rules\n", lat_names[s],
			r->n);
		return -1;
	}
	for (int op = 0; op < LAT_OPS; op++)
		med[op] = median(v[op], reps);
	return 0;
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
	fprintf(out, "%-16s %6s %10s %10s %10s %10s   (ms, median of %u)\n", "update latency",
		"rules", "restore", "-A", "-I 1", "-D 1", o->latency_reps);
	for (unsigned int ni = 0; ni < o->nn; ni++) {
		if (rules_for(o, tmp, o->n[ni], &r) < 0)
			return -1;
		for (int s = 0; s < LAT_SYSTEMS; s++) {
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
