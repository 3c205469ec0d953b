/* SPDX-License-Identifier: GPL-2.0-only */
/* Crafting IPv4 packets byte by byte for the differential tests: every
 * field settable, checksums right unless a test spoils them on purpose.
 * Addresses are host-order integers; the bytes come out in network
 * order. */
#ifndef BPFIPT_TEST_PKT_BUILD_H
#define BPFIPT_TEST_PKT_BUILD_H

#include <stdint.h>
#include <string.h>

#include "inet_csum.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

struct pkt {
	uint8_t b[1600];
	size_t n;
};

static inline void put8(uint8_t *p, uint8_t v)
{
	p[0] = v;
}

static inline void put16be(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32be(uint8_t *p, uint32_t v)
{
	put16be(p, (uint16_t)(v >> 16));
	put16be(p + 2, (uint16_t)v);
}

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

/* What goes into an IPv4 header. */
struct ipspec {
	uint32_t src, dst;
	uint8_t proto, tos, ttl;
	uint16_t id, frag; /* frag: the flags and offset word */
	const uint8_t *opt;
	size_t optlen; /* a multiple of 4 */
};

/* The transport header and payload, with its checksum field at csum_at
 * (or none with csum_at < 0); pseudo: TCP/UDP checksum with the
 * pseudo-header. */
struct l4 {
	uint8_t b[1500];
	size_t n;
	int csum_at;
	int pseudo;
};

static inline void l4_append(struct l4 *l, const void *p, size_t n)
{
	memcpy(l->b + l->n, p, n);
	l->n += n;
}

/* TCP header: flags is the 9-bit field (AE in bit 8) plus the reserved
 * bits above it (bits 9-11); doff in words, 0 for the natural one. */
static inline void l4_tcp(struct l4 *l, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
			  uint16_t flags, uint16_t win, uint16_t urg, const uint8_t *opt,
			  size_t optlen, unsigned doff)
{
	uint8_t h[20] = {0};

	put16be(h, sport);
	put16be(h + 2, dport);
	put32be(h + 4, seq);
	put32be(h + 8, ack);
	if (!doff)
		doff = (unsigned)(20 + optlen) / 4;
	h[12] = (uint8_t)(doff << 4 | (flags >> 8 & 0x0f));
	h[13] = (uint8_t)flags;
	put16be(h + 14, win);
	put16be(h + 18, urg);
	l->n = 0;
	l4_append(l, h, sizeof(h));
	l4_append(l, opt, optlen);
	l->csum_at = 16;
	l->pseudo = 6;
}

static inline void l4_udp(struct l4 *l, uint8_t proto, uint16_t sport, uint16_t dport,
			  const void *data, size_t n)
{
	uint8_t h[8] = {0};

	put16be(h, sport);
	put16be(h + 2, dport);
	put16be(h + 4, (uint16_t)(8 + n));
	l->n = 0;
	l4_append(l, h, sizeof(h));
	l4_append(l, data, n);
	l->csum_at = 6;
	l->pseudo = proto;
}

/* ICMP: type, code, the four bytes after the checksum, then data. */
static inline void l4_icmp(struct l4 *l, uint8_t type, uint8_t code, uint32_t rest,
			   const void *data, size_t n)
{
	uint8_t h[8] = {type, code};

	put32be(h + 4, rest);
	l->n = 0;
	l4_append(l, h, sizeof(h));
	l4_append(l, data, n);
	l->csum_at = 2;
	l->pseudo = 0;
}

static inline void l4_raw(struct l4 *l, const void *data, size_t n)
{
	l->n = 0;
	l4_append(l, data, n);
	l->csum_at = -1;
	l->pseudo = 0;
}

static inline void ip_fix_csum(uint8_t *ip)
{
	size_t ihl = (ip[0] & 0x0fu) * 4;

	ip[10] = ip[11] = 0;
	put16be(ip + 10, csum_fold(csum_add(0, ip, ihl)));
}

/* The IPv4 packet (header, options, l4) into out; returns its length.
 * The transport checksum is computed over everything in l. */
static inline size_t ip_build(uint8_t *out, const struct ipspec *s, struct l4 *l)
{
	size_t hl = 20 + s->optlen, n = hl + l->n;
	uint8_t *ip = out, *t = out + hl;

	memset(ip, 0, 20);
	ip[0] = (uint8_t)(0x40 | hl / 4);
	ip[1] = s->tos;
	put16be(ip + 2, (uint16_t)n);
	put16be(ip + 4, s->id);
	put16be(ip + 6, s->frag);
	ip[8] = s->ttl ? s->ttl : 64;
	ip[9] = s->proto;
	put32be(ip + 12, s->src);
	put32be(ip + 16, s->dst);
	memcpy(ip + 20, s->opt, s->optlen);
	memcpy(t, l->b, l->n);
	if (l->csum_at >= 0 && (size_t)l->csum_at + 2 <= l->n) {
		uint32_t sum = 0;

		t[l->csum_at] = t[l->csum_at + 1] = 0;
		if (l->pseudo)
			sum = csum_pseudo(ip + 12, ip + 16, (uint8_t)l->pseudo, (uint32_t)l->n);
		uint16_t c = csum_fold(csum_add(sum, t, l->n));
		/* UDP sends a computed zero as all ones (0 means "none"). */
		if (l->pseudo == 17 && !c)
			c = 0xffff;
		put16be(t + l->csum_at, c);
	}
	ip_fix_csum(ip);
	return n;
}

/* Cut an IP packet to n bytes, total length and checksum following. */
static inline size_t ip_truncate(uint8_t *ip, size_t n)
{
	put16be(ip + 2, (uint16_t)n);
	ip_fix_csum(ip);
	return n;
}

/* Ethernet frame: dst, src, type 0x0800, then the IP packet. */
static inline void frame_build(struct pkt *f, const uint8_t dst[6], const uint8_t src[6],
			       const uint8_t *ip, size_t n)
{
	memcpy(f->b, dst, 6);
	memcpy(f->b + 6, src, 6);
	put16be(f->b + 12, 0x0800);
	memcpy(f->b + 14, ip, n);
	f->n = 14 + n;
}

#endif
