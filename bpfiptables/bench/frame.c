// SPDX-License-Identifier: GPL-2.0-only
/* The frame the generator starts from: Ethernet from bg0 to bd0, IPv4
 * from flow f's source (198.19.f>>8.f&255, port 5000) to the DUT
 * (198.18.0.1, INPUT) or through it to the sink (198.18.1.2, FORWARD),
 * destination port 1000 + f % 5000, UDP or a TCP SYN, padded to the frame
 * size asked (or one source and port the user gave, for --ruleset). The
 * layout is what bench_gen.bpf.c rewrites per flow. */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <string.h>

#include "bench.h"
#include "frame.h"

static const uint8_t mac_dut_in[ETH_ALEN] = {0x02, 0x00, 0xc6, 0x12, 0x00, 0x01};
static const uint8_t mac_gen[ETH_ALEN] = {0x02, 0x00, 0xc6, 0x12, 0x00, 0x02};

static uint16_t ip_csum(const void *hdr, size_t len)
{
	const uint16_t *w = hdr;
	uint32_t sum = 0;

	for (size_t i = 0; i < len / 2; i++)
		sum += w[i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void l4_fill(uint8_t *l4, const struct traffic *t, uint16_t dport, size_t l4len)
{
	if (t->tcp_syn) {
		struct tcphdr *th = (struct tcphdr *)l4;

		th->source = htons(5000);
		th->dest = htons(dport);
		th->seq = htonl(1);
		th->doff = 5;
		th->syn = 1;
		th->window = htons(65535);
	} else {
		struct udphdr *uh = (struct udphdr *)l4;

		uh->source = htons(5000);
		uh->dest = htons(dport);
		uh->len = htons((uint16_t)l4len);
		uh->check = 0; /* none: allowed for IPv4 UDP */
	}
}

size_t frame_build(uint8_t *buf, size_t cap, const struct traffic *t)
{
	size_t len = t->frame_size > 4 ? t->frame_size - 4 : 0; /* FCS is the NIC's */
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct iphdr *ip = (struct iphdr *)(buf + ETH_HLEN);
	uint32_t flow = t->first_flow & 0xffff;

	if (len < FRAME_MIN)
		len = FRAME_MIN;
	if (len > cap)
		return 0;
	memset(buf, 0, len);
	memcpy(eth->h_dest, mac_dut_in, ETH_ALEN);
	memcpy(eth->h_source, mac_gen, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons((uint16_t)(len - ETH_HLEN));
	ip->ttl = 64;
	ip->protocol = t->tcp_syn ? IPPROTO_TCP : IPPROTO_UDP;
	ip->saddr = htonl(t->saddr ? t->saddr : (198u << 24) | (19u << 16) | flow);
	ip->daddr = htonl(t->chain == CH_FORWARD ? 0xc6120102u : 0xc6120001u);
	ip->check = ip_csum(ip, sizeof(*ip));
	l4_fill(buf + ETH_HLEN + sizeof(*ip), t,
		t->saddr ? t->dport : (uint16_t)(1000 + flow % 5000), len - ETH_HLEN - sizeof(*ip));
	return len;
}
