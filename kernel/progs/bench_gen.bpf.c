// SPDX-License-Identifier: GPL-2.0-only
/* The benchmark's traffic generator: run by BPF_PROG_TEST_RUN in
 * live-frames mode, it redirects every frame it is given into one veth of
 * the benchmark's sandbox. Userspace checks that ifindex before the run;
 * the program only ever redirects to the one it was loaded with.
 *
 * Flows: userspace writes the header bytes of every flow (Ethernet, IPv4
 * with its checksum, the layer-4 header) into flow_hdrs, and crafts the
 * frame it hands over as flow 0. The program copies the header of flow
 * n % flows over the start of frame n, so that the frames go round the
 * flows (the synthetic ones, or one per rule of a user's ruleset). It
 * copies the whole header every time, one flow or many: in live-frames
 * mode a frame's page comes back from the DUT to be sent again as it
 * was left, and a DUT that forwards rewrites it in place: the TTL before
 * the FORWARD chain (frames came round with TTL 33, then expired before
 * the chain), the Ethernet header when it sends the frame on (frames came
 * back addressed to the sink and bd0 dropped them as another host's: 128
 * of 83,124 reached an ACCEPT rule). Everything after the header is the
 * same zero padding in every flow, so the frame length and the IPv4 total
 * length stay right. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Bytes copied: Ethernet 14 + IPv4 20 + TCP 20 + 4 bytes of options, the
 * longest header userspace writes (bpfiptables/bench/frame.h). The value
 * is 8 words so that the copy goes a word at a time. */
#define FLOW_HDR_LEN 58

struct flow_hdr {
	__u64 w[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* userspace sets it to the number of flows */
	__type(key, __u32);
	__type(value, struct flow_hdr);
} flow_hdrs SEC(".maps");

const volatile __u32 target_ifindex;
const volatile __u32 flows = 1;

/* Frames the program handed to bpf_redirect: the test reads it to prove
 * that exactly the count asked was sent. */
__u64 redirected;

SEC("xdp")
int bench_gen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 idx = flows > 1 ? (__u32)(redirected % flows) : 0;
	struct flow_hdr *h = bpf_map_lookup_elem(&flow_hdrs, &idx);
	__u64 *d = data;

	if (!h || data + FLOW_HDR_LEN > end)
		return XDP_ABORTED;
	for (int i = 0; i < FLOW_HDR_LEN / 8; i++)
		d[i] = h->w[i];
	*(__u16 *)(data + 56) = *(__u16 *)&h->w[7];
	redirected++;
	return bpf_redirect(target_ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";
