// SPDX-License-Identifier: GPL-2.0-only
/* The generator's frames: Ethernet from bg0 to bd0, IPv4 with a correct
 * header checksum (a bad one would be dropped by ip_rcv before netfilter
 * saw it, which would flatter netfilter), then UDP, TCP (a SYN unless the
 * flow says otherwise), ICMP or a bare port header, zero-padded to the
 * frame size asked. The IPv4 total length covers the whole frame, so it
 * is the same for every flow and stays right whatever bench_gen.bpf.c
 * copies over the header. UDP goes without a checksum (allowed for IPv4)
 * and TCP with none, as neither is checked before the filter hooks; ICMP
 * gets its own (cheap, the payload is zeros).
 *
 * Synthetic flow f: from 198.19.f>>8.f&255 port 5000 to the DUT
 * (198.18.0.1, INPUT) or through it to the sink (198.18.1.2, FORWARD),
 * destination port 1000 + f % 5000, UDP or a TCP SYN; or the one source
 * and port of --flow. */
#include <arpa/inet.h>
#include <linux/icmp.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <string.h>

#include "bench.h"
#include "frame.h"

static const uint8_t mac_dut_in[ETH_ALEN] = {0x02, 0x00, 0xc6, 0x12, 0x00, 0x01};
static const uint8_t mac_gen[ETH_ALEN] = {0x02, 0x00, 0xc6, 0x12, 0x00, 0x02};

static uint16_t csum(const void *hdr, size_t len)
{
	const uint16_t *w = hdr;
	uint32_t sum = 0;

	for (size_t i = 0; i < len / 2; i++)
		sum += w[i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

size_t frame_len(unsigned int frame_size)
{
	size_t len = frame_size > 4 ? frame_size - 4 : 0; /* FCS is the NIC's */

	if (len < FRAME_MIN)
		len = FRAME_MIN;
	return len > FRAME_MAX ? 0 : len;
}

void frame_flow(const struct traffic *t, uint32_t i, struct flow_spec *f)
{
	uint32_t flow = (t->first_flow + i) & 0xffff;

	if (t->specs) {
		*f = t->specs[i];
		return;
	}
	memset(f, 0, sizeof(*f));
	f->saddr = t->saddr ? t->saddr : (198u << 24) | (19u << 16) | flow;
	f->daddr = t->chain == CH_FORWARD ? 0xc6120102u : 0xc6120001u;
	f->proto = t->tcp_syn ? IPPROTO_TCP : IPPROTO_UDP;
	f->tcp_flags = 0x02;
	f->sport = 5000;
	f->dport = t->saddr ? t->dport : (uint16_t)(1000 + flow % 5000);
}

static void tcp_fill(uint8_t *l4, const struct flow_spec *f)
{
	struct tcphdr *th = (struct tcphdr *)l4;

	th->source = htons(f->sport);
	th->dest = htons(f->dport);
	th->seq = htonl(1);
	th->doff = 5;
	((uint8_t *)th)[13] = f->tcp_flags;
	th->window = htons(65535);
	if (f->has_tcp_option) {
		/* kind, length 2 (kinds 0 and 1 have none), then NOPs */
		uint8_t *opt = l4 + sizeof(*th);

		opt[0] = f->tcp_option;
		opt[1] = f->tcp_option < 2 ? 1 : 2;
		opt[2] = opt[3] = 1;
		th->doff = 6;
	}
}

static void l4_fill(uint8_t *l4, const struct flow_spec *f, size_t l4len)
{
	struct udphdr *uh = (struct udphdr *)l4;
	struct icmphdr *ih = (struct icmphdr *)l4;

	switch (f->proto) {
	case IPPROTO_TCP:
		tcp_fill(l4, f);
		break;
	case IPPROTO_UDP:
		uh->source = htons(f->sport);
		uh->dest = htons(f->dport);
		uh->len = htons((uint16_t)l4len);
		break;
	case IPPROTO_ICMP:
		ih->type = f->icmp_type;
		ih->code = f->icmp_code;
		ih->un.echo.id = htons(1);
		ih->checksum = csum(ih, sizeof(*ih)); /* the rest is zeros */
		break;
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
	case IPPROTO_UDPLITE:
		/* ports first, as in UDP */
		uh->source = htons(f->sport);
		uh->dest = htons(f->dport);
		break;
	}
}

void frame_build(uint8_t *buf, size_t len, const struct flow_spec *f)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct iphdr *ip = (struct iphdr *)(buf + ETH_HLEN);

	memset(buf, 0, len);
	memcpy(eth->h_dest, mac_dut_in, ETH_ALEN);
	memcpy(eth->h_source, mac_gen, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons((uint16_t)(len - ETH_HLEN));
	ip->ttl = 64;
	ip->protocol = f->proto;
	ip->saddr = htonl(f->saddr);
	ip->daddr = htonl(f->daddr);
	ip->check = csum(ip, sizeof(*ip));
	l4_fill(buf + ETH_HLEN + sizeof(*ip), f, len - ETH_HLEN - sizeof(*ip));
}
