// SPDX-License-Identifier: GPL-2.0-only
/* The ceiling: bench_drop.bpf.c attached in native XDP mode to the DUT's
 * bd0, where bpf-iptables' XDP program would be. It goes away with the
 * sandbox; bench_drop__destroy only closes our descriptors. */
#include <errno.h>
#include <linux/if_link.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "bench.h"
#include "bench_drop.skel.h"

int ceiling_attach(struct sandbox *sb, char *err, size_t errlen)
{
	struct bench_drop *skel = bench_drop__open_and_load();
	int rc = -1;

	if (!skel) {
		snprintf(err, errlen, "ceiling: cannot load its program");
		return -1;
	}
	if (enter_ns(sb->dut_fd) == 0) {
		rc = bpf_xdp_attach(sb->dut_ifindex, bpf_program__fd(skel->progs.bench_drop),
				    XDP_FLAGS_DRV_MODE, NULL);
		if (rc < 0)
			snprintf(err, errlen, "ceiling: cannot attach to bd0: %s", strerror(-rc));
		enter_ns(sb->home_fd);
	}
	bench_drop__destroy(skel);
	return rc < 0 ? -1 : 0;
}
