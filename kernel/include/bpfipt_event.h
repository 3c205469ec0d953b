/* SPDX-License-Identifier: GPL-2.0-only */
/* What the kernel programs hand to the resident helper through the ring
 * buffer: a packet to LOG (the helper writes netfilter's log line) or a
 * packet to REJECT (the helper sends the ICMP error or TCP reset from the
 * namespace's own stack, so that the reply crosses OUTPUT, routing and
 * INPUT exactly as netfilter's does). Shared by kernel and userspace. */
#ifndef BPFIPT_EVENT_H
#define BPFIPT_EVENT_H

#include <linux/types.h>

enum bpfipt_event_kind {
	BPFIPT_EV_LOG = 1,
	BPFIPT_EV_REJECT = 2,
};

/* The netfilter hook (and builtin chain index) a packet was classified in. */
enum bpfipt_hook {
	BPFIPT_HOOK_INPUT,
	BPFIPT_HOOK_FORWARD,
	BPFIPT_HOOK_OUTPUT,
	BPFIPT_N_HOOKS,
};

/* Enough of the packet for an ICMP error (576 bytes minus the error's
 * own IP and ICMP headers) and for every header LOG prints. */
#define BPFIPT_EV_PKT_MAX 548
#define BPFIPT_EV_PREFIX 30
#define BPFIPT_EV_MAC_MAX 24

enum bpfipt_event_flags {
	BPFIPT_EV_F_SOCK = 1 << 0, /* uid/gid are the sending socket's */
};

struct bpfipt_event {
	__u32 kind;        /* enum bpfipt_event_kind */
	__u32 hook;        /* enum bpfipt_hook */
	__u32 in_ifindex;  /* 0: none (OUTPUT) */
	__u32 out_ifindex; /* 0: none (INPUT) */
	__u32 pkt_len;     /* the packet's IP total length */
	__u32 cap_len;     /* bytes of it in pkt[], from the IP header on */
	__u32 mark;        /* skb->mark */
	__u32 uid, gid;    /* BPFIPT_EV_F_SOCK */
	__u8 flags;        /* enum bpfipt_event_flags */
	__u8 reject_with;  /* BPFIPT_EV_REJECT: the kernel's enum ipt_reject_with */
	__u8 log_level;    /* BPFIPT_EV_LOG: syslog level 0-7 */
	__u8 log_flags;    /* BPFIPT_EV_LOG: XT_LOG_* */
	__u8 mac_len;      /* bytes in mac[]: the link-layer header, 0 if none */
	__u8 pad[3];
	__u8 mac[BPFIPT_EV_MAC_MAX];
	char log_prefix[BPFIPT_EV_PREFIX]; /* NUL-terminated */
	__u8 pad2[2];
	__u8 pkt[BPFIPT_EV_PKT_MAX];
};

_Static_assert(sizeof(struct bpfipt_event) == 648, "struct bpfipt_event is shared");

#endif
