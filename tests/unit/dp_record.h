/* SPDX-License-Identifier: GPL-2.0-only */
/* The dataplane record (struct dp_ids, file "dataplane") of the one
 * namespace whose state lives under a test's own BPF_IPTABLES_RUNDIR:
 * how the dataplane tests and benchmarks find the product's programs and
 * maps. */
#ifndef BPFIPT_TEST_DP_RECORD_H
#define BPFIPT_TEST_DP_RECORD_H

#include <glob.h>
#include <stdio.h>

#include "../../bpfiptables/dataplane/dp.h"

static inline int dp_record_read(const char *run_dir, struct dp_ids *ids)
{
	char pattern[4200];
	glob_t g;
	FILE *f;
	size_t got;

	snprintf(pattern, sizeof(pattern), "%s/netns-*/dataplane", run_dir);
	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc != 1) {
		globfree(&g);
		return -1;
	}
	f = fopen(g.gl_pathv[0], "r");
	globfree(&g);
	if (!f)
		return -1;
	got = fread(ids, sizeof(*ids), 1, f);
	fclose(f);
	return got == 1 ? 0 : -1;
}

#endif
