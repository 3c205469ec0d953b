/* SPDX-License-Identifier: GPL-2.0-only */
/* The dataplane tests' laboratory: a throwaway network namespace whose
 * rules the product itself loaded (so the maps hold what its sync
 * writes), entered by the test, and frames run through the attached
 * TC ingress program with BPF_PROG_TEST_RUN. */
#ifndef BPFIPT_TEST_DP_LAB_H
#define BPFIPT_TEST_DP_LAB_H

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../bpfiptables/dataplane/dp.h"
#include "dp_record.h"

#ifndef BPFIPT_BUILD_DIR
#define BPFIPT_BUILD_DIR "build"
#endif

struct lab {
	char tmp[64], ns[64], bin[4096];
	int home;
};

static int sh(const char *cmd)
{
	return system(cmd) == 0 ? 0 : -1;
}

static void lab_down(struct lab *l)
{
	char cmd[8400];

	if (l->home >= 0)
		setns(l->home, CLONE_NEWNET);
	if (l->ns[0]) {
		snprintf(cmd, sizeof(cmd), "ip netns exec %s %s/bpf-iptables --teardown; ip netns del %s",
			 l->ns, l->bin, l->ns);
		sh(cmd);
	}
	if (l->tmp[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", l->tmp);
		sh(cmd);
	}
}

/* The record of the namespace's dataplane (a new dataplane, when an
 * image outgrows the maps, has other ids). */
static int lab_ids(const struct lab *l, struct dp_ids *ids)
{
	char run_dir[128];

	snprintf(run_dir, sizeof(run_dir), "%s/run", l->tmp);
	return dp_record_read(run_dir, ids);
}

/* A throwaway namespace with `rules` loaded by the product's restore,
 * entered; the TC ingress program's fd, or -1. */
static int lab_up(struct lab *l, const char *rules)
{
	char cmd[8400], path[256];
	struct dp_ids ids;
	FILE *f;

	snprintf(l->bin, sizeof(l->bin), "%s",
		 getenv("BPFIPT_BIN") ? getenv("BPFIPT_BIN") : BPFIPT_BUILD_DIR);
	snprintf(l->tmp, sizeof(l->tmp), "/tmp/bpfipt-dpt.XXXXXX");
	if (!mkdtemp(l->tmp))
		return -1;
	snprintf(path, sizeof(path), "%s/run", l->tmp);
	setenv("BPF_IPTABLES_RUNDIR", path, 1);
	snprintf(l->ns, sizeof(l->ns), "bpfipt-dpt-%d", getpid());
	snprintf(path, sizeof(path), "%s/rules", l->tmp);
	f = fopen(path, "w");
	if (!f || fputs(rules, f) < 0 || fclose(f) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd),
		 "ip netns add %s && ip -n %s link set lo up && "
		 "ip netns exec %s %s/bpf-iptables-restore < %s",
		 l->ns, l->ns, l->ns, l->bin, path);
	if (sh(cmd) < 0)
		return -1;
	snprintf(path, sizeof(path), "/run/netns/%s", l->ns);
	int ns_fd = open(path, O_RDONLY | O_CLOEXEC);

	if (lab_ids(l, &ids) < 0 || ns_fd < 0 || setns(ns_fd, CLONE_NEWNET) < 0)
		return -1;
	close(ns_fd);
	return bpf_prog_get_fd_by_id(ids.prog_id[DP_P_TC_IN]);
}

/* A frame through a program: its return code, or -1. */
static int test_run(int prog_fd, const uint8_t *frame, size_t n)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (uint32_t)n,
		    .repeat = 1);

	return bpf_prog_test_run_opts(prog_fd, &opts) < 0 ? -1 : (int)opts.retval;
}

#endif
