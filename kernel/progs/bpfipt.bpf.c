// SPDX-License-Identifier: GPL-2.0-only
/* The attached programs (DESIGN §5): TC ingress and XDP ingress choose
 * INPUT or FORWARD by a FIB lookup, TC egress takes what the host sends
 * (OUTPUT), and the cgroup egress program takes OUTPUT for sockets so
 * that a drop fails the sender's call with EPERM, as netfilter's does.
 * All of them share the classifier and the maps (dp_hook.h). Packets
 * that are not IPv4, or that netfilter would never see in the filter
 * table, pass untouched. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "dp_hook.h"
#include "parse.h"

#ifndef AF_INET
#define AF_INET 2
#endif

/* Bytes of headers the parser wants in the linear part of an skb. */
#define DP_PULL 200

/* Whether the host takes a packet for daddr (network order): one of its
 * addresses (any interface's, as Linux accepts them), a broadcast, a
 * multicast, or the loopback range. */
static __always_inline int dp_is_local(__u32 daddr)
{
	__u32 host = bpf_ntohl(daddr);

	return bpf_map_lookup_elem(&bpfipt_local, &daddr) || daddr == 0xffffffff ||
	       (host >> 28) == 0xe || (host >> 24) == 127;
}

/* The chain for a packet arriving on ifindex: INPUT when it is for this
 * host, FORWARD (and *out_ifindex) when the host routes it on; -1 when
 * netfilter's filter table would not see it (the stack drops it first:
 * no route, forwarding disabled, TTL expiring).
 *
 * A destination that is one of the host's own addresses is INPUT without
 * a route lookup: the local table, which the default policy rule 0 asks
 * first, routes it to the host. The FIB lookup costs as much as a
 * thousand-rule classification, and most packets a firewall filters are
 * for the host. (A policy rule moved in front of the local table is
 * therefore not followed for the host's own addresses; docs/DATAPLANE.md.) */
static __always_inline int dp_ingress_hook(void *ctx, const struct iphdr *ip,
					   const struct bpfipt_pkt *p, __u32 ifindex,
					   __u32 *out_ifindex)
{
	struct bpf_fib_lookup fib = {};
	long rc;

	if (dp_is_local(p->daddr))
		return BPFIPT_HOOK_INPUT;
	fib.family = AF_INET;
	fib.tos = ip->tos;
	fib.l4_protocol = p->proto;
	fib.tot_len = p->len;
	fib.ipv4_src = p->saddr;
	fib.ipv4_dst = p->daddr;
	fib.ifindex = ifindex;
	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	/* Not the host's: NOT_FWDED is "no route" here, FWD_DISABLED comes
	 * before any route lookup; the stack drops such a packet before
	 * netfilter sees it. */
	if (rc == BPF_FIB_LKUP_RET_NOT_FWDED || rc == BPF_FIB_LKUP_RET_FWD_DISABLED)
		return -1;
	if (rc != BPF_FIB_LKUP_RET_SUCCESS && rc != BPF_FIB_LKUP_RET_NO_NEIGH)
		return -1;
	if (ip->ttl <= 1)
		return -1;
	*out_ifindex = fib.ifindex;
	return BPFIPT_HOOK_FORWARD;
}

/* The verdict for an ingress frame: 1 pass, 0 drop. */
static __always_inline int dp_ingress(void *ctx, enum dp_ctx_kind kind, void *data, void *end,
				      __u32 ifindex, __u32 mark)
{
	struct bpfipt_readers *rd = dp_readers();
	struct dp_in in = {.in_ifindex = ifindex, .mac_len = 14, .mark = mark};
	struct lbvs_state *s;
	struct iphdr *ip;
	__u32 verdict = 0;
	int hook, fail = 0;

	if (!rd)
		return 1;
	s = dp_enter_nest(rd);
	if (!s) {
		fail = 1;
		goto out;
	}
	if (parse_frame(data, end, &s->pkt, &in.l3_off) < 0)
		goto out;
	ip = data + (in.l3_off & 0xff);
	if ((void *)(ip + 1) > end)
		goto out;
	hook = dp_ingress_hook(ctx, ip, &s->pkt, ifindex, &in.out_ifindex);
	if (hook < 0)
		goto out;
	in.hook = hook;
	verdict = dp_classify(ctx, kind, s, rd, &in);
out:
	dp_leave_nest(rd);
	return fail || verdict == BPFIPT_CLS_DROP || verdict == BPFIPT_CLS_REJECT ? 0 : 1;
}

static __always_inline void dp_pull(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;

	if (data + DP_PULL > end)
		bpf_skb_pull_data(skb, skb->len < DP_PULL ? skb->len : DP_PULL);
}

SEC("tc")
int bpfipt_tc_ingress(struct __sk_buff *skb)
{
	/* Frames for another host's MAC never reach netfilter. */
	if (skb->pkt_type == PACKET_OTHERHOST || skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	dp_pull(skb);
	return dp_ingress(skb, DP_SKB, (void *)(long)skb->data, (void *)(long)skb->data_end,
			  skb->ifindex, skb->mark)
		       ? TC_ACT_OK
		       : TC_ACT_SHOT;
}

/* Whether the stack would take a frame for dst on ifindex: a group
 * address, or the interface's own. */
static __always_inline int dp_for_this_host(__u32 ifindex, const __u8 *dst)
{
	struct bpfipt_ifmac *own;

	if (dst[0] & 1)
		return 1;
	own = bpf_map_lookup_elem(&bpfipt_ifmac, &ifindex);
	/* Unknown yet (the helper is adding the interface): classify, as TC
	 * would for a frame addressed to the host. */
	if (!own)
		return 1;
	for (int i = 0; i < 6; i++)
		if (own->addr[i] != dst[i])
			return 0;
	return 1;
}

/* Ingress in XDP, before GRO: what TC ingress does, on the frame. Frames
 * with a VLAN tag are left to the VLAN device's own program, as netfilter
 * sees them there. */
SEC("xdp")
int bpfipt_xdp_ingress(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    !dp_for_this_host(ctx->ingress_ifindex, eth->h_dest))
		return XDP_PASS;
	return dp_ingress(ctx, DP_XDP, data, end, ctx->ingress_ifindex, 0) ? XDP_PASS : XDP_DROP;
}

/* Whether the cgroup program already classified this packet: the kernel
 * runs cgroup egress programs for packets of full sockets, and for a
 * request socket's SYN-ACK with its listener. */
static __always_inline int dp_seen_by_cgroup(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	if (!sk)
		return 0;
	if (bpf_sk_fullsock(sk))
		return 1;
	return bpf_get_listener_sock(sk) != NULL;
}

/* OUTPUT: the verdict for a packet of this host, 1 pass, 0 drop. data
 * starts at the IP header when l2 is 0 (cgroup), at Ethernet otherwise. */
static __always_inline int dp_output(struct __sk_buff *skb, int l2)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct bpfipt_readers *rd = dp_readers();
	struct dp_in in = {.hook = BPFIPT_HOOK_OUTPUT, .out_ifindex = skb->ifindex,
			   .mark = skb->mark};
	struct lbvs_state *s;
	__u32 verdict = 0;
	int fail = 0;

	if (!rd)
		return 1;
	s = dp_enter_nest(rd);
	if (!s) {
		fail = 1;
		goto out;
	}
	if (l2) {
		if (parse_frame(data, end, &s->pkt, &in.l3_off) < 0)
			goto out;
	} else {
		__builtin_memset(&s->pkt, 0, sizeof(s->pkt));
		if (parse_ipv4(data, end, &s->pkt) < 0)
			goto out;
	}
	if (!l2) {
		/* The cgroup program runs in the sender's context (its socket
		 * always exists there): LOG's UID= and GID=. */
		__u64 ids = bpf_get_current_uid_gid();

		in.uid = bpf_get_socket_uid(skb);
		in.gid = (__u32)(ids >> 32);
		in.has_sock = 1;
	}
	verdict = dp_classify(skb, DP_SKB, s, rd, &in);
out:
	dp_leave_nest(rd);
	return fail || verdict == BPFIPT_CLS_DROP || verdict == BPFIPT_CLS_REJECT ? 0 : 1;
}

SEC("tc")
int bpfipt_tc_egress(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct bpfipt_config *cfg;

	/* Forwarded packets were classified at ingress (FORWARD). */
	if (skb->ingress_ifindex || skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	cfg = bpf_map_lookup_elem(&bpfipt_cfg, &zero);
	if (cfg && cfg->cgroup_egress && dp_seen_by_cgroup(skb))
		return TC_ACT_OK;
	dp_pull(skb);
	return dp_output(skb, 1) ? TC_ACT_OK : TC_ACT_SHOT;
}

/* Attached to a cgroup, it sees sockets of every namespace: it acts on
 * its own namespace only. Returning 0 drops the packet and fails the
 * sender's call with EPERM. */
SEC("cgroup_skb/egress")
int bpfipt_cgroup_egress(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct bpfipt_config *cfg = bpf_map_lookup_elem(&bpfipt_cfg, &zero);

	if (!cfg || !cfg->cgroup_egress || bpf_get_netns_cookie(skb) != cfg->netns_cookie ||
	    skb->protocol != bpf_htons(ETH_P_IP))
		return 1;
	return dp_output(skb, 0);
}

char LICENSE[] SEC("license") = "GPL";
