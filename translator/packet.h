/* SPDX-License-Identifier: GPL-2.0-only */
/* A packet as the filter table sees it: the fields netfilter's filter
 * table and the supported extensions look at, already parsed. The
 * reference matcher and the compiler's tests use it; the BPF programs
 * fill the same facts from the wire (kernel/). */
#ifndef BPFIPT_PACKET_H
#define BPFIPT_PACKET_H

#include <stdbool.h>
#include <stdint.h>

#include "rule.h"

enum hook {
	HOOK_INPUT,
	HOOK_FORWARD,
	HOOK_OUTPUT,
};

struct packet {
	uint32_t saddr, daddr; /* network byte order */
	uint8_t proto;
	/* Fragment offset in 8-byte units (host order): non-zero for the
	 * second and later fragments, which carry no layer-4 header. */
	uint16_t frag_off;
	/* Bytes of the layer-4 header present after the IP header (capped at
	 * 60): the extensions read their header only when enough of it is
	 * there, and drop the packet otherwise (netfilter's hotdrop). */
	uint8_t l4_len;
	uint16_t sport, dport; /* host order; tcp, udp, sctp, dccp, udplite */
	uint8_t icmp_type, icmp_code;
	uint8_t tcp_flags;
	uint8_t tcp_doff;         /* data offset, in 32-bit words */
	uint8_t tcp_opts[32];     /* bit k set: TCP option kind k is present */
	char iniface[XT_IFNAMSIZ];  /* "" in OUTPUT */
	char outiface[XT_IFNAMSIZ]; /* "" in INPUT */
	uint16_t len;             /* IP total length: what byte counters add */
};

#endif
