// SPDX-License-Identifier: GPL-2.0-only
/* The benchmark's ceiling: the cheapest thing a dataplane on the device
 * under test can do with a frame. Every system's figure is also reported
 * as a share of this one, measured on the same veth in the same run. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int bench_drop(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
