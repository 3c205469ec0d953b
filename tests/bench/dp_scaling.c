// SPDX-License-Identifier: GPL-2.0-only
/* Per-packet time of the product's own TC ingress program
 * (kernel/progs/bpfipt.bpf.c: parse, FIB hook choice, classify, count)
 * under BPF_PROG_TEST_RUN, for INPUT chains of N rules
 *   -A INPUT -s 198.18.X.Y/32 -p tcp -m tcp --dport P -j ACCEPT
 * with policy DROP: a packet matching the LAST rule, and one that falls
 * to the policy. A measurement, not a test. -k src or -k dport keeps
 * only one of the two conditions (-s, or -p tcp --dport), to see which
 * lookup the time grows in. -x measures the XDP ingress program instead
 * (the namespace is switched to it with `bpf-iptables --ingress xdp`).
 * -s then inserts a rule at the head and appends one at the tail (both
 * for 198.19.254.0/24, met by neither packet), which holds a chain of
 * 256 rules or more in three segments, as single-rule updates leave it
 * (bpfiptables/dataplane/dp_plan.c), to see what they cost a packet.
 *
 * The image is not built here: each N gets a throwaway network namespace
 * and `bpf-iptables-restore` loads the rules into it, so the maps are
 * filled by the product's sync code (bpfiptables/dataplane/dp_sync.c),
 * exactly as for real traffic. The program is then found by the id the
 * state directory's "dataplane" record holds (struct dp_ids), and run
 * from inside that namespace so that its FIB lookup sees the namespace's
 * routes. Every verdict is checked (ACCEPT = TC_ACT_OK, policy DROP =
 * TC_ACT_SHOT) and so is the last rule's counter, so a figure can never
 * come from a packet that skipped the classifier.
 *
 * Usage: dp_scaling [-x] [-s] [-b BINDIR] [-r RUNS] [-n REPEAT] [-k both|src|dport] [N ...]
 *   BINDIR  directory of bpf-iptables (default $BPFIPT_BIN, else the
 *           build directory this was built in)
 *   RUNS    test runs per figure, the median is printed (default 9)
 *   REPEAT  packets per test run, the kernel reports their mean (100000) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfiptables/dataplane/dp.h"
#include "tests/unit/dp_record.h"

#ifndef BPFIPT_BUILD_DIR
#define BPFIPT_BUILD_DIR "build"
#endif
#define MAX_RUNS 101

struct bench {
	const char *bin;
	unsigned int runs, repeat;
	const char *kind; /* the rules' conditions: both, src, dport */
	int xdp;          /* the XDP ingress program instead of TC's */
	int segments;     /* -s: a head and a tail rule added after the restore */
	char tmp[64];   /* rule files and the state directory */
	char ns[64];    /* the throwaway namespace, "" when none */
	int home_ns;    /* this process's own network namespace */
};

/* For the signal handler: the namespace to remove on the way out. */
static struct bench *g_bench;

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return st == 0 ? 0 : -1;
}

/* Back home, then the product's own teardown (it stops the resident
 * helper and detaches the cgroup program, which outlives a namespace),
 * then the namespace. */
static void ns_remove(struct bench *b)
{
	if (!b->ns[0])
		return;
	if (b->home_ns >= 0)
		setns(b->home_ns, CLONE_NEWNET);
	run("ip netns exec %s %s/bpf-iptables --teardown 2>/dev/null", b->ns, b->bin);
	run("ip netns del %s 2>/dev/null", b->ns);
	b->ns[0] = 0;
}

static void cleanup(void)
{
	if (!g_bench)
		return;
	ns_remove(g_bench);
	if (g_bench->tmp[0])
		run("rm -rf %s", g_bench->tmp);
	g_bench->tmp[0] = 0;
}

static void on_signal(int sig)
{
	(void)sig;
	exit(3); /* atexit's cleanup runs */
}

static int write_rules(const char *path, const char *kind, unsigned int n)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
	for (unsigned int i = 0; i < n; i++) {
		if (strcmp(kind, "src") == 0)
			fprintf(f, "-A INPUT -s 198.18.%u.%u/32 -j ACCEPT\n", i / 256, i % 256);
		else if (strcmp(kind, "dport") == 0)
			fprintf(f, "-A INPUT -p tcp -m tcp --dport %u -j ACCEPT\n", 1000 + i);
		else
			fprintf(f, "-A INPUT -s 198.18.%u.%u/32 -p tcp -m tcp --dport %u -j ACCEPT\n",
				i / 256, i % 256, 1000 + i % 5000);
	}
	fprintf(f, "COMMIT\n");
	return fclose(f);
}

/* A TCP SYN from 198.18.X.Y:5000 (or 198.19.255.1 when i < 0) to
 * 127.0.0.1:dport. The destination MAC is lo's (all zero), so the test
 * run's skb is PACKET_HOST and the FIB calls it local: INPUT. */
static size_t frame_for(uint8_t *b, int i, uint16_t dport)
{
	uint8_t f[14 + 20 + 20] = {
		[12] = 0x08, [14] = 0x45, [17] = 40, [22] = 64, [23] = 6,
		[30] = 127, [33] = 1, [34] = 0x13, [35] = 0x88, [46] = 0x50, [47] = 0x02,
		[48] = 0xff, [49] = 0xff,
	};

	if (i >= 0) {
		f[26] = 198, f[27] = 18, f[28] = (uint8_t)(i / 256), f[29] = (uint8_t)(i % 256);
	} else {
		f[26] = 198, f[27] = 19, f[28] = 255, f[29] = 1;
	}
	f[36] = (uint8_t)(dport >> 8);
	f[37] = (uint8_t)dport;
	memcpy(b, f, sizeof(f));
	return sizeof(f);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct figure {
	double median, min, max;
};

/* Median of b->runs test runs of b->repeat packets each; -1 when the
 * program does not give `want`. */
static int measure(const struct bench *b, int prog_fd, const uint8_t *frame, size_t len,
		   int want, struct figure *fig)
{
	double t[MAX_RUNS];

	for (unsigned int r = 0; r < b->runs; r++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (uint32_t)len,
			    .repeat = b->repeat);

		if (bpf_prog_test_run_opts(prog_fd, &opts) < 0) {
			fprintf(stderr, "dp_scaling: BPF_PROG_TEST_RUN: %s\n", strerror(errno));
			return -1;
		}
		if ((int)opts.retval != want) {
			fprintf(stderr, "dp_scaling: verdict %u, expected %d\n", opts.retval, want);
			return -1;
		}
		t[r] = opts.duration; /* the kernel's mean per packet, in ns */
	}
	qsort(t, b->runs, sizeof(t[0]), cmp_double);
	fig->median = t[b->runs / 2];
	fig->min = t[0];
	fig->max = t[b->runs - 1];
	return 0;
}

/* The TC ingress program of the namespace whose state lives under
 * b->tmp/run: by the id its dataplane record holds. */
static int find_prog(const struct bench *b, struct dp_ids *ids)
{
	char run_dir[128];

	snprintf(run_dir, sizeof(run_dir), "%s/run", b->tmp);
	if (dp_record_read(run_dir, ids) < 0 || !ids->prog_id[b->xdp ? DP_P_XDP : DP_P_TC_IN]) {
		fprintf(stderr, "dp_scaling: no dataplane record with the ingress program under %s\n",
			run_dir);
		return -1;
	}
	return bpf_prog_get_fd_by_id(ids->prog_id[b->xdp ? DP_P_XDP : DP_P_TC_IN]);
}

/* The last rule's packet count, read the way a user reads it. */
static long long last_rule_count(const struct bench *b, unsigned int n)
{
	char cmd[512];
	long long pk = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "ip netns exec %s %s/bpf-iptables -L INPUT %u -v -x -n 2>/dev/null", b->ns,
		 b->bin, n);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (fscanf(p, "%lld", &pk) != 1)
		pk = -1;
	pclose(p);
	return pk;
}

static int one_size(struct bench *b, unsigned int n)
{
	struct figure last, miss;
	char rules[128], nspath[128];
	struct dp_ids ids;
	uint8_t frame[64];
	size_t len;
	int prog = -1, nsfd = -1, ret = -1;
	long long count;

	snprintf(rules, sizeof(rules), "%s/rules.%u", b->tmp, n);
	if (write_rules(rules, b->kind, n) < 0)
		return -1;
	snprintf(b->ns, sizeof(b->ns), "bpfipt-dps-%d", (int)getpid());
	if (run("ip netns add %s", b->ns) < 0) {
		b->ns[0] = 0;
		return -1;
	}
	/* A veth pair besides lo, which stays on TC: an XDP program lives
	 * only while attached somewhere. */
	if (run("ip -n %s link set lo up", b->ns) < 0 ||
	    run("ip -n %s link add dps0 up type veth peer name dps1", b->ns) < 0 ||
	    (b->xdp && run("ip netns exec %s %s/bpf-iptables --ingress xdp", b->ns, b->bin) < 0) ||
	    run("ip netns exec %s %s/bpf-iptables-restore %s", b->ns, b->bin, rules) < 0 ||
	    (b->segments &&
	     (run("ip netns exec %s %s/bpf-iptables -I INPUT 1 -s 198.19.254.1 -j DROP", b->ns,
		  b->bin) < 0 ||
	      run("ip netns exec %s %s/bpf-iptables -A INPUT -s 198.19.254.2 -j DROP", b->ns,
		  b->bin) < 0)))
		goto out;
	prog = find_prog(b, &ids);
	snprintf(nspath, sizeof(nspath), "/run/netns/%s", b->ns);
	nsfd = open(nspath, O_RDONLY | O_CLOEXEC);
	if (prog < 0 || nsfd < 0 || setns(nsfd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "dp_scaling: cannot reach the program or the namespace\n");
		goto out;
	}
	/* the dport rules use ports 1000..1000+N-1, the others cycle 5000 */
	len = frame_for(frame, (int)n - 1,
			(uint16_t)(1000 + (strcmp(b->kind, "dport") ? (n - 1) % 5000 : n - 1)));
	if (measure(b, prog, frame, len, b->xdp ? XDP_PASS : TC_ACT_OK, &last) < 0)
		goto out;
	frame_for(frame, -1, 999);
	if (measure(b, prog, frame, len, b->xdp ? XDP_DROP : TC_ACT_SHOT, &miss) < 0)
		goto out;
	setns(b->home_ns, CLONE_NEWNET);
	count = last_rule_count(b, n + (unsigned int)b->segments);
	if (count != (long long)b->runs * b->repeat) {
		fprintf(stderr, "dp_scaling: rule %u counted %lld packets, expected %llu\n", n,
			count, (unsigned long long)b->runs * b->repeat);
		goto out;
	}
	printf("%8u %10.0f ns %10.0f ns   [%4.0f..%4.0f] [%4.0f..%4.0f]\n", n, last.median,
	       miss.median, last.min, last.max, miss.min, miss.max);
	fflush(stdout);
	ret = 0;
out:
	if (nsfd >= 0)
		close(nsfd);
	if (prog >= 0)
		close(prog);
	ns_remove(b);
	run("rm -rf %s/run", b->tmp);
	return ret;
}

int main(int argc, char **argv)
{
	static const unsigned int defaults[] = {1, 100, 1000, 5000, 10000};
	struct bench b = {.bin = getenv("BPFIPT_BIN"), .runs = 9, .repeat = 100000,
			 .kind = "both"};
	char rundir[128];
	int opt, ret = 0;

	if (!b.bin)
		b.bin = BPFIPT_BUILD_DIR;
	while ((opt = getopt(argc, argv, "xsb:r:n:k:")) != -1) {
		if (opt == 'b')
			b.bin = optarg;
		else if (opt == 'r')
			b.runs = (unsigned int)atoi(optarg);
		else if (opt == 'n')
			b.repeat = (unsigned int)atoi(optarg);
		else if (opt == 'k')
			b.kind = optarg;
		else if (opt == 'x')
			b.xdp = 1;
		else if (opt == 's')
			b.segments = 1;
		else
			return 2;
	}
	if (b.runs < 1 || b.runs > MAX_RUNS || b.repeat < 1 ||
	    (strcmp(b.kind, "both") && strcmp(b.kind, "src") && strcmp(b.kind, "dport"))) {
		fprintf(stderr, "dp_scaling: -r 1..%d, -n 1 or more, -k both|src|dport\n", MAX_RUNS);
		return 2;
	}
	b.home_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	snprintf(b.tmp, sizeof(b.tmp), "/tmp/bpfipt-dps.XXXXXX");
	if (b.home_ns < 0 || !mkdtemp(b.tmp)) {
		fprintf(stderr, "dp_scaling: needs root and /tmp\n");
		return 1;
	}
	g_bench = &b;
	atexit(cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* Each namespace's state goes under our own directory, never the
	 * system's /run/bpf-iptables. */
	snprintf(rundir, sizeof(rundir), "%s/run", b.tmp);
	setenv("BPF_IPTABLES_RUNDIR", rundir, 1);

	printf("%s ingress program (bpfipt.bpf.c), rules: %s, BPF_PROG_TEST_RUN, median of %u "
	       "runs of %u packets\n",
	       b.xdp ? "XDP" : "TC", b.kind, b.runs, b.repeat);
	printf("%8s %13s %13s   %s\n", "rules", "match last", "policy", "[min..max] last, policy");
	for (int i = optind; i < argc || (optind == argc && i < optind + 5); i++) {
		unsigned int n = optind < argc ? (unsigned int)atoi(argv[i]) : defaults[i - optind];

		if (n < 1 || n > 60000 || one_size(&b, n) < 0) {
			fprintf(stderr, "dp_scaling: %u rules failed\n", n);
			ret = 1;
			break;
		}
	}
	return ret;
}
