// SPDX-License-Identifier: GPL-2.0-only
/* log_format_line against the kernel's own LOG target. In a throwaway
 * pair of namespaces, iptables-legacy LOGs crafted packets (INPUT from a
 * veth, INPUT on lo, FORWARD, OUTPUT from a raw socket) with every LOG
 * option; the packet is captured where the dataplane would see it, turned
 * into an event, formatted, and the line compared byte for byte with the
 * one netfilter wrote to /dev/kmsg. Needs root, network namespaces,
 * iptables-legacy and /dev/kmsg; without them it fails, it never skips. */
#define _GNU_SOURCE
#include <linux/netfilter/xt_LOG.h>
#include <sys/fsuid.h>
#include <sys/stat.h>

#include "check.h"
#include "pkt_build.h"
#include "netns_lab.h"
#include "log_format.h"

#define ALL_FLAGS (XT_LOG_TCPSEQ | XT_LOG_TCPOPT | XT_LOG_IPOPT | XT_LOG_UID | XT_LOG_MACDECODE)
#define OUT_UID 4321
#define OUT_GID 765

struct ctx {
	int tap_a, tap_r, tap_lo; /* A's a0, R's r0, R's lo */
	int kmsg;
	int raw; /* IPPROTO_RAW in R, created with fsuid OUT_UID */
	int r0, r1;
	unsigned n;	 /* cases run */
	unsigned differ; /* lines that differ */
	unsigned silent; /* cases netfilter did not log */
};

static const uint8_t tcp_opts[20] = {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0,
				     0, 1, 0, 0,    0, 0, 1, 3,	 3, 7}; /* MSS SACK TS NOP WS */

static int add_rule(const char *chain, const char *dev, const char *pfx, uint8_t flags,
		    uint8_t level)
{
	return lab_sh(
	    "ip netns exec %s iptables-legacy -A %s %s -j LOG --log-prefix '%s' "
	    "--log-level %u%s%s%s%s%s",
	    lab.r, chain, dev, pfx, level, flags & XT_LOG_TCPSEQ ? " --log-tcp-sequence" : "",
	    flags & XT_LOG_TCPOPT ? " --log-tcp-options" : "",
	    flags & XT_LOG_IPOPT ? " --log-ip-options" : "", flags & XT_LOG_UID ? " --log-uid" : "",
	    flags & XT_LOG_MACDECODE ? " --log-macdecode" : "");
}

static void flush_rules(void)
{
	lab_sh("ip netns exec %s iptables-legacy -F", lab.r);
}

/* The event the dataplane hands over for a frame it saw: the link-layer
 * header (maclen bytes, 0 for none) and the IP packet after it. */
static void event_from(struct bpfipt_event *ev, const uint8_t *f, size_t n, size_t maclen,
		       enum bpfipt_hook hook, int in, int out, uint8_t flags, uint8_t level,
		       const char *pfx)
{
	const uint8_t *ip = f + maclen;
	uint32_t tot = rd16(ip + 2);

	memset(ev, 0, sizeof(*ev));
	ev->kind = BPFIPT_EV_LOG;
	ev->hook = hook;
	ev->in_ifindex = (uint32_t)in;
	ev->out_ifindex = (uint32_t)out;
	/* The kernel trims the skb to the IP total length (ip_rcv). */
	ev->pkt_len = tot < n - maclen ? tot : (uint32_t)(n - maclen);
	ev->cap_len = ev->pkt_len < BPFIPT_EV_PKT_MAX ? ev->pkt_len : BPFIPT_EV_PKT_MAX;
	memcpy(ev->pkt, ip, ev->cap_len);
	ev->mac_len = (uint8_t)maclen;
	memcpy(ev->mac, f, maclen);
	ev->log_flags = flags;
	ev->log_level = level;
	snprintf(ev->log_prefix, sizeof(ev->log_prefix), "%s", pfx);
}

static void next_prefix(struct ctx *c, char *pfx, size_t n)
{
	snprintf(pfx, n, "BLF%d:%u ", (int)getpid() % 100000, ++c->n);
}

/* netfilter's line for the case against ours. */
static void compare(struct ctx *c, const char *name, const char *pfx, const struct bpfipt_event *ev,
		    const char *in, const char *out)
{
	char want[2048], got[LOG_LINE_MAX];
	int pri = -1, n;

	if (!lab_kmsg_wait(c->kmsg, pfx, 2000, want, sizeof(want), &pri)) {
		c->silent++;
		CHECK(false, "%s: netfilter logged it", name);
		return;
	}
	n = log_format_line(ev, in, out, got, sizeof(got));
	if (!CHECK(n >= 0, "%s: formatted (%d)", name, n))
		return;
	CHECK_INT(ev->log_level, pri & 7, "%s: level", name);
	if (!CHECK_STR(want, got, "%s: %s", name, want))
		c->differ++;
}

/* A frame from A to R through the veth: LOGged in INPUT or FORWARD on R,
 * captured on R's r0. With vlan0, A sends it with an 802.1Q priority tag
 * (VLAN 0), which R's kernel takes out before IP sees the packet. */
static void run_wire(struct ctx *c, const char *name, enum bpfipt_hook hook, uint8_t flags,
		     uint8_t level, const uint8_t *ip, size_t n, bool vlan0)
{
	struct pkt f;
	uint8_t cap[2048];
	struct bpfipt_event ev;
	char pfx[BPFIPT_EV_PREFIX];
	size_t got;

	next_prefix(c, pfx, sizeof(pfx));
	frame_build(&f, lab_mac_r, lab_mac_a, ip, n);
	if (vlan0) {
		memmove(f.b + 16, f.b + 12, f.n - 12);
		put16be(f.b + 12, 0x8100);
		put16be(f.b + 14, 0x6000); /* priority 3, VLAN 0 */
		f.n += 4;
	}
	if (add_rule(hook == BPFIPT_HOOK_FORWARD ? "FORWARD" : "INPUT", "-i r0", pfx, flags,
		     level)) {
		CHECK(false, "%s: rule", name);
		return;
	}
	lab_drain(c->tap_r);
	lab_send(c->tap_a, f.b, f.n);
	got = lab_recv(c->tap_r, PACKET_HOST, cap, sizeof(cap), 1000);
	if (CHECK(got >= 14 + 20, "%s: captured at R", name)) {
		if (vlan0) { /* AF_PACKET shows it untagged: put the tag back */
			memmove(cap + 16, cap + 12, got - 12);
			memcpy(cap + 12, f.b + 12, 4);
			got += 4;
		}
		event_from(&ev, cap, got, vlan0 ? 18 : 14, hook, c->r0,
			   hook == BPFIPT_HOOK_FORWARD ? c->r1 : 0, flags, level, pfx);
		compare(c, name, pfx, &ev, "r0", hook == BPFIPT_HOOK_FORWARD ? "r1" : NULL);
	}
	flush_rules();
}

static void input(struct ctx *c, const char *name, uint8_t flags, const uint8_t *ip, size_t n)
{
	run_wire(c, name, BPFIPT_HOOK_INPUT, flags, 4, ip, n, false);
}

static void forward(struct ctx *c, const char *name, uint8_t flags, const uint8_t *ip, size_t n)
{
	run_wire(c, name, BPFIPT_HOOK_FORWARD, flags, 4, ip, n, false);
}

/* A packet R sends itself through its raw socket (IP_HDRINCL), LOGged
 * in OUTPUT on r0 or, addressed to R, in INPUT on lo. */
static void run_local(struct ctx *c, const char *name, bool lo, uint8_t flags, uint32_t mark,
		      const uint8_t *ip, size_t n)
{
	struct sockaddr_in to = {.sin_family = AF_INET};
	struct bpfipt_event ev;
	uint8_t cap[2048];
	char pfx[BPFIPT_EV_PREFIX];
	size_t got;

	next_prefix(c, pfx, sizeof(pfx));
	memcpy(&to.sin_addr, ip + 16, 4);
	if (add_rule(lo ? "INPUT" : "OUTPUT", lo ? "-i lo" : "-o r0", pfx, flags, 5) ||
	    setsockopt(c->raw, SOL_SOCKET, SO_MARK, &mark, sizeof(mark))) {
		CHECK(false, "%s: rule and mark", name);
		return;
	}
	lab_drain(lo ? c->tap_lo : c->tap_r);
	if (!CHECK(sendto(c->raw, ip, n, 0, (struct sockaddr *)&to, sizeof(to)) == (ssize_t)n,
		   "%s: sent", name))
		goto out;
	/* The frame as it leaves (OUTPUT) or arrives on lo (INPUT): the
	 * kernel filled in the IP ID and checksum. */
	got = lab_recv(lo ? c->tap_lo : c->tap_r, lo ? PACKET_HOST : PACKET_OUTGOING, cap,
		       sizeof(cap), 1000);
	if (!CHECK(got >= 14 + 20, "%s: captured", name))
		goto out;
	if (lo) {
		/* loopback_xmit orphans the skb: no socket at INPUT. */
		event_from(&ev, cap, got, 14, BPFIPT_HOOK_INPUT, 1, 0, flags, 5, pfx);
		ev.mark = mark;
		compare(c, name, pfx, &ev, "lo", NULL);
	} else {
		event_from(&ev, cap, got, 14, BPFIPT_HOOK_OUTPUT, 0, c->r0, flags, 5, pfx);
		ev.mac_len = 0; /* no input device: the dataplane has no MAC to give */
		ev.flags = BPFIPT_EV_F_SOCK;
		ev.uid = OUT_UID;
		ev.gid = OUT_GID;
		ev.mark = mark;
		compare(c, name, pfx, &ev, NULL, "r0");
	}
out:
	flush_rules();
}

/* IP packet from A with the given transport; returns its length. */
static size_t mk(uint8_t *out, uint8_t proto, uint32_t dst, struct l4 *l)
{
	struct ipspec s = {.src = LAB_A_IP, .dst = dst, .proto = proto, .id = 0x1234};

	return ip_build(out, &s, l);
}

static size_t mk_spec(uint8_t *out, struct ipspec s, struct l4 *l)
{
	if (!s.src)
		s.src = LAB_A_IP;
	if (!s.dst)
		s.dst = LAB_R_IP;
	return ip_build(out, &s, l);
}

static void cases_tcp(struct ctx *c)
{
	static const uint8_t fl[] = {0, XT_LOG_TCPSEQ, XT_LOG_TCPOPT, ALL_FLAGS};
	uint8_t ip[1500];
	struct l4 l;
	size_t n;
	char name[64];

	l4_tcp(&l, 40000, 22, 0x11223344, 0, 0x002, 64240, 0, tcp_opts, sizeof(tcp_opts), 0);
	n = mk(ip, 6, LAB_R_IP, &l);
	for (size_t i = 0; i < sizeof(fl); i++) {
		snprintf(name, sizeof(name), "tcp syn, flags 0x%02x", fl[i]);
		input(c, name, fl[i], ip, n);
	}
	/* Every flag bit, the three reserved bits, an urgent pointer. */
	l4_tcp(&l, 1, 65535, 0xffffffff, 0x80000000, 0xfff, 0, 0xabcd, NULL, 0, 0);
	l4_append(&l, "data", 4);
	n = mk(ip, 6, LAB_R_IP, &l);
	input(c, "tcp every flag", ALL_FLAGS, ip, n);
	l4_tcp(&l, 80, 443, 7, 9, 0x018, 512, 0, tcp_opts, 8, 0);
	n = mk(ip, 6, LAB_R_IP, &l);
	input(c, "tcp ack psh", XT_LOG_TCPOPT, ip, n);
	/* Data offset of 15 words, 4 option bytes present. */
	l4_tcp(&l, 1000, 2000, 1, 2, 0x010, 100, 0, tcp_opts, 4, 15);
	n = mk(ip, 6, LAB_R_IP, &l);
	input(c, "tcp options cut short", XT_LOG_TCPOPT, ip, n);
	input(c, "tcp options cut short, not asked", XT_LOG_TCPSEQ, ip, n);
	/* Data offset below 5. */
	l4_tcp(&l, 1000, 2000, 1, 2, 0x010, 100, 0, NULL, 0, 2);
	n = mk(ip, 6, LAB_R_IP, &l);
	input(c, "tcp doff 2", XT_LOG_TCPOPT, ip, n);
	/* Ten bytes of TCP header. */
	l4_tcp(&l, 1000, 2000, 1, 2, 0x010, 100, 0, NULL, 0, 0);
	n = mk(ip, 6, LAB_R_IP, &l);
	n = ip_truncate(ip, 30);
	input(c, "tcp header cut", ALL_FLAGS, ip, n);
}

static void cases_udp(struct ctx *c)
{
	uint8_t ip[1500];
	struct l4 l;
	size_t n;

	l4_udp(&l, 17, 5353, 53, "question", 8);
	n = mk(ip, 17, LAB_R_IP, &l);
	input(c, "udp", 0, ip, n);
	input(c, "udp all flags", ALL_FLAGS, ip, n);
	input(c, "udp macdecode", XT_LOG_MACDECODE, ip, n);
	run_wire(c, "udp vlan 0", BPFIPT_HOOK_INPUT, 0, 4, ip, n, true);
	run_wire(c, "udp vlan 0 macdecode", BPFIPT_HOOK_INPUT, XT_LOG_MACDECODE, 4, ip, n, true);
	for (uint8_t lv = 3; lv <= 7; lv++) {
		char name[32];

		snprintf(name, sizeof(name), "udp level %u", lv);
		run_wire(c, name, BPFIPT_HOOK_INPUT, 0, lv, ip, n, false);
	}
	l4_udp(&l, 136, 7, 9, "lite", 4);
	n = mk(ip, 136, LAB_R_IP, &l);
	input(c, "udplite", 0, ip, n);
	l4_udp(&l, 17, 5353, 53, NULL, 0);
	n = mk(ip, 17, LAB_R_IP, &l);
	n = ip_truncate(ip, 24);
	input(c, "udp header cut", ALL_FLAGS, ip, n);
}

/* An ICMP error from A quoting `inner` (cut to `quote` bytes). */
static size_t icmp_error(uint8_t *ip, uint8_t type, uint8_t code, uint32_t rest,
			 const uint8_t *inner, size_t quote)
{
	struct l4 l;

	l4_icmp(&l, type, code, rest, inner, quote);
	return mk(ip, 1, LAB_R_IP, &l);
}

static void cases_icmp(struct ctx *c)
{
	static const uint8_t ra_nop[8] = {0x94, 4, 0, 0, 1, 1, 1, 0};
	uint8_t ip[1500], inner[1500];
	struct l4 l;
	size_t n, in;

	l4_icmp(&l, 8, 0, 0x4d2002a, "pingpingpingping", 16);
	n = mk(ip, 1, LAB_R_IP, &l);
	input(c, "icmp echo request", 0, ip, n);
	l4_icmp(&l, 0, 0, 0x0010002, "pong", 4);
	n = mk(ip, 1, LAB_R_IP, &l);
	input(c, "icmp echo reply", ALL_FLAGS, ip, n);

	/* The quoted packets: R's own UDP and TCP, as if bounced. */
	l4_udp(&l, 17, 33434, 5353, "probe", 5);
	struct ipspec back = {.src = LAB_R_IP, .dst = IP4(198, 18, 0, 77), .proto = 17, .id = 77};
	in = ip_build(inner, &back, &l);
	n = icmp_error(ip, 3, 3, 0, inner, in);
	input(c, "port unreachable quoting udp", ALL_FLAGS, ip, n);
	n = icmp_error(ip, 5, 1, IP4(198, 18, 0, 254), inner, in);
	input(c, "redirect", 0, ip, n);
	n = icmp_error(ip, 4, 0, 0, inner, 28);
	input(c, "source quench", 0, ip, n);
	n = icmp_error(ip, 12, 0, 20u << 24, inner, 28);
	input(c, "parameter problem", 0, ip, n);

	l4_tcp(&l, 22, 40000, 5, 6, 0x012, 1000, 0, tcp_opts, sizeof(tcp_opts), 0);
	back.proto = 6;
	in = ip_build(inner, &back, &l);
	n = icmp_error(ip, 3, 1, 0, inner, in);
	input(c, "host unreachable quoting tcp", ALL_FLAGS, ip, n);
	input(c, "host unreachable quoting tcp, no flags", 0, ip, n);
	n = icmp_error(ip, 3, 4, 1400, inner, 28);
	input(c, "fragmentation needed, 8 bytes of tcp", XT_LOG_TCPSEQ, ip, n);
	n = icmp_error(ip, 3, 3, 0, inner, 10);
	input(c, "unreachable, quote cut", 0, ip, n);

	/* Quoted packet with options; then one whose options are cut. */
	back.opt = ra_nop;
	back.optlen = sizeof(ra_nop);
	back.proto = 17;
	l4_udp(&l, 17, 1, 2, "x", 1);
	in = ip_build(inner, &back, &l);
	n = icmp_error(ip, 11, 0, 0, inner, in);
	input(c, "time exceeded quoting ip options", XT_LOG_IPOPT, ip, n);
	input(c, "time exceeded quoting ip options, not asked", 0, ip, n);
	inner[0] = 0x4f; /* header claims 60 bytes, the quote has 28 */
	n = icmp_error(ip, 3, 3, 0, inner, 28);
	input(c, "quote with cut options", XT_LOG_IPOPT, ip, n);
	input(c, "quote with cut options, not asked", 0, ip, n);

	/* An error quoting an error: no second level of brackets. */
	back.opt = NULL;
	back.optlen = 0;
	back.proto = 1;
	uint8_t inner2[64];
	l4_icmp(&l, 3, 4, 576, inner, 28);
	in = ip_build(inner2, &back, &l);
	n = icmp_error(ip, 3, 3, 0, inner2, in);
	input(c, "error quoting an error", 0, ip, n);

	/* Types with their own lengths. */
	uint8_t ts[12] = {0};
	l4_icmp(&l, 13, 0, 0x10001, ts, 12);
	n = mk(ip, 1, LAB_R_IP, &l);
	input(c, "timestamp", 0, ip, n);
	l4_icmp(&l, 13, 0, 0x10001, ts, 4);
	n = mk(ip, 1, LAB_R_IP, &l);
	input(c, "timestamp cut", 0, ip, n);
	l4_icmp(&l, 17, 0, 0x10001, ts, 4);
	n = mk(ip, 1, LAB_R_IP, &l);
	input(c, "address mask", 0, ip, n);
	l4_icmp(&l, 42, 0, 0x10001, NULL, 0);
	n = mk(ip, 1, LAB_R_IP, &l);
	input(c, "extended echo (type 42)", ALL_FLAGS, ip, n);
	l4_icmp(&l, 8, 0, 0, NULL, 0);
	n = mk(ip, 1, LAB_R_IP, &l);
	n = ip_truncate(ip, 24);
	input(c, "icmp header cut", ALL_FLAGS, ip, n);
}

static void cases_ip(struct ctx *c)
{
	static const uint8_t opts[12] = {0x94, 4, 0, 0, 0x88, 4, 0x12, 0x34, 1, 1, 1, 0};
	uint8_t ip[1500], data[64];
	struct l4 l;
	size_t n;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	l4_tcp(&l, 40000, 22, 1, 0, 0x002, 512, 0, NULL, 0, 0);
	n = mk_spec(ip, (struct ipspec){.proto = 6, .opt = opts, .optlen = sizeof(opts)}, &l);
	input(c, "ip options", ALL_FLAGS, ip, n);
	input(c, "ip options, not asked", XT_LOG_TCPSEQ, ip, n);
	static const uint8_t rr[8] = {7, 7, 4, 0, 0, 0, 0, 0};
	n = mk_spec(ip, (struct ipspec){.proto = 6, .opt = rr, .optlen = sizeof(rr)}, &l);
	input(c, "record route", XT_LOG_IPOPT, ip, n);
	static const uint8_t rr_full[12] = {1, 7, 7, 8, 1, 2, 3, 4, 0, 0x55, 0x66, 0x77};
	n = mk_spec(ip, (struct ipspec){.proto = 6, .opt = rr_full, .optlen = sizeof(rr_full)}, &l);
	input(c, "record route full, bytes after the end", XT_LOG_IPOPT, ip, n);
	uint8_t big[1072];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	l4_udp(&l, 17, 1, 2, big, sizeof(big));
	n = mk(ip, 17, LAB_R_IP, &l);
	input(c, "udp of 1100 bytes", ALL_FLAGS, ip, n);
	l4_udp(&l, 17, 1, 2, "tos", 3);
	n = mk_spec(
	    ip, (struct ipspec){.proto = 17, .tos = 0xff, .ttl = 1, .id = 0xbeef, .frag = 0xc000},
	    &l);
	input(c, "tos, ce, df, ttl 1", 0, ip, n);
	l4_raw(&l, data, 33);
	n = mk(ip, 253, LAB_R_IP, &l);
	input(c, "protocol 253", ALL_FLAGS, ip, n);
	n = mk(ip, 47, LAB_R_IP, &l);
	input(c, "gre", 0, ip, n);
	n = mk(ip, 51, LAB_R_IP, &l);
	input(c, "ah", 0, ip, n);
	n = mk(ip, 50, LAB_R_IP, &l);
	input(c, "esp", 0, ip, n);
	l4_raw(&l, data, 8);
	n = mk(ip, 51, LAB_R_IP, &l);
	input(c, "ah cut", 0, ip, n);
	l4_raw(&l, data, 4);
	n = mk(ip, 50, LAB_R_IP, &l);
	input(c, "esp cut", ALL_FLAGS, ip, n);
}

/* Through R: the TTL one lower, and fragments as they are (nothing on
 * R reassembles them without conntrack). */
static void cases_forward(struct ctx *c)
{
	uint8_t ip[1500], data[64] = {0};
	struct l4 l;
	size_t n;

	l4_tcp(&l, 40000, 80, 99, 0, 0x002, 1024, 0, tcp_opts, sizeof(tcp_opts), 0);
	n = mk(ip, 6, LAB_FWD_IP, &l);
	forward(c, "forward tcp", ALL_FLAGS, ip, n);
	forward(c, "forward tcp, no flags", 0, ip, n);
	l4_udp(&l, 17, 9, 9, data, 40);
	n = mk_spec(ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = 17, .frag = 0x2000}, &l);
	forward(c, "first fragment", 0, ip, n);
	static const uint8_t protos[] = {6, 17, 1, 51, 50, 253};
	for (size_t i = 0; i < sizeof(protos); i++) {
		char name[48];

		l4_raw(&l, data, 24);
		n = mk_spec(
		    ip, (struct ipspec){.dst = LAB_FWD_IP, .proto = protos[i], .frag = 0x20b9}, &l);
		snprintf(name, sizeof(name), "later fragment, protocol %u", protos[i]);
		forward(c, name, ALL_FLAGS, ip, n);
	}
}

static void cases_local(struct ctx *c)
{
	uint8_t ip[1500];
	struct l4 l;
	size_t n;

	l4_udp(&l, 17, 4000, 5000, "out", 3);
	n = mk_spec(ip, (struct ipspec){.src = LAB_R_IP, .dst = LAB_A_IP, .proto = 17}, &l);
	run_local(c, "output udp, uid, mark", false, XT_LOG_UID, 0x2a, ip, n);
	run_local(c, "output udp, no uid flag", false, 0, 0x2a, ip, n);
	run_local(c, "output udp, no mark", false, ALL_FLAGS, 0, ip, n);
	l4_tcp(&l, 1, 2, 3, 4, 0x010, 5, 0, NULL, 0, 0);
	n = mk_spec(ip, (struct ipspec){.src = LAB_R_IP, .dst = LAB_A_IP, .proto = 6}, &l);
	n = ip_truncate(ip, 30);
	run_local(c, "output tcp cut: no uid, no mark", false, XT_LOG_UID, 0x2a, ip, n);
	l4_icmp(&l, 8, 0, 0, NULL, 0);
	n = mk_spec(ip, (struct ipspec){.src = LAB_R_IP, .dst = LAB_A_IP, .proto = 1}, &l);
	n = ip_truncate(ip, 24);
	run_local(c, "output icmp cut: uid and mark", false, XT_LOG_UID, 0x2a, ip, n);
	l4_udp(&l, 17, 4000, 5000, "lo", 2);
	n = mk_spec(ip, (struct ipspec){.src = LAB_R_IP, .dst = LAB_R_IP, .proto = 17}, &l);
	run_local(c, "input on lo", true, ALL_FLAGS & ~XT_LOG_MACDECODE, 0, ip, n);
	run_local(c, "input on lo, macdecode", true, ALL_FLAGS, 7, ip, n);
}

/* The namespace rule: outside the initial namespace netfilter logs only
 * with nf_log_all_netns=1, and log_netfilter_logs() says so. */
static void cases_netns(struct ctx *c)
{
	struct stat self, kthreadd;
	uint8_t ip[1500];
	struct l4 l;
	size_t n;
	char pfx[32], text[2048];
	int back, pri, in_r;

	CHECK(stat("/proc/thread-self/ns/net", &self) == 0 &&
		  stat("/proc/2/ns/net", &kthreadd) == 0,
	      "namespaces of the test and of kthreadd");
	CHECK_INT(self.st_ino == kthreadd.st_ino && self.st_dev == kthreadd.st_dev,
		  log_netns_is_init(), "log_netns_is_init in the test's namespace");
	CHECK_INT(1, log_netfilter_logs() == 1 || log_netns_is_init() == 0,
		  "log_netfilter_logs in the initial namespace");

	if (lab_set_log_all(0) || lab_enter(lab.r, &back)) {
		CHECK(false, "nf_log_all_netns=0");
		return;
	}
	in_r = log_netfilter_logs();
	CHECK_INT(0, log_netns_is_init(), "log_netns_is_init in R");
	lab_leave(back);
	CHECK_INT(0, in_r, "log_netfilter_logs in R with nf_log_all_netns=0");
	next_prefix(c, pfx, sizeof(pfx));
	add_rule("INPUT", "-i r0", pfx, 0, 4);
	l4_udp(&l, 17, 1, 2, "quiet", 5);
	n = mk(ip, 17, LAB_R_IP, &l);
	struct pkt f;
	frame_build(&f, lab_mac_r, lab_mac_a, ip, n);
	lab_send(c->tap_a, f.b, f.n);
	CHECK(!lab_kmsg_wait(c->kmsg, pfx, 500, text, sizeof(text), &pri),
	      "netfilter silent in R with nf_log_all_netns=0");
	flush_rules();

	lab_set_log_all(1);
	if (lab_enter(lab.r, &back) == 0) {
		in_r = log_netfilter_logs();
		lab_leave(back);
		CHECK_INT(1, in_r, "log_netfilter_logs in R with nf_log_all_netns=1");
	}
}

/* log_write's line lands in the kernel log with its level. */
static void case_write(struct ctx *c)
{
	char pfx[32], line[128], text[2048];
	int pri = -1;

	next_prefix(c, pfx, sizeof(pfx));
	snprintf(line, sizeof(line), "%sIN=r0 OUT= written by log_write ", pfx);
	CHECK_INT(0, log_write(line, 6), "log_write");
	CHECK(lab_kmsg_wait(c->kmsg, pfx, 1000, text, sizeof(text), &pri),
	      "log_write's line read back");
	CHECK_STR(line, text, "log_write's text");
	CHECK_INT(6, pri & 7, "log_write's level");
	CHECK_INT(-EINVAL, log_write(line, 8), "log_write refuses level 8");
}

/* What the formatter refuses, without the kernel: a malformed event, a
 * buffer too small, a header LOG prints that the event did not carry. */
static void cases_errors(void)
{
	struct bpfipt_event ev;
	uint8_t ip[1500];
	struct l4 l;
	char buf[LOG_LINE_MAX];
	size_t n;

	l4_tcp(&l, 1, 2, 3, 4, 0x010, 5, 0, tcp_opts, sizeof(tcp_opts), 0);
	n = mk(ip, 6, LAB_R_IP, &l);
	event_from(&ev, ip, n, 0, BPFIPT_HOOK_INPUT, 2, 0, ALL_FLAGS, 4, "E ");
	CHECK(log_format_line(&ev, "r0", NULL, buf, sizeof(buf)) > 0, "errors: the event is good");
	CHECK_INT(-ENOSPC, log_format_line(&ev, "r0", NULL, buf, 40), "errors: buffer too small");
	ev.cap_len = 30;
	CHECK_INT(-ENODATA, log_format_line(&ev, "r0", NULL, buf, sizeof(buf)),
		  "errors: TCP header beyond the captured bytes");
	ev.cap_len = ev.pkt_len + 1;
	CHECK_INT(-EINVAL, log_format_line(&ev, "r0", NULL, buf, sizeof(buf)),
		  "errors: more captured than the packet holds");
	ev.cap_len = ev.pkt_len;
	ev.kind = BPFIPT_EV_REJECT;
	CHECK_INT(-EINVAL, log_format_line(&ev, "r0", NULL, buf, sizeof(buf)),
		  "errors: not a LOG event");
}

/* The raw socket R sends from, made with a file-system uid and gid that
 * --log-uid shows (the kernel takes them from the socket's file). */
static int raw_socket(void)
{
	int back, fd = -1;

	if (lab_enter(lab.r, &back))
		return -1;
	setfsgid(OUT_GID);
	setfsuid(OUT_UID);
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	setfsuid(0);
	setfsgid(0);
	lab_leave(back);
	return fd;
}

int main(void)
{
	struct ctx c = {0};

	if (lab_setup("bflog") || lab_set_log_all(1)) {
		CHECK(false, "lab: namespaces, veth pair, nf_log_all_netns");
		return check_exit();
	}
	c.tap_a = lab_tap(lab.a, "a0");
	c.tap_r = lab_tap(lab.r, "r0");
	c.tap_lo = lab_tap(lab.r, "lo");
	c.kmsg = lab_kmsg_open();
	c.raw = raw_socket();
	c.r0 = lab_ifindex(lab.r, "r0");
	c.r1 = lab_ifindex(lab.r, "r1");
	if (!CHECK(c.tap_a >= 0 && c.tap_r >= 0 && c.tap_lo >= 0 && c.kmsg >= 0 && c.raw >= 0 &&
		       c.r0 && c.r1,
		   "lab sockets"))
		return check_exit();
	cases_errors();
	cases_tcp(&c);
	cases_udp(&c);
	cases_icmp(&c);
	cases_ip(&c);
	cases_forward(&c);
	cases_local(&c);
	case_write(&c);
	cases_netns(&c);
	printf("# %u cases against netfilter: %u lines differ, %u not logged\n", c.n, c.differ,
	       c.silent);
	return check_exit();
}
