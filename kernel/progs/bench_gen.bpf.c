// SPDX-License-Identifier: GPL-2.0-only
/* The benchmark's traffic generator: run by BPF_PROG_TEST_RUN in
 * live-frames mode, it redirects every frame it is given into one veth of
 * the benchmark's sandbox. Userspace checks that ifindex before the run;
 * the program only ever redirects to the one it was loaded with.
 *
 * Flows: the frame userspace crafts carries flow first_flow; with
 * flows > 1 the program rewrites the source address and destination port
 * of each frame to flow first_flow + (n % flows), so that the 5-tuples
 * spread over the synthetic rules (rule i matches 198.19.i>>8.i&255 and
 * port 1000 + i % 5000). The IPv4 checksum is recomputed: a frame with a
 * bad one would be dropped by ip_rcv before netfilter ever saw it, which
 * would flatter netfilter. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

const volatile __u32 target_ifindex;
const volatile __u32 first_flow;
const volatile __u32 flows = 1;

/* Frames the program handed to bpf_redirect: the test reads it to prove
 * that exactly the count asked was sent. */
__u64 redirected;

#define DPORT_OFF (ETH_HLEN + sizeof(struct iphdr) + 2)

static __always_inline __u16 ip_csum(struct iphdr *ip)
{
	__u16 *w = (__u16 *)ip;
	__u32 sum = 0;

	ip->check = 0;
	for (int i = 0; i < (int)(sizeof(*ip) / 2); i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

SEC("xdp")
int bench_gen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + ETH_HLEN;
	__u16 *dport = data + DPORT_OFF;
	__u32 flow;

	if ((void *)(dport + 1) > end)
		return XDP_ABORTED;
	if (flows > 1) {
		flow = first_flow + (__u32)(redirected % flows);
		ip->saddr = bpf_htonl((198u << 24) | (19u << 16) | (flow & 0xffff));
		*dport = bpf_htons((__u16)(1000 + flow % 5000));
		ip->check = ip_csum(ip);
	}
	redirected++;
	return bpf_redirect(target_ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";
