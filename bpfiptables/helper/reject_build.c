// SPDX-License-Identifier: GPL-2.0-only
/* The bytes of REJECT's reply, decided the way nf_reject_ipv4 and
 * icmp_send decide them: first whether to answer at all, then the TCP
 * reset (nf_send_reset) or the ICMP error (icmp_send) built from the
 * packet as it was at the hook. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "inet_csum.h"
#include "pkt_hook.h"
#include "reject_send.h"

enum {
	P_ICMP = 1,
	P_TCP = 6,
	P_UDP = 17,
	P_GRE = 47,
	P_ESP = 50,
	P_AH = 51,
	P_SCTP = 132,
	P_UDPLITE = 136,
	ICMP_DEST_UNREACH = 3,
	REJECT_TCP_RESET = 7,
	IP_HDR = 20,
	ICMP_HDR = 8,
};

/* enum ipt_reject_with to the ICMP unreachable code; -1: not ICMP, or
 * (4, the retired echo-reply) refused by the kernel. */
static const int8_t unreach_code[] = {0, 1, 2, 3, -1, 9, 10, -1, 13};

/* ICMP types icmp_send treats as errors (it never answers an error);
 * every type above 18 counts as one too. */
static const bool icmp_is_error[19] = {
    [1] = true, [2] = true, [3] = true,	 [4] = true,  [5] = true,  [6] = true,
    [7] = true, [9] = true, [10] = true, [11] = true, [12] = true,
};

/* The offending packet as the kernel had it at the hook. */
struct orig {
	uint8_t ip[BPFIPT_EV_PKT_MAX];
	const uint8_t *wire; /* as the dataplane saw it: ev->pkt */
	uint32_t len;	     /* skb->len: the whole packet */
	uint32_t cap;	     /* bytes of it in ip[] */
	unsigned ihl;
	uint8_t proto;
};

enum { OPT_END = 0, OPT_NOP = 1, OPT_RR = 7, OPT_TS = 68, OPT_CIPSO = 134, OPT_ECHO_MAX = 40 };

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static bool later_fragment(const struct orig *o)
{
	return get16(o->ip + 6) & 0x1fff;
}

/* The route to a multicast or the limited broadcast address carries
 * RTCF_MULTICAST or RTCF_BROADCAST, and neither reply goes out then. A
 * subnet's broadcast address needs the namespace's addresses: see
 * reject_send(). */
static bool dst_not_unicast(const struct orig *o)
{
	const uint8_t *d = o->ip + 16;

	return (d[0] & 0xf0) == 0xe0 || get32(d) == 0xffffffff;
}

/* A sender inside this host hands over TCP and UDP with the checksum
 * left for the device to finish (CHECKSUM_PARTIAL): the field holds the
 * pseudo-header's sum only. The kernel does not check such a packet, and
 * a veth carries it to the next namespace as it is. */
static bool csum_partial(const struct orig *o, unsigned field)
{
	uint32_t n = o->len - o->ihl;
	uint16_t pseudo = (uint16_t)~csum_fold(csum_pseudo(o->ip + 12, o->ip + 16, o->proto, n));

	return get16(o->ip + o->ihl + field) == pseudo;
}

/* nf_reject's checksum test: protocols whose checksum is not a 16-bit
 * sum over the whole payload, and UDP without a checksum, are not
 * checked; the others are summed over the whole packet from the IP
 * header on (the header adds nothing when its own checksum is right),
 * with the pseudo-header for TCP and UDP. */
static bool csum_good(const struct orig *o)
{
	const uint8_t *t = o->ip + o->ihl;
	uint32_t n = o->len - o->ihl, sum = 0;

	switch (o->proto) {
	case P_UDP:
		if (n >= 8 && o->cap >= o->ihl + 8 && !t[6] && !t[7])
			return true;
		break;
	case P_GRE:
	case P_AH:
	case P_ESP:
	case P_SCTP:
	case P_UDPLITE:
		return true;
	}
	/* The event holds the first BPFIPT_EV_PKT_MAX bytes only: a longer
	 * packet cannot be checked here and is taken as good, as a packet
	 * whose checksum the device verified (CHECKSUM_UNNECESSARY) is. */
	if (o->len > o->cap)
		return true;
	if (o->proto == P_TCP || o->proto == P_UDP) {
		unsigned field = o->proto == P_TCP ? 16 : 6;

		if (n >= field + 2 && csum_partial(o, field))
			return true;
		sum = csum_pseudo(o->ip + 12, o->ip + 16, o->proto, n);
	}
	return csum_fold(csum_add(sum, o->ip, o->len)) == 0;
}

/* The caller's ip_default_ttl: what the route's hop limit comes to
 * unless a route sets its own (ip route ... hoplimit N), which neither
 * reply here honours. */
static uint8_t default_ttl(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_default_ttl", "re");
	unsigned ttl = 64;

	if (f) {
		if (fscanf(f, "%u", &ttl) != 1 || ttl < 1 || ttl > 255)
			ttl = 64;
		fclose(f);
	}
	return (uint8_t)ttl;
}

/* Where an option of the given type starts in the options of ip, -1 if
 * it has none (the kernel drops packets that repeat one). */
static int option_at(const uint8_t *ip, unsigned ihl, uint8_t type)
{
	for (unsigned i = IP_HDR; i < ihl;) {
		if (ip[i] == OPT_END)
			return -1;
		if (ip[i] == OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= ihl || ip[i + 1] < 2 || i + ip[i + 1] > ihl)
			return -1;
		if (ip[i] == type)
			return (int)i;
		i += ip[i + 1];
	}
	return -1;
}

/* icmp_send answers with the offender's options turned around
 * (ip_options_echo): record route first, then timestamp, then CIPSO,
 * padded with end-of-options. A record route that had room when the
 * packet arrived gets the reply's source in its next slot, or no reply
 * goes at all when that slot is cut short. Timestamps are copied as they
 * are: the kernel writes its clock into them. Source routes are not
 * echoed: packets with one are dropped before the hooks unless
 * accept_source_route is on. Returns the length of the echoed options,
 * -1 for no reply. */
static int options_echo(const struct orig *o, int hook, const uint8_t *src, uint8_t *d)
{
	static const uint8_t copied[] = {OPT_RR, OPT_TS, OPT_CIPSO};
	int n = 0;

	for (size_t k = 0; k < sizeof(copied); k++) {
		int at = option_at(o->ip, o->ihl, copied[k]);
		uint8_t len;

		if (at < 0)
			continue;
		len = o->ip[at + 1];
		memcpy(d + n, o->ip + at, len);
		if (copied[k] == OPT_RR && len >= 3) {
			/* Room when the packet arrived: the pointer as sent
			 * (OUTPUT: as the kernel left it, one slot on). */
			unsigned sent =
			    hook == BPFIPT_HOOK_OUTPUT ? o->ip[at + 2] - 4u : o->wire[at + 2];
			unsigned ptr = o->ip[at + 2];

			if (sent <= len && ptr <= len) {
				if (ptr + 3 > len)
					return -1;
				d[n + 2] = (uint8_t)(ptr + 4);
				memcpy(d + n + ptr - 1, src, 4);
			}
		}
		n += len;
	}
	while (n & 3)
		d[n++] = OPT_END;
	return n;
}

static void ip_header(uint8_t *out, uint8_t tos, uint16_t len, uint16_t frag, uint8_t proto,
		      const uint8_t *saddr, const uint8_t *daddr)
{
	memset(out, 0, IP_HDR);
	out[0] = 0x45;
	out[1] = tos;
	put16(out + 2, len);
	put16(out + 6, frag);
	out[8] = default_ttl();
	out[9] = proto;
	memcpy(out + 12, saddr, 4);
	memcpy(out + 16, daddr, 4);
	put16(out + 10, csum_fold(csum_add(0, out, IP_HDR)));
}

/* nf_send_reset: the reset answers the segment's ACK if it had one, else
 * it acknowledges everything the segment occupied (SYN and FIN count
 * one each). The arithmetic is 32-bit and wraps, as the kernel's does,
 * also for a data offset beyond the segment. */
static size_t build_reset(const struct orig *o, uint8_t *out)
{
	const uint8_t *th = o->ip + o->ihl;
	uint8_t *t = out + IP_HDR;

	if (o->len < o->ihl + 20 || o->cap < o->ihl + 20 || (th[13] & 0x04) || !csum_good(o))
		return 0;
	ip_header(out, 0, IP_HDR + 20, 0x4000, P_TCP, o->ip + 16, o->ip + 12);
	memset(t, 0, 20);
	memcpy(t, th + 2, 2);
	memcpy(t + 2, th, 2);
	t[12] = 5 << 4;
	if (th[13] & 0x10) {
		memcpy(t + 4, th + 8, 4);
		t[13] = 0x04;
	} else {
		uint32_t ack = get32(th + 4) + !!(th[13] & 0x02) + (th[13] & 0x01) + o->len -
			       o->ihl - (uint32_t)(th[12] >> 4) * 4;

		put32(t + 8, ack);
		t[13] = 0x14;
	}
	put16(t + 16, csum_fold(csum_add(csum_pseudo(out + 12, out + 16, P_TCP, 20), t, 20)));
	return IP_HDR + 20;
}

/* icmp_send: the reply quotes as much of the packet as fits in 576
 * bytes with its own header and options. Its TOS keeps the original's
 * type-of-service bits under the precedence of network control. Its
 * source is the original destination when that was local (INPUT);
 * elsewhere routing picks it (0 here, unless env knows it). */
static long build_unreach(const struct orig *o, const struct bpfipt_event *ev,
			  const struct reject_env *env, uint8_t code, uint8_t *out)
{
	uint8_t src[4] = {0}, opts[OPT_ECHO_MAX + 4];
	uint32_t quote, hl;
	uint8_t *icmp;
	int optlen = 0;

	if (ev->hook != BPFIPT_HOOK_OUTPUT && ev->mac_len >= 6 && (ev->mac[0] & 1))
		return 0; /* sent to a link-layer group address: not PACKET_HOST */
	if (o->proto == P_ICMP) {
		if (o->len <= o->ihl)
			return 0;
		uint8_t type = o->ip[o->ihl];
		if (type >= sizeof(icmp_is_error) || icmp_is_error[type])
			return 0;
		/* The host's own echo and timestamp replies leave under
		 * icmp_reply's hold of the per-CPU ICMP socket lock, which
		 * icmp_send only tries: REJECT in OUTPUT never answers them. */
		if (ev->hook == BPFIPT_HOOK_OUTPUT && (type == 0 || type == 14))
			return 0;
	}
	if (!csum_good(o))
		return 0;
	if (ev->hook == BPFIPT_HOOK_INPUT)
		memcpy(src, o->ip + 16, 4);
	else if (env)
		memcpy(src, &env->src, 4);
	if (o->ihl > IP_HDR)
		optlen = options_echo(o, (int)ev->hook, src, opts);
	if (optlen < 0 || optlen > OPT_ECHO_MAX)
		return 0;
	hl = IP_HDR + (uint32_t)optlen;
	quote = REJECT_REPLY_MAX - hl - ICMP_HDR;
	if (o->len < quote)
		quote = o->len;
	if (quote > o->cap)
		return -ENODATA; /* the event carries less than the kernel quotes */
	ip_header(out, (uint8_t)((o->ip[1] & 0x1e) | 0xc0), (uint16_t)(hl + ICMP_HDR + quote), 0,
		  P_ICMP, src, o->ip + 12);
	if (optlen) {
		out[0] = (uint8_t)(0x40 | hl / 4);
		memcpy(out + IP_HDR, opts, (size_t)optlen);
		out[10] = out[11] = 0;
		put16(out + 10, csum_fold(csum_add(0, out, hl)));
	}
	icmp = out + hl;
	memset(icmp, 0, ICMP_HDR);
	icmp[0] = ICMP_DEST_UNREACH;
	icmp[1] = code;
	memcpy(icmp + ICMP_HDR, o->ip, quote);
	put16(icmp + 2, csum_fold(csum_add(0, icmp, ICMP_HDR + quote)));
	return hl + ICMP_HDR + quote;
}

static bool event_valid(const struct bpfipt_event *ev)
{
	return ev->kind == BPFIPT_EV_REJECT && ev->hook < BPFIPT_N_HOOKS &&
	       ev->cap_len <= BPFIPT_EV_PKT_MAX && ev->cap_len <= ev->pkt_len &&
	       ev->cap_len >= IP_HDR && ev->mac_len <= BPFIPT_EV_MAC_MAX &&
	       ev->reject_with < sizeof(unreach_code) &&
	       (ev->reject_with == REJECT_TCP_RESET || unreach_code[ev->reject_with] >= 0);
}

int reject_build_env(const struct bpfipt_event *ev, const struct reject_env *env, uint8_t *out,
		     size_t cap, size_t *len)
{
	struct orig o;

	*len = 0;
	if (!event_valid(ev))
		return -EINVAL;
	if (cap < REJECT_REPLY_MAX)
		return -ENOSPC;
	pkt_at_hook(ev, env ? env->fwd_rr_addr : 0, o.ip);
	o.wire = ev->pkt;
	o.len = ev->pkt_len;
	o.cap = ev->cap_len;
	o.ihl = (o.ip[0] & 0x0fu) * 4;
	o.proto = o.ip[9];
	if (o.ihl < IP_HDR || o.ihl > o.cap)
		return -EINVAL;
	if (later_fragment(&o) || dst_not_unicast(&o))
		return 0;
	if (ev->reject_with == REJECT_TCP_RESET) {
		*len = o.proto == P_TCP ? build_reset(&o, out) : 0;
		return 0;
	}
	long n = build_unreach(&o, ev, env, (uint8_t)unreach_code[ev->reject_with], out);
	if (n < 0)
		return (int)n;
	*len = (size_t)n;
	return 0;
}

int reject_build(const struct bpfipt_event *ev, uint8_t *out, size_t cap, size_t *len)
{
	return reject_build_env(ev, NULL, out, cap, len);
}
