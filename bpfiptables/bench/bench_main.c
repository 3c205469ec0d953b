// SPDX-License-Identifier: GPL-2.0-only
/* bpf-iptables-bench: throughput of bpf-iptables beside netfilter and a
 * bare XDP drop, measured in one run in a sandbox of its own (see
 * docs/man/bpf-iptables-bench.8). The check modes exist for the tests:
 * they exercise the sandbox and the generator without timing anything. */
#define _GNU_SOURCE
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "count.h"
#include "derive.h"
#include "latency.h"
#include "opts.h"
#include "report.h"
#include "throughput.h"

static char g_tmp[64]; /* removed at exit, after the sandbox */
static char g_bin[512]; /* where bpf-iptables is */

/* The keeper of spare dataplanes the run's restores started (it would
 * leave on its own once its socket is gone, a second later) first. */
static void tmp_remove(void)
{
	if (!g_tmp[0])
		return;
	if (g_bin[0])
		run_cmd("%s/bpf-iptables --spare-stop >/dev/null 2>&1", g_bin);
	run_cmd("rm -rf %s", g_tmp);
}

static int bin_dir(struct bench_opts *o)
{
	char exe[512];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *env = getenv("BPFIPT_BIN");

	if (env) {
		snprintf(o->bin, sizeof(o->bin), "%s", env);
		return 0;
	}
	if (len <= 0)
		return -1;
	exe[len] = 0;
	snprintf(o->bin, sizeof(o->bin), "%s", dirname(exe));
	return 0;
}

static int sandbox_check(const struct bench_opts *o, int hold)
{
	char err[256];
	struct sandbox sb;

	if (sandbox_create(&sb, o->bin, err, sizeof(err)) < 0) {
		fprintf(stderr, "bpf-iptables-bench: %s\n", err);
		return 1;
	}
	sandbox_install_signals(&sb);
	printf("sandbox %s %s %s gen-ifindex %d dut-ifindex %d\n", sb.gen, sb.dut, sb.sink,
	       sb.gen_ifindex, sb.dut_ifindex);
	fflush(stdout);
	while (hold)
		pause(); /* until a signal: its handler removes the sandbox */
	sandbox_destroy(&sb);
	return 0;
}

/* Sends exactly o->gen_check_count frames, spread over 100 flows, into
 * the ceiling and says what the generator and the DUT counted. */
static int gen_check(const struct bench_opts *o)
{
	struct traffic t = o->traffic;
	uint64_t rx0 = 0, rx1 = 0;
	char err[256] = "";
	struct sandbox sb;
	struct gen *g = NULL;
	int rc = 1;

	t.flows = 100;
	t.specs = NULL;
	if (sandbox_create(&sb, o->bin, err, sizeof(err)) < 0)
		goto out;
	sandbox_install_signals(&sb);
	if (ceiling_attach(&sb, err, sizeof(err)) == 0 &&
	    gen_open(&g, &sb, &t, err, sizeof(err)) == 0 && dut_rx(&sb, &rx0) == 0 &&
	    gen_send(g, o->gen_check_count, err, sizeof(err)) == 0) {
		usleep(100000); /* the DUT's NAPI may still hold a ring's worth */
		dut_rx(&sb, &rx1);
		printf("asked %u redirected %llu processed %llu\n", o->gen_check_count,
		       (unsigned long long)gen_redirected(g), (unsigned long long)(rx1 - rx0));
		rc = gen_redirected(g) == o->gen_check_count && rx1 - rx0 == o->gen_check_count ? 0
												: 1;
	}
	gen_close(g);
	sandbox_destroy(&sb);
out:
	if (err[0])
		fprintf(stderr, "bpf-iptables-bench: %s\n", err);
	return rc;
}

static int bench(const struct bench_opts *o)
{
	static struct results res;
	char err[256] = "";

	int rc = throughput_run(o, g_tmp, &res, err, sizeof(err)) < 0;

	report_table(stdout, o, &res);
	if ((o->csv && report_csv(o->csv, o, &res) < 0) ||
	    (o->plot && report_plot(o->plot, o, &res) < 0)) {
		fprintf(stderr, "bpf-iptables-bench: cannot write %s\n", o->csv ? o->csv : o->plot);
		return 1;
	}
	if (o->latency && latency_run(o, g_tmp, stdout) < 0)
		rc = 1;
	if (err[0])
		fprintf(stderr, "bpf-iptables-bench: %s\n", err);
	return rc;
}

/* A user's ruleset without --flow or --flows: one flow per rule, derived
 * from the file before anything is built (a file it cannot read is a
 * usage error). */
static int derive(struct bench_opts *o)
{
	struct flow_spec *flows;
	uint32_t n;

	if (!o->ruleset || o->flow_given || (o->mode != MODE_RUN && o->mode != MODE_COUNT))
		return 0;
	if (derive_traffic(o->ruleset, &o->traffic, !o->quiet, &flows, &n) < 0)
		return -1;
	o->traffic.specs = flows; /* for the whole run */
	o->traffic.flows = n;
	return 0;
}

int main(int argc, char **argv)
{
	static struct bench_opts o;
	int rc = opts_parse(&o, argc, argv);
	char run[128];

	if (rc)
		return rc > 0 ? 0 : 2;
	if (derive(&o) < 0)
		return 2;
	if (geteuid() != 0) {
		fprintf(stderr, "bpf-iptables-bench: must run as root\n");
		return 2;
	}
	snprintf(g_tmp, sizeof(g_tmp), "/tmp/bpfipt-bench.XXXXXX");
	if (bin_dir(&o) < 0 || !mkdtemp(g_tmp)) {
		fprintf(stderr, "bpf-iptables-bench: cannot set up its working directory\n");
		return 1;
	}
	snprintf(g_bin, sizeof(g_bin), "%s", o.bin);
	atexit(tmp_remove);
	/* Its own state directory: nothing of the machine's bpf-iptables is
	 * touched, and the teardown finds exactly what the run created. */
	snprintf(run, sizeof(run), "%s/run", g_tmp);
	setenv("BPF_IPTABLES_RUNDIR", run, 1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	switch (o.mode) {
	case MODE_SANDBOX_CHECK:
	case MODE_SANDBOX_HOLD:
		return sandbox_check(&o, o.mode == MODE_SANDBOX_HOLD);
	case MODE_GEN_CHECK:
		return gen_check(&o);
	case MODE_COUNT:
		return count_run(&o, g_tmp);
	default:
		return bench(&o);
	}
}
