// SPDX-License-Identifier: GPL-2.0-only
/* reject_build and reject_send against the kernel's own REJECT target.
 * In throwaway namespaces, iptables-legacy REJECTs crafted packets from
 * A on R (INPUT and FORWARD, every --reject-with); netfilter's reply is
 * captured back on A. The offending packet, captured where the dataplane
 * would see it, becomes an event; reject_build's reply is compared with
 * netfilter's, then reject_send sends it from R and that reply, captured
 * on A too, is compared with netfilter's on the wire. Bytes allowed to
 * differ: the IP ID of an ICMP error (the kernel draws it for each
 * packet) with the header checksum that covers it, the source where
 * reject_build leaves it to routing (0), and a TCP checksum that
 * netfilter's reset carries unfinished (CHECKSUM_PARTIAL through a veth).
 * Needs root, network namespaces and iptables-legacy; without them it
 * fails, it never skips. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <sys/socket.h>

#include "check.h"
#include "pkt_build.h"
#include "netns_lab.h"
#include "reject_send.h"

#define R_TTL 77 /* R's ip_default_ttl: not the usual 64 */

static const char *const kind_name[] = {
    "icmp-net-unreachable",
    "icmp-host-unreachable",
    "icmp-proto-unreachable",
    "icmp-port-unreachable",
    NULL,
    "icmp-net-prohibited",
    "icmp-host-prohibited",
    "tcp-reset",
    "icmp-admin-prohibited",
};
static const uint8_t icmp_kinds[] = {0, 1, 2, 3, 5, 6, 8};

struct ctx {
	int tap_a, tap_r, tap_lo, raw;
	int r0, r1;
	char rule[128]; /* the REJECT rule in place */
	unsigned n, replies, silent, differ;
};

/* A case's description, by field names. */
#define SPEC(...) (&(struct spec){__VA_ARGS__})

struct spec {
	const char *name;
	enum bpfipt_hook hook;
	uint8_t kind;
	uint32_t mark;		/* set on R by mangle PREROUTING, 0: none */
	const uint8_t *dst_mac; /* NULL: R's */
};

static void set_rule(struct ctx *c, enum bpfipt_hook hook, uint8_t kind, uint32_t mark)
{
	char rule[128];

	snprintf(rule, sizeof(rule), "-A %s -i r0%s -j REJECT --reject-with %s",
		 hook == BPFIPT_HOOK_FORWARD ? "FORWARD" : "INPUT", kind == 7 ? " -p tcp" : "",
		 kind_name[kind]);
	if (strcmp(rule, c->rule) == 0)
		return;
	lab_sh("ip netns exec %s iptables-legacy -F && ip netns exec %s iptables-legacy %s", lab.r,
	       lab.r, rule);
	snprintf(c->rule, sizeof(c->rule), "%s", rule);
	lab_sh("ip netns exec %s iptables-legacy -t mangle -F PREROUTING", lab.r);
	if (mark) {
		lab_sh("ip netns exec %s iptables-legacy -t mangle -A PREROUTING -j MARK "
		       "--set-mark %u",
		       lab.r, mark);
		c->rule[0] = '\0'; /* not reused by a case without the mark */
	}
}

/* The next IPv4 frame on tap addressed to dst, within ms. */
static size_t reply_at(int tap, uint32_t dst, uint8_t *buf, size_t cap, int ms)
{
	long long end = lab_now_ms() + ms;

	for (;;) {
		long long left = end - lab_now_ms();
		size_t n;

		if (left <= 0)
			return 0;
		n = lab_recv(tap, PACKET_HOST, buf, cap, (int)left);
		if (n >= 34 && rd16(buf + 12) == 0x0800 && rd32(buf + 30) == dst)
			return n;
		if (!n)
			return 0;
	}
}

static void event_from(struct bpfipt_event *ev, const uint8_t *f, size_t n, const struct spec *s,
		       const struct ctx *c)
{
	const uint8_t *ip = f + 14;
	uint32_t tot = rd16(ip + 2);

	memset(ev, 0, sizeof(*ev));
	ev->kind = BPFIPT_EV_REJECT;
	ev->hook = s->hook;
	ev->in_ifindex = (uint32_t)c->r0;
	ev->out_ifindex = s->hook == BPFIPT_HOOK_FORWARD ? (uint32_t)c->r1 : 0;
	ev->pkt_len = tot < n - 14 ? tot : (uint32_t)(n - 14);
	ev->cap_len = ev->pkt_len < BPFIPT_EV_PKT_MAX ? ev->pkt_len : BPFIPT_EV_PKT_MAX;
	memcpy(ev->pkt, ip, ev->cap_len);
	ev->mac_len = 14;
	memcpy(ev->mac, f, 14);
	ev->reject_with = s->kind;
	ev->mark = s->mark;
}

/* Where two replies (IP packets) differ beyond what may. */
static bool tcp_csum_unfinished(const uint8_t *ip, size_t n)
{
	uint16_t partial;

	if (n < 40 || ip[9] != 6)
		return false;
	partial = (uint16_t)~csum_fold(csum_pseudo(ip + 12, ip + 16, 6, (uint32_t)(n - 20)));
	return rd16(ip + 36) == partial;
}

/* Bytes of an ICMP error that only routing can fill in and that
 * reject_build (without reject_send's route lookups) leaves 0: the
 * source inside an echoed record-route option, the router's address in
 * the quoted packet's record-route (FORWARD), and the ICMP checksum over
 * the latter. */
static bool routed_addr(const uint8_t *got, size_t n, size_t i)
{
	size_t hl = (got[0] & 0x0fu) * 4, q = hl + 8, qhl;

	if (i >= 20 && i < hl)
		return !got[i];
	if (i == hl + 2 || i == hl + 3)
		return true;
	if (q + 20 > n)
		return false;
	qhl = (got[q] & 0x0fu) * 4;
	return i >= q + 20 && i < q + qhl && !got[i];
}

/* How often each allowed difference showed up, on the wire. */
static struct {
	unsigned ip_id, tcp_unfinished;
} allowed;

static bool same_reply(const char *what, const struct spec *s, const uint8_t *want, size_t wn,
		       const uint8_t *got, size_t gn, bool src_open)
{
	bool wire = !src_open && strcmp(what, "on the wire") == 0;

	if (wire && wn == gn && wn >= 20 && want[9] == 1 && rd16(want + 4) != rd16(got + 4))
		allowed.ip_id++;
	if (wire && wn == gn && tcp_csum_unfinished(want, wn))
		allowed.tcp_unfinished++;

	bool icmp = wn >= 20 && want[9] == 1, tcp_open = tcp_csum_unfinished(want, wn);
	bool ok = wn == gn;

	for (size_t i = 0; ok && i < wn; i++) {
		if (want[i] == got[i])
			continue;
		if (icmp && (i == 4 || i == 5 || i == 10 || i == 11))
			continue; /* IP ID, and the header checksum over it */
		if (src_open && i >= 12 && i < 16 && !got[12] && !got[13] && !got[14] && !got[15])
			continue;
		if (src_open && (i == 10 || i == 11))
			continue;
		if (src_open && icmp && routed_addr(got, gn, i))
			continue;
		if (tcp_open && (i == 36 || i == 37))
			continue;
		printf("#   %s: byte %zu: netfilter 0x%02x, ours 0x%02x\n", what, i, want[i],
		       got[i]);
		ok = false;
	}
	if (wn != gn)
		printf("#   %s: netfilter %zu bytes, ours %zu\n", what, wn, gn);
	if (tcp_open && gn >= 40) /* ours must then be the finished checksum */
		ok = ok &&
		     csum_fold(csum_add(csum_pseudo(got + 12, got + 16, 6, (uint32_t)(gn - 20)),
					got + 20, gn - 20)) == 0;
	return CHECK(ok, "%s: %s, %s", s->name, kind_name[s->kind], what);
}

/* The rest of a case once the offending packet is on its way from A:
 * netfilter rejects it, then we do. */
/* netfilter's reply (on reply_tap, to reply_dst) against reject_build's
 * for ev, then against reject_send's. */
static void judge(struct ctx *c, const struct spec *s, const struct bpfipt_event *ev, int reply_tap,
		  uint32_t reply_dst)
{
	uint8_t nf[2048], ours[2048], built[REJECT_REPLY_MAX];
	size_t nfn, on, bn = 0;
	int back, ret, sent = -1;

	if (lab_enter(lab.r, &back))
		return;
	ret = reject_build(ev, built, sizeof(built), &bn);
	lab_leave(back);
	CHECK_INT(0, ret, "%s: %s: reject_build", s->name, kind_name[s->kind]);
	nfn = reply_at(reply_tap, reply_dst, nf, sizeof(nf), bn ? 1000 : 150);
	/* reject_send decides the rest (a subnet broadcast destination, the
	 * reply's source) and sends; its reply comes after netfilter's. */
	if (lab_enter(lab.r, &back))
		return;
	sent = reject_send(c->raw, ev);
	lab_leave(back);
	CHECK(sent >= 0 && (sent == 0 || bn), "%s: %s: reject_send (%d)", s->name,
	      kind_name[s->kind], sent);
	if (!CHECK_INT(!!nfn, sent == 1, "%s: %s: a reply, as netfilter %s", s->name,
		       kind_name[s->kind], nfn ? "replies" : "does not")) {
		c->differ++;
		return;
	}
	if (!nfn) {
		c->silent++;
		return;
	}
	c->replies++;
	/* A marked reply has its TTL changed on the way out (cases_mark):
	 * only the wire can tell. */
	bool ok = s->mark || same_reply("built", s, nf + 14, nfn - 14, built, bn,
					s->hook != BPFIPT_HOOK_INPUT);
	on = reply_at(reply_tap, reply_dst, ours, sizeof(ours), 1000);
	if (CHECK(on, "%s: %s: our reply arrived", s->name, kind_name[s->kind])) {
		ok = CHECK(memcmp(nf, ours, 14) == 0, "%s: %s, Ethernet header", s->name,
			   kind_name[s->kind]) &&
		     ok;
		ok = same_reply("on the wire", s, nf + 14, nfn - 14, ours + 14, on - 14, false) &&
		     ok;
	} else {
		ok = false;
	}
	if (!ok)
		c->differ++;
}

/* The rest of a case once the offending packet is on its way from A:
 * captured on R where the dataplane sees it, then judged. */
static void finish(struct ctx *c, const struct spec *s)
{
	struct bpfipt_event ev;
	uint8_t cap[2048];
	size_t got;

	got = lab_recv(c->tap_r, LAB_INCOMING, cap, sizeof(cap), 1000);
	if (!CHECK(got >= 14 + 20, "%s: %s: captured at R", s->name, kind_name[s->kind]))
		return;
	event_from(&ev, cap, got, s, c);
	judge(c, s, &ev, c->tap_a, LAB_A_IP);
}

/* One case in OUTPUT: R sends the packet itself (raw socket) out of dev;
 * netfilter drops it there and answers R's own source, over lo. The event
 * is the packet as sent: the dataplane would see it there. */
static void run_output(struct ctx *c, const struct spec *s, const char *dev, const uint8_t *ip,
		       size_t n)
{
	struct sockaddr_in to = {.sin_family = AF_INET};
	struct bpfipt_event ev = {.kind = BPFIPT_EV_REJECT, .hook = BPFIPT_HOOK_OUTPUT};
	int back, err = 0;

	c->n++;
	c->rule[0] = '\0';
	lab_sh("ip netns exec %s iptables-legacy -F && ip netns exec %s iptables-legacy -A OUTPUT "
	       "-o %s -p %s -j REJECT --reject-with %s",
	       lab.r, lab.r, dev, ip[9] == 6 ? "tcp" : "udp", kind_name[s->kind]);
	ev.out_ifindex = (uint32_t)lab_ifindex(lab.r, dev);
	ev.pkt_len = ev.cap_len = (uint32_t)n;
	memcpy(ev.pkt, ip, n);
	ev.reject_with = s->kind;
	lab_drain(c->tap_lo);
	memcpy(&to.sin_addr, ip + 16, 4);
	if (lab_enter(lab.r, &back))
		return;
	if (sendto(c->raw, ip, n, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		err = errno;
	lab_leave(back);
	CHECK_INT(EPERM, err, "%s: %s: netfilter refused the send", s->name, kind_name[s->kind]);
	judge(c, s, &ev, c->tap_lo, rd32(ip + 12));
	lab_sh("ip netns exec %s iptables-legacy -F", lab.r);
}

/* One case: a crafted frame from A. */
static void run(struct ctx *c, const struct spec *s, const uint8_t *ip, size_t n)
{
	struct pkt f;

	c->n++;
	set_rule(c, s->hook, s->kind, s->mark);
	frame_build(&f, s->dst_mac ? s->dst_mac : lab_mac_r, lab_mac_a, ip, n);
	lab_drain(c->tap_a);
	lab_drain(c->tap_r);
	lab_send(c->tap_a, f.b, f.n);
	finish(c, s);
}

/* One case: a SYN from A's own TCP stack, whose checksum the veth
 * carries unfinished (CHECKSUM_PARTIAL). */
static void run_connect(struct ctx *c, const struct spec *s, uint32_t dst)
{
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(8)};
	int fd;

	c->n++;
	set_rule(c, s->hook, s->kind, s->mark);
	lab_drain(c->tap_a);
	lab_drain(c->tap_r);
	fd = lab_socket(lab.a, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	to.sin_addr.s_addr = htonl(dst);
	if (!CHECK(fd >= 0, "%s: socket in A", s->name))
		return;
	connect(fd, (struct sockaddr *)&to, sizeof(to));
	finish(c, s);
	close(fd);
}

static size_t mk(uint8_t *out, struct ipspec s, struct l4 *l)
{
	if (!s.src)
		s.src = LAB_A_IP;
	if (!s.dst)
		s.dst = LAB_R_IP;
	if (!s.id)
		s.id = 0x4242;
	return ip_build(out, &s, l);
}

static const uint8_t tcp_opts[20] = {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0,
				     0, 1, 0, 0,    0, 0, 1, 3,	 3, 7};

/* Every kind on a TCP SYN and on UDP, in INPUT and FORWARD. */
static void cases_kinds(struct ctx *c, enum bpfipt_hook hook)
{
	uint32_t dst = hook == BPFIPT_HOOK_FORWARD ? LAB_FWD_IP : LAB_R_IP;
	uint8_t ip[1500];
	struct l4 l;
	size_t n;

	l4_tcp(&l, 40000, 22, 0x11223344, 0, 0x002, 64240, 0, tcp_opts, sizeof(tcp_opts), 0);
	n = mk(ip, (struct ipspec){.dst = dst, .proto = 6, .frag = 0x4000}, &l);
	for (uint8_t k = 0; k <= 8; k++)
		if (kind_name[k])
			run(c, SPEC(.name = "tcp syn", .hook = hook, .kind = k), ip, n);
	l4_udp(&l, 17, 5353, 53, "question", 8);
	n = mk(ip, (struct ipspec){.dst = dst, .proto = 17, .tos = 0xff}, &l);
	for (size_t k = 0; k < sizeof(icmp_kinds); k++)
		run(c, SPEC(.name = "udp, tos 0xff", .hook = hook, .kind = icmp_kinds[k]), ip, n);
}

static void cases_tcp(struct ctx *c, enum bpfipt_hook hook)
{
	uint32_t dst = hook == BPFIPT_HOOK_FORWARD ? LAB_FWD_IP : LAB_R_IP;
	static const struct {
		const char *name;
		uint16_t flags;
		unsigned doff;
		size_t data;
	} segs[] = {
	    {"tcp ack psh with data", 0x018, 0, 100},
	    {"tcp fin ack", 0x011, 0, 0},
	    {"tcp syn fin with data", 0x003, 0, 7},
	    {"tcp fin", 0x001, 0, 3},
	    {"tcp rst", 0x004, 0, 0},
	    {"tcp rst ack", 0x014, 0, 0},
	    {"tcp doff beyond segment", 0x002, 15, 4},
	    {"tcp null flags", 0, 0, 1},
	};
	uint8_t ip[1500], data[128];
	struct l4 l;
	size_t n;

	memset(data, 'd', sizeof(data));
	for (size_t i = 0; i < sizeof(segs) / sizeof(segs[0]); i++) {
		l4_tcp(&l, 1234, 80, 0xfffffff0, 0xabcdef01, segs[i].flags, 1000, 0, NULL, 0,
		       segs[i].doff);
		l4_append(&l, data, segs[i].data);
		n = mk(ip, (struct ipspec){.dst = dst, .proto = 6}, &l);
		run(c, SPEC(.name = segs[i].name, .hook = hook, .kind = 7), ip, n);
		run(c, SPEC(.name = segs[i].name, .hook = hook, .kind = 3), ip, n);
	}
	l4_tcp(&l, 1234, 80, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
	n = mk(ip, (struct ipspec){.dst = dst, .proto = 6}, &l);
	ip[20 + 16] ^= 0x12; /* spoil the checksum */
	run(c, SPEC(.name = "tcp bad checksum", .hook = hook, .kind = 7), ip, n);
	run(c, SPEC(.name = "tcp bad checksum", .hook = hook, .kind = 3), ip, n);
	n = ip_truncate(ip, 30);
	run(c, SPEC(.name = "tcp header cut", .hook = hook, .kind = 7), ip, n);
	run(c, SPEC(.name = "tcp header cut", .hook = hook, .kind = 3), ip, n);
}

static void cases_udp(struct ctx *c, enum bpfipt_hook hook)
{
	uint32_t dst = hook == BPFIPT_HOOK_FORWARD ? LAB_FWD_IP : LAB_R_IP;
	uint8_t ip[1500], big[1072];
	struct l4 l;
	size_t n;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 13);
	l4_udp(&l, 17, 1, 2, big, sizeof(big));
	n = mk(ip, (struct ipspec){.dst = dst, .proto = 17}, &l);
	run(c, SPEC(.name = "udp of 1100 bytes", .hook = hook, .kind = 3), ip, n);
	l4_udp(&l, 17, 1, 2, "nocsum", 6);
	n = mk(ip, (struct ipspec){.dst = dst, .proto = 17}, &l);
	ip[26] = ip[27] = 0; /* no checksum: not checked */
	ip[30] ^= 0xff;
	run(c, SPEC(.name = "udp without checksum", .hook = hook, .kind = 3), ip, n);
	l4_udp(&l, 17, 1, 2, "badcsum", 7);
	n = mk(ip, (struct ipspec){.dst = dst, .proto = 17}, &l);
	ip[30] ^= 0xff;
	run(c, SPEC(.name = "udp bad checksum", .hook = hook, .kind = 3), ip, n);
	l4_udp(&l, 17, 1, 2, NULL, 0);
	n = mk(ip, (struct ipspec){.dst = dst, .proto = 17}, &l);
	n = ip_truncate(ip, 24);
	run(c, SPEC(.name = "udp header cut", .hook = hook, .kind = 3), ip, n);
}

/* ICMP: which types get an error back (none of the errors, none above
 * 18), and a bad checksum. */
static void cases_icmp(struct ctx *c)
{
	uint8_t ip[1500], data[32];
	struct l4 l;
	size_t n;

	memset(data, 0x5a, sizeof(data));
	static const uint8_t types[] = {0,  1,	2,  3,	4,  5,	6,  7,	8,  9,	10, 11,	 12,
					13, 14, 15, 16, 17, 18, 19, 20, 40, 42, 43, 100, 255};
	for (size_t i = 0; i < sizeof(types); i++) {
		char name[40];

		snprintf(name, sizeof(name), "icmp type %u", types[i]);
		l4_icmp(&l, types[i], 0, 0x10001, data, sizeof(data));
		n = mk(ip, (struct ipspec){.proto = 1}, &l);
		run(c, SPEC(.name = name, .hook = BPFIPT_HOOK_INPUT, .kind = 2), ip, n);
	}
	l4_icmp(&l, 8, 0, 0x10001, data, sizeof(data));
	n = mk(ip, (struct ipspec){.proto = 1}, &l);
	ip[22] ^= 1;
	run(c, SPEC(.name = "icmp echo bad checksum", .hook = BPFIPT_HOOK_INPUT, .kind = 2), ip, n);
	n = ip_truncate(ip, 20);
	run(c, SPEC(.name = "icmp without a header", .hook = BPFIPT_HOOK_INPUT, .kind = 2), ip, n);
}

/* Protocols whose checksum nf_reject does not check, and one it checks
 * as a plain sum over the payload. */
static void cases_protocols(struct ctx *c)
{
	static const uint8_t protos[] = {47, 50, 51, 132, 136, 33, 253};
	uint8_t ip[1500], data[40];
	struct l4 l;
	size_t n;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 37 + 1);
	for (size_t i = 0; i < sizeof(protos); i++) {
		char name[40];

		snprintf(name, sizeof(name), "protocol %u", protos[i]);
		l4_raw(&l, data, sizeof(data));
		n = mk(ip, (struct ipspec){.proto = protos[i]}, &l);
		run(c, SPEC(.name = name, .hook = BPFIPT_HOOK_INPUT, .kind = 2), ip, n);
	}
	/* A payload whose sum is all ones passes the plain-sum check. */
	uint8_t ones[8] = {0xff, 0xff, 0x12, 0x34, 0xed, 0xcb, 0, 0};
	l4_raw(&l, ones, sizeof(ones));
	n = mk(ip, (struct ipspec){.proto = 253}, &l);
	run(c,
	    SPEC(.name = "protocol 253, payload summing to ones", .hook = BPFIPT_HOOK_INPUT,
		 .kind = 2),
	    ip, n);
	uint8_t zeros[8] = {0};
	l4_raw(&l, zeros, sizeof(zeros));
	n = mk(ip, (struct ipspec){.proto = 253}, &l);
	run(c, SPEC(.name = "protocol 253, zero payload", .hook = BPFIPT_HOOK_INPUT, .kind = 2), ip,
	    n);
}

/* Destinations and frames that get no ICMP error (or no reply at all). */
static void cases_addresses(struct ctx *c)
{
	static const uint8_t bcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t mcast_mac[6] = {1, 0, 0x5e, 0, 0, 1};
	uint8_t ip[1500];
	struct l4 l;
	size_t n;

	l4_tcp(&l, 1234, 80, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
	n = mk(ip, (struct ipspec){.proto = 6}, &l);
	run(c,
	    SPEC(.name = "unicast in a broadcast frame", .hook = BPFIPT_HOOK_INPUT, .kind = 7,
		 .mark = 0, .dst_mac = bcast_mac),
	    ip, n);
	run(c,
	    SPEC(.name = "unicast in a broadcast frame", .hook = BPFIPT_HOOK_INPUT, .kind = 3,
		 .mark = 0, .dst_mac = bcast_mac),
	    ip, n);
	const struct {
		const char *name;
		uint32_t dst;
		const uint8_t *mac;
	} dsts[] = {
	    {"subnet broadcast", IP4(198, 18, 0, 255), bcast_mac},
	    {"limited broadcast", IP4(255, 255, 255, 255), bcast_mac},
	    {"all-hosts multicast", IP4(224, 0, 0, 1), mcast_mac},
	};
	for (size_t i = 0; i < sizeof(dsts) / sizeof(dsts[0]); i++) {
		l4_tcp(&l, 1234, 80, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
		n = mk(ip, (struct ipspec){.dst = dsts[i].dst, .proto = 6}, &l);
		run(c,
		    SPEC(.name = dsts[i].name, .hook = BPFIPT_HOOK_INPUT, .kind = 7, .mark = 0,
			 .dst_mac = dsts[i].mac),
		    ip, n);
		l4_udp(&l, 17, 1, 2, "b", 1);
		n = mk(ip, (struct ipspec){.dst = dsts[i].dst, .proto = 17}, &l);
		run(c,
		    SPEC(.name = dsts[i].name, .hook = BPFIPT_HOOK_INPUT, .kind = 3, .mark = 0,
			 .dst_mac = dsts[i].mac),
		    ip, n);
	}
}

static void cases_ip(struct ctx *c)
{
	static const uint8_t ra[8] = {0x94, 4, 0, 0, 1, 1, 1, 0};
	uint8_t ip[1500];
	struct l4 l;
	size_t n;

	l4_udp(&l, 17, 1, 2, "opts", 4);
	n = mk(ip, (struct ipspec){.proto = 17, .opt = ra, .optlen = sizeof(ra)}, &l);
	run(c, SPEC(.name = "ip options (router alert)", .hook = BPFIPT_HOOK_INPUT, .kind = 3), ip,
	    n);
	n = mk(ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = 17, .opt = ra, .optlen = sizeof(ra)},
	       &l);
	run(c, SPEC(.name = "ip options (router alert)", .hook = BPFIPT_HOOK_FORWARD, .kind = 3),
	    ip, n);
	/* Record route: filled in on arrival, the header checksum left
	 * stale, so that nf_reject's checksum test fails but for protocols
	 * it does not check; the ICMP error echoes the option. */
	static const uint8_t rr[12] = {7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	static const uint8_t rr_full[8] = {7, 7, 8, 1, 2, 3, 4, 0};
	static const struct {
		const char *name;
		const uint8_t *opt;
		size_t len;
	} rrs[] = {{"record route", rr, sizeof(rr)},
		   {"record route full", rr_full, sizeof(rr_full)}};
	uint8_t gre[16] = {0};
	for (size_t i = 0; i < 2; i++) {
		for (int fwd = 0; fwd < 2; fwd++) {
			enum bpfipt_hook h = fwd ? BPFIPT_HOOK_FORWARD : BPFIPT_HOOK_INPUT;
			uint32_t dst = fwd ? LAB_FWD_IP : LAB_R_IP;

			l4_udp(&l, 17, 1, 2, "opts", 4);
			n = mk(
			    ip,
			    (struct ipspec){
				.dst = dst, .proto = 17, .opt = rrs[i].opt, .optlen = rrs[i].len},
			    &l);
			run(c, SPEC(.name = rrs[i].name, .hook = h, .kind = 3), ip, n);
			l4_tcp(&l, 1234, 80, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
			n = mk(ip,
			       (struct ipspec){
				   .dst = dst, .proto = 6, .opt = rrs[i].opt, .optlen = rrs[i].len},
			       &l);
			run(c, SPEC(.name = rrs[i].name, .hook = h, .kind = 7), ip, n);
			l4_raw(&l, gre, sizeof(gre));
			n = mk(
			    ip,
			    (struct ipspec){
				.dst = dst, .proto = 47, .opt = rrs[i].opt, .optlen = rrs[i].len},
			    &l);
			run(c, SPEC(.name = rrs[i].name, .hook = h, .kind = 2), ip, n);
		}
	}
	/* Fragments pass R unassembled: only the first one is answered. */
	uint8_t data[48] = {0};
	l4_udp(&l, 17, 9, 9, data, sizeof(data));
	n = mk(ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = 17, .frag = 0x2000}, &l);
	run(c, SPEC(.name = "first fragment", .hook = BPFIPT_HOOK_FORWARD, .kind = 3), ip, n);
	l4_raw(&l, data, 24);
	n = mk(ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = 17, .frag = 0x2006}, &l);
	run(c, SPEC(.name = "later fragment", .hook = BPFIPT_HOOK_FORWARD, .kind = 3), ip, n);
	n = mk(ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = 6, .frag = 0x0006}, &l);
	run(c, SPEC(.name = "last fragment", .hook = BPFIPT_HOOK_FORWARD, .kind = 7), ip, n);
	/* The TTL R's forwarding leaves, quoted: 2 -> 1. */
	l4_udp(&l, 17, 1, 2, "ttl", 3);
	n = mk(ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = 17, .ttl = 2}, &l);
	run(c, SPEC(.name = "ttl 2", .hook = BPFIPT_HOOK_FORWARD, .kind = 3), ip, n);
}

/* Marks: with fwmark_reflect the reply carries the offender's mark; a
 * mangle rule on R turns a marked reply's TTL into 99 so that it shows
 * on the wire. */
static void cases_mark(struct ctx *c)
{
	uint8_t ip[1500];
	struct l4 l;
	size_t n;

	lab_sh("ip netns exec %s sysctl -qw net.ipv4.fwmark_reflect=1 && ip netns exec %s "
	       "iptables-legacy -t mangle -A OUTPUT -m mark --mark 0x5 -j TTL --ttl-set 99",
	       lab.r, lab.r);
	l4_tcp(&l, 1234, 80, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
	for (int k = 3; k <= 7; k += 4) {
		n = mk(ip, (struct ipspec){.proto = 6}, &l);
		run(c,
		    SPEC(.name = "marked, fwmark_reflect", .hook = BPFIPT_HOOK_INPUT,
			 .kind = (uint8_t)k, .mark = 5),
		    ip, n);
		n = mk(ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = 6}, &l);
		run(c,
		    SPEC(.name = "marked, fwmark_reflect", .hook = BPFIPT_HOOK_FORWARD,
			 .kind = (uint8_t)k, .mark = 5),
		    ip, n);
	}
	n = mk(ip, (struct ipspec){.proto = 6}, &l);
	lab_sh("ip netns exec %s sysctl -qw net.ipv4.fwmark_reflect=0", lab.r);
	run(c,
	    SPEC(.name = "marked, no fwmark_reflect", .hook = BPFIPT_HOOK_INPUT, .kind = 3,
		 .mark = 5),
	    ip, n);
	lab_sh("ip netns exec %s iptables-legacy -t mangle -F", lab.r);
}

/* The source of an ICMP error to a forwarded packet: routing's choice
 * (made different from r0's address here), or with
 * icmp_errors_use_inbound_ifaddr the input interface's address. */
static void cases_source(struct ctx *c)
{
	uint8_t ip[1500];
	struct l4 l;
	size_t n;

	lab_sh("ip -n %s route replace 198.18.0.0/24 dev r0 src 198.19.1.1", lab.r);
	l4_udp(&l, 17, 1, 2, "src", 3);
	n = mk(ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = 17}, &l);
	run(c, SPEC(.name = "source by route", .hook = BPFIPT_HOOK_FORWARD, .kind = 3), ip, n);
	lab_sh("ip netns exec %s sysctl -qw net.ipv4.icmp_errors_use_inbound_ifaddr=1", lab.r);
	run(c, SPEC(.name = "inbound address", .hook = BPFIPT_HOOK_FORWARD, .kind = 3), ip, n);
	n = mk(ip, (struct ipspec){.proto = 17}, &l);
	run(c, SPEC(.name = "inbound address", .hook = BPFIPT_HOOK_INPUT, .kind = 3), ip, n);
	l4_tcp(&l, 1234, 80, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
	n = mk(ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = 6}, &l);
	run(c, SPEC(.name = "inbound address", .hook = BPFIPT_HOOK_FORWARD, .kind = 7), ip, n);
	lab_sh("ip netns exec %s sysctl -qw net.ipv4.icmp_errors_use_inbound_ifaddr=0", lab.r);
	lab_sh("ip -n %s route replace 198.18.0.0/24 dev r0 src 198.18.0.1", lab.r);
}

/* What reject_build refuses, without the kernel. */
static void cases_errors(void)
{
	struct bpfipt_event ev = {.kind = BPFIPT_EV_REJECT, .hook = BPFIPT_HOOK_INPUT};
	uint8_t ip[1500], out[REJECT_REPLY_MAX];
	struct l4 l;
	size_t len;

	l4_udp(&l, 17, 1, 2, "e", 1);
	ev.pkt_len = ev.cap_len = (uint32_t)mk(ip, (struct ipspec){.proto = 17}, &l);
	memcpy(ev.pkt, ip, ev.cap_len);
	ev.reject_with = 3;
	CHECK(reject_build(&ev, out, sizeof(out), &len) == 0 && len, "errors: the event is good");
	CHECK_INT(-ENOSPC, reject_build(&ev, out, 100, &len), "errors: buffer too small");
	ev.reject_with = 4;
	CHECK_INT(-EINVAL, reject_build(&ev, out, sizeof(out), &len),
		  "errors: echo-reply, which the kernel refuses");
	ev.reject_with = 9;
	CHECK_INT(-EINVAL, reject_build(&ev, out, sizeof(out), &len), "errors: unknown kind");
	ev.reject_with = 3;
	ev.kind = BPFIPT_EV_LOG;
	CHECK_INT(-EINVAL, reject_build(&ev, out, sizeof(out), &len), "errors: not a REJECT event");
}

/* OUTPUT: R's kernel answers A's echo request, and REJECT takes the
 * echo reply. The reply leaves under icmp_reply's hold of the ICMP
 * socket lock, so netfilter's icmp_send gives up: nothing comes back to
 * R (on lo) or goes to A. The event is the echo reply as R sends it. */
static void case_own_echo_reply(struct ctx *c)
{
	uint8_t req[1500], rep[1500], data[32];
	struct bpfipt_event ev = {.kind = BPFIPT_EV_REJECT, .hook = BPFIPT_HOOK_OUTPUT};
	const struct spec *s =
	    SPEC(.name = "output: the host's own echo reply", .hook = BPFIPT_HOOK_OUTPUT, .kind = 2);
	struct pkt f;
	struct l4 l;
	size_t n;

	c->n++;
	c->rule[0] = '\0';
	lab_sh("ip netns exec %s iptables-legacy -F && ip netns exec %s iptables-legacy -A OUTPUT "
	       "-p icmp --icmp-type echo-reply -j REJECT --reject-with %s",
	       lab.r, lab.r, kind_name[s->kind]);
	memset(data, 0x5a, sizeof(data));
	l4_icmp(&l, 8, 0, 0x10001, data, sizeof(data));
	n = mk(req, (struct ipspec){.proto = 1}, &l);
	frame_build(&f, lab_mac_r, lab_mac_a, req, n);
	l4_icmp(&l, 0, 0, 0x10001, data, sizeof(data));
	n = mk(rep, (struct ipspec){.src = LAB_R_IP, .dst = LAB_A_IP, .proto = 1}, &l);
	ev.out_ifindex = (uint32_t)lab_ifindex(lab.r, "r0");
	ev.pkt_len = ev.cap_len = (uint32_t)n;
	memcpy(ev.pkt, rep, n);
	ev.reject_with = s->kind;
	lab_drain(c->tap_lo);
	lab_drain(c->tap_a);
	lab_send(c->tap_a, f.b, f.n);
	judge(c, s, &ev, c->tap_lo, LAB_R_IP);
	lab_sh("ip netns exec %s iptables-legacy -F", lab.r);
}

/* OUTPUT: R's own packets. To A, the ICMP error comes from routing's
 * choice towards R's own address; to R itself from 127.0.0.1, it comes
 * from the local destination (RTCF_LOCAL), not from 127.0.0.1. */
static void cases_output(struct ctx *c)
{
	uint8_t ip[1500];
	struct l4 l;
	size_t n;

	l4_udp(&l, 17, 4000, 53, "out", 3);
	n = mk(ip, (struct ipspec){.src = LAB_R_IP, .dst = LAB_A_IP, .proto = 17, .tos = 0x10}, &l);
	for (size_t k = 0; k < sizeof(icmp_kinds); k++)
		run_output(
		    c,
		    SPEC(.name = "output udp", .hook = BPFIPT_HOOK_OUTPUT, .kind = icmp_kinds[k]),
		    "r0", ip, n);
	l4_tcp(&l, 4000, 80, 77, 0, 0x002, 1000, 0, tcp_opts, sizeof(tcp_opts), 0);
	n = mk(ip, (struct ipspec){.src = LAB_R_IP, .dst = LAB_A_IP, .proto = 6}, &l);
	run_output(c, SPEC(.name = "output tcp syn", .hook = BPFIPT_HOOK_OUTPUT, .kind = 7), "r0",
		   ip, n);
	run_output(c, SPEC(.name = "output tcp syn", .hook = BPFIPT_HOOK_OUTPUT, .kind = 3), "r0",
		   ip, n);
	l4_udp(&l, 17, 4000, 53, "self", 4);
	n = mk(ip, (struct ipspec){.src = IP4(127, 0, 0, 1), .dst = LAB_R_IP, .proto = 17}, &l);
	run_output(c,
		   SPEC(.name = "output to a local address", .hook = BPFIPT_HOOK_OUTPUT, .kind = 3),
		   "lo", ip, n);
	case_own_echo_reply(c);
}

int main(void)
{
	struct ctx c = {0};
	int back;

	if (lab_setup("bfrej") ||
	    lab_sh("ip netns exec %s sysctl -qw net.ipv4.ip_default_ttl=%d", lab.r, R_TTL)) {
		CHECK(false, "lab: namespaces, veth pair");
		return check_exit();
	}
	c.tap_a = lab_tap(lab.a, "a0");
	c.tap_r = lab_tap(lab.r, "r0");
	c.tap_lo = lab_tap(lab.r, "lo");
	c.r0 = lab_ifindex(lab.r, "r0");
	c.r1 = lab_ifindex(lab.r, "r1");
	if (lab_enter(lab.r, &back) == 0) {
		c.raw = reject_socket();
		lab_leave(back);
	}
	if (!CHECK(c.tap_a >= 0 && c.tap_r >= 0 && c.tap_lo >= 0 && c.raw >= 0 && c.r0 && c.r1,
		   "lab sockets"))
		return check_exit();
	cases_errors();
	cases_kinds(&c, BPFIPT_HOOK_INPUT);
	cases_kinds(&c, BPFIPT_HOOK_FORWARD);
	cases_tcp(&c, BPFIPT_HOOK_INPUT);
	cases_tcp(&c, BPFIPT_HOOK_FORWARD);
	cases_udp(&c, BPFIPT_HOOK_INPUT);
	cases_udp(&c, BPFIPT_HOOK_FORWARD);
	cases_icmp(&c);
	cases_protocols(&c);
	cases_addresses(&c);
	cases_ip(&c);
	cases_mark(&c);
	run_connect(&c, SPEC(.name = "connect", .hook = BPFIPT_HOOK_INPUT, .kind = 7), LAB_R_IP);
	run_connect(&c, SPEC(.name = "connect", .hook = BPFIPT_HOOK_INPUT, .kind = 3), LAB_R_IP);
	run_connect(&c, SPEC(.name = "connect", .hook = BPFIPT_HOOK_FORWARD, .kind = 7),
		    LAB_FWD_IP);
	run_connect(&c, SPEC(.name = "connect", .hook = BPFIPT_HOOK_FORWARD, .kind = 6),
		    LAB_FWD_IP);
	cases_source(&c);
	cases_output(&c);
	printf("# %u cases against netfilter: %u replies compared, %u without reply, %u differ\n",
	       c.n, c.replies, c.silent, c.differ);
	printf("# allowed on the wire: IP ID of ICMP errors differed %u times; netfilter's reset "
	       "carried an unfinished TCP checksum %u times\n",
	       allowed.ip_id, allowed.tcp_unfinished);
	return check_exit();
}
