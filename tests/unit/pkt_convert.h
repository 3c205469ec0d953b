/* SPDX-License-Identifier: GPL-2.0-only */
/* The packet the BPF parser read (struct bpfipt_pkt) as the reference
 * matcher and the userspace classifier take it (struct packet), with the
 * devices of `devs`: the tests compare the BPF programs' decisions with
 * theirs on the very facts the programs saw. */
#ifndef BPFIPT_TEST_PKT_CONVERT_H
#define BPFIPT_TEST_PKT_CONVERT_H

#include <string.h>

#include "bpfipt_pkt.h"
#include "../../translator/packet.h"

static inline void pkt_from_bpf(const struct bpfipt_pkt *k, const struct packet *devs,
				struct packet *p)
{
	memset(p, 0, sizeof(*p));
	p->saddr = k->saddr;
	p->daddr = k->daddr;
	p->proto = k->proto;
	p->frag_off = k->frag_off;
	p->l4_len = k->l4_len;
	p->sport = k->sport;
	p->dport = k->dport;
	p->icmp_type = k->icmp_type;
	p->icmp_code = k->icmp_code;
	p->tcp_flags = k->tcp_flags;
	p->tcp_doff = k->tcp_doff;
	memcpy(p->tcp_opts, k->tcp_opts, sizeof(p->tcp_opts));
	p->len = k->len;
	memcpy(p->iniface, devs->iniface, sizeof(p->iniface));
	memcpy(p->outiface, devs->outiface, sizeof(p->outiface));
}

#endif
