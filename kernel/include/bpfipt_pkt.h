/* SPDX-License-Identifier: GPL-2.0-only */
/* The packet facts the classifier works on, as the BPF parser leaves
 * them: shared by the kernel programs and userspace (tests, and the
 * translator's struct packet is its userspace twin). */
#ifndef BPFIPT_PKT_H
#define BPFIPT_PKT_H

#include <linux/types.h>

/* Layer-4 bytes the parser looks at: a TCP header with every option. */
#define BPFIPT_L4_MAX 60

enum bpfipt_pkt_flags {
	BPFIPT_PKT_IPV4 = 1 << 0,     /* an IPv4 packet was found */
	BPFIPT_PKT_BAD_IP = 1 << 1,   /* IPv4 header truncated or malformed */
};

struct bpfipt_pkt {
	__u32 saddr, daddr; /* network byte order */
	__u16 sport, dport; /* host order */
	__u16 frag_off;     /* fragment offset, 8-byte units, host order */
	__u16 len;          /* IP total length, host order */
	__u8 proto;
	__u8 l4_len;        /* layer-4 bytes present, at most BPFIPT_L4_MAX */
	__u8 icmp_type, icmp_code;
	__u8 tcp_flags;
	__u8 tcp_doff;
	__u8 flags;         /* enum bpfipt_pkt_flags */
	__u8 vlan_depth;    /* 802.1Q/802.1ad tags skipped */
	__u8 tcp_opts[32];  /* bit k: the kernel's option scan meets kind k */
};

_Static_assert(sizeof(struct bpfipt_pkt) == 56, "struct bpfipt_pkt is shared: keep its size");

#endif
