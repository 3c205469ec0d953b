// SPDX-License-Identifier: GPL-2.0-only
/* Test-only program: parse the frame and leave the result where the
 * test reads it, so that BPF_PROG_TEST_RUN checks the parser alone. */
#include "parse.h"

struct bpfipt_pkt last_pkt;
int last_ret;

SEC("xdp")
int bpfipt_parse_test(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	last_ret = parse_packet(data, end, &last_pkt);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
