/* SPDX-License-Identifier: GPL-2.0-only */
/* Ethernet (with up to two VLAN tags), IPv4 (with options) and the
 * TCP/UDP/ICMP header fields the filter table looks at. Later fragments
 * carry no layer-4 header: only the IP part is filled for them. */
#ifndef BPFIPT_PARSE_H
#define BPFIPT_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "bpfipt_pkt.h"

#define BPFIPT_MAX_VLAN 2

struct vlan_tag {
	__be16 tci;
	__be16 encap_proto;
};

/* Skips the Ethernet header and VLAN tags; returns the EtherType and
 * moves *pos past them, or 0 when the frame is too short. */
static __always_inline __u16 parse_eth(void **pos, void *end, struct bpfipt_pkt *p)
{
	struct ethhdr *eth = *pos;
	__u16 proto;

	if ((void *)(eth + 1) > end)
		return 0;
	proto = bpf_ntohs(eth->h_proto);
	*pos = eth + 1;
#pragma unroll
	for (int i = 0; i < BPFIPT_MAX_VLAN; i++) {
		struct vlan_tag *tag = *pos;

		if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
			break;
		if ((void *)(tag + 1) > end)
			return 0;
		proto = bpf_ntohs(tag->encap_proto);
		*pos = tag + 1;
		p->vlan_depth++;
	}
	return proto;
}

/* Whether n bytes from at are in the packet and within the IP length:
 * the verifier needs the comparison with the real end on every read. */
static __always_inline int have(const __u8 *at, __u32 n, void *ip_end, void *end)
{
	return (void *)(at + n) <= end && (void *)(at + n) <= ip_end;
}

/* The kernel's tcp_find_option walk over the option bytes: from each
 * position, EOL and NOP advance one byte, others by their length byte
 * (a zero length by one). Every kind the walk lands on is marked. One
 * step per bpf_loop call: unrolled, the walk's branches made the
 * verifier follow each of up to 40 steps once per path through the
 * earlier ones. */
struct tcp_opt_walk {
	const __u8 *opt;
	void *ip_end, *end;
	struct bpfipt_pkt *p;
	__u32 i, optlen;
};

static long tcp_opt_step(__u32 step, struct tcp_opt_walk *w)
{
	const __u8 *at;
	__u8 kind, len = 1;

	(void)step;
	if (w->i >= w->optlen || w->i >= BPFIPT_L4_MAX - 20)
		return 1;
	at = w->opt + (w->i & 63);
	if (!have(at, 1, w->ip_end, w->end))
		return 1;
	kind = *at;
	w->p->tcp_opts[(kind >> 3) & 31] |= 1 << (kind & 7);
	if (kind >= 2) {
		if (!have(at, 2, w->ip_end, w->end))
			return 1;
		len = at[1] ? at[1] : 1;
	}
	w->i += len;
	return 0;
}

static __always_inline void scan_tcp_options(const __u8 *opt, __u32 optlen, void *ip_end,
					     void *end, struct bpfipt_pkt *p)
{
	struct tcp_opt_walk w = {opt, ip_end, end, p, 0, optlen};

	bpf_loop(BPFIPT_L4_MAX - 20, tcp_opt_step, &w, 0);
}

static __always_inline void parse_l4(const __u8 *l4, void *ip_end, void *end,
				     struct bpfipt_pkt *p)
{
	void *stop = ip_end < end ? ip_end : end;
	long avail = (const __u8 *)stop - l4;

	p->l4_len = avail <= 0 ? 0 : avail > BPFIPT_L4_MAX ? BPFIPT_L4_MAX : (__u8)avail;
	switch (p->proto) {
	case IPPROTO_TCP:
		if (have(l4, 14, ip_end, end)) {
			p->tcp_flags = l4[13];
			p->tcp_doff = l4[12] >> 4;
		}
		if (have(l4, 20, ip_end, end) && p->tcp_doff > 5)
			scan_tcp_options(l4 + 20, (__u32)p->tcp_doff * 4 - 20, ip_end, end, p);
		__attribute__((fallthrough)); /* the ports */
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
	case IPPROTO_UDPLITE:
		if (have(l4, 4, ip_end, end)) {
			p->sport = (__u16)(l4[0] << 8 | l4[1]);
			p->dport = (__u16)(l4[2] << 8 | l4[3]);
		}
		break;
	case IPPROTO_ICMP:
		if (have(l4, 2, ip_end, end)) {
			p->icmp_type = l4[0];
			p->icmp_code = l4[1];
		}
		break;
	}
}

/* 0 when the IPv4 packet at ip was parsed into p, -1 otherwise
 * (truncated or malformed: p->flags says so). */
static __always_inline int parse_ipv4(void *pos, void *end, struct bpfipt_pkt *p)
{
	struct iphdr *ip = pos;
	__u32 ihl;

	if ((void *)(ip + 1) > end || ip->version != 4 || ip->ihl < 5) {
		p->flags |= BPFIPT_PKT_BAD_IP;
		return -1;
	}
	ihl = ip->ihl * 4;
	if (pos + ihl > end) {
		p->flags |= BPFIPT_PKT_BAD_IP;
		return -1;
	}
	p->flags |= BPFIPT_PKT_IPV4;
	p->saddr = ip->saddr;
	p->daddr = ip->daddr;
	p->proto = ip->protocol;
	p->len = bpf_ntohs(ip->tot_len);
	p->frag_off = bpf_ntohs(ip->frag_off) & 0x1fff;
	/* The stack trims Ethernet padding to the IP length before netfilter
	 * looks: bytes past it are not there for the extensions either. */
	if (!p->frag_off)
		parse_l4((const __u8 *)pos + ihl, pos + (p->len >= ihl ? p->len : ihl), end, p);
	return 0;
}

/* A frame from its Ethernet header: 0 when an IPv4 packet was parsed into
 * p (*l3_off: where its IP header starts), -1 otherwise (not IPv4, or
 * truncated: p->flags says which). */
static __always_inline int parse_frame(void *data, void *end, struct bpfipt_pkt *p, __u32 *l3_off)
{
	void *pos = data;

	__builtin_memset(p, 0, sizeof(*p));
	if (parse_eth(&pos, end, p) != ETH_P_IP)
		return -1;
	*l3_off = pos - data;
	return parse_ipv4(pos, end, p);
}

static __always_inline int parse_packet(void *data, void *end, struct bpfipt_pkt *p)
{
	__u32 l3_off;

	return parse_frame(data, end, p, &l3_off);
}

#endif
