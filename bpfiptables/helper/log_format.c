// SPDX-License-Identifier: GPL-2.0-only
/* The LOG line, field by field as the kernel's IPv4 syslog logger prints
 * it. Every header is read through view_at(), which fails exactly where
 * the kernel's read of the same bytes from the skb fails, so that the
 * truncation markers (INCOMPLETE, TRUNCATED) land in the same places. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/netfilter/xt_LOG.h>

#include "log_format.h"
#include "pkt_hook.h"

/* Enough ICMP to print each type's fields: the kernel says INCOMPLETE
 * below these lengths (types without an entry need only the header). */
static const uint8_t icmp_need[19] = {
    [0] = 4,   [3] = 28,  [4] = 28,  [5] = 28,	[8] = 4,   [11] = 28,
    [12] = 28, [13] = 20, [14] = 20, [17] = 12, [18] = 12,
};

struct line {
	char *buf;
	size_t size, len;
	bool full;
};

static __attribute__((format(printf, 2, 3))) void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= l->size - l->len) {
		l->full = true;
		return;
	}
	l->len += (size_t)n;
}

/* The IP packet as the kernel's skb holds it at the hook: len bytes, of
 * which the event carries the first cap. */
struct view {
	const uint8_t *data;
	uint32_t len, cap;
	bool missing; /* a read inside len went past cap: cannot print it */
	const struct bpfipt_event *ev;
};

static const uint8_t *view_at(struct view *v, uint32_t off, uint32_t n)
{
	if (off > v->len || n > v->len - off)
		return NULL;
	if (off + n > v->cap) {
		v->missing = true;
		return NULL;
	}
	return v->data + off;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void add_hex(struct line *l, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		add(l, "%02X", p[i]);
}

/* 0 when the line goes on, 1 when the kernel stops printing this packet
 * (it then also skips UID and MARK). */
static int dump_tcp(struct line *l, struct view *v, uint32_t off, bool fragment)
{
	const uint8_t *th, *opt;
	unsigned optsize;

	add(l, "PROTO=TCP ");
	if (fragment)
		return 0;
	th = view_at(v, off, 20);
	if (!th) {
		add(l, "INCOMPLETE [%u bytes] ", v->len - off);
		return 1;
	}
	add(l, "SPT=%u DPT=%u ", get16(th), get16(th + 2));
	if (v->ev->log_flags & XT_LOG_TCPSEQ)
		add(l, "SEQ=%u ACK=%u ", get32(th + 4), get32(th + 8));
	add(l, "WINDOW=%u ", get16(th + 14));
	/* Three reserved bits; the fourth of the nibble is AE (RFC 9768). */
	add(l, "RES=0x%02x ", (th[12] & 0x0e) << 2);
	static const char *const names[] = {"AE",  "CWR", "ECE", "URG", "ACK",
					    "PSH", "RST", "SYN", "FIN"};
	unsigned bits = (unsigned)(th[12] & 1) << 8 | th[13];
	for (unsigned i = 0; i < 9; i++)
		if (bits & (0x100u >> i))
			add(l, "%s ", names[i]);
	add(l, "URGP=%u ", get16(th + 18));
	if (!(v->ev->log_flags & XT_LOG_TCPOPT) || (th[12] >> 4) * 4u <= 20)
		return 0;
	optsize = (th[12] >> 4) * 4u - 20;
	opt = view_at(v, off + 20, optsize);
	if (!opt) {
		add(l, "OPT (TRUNCATED)");
		return 1;
	}
	add(l, "OPT (");
	add_hex(l, opt, optsize);
	add(l, ") ");
	return 0;
}

static int dump_udp(struct line *l, struct view *v, uint32_t off, bool fragment, uint8_t proto)
{
	const uint8_t *uh;

	add(l, proto == 17 ? "PROTO=UDP " : "PROTO=UDPLITE ");
	if (fragment)
		return 0;
	uh = view_at(v, off, 8);
	if (!uh) {
		add(l, "INCOMPLETE [%u bytes] ", v->len - off);
		return 1;
	}
	add(l, "SPT=%u DPT=%u LEN=%u ", get16(uh), get16(uh + 2), get16(uh + 4));
	return 0;
}

static void dump_ip(struct line *l, struct view *v, uint32_t iphoff);

static void dump_icmp(struct line *l, struct view *v, uint32_t iphoff, uint32_t off, bool fragment)
{
	const uint8_t *ich;
	uint32_t left = v->len - off;

	add(l, "PROTO=ICMP ");
	if (fragment)
		return;
	ich = view_at(v, off, 8);
	if (!ich) {
		add(l, "INCOMPLETE [%u bytes] ", left);
		return;
	}
	add(l, "TYPE=%u CODE=%u ", ich[0], ich[1]);
	if (ich[0] < sizeof(icmp_need) && icmp_need[ich[0]] && left < icmp_need[ich[0]]) {
		add(l, "INCOMPLETE [%u bytes] ", left);
		return;
	}
	switch (ich[0]) {
	case 0: /* echo reply */
	case 8: /* echo request */
		add(l, "ID=%u SEQ=%u ", get16(ich + 4), get16(ich + 6));
		return;
	case 12: /* parameter problem: the pointer, no quoted packet */
		add(l, "PARAMETER=%u ", ich[4]);
		return;
	case 5: /* redirect */
		add(l, "GATEWAY=%u.%u.%u.%u ", ich[4], ich[5], ich[6], ich[7]);
		/* and the quoted packet, as for the other errors */
		/* fallthrough */
	case 3:	 /* destination unreachable */
	case 4:	 /* source quench */
	case 11: /* time exceeded */
		/* The kernel quotes one level deep only. */
		if (!iphoff) {
			add(l, "[");
			dump_ip(l, v, off + 8);
			add(l, "] ");
		}
		if (ich[0] == 3 && ich[1] == 4) /* fragmentation needed */
			add(l, "MTU=%u ", get16(ich + 6));
		return;
	default:
		return;
	}
}

/* AH and ESP print their SPI. The kernel checks the fragment offset
 * before AH's name but after ESP's. */
static void dump_spi(struct line *l, struct view *v, uint32_t off, bool fragment, bool ah)
{
	const uint8_t *h;

	if (ah && fragment)
		return;
	add(l, ah ? "PROTO=AH " : "PROTO=ESP ");
	if (fragment)
		return;
	h = view_at(v, off, ah ? 12 : 8); /* the kernel reads AH's sequence number too */
	if (!h) {
		add(l, "INCOMPLETE [%u bytes] ", v->len - off);
		return;
	}
	add(l, "SPI=0x%x ", get32(ah ? h + 4 : h));
}

static void dump_ip(struct line *l, struct view *v, uint32_t iphoff)
{
	const uint8_t *ih = view_at(v, iphoff, 20), *opt;
	unsigned ihl, frag;
	uint32_t off;

	if (!ih) {
		add(l, "TRUNCATED");
		return;
	}
	ihl = (ih[0] & 0x0f) * 4u;
	frag = get16(ih + 6);
	add(l, "SRC=%u.%u.%u.%u DST=%u.%u.%u.%u ", ih[12], ih[13], ih[14], ih[15], ih[16], ih[17],
	    ih[18], ih[19]);
	add(l, "LEN=%u TOS=0x%02X PREC=0x%02X TTL=%u ID=%u ", get16(ih + 2), ih[1] & 0x1e,
	    ih[1] & 0xe0, ih[8], get16(ih + 4));
	if (frag & 0x8000)
		add(l, "CE ");
	if (frag & 0x4000)
		add(l, "DF ");
	if (frag & 0x2000)
		add(l, "MF ");
	if (frag & 0x1fff)
		add(l, "FRAG:%u ", frag & 0x1fff);
	if ((v->ev->log_flags & XT_LOG_IPOPT) && ihl > 20) {
		opt = view_at(v, iphoff + 20, ihl - 20);
		if (!opt) {
			add(l, "TRUNCATED");
			return;
		}
		add(l, "OPT (");
		add_hex(l, opt, ihl - 20);
		add(l, ") ");
	}
	off = iphoff + ihl;
	switch (ih[9]) {
	case 6:
		if (dump_tcp(l, v, off, frag & 0x1fff))
			return;
		break;
	case 17:
	case 136: /* UDP-Lite */
		if (dump_udp(l, v, off, frag & 0x1fff, ih[9]))
			return;
		break;
	case 1:
		dump_icmp(l, v, iphoff, off, frag & 0x1fff);
		break;
	case 51:
	case 50:
		dump_spi(l, v, off, frag & 0x1fff, ih[9] == 51);
		break;
	default:
		add(l, "PROTO=%u ", ih[9]);
	}
	if (iphoff) /* the quoted packet of an ICMP error */
		return;
	if ((v->ev->log_flags & XT_LOG_UID) && (v->ev->flags & BPFIPT_EV_F_SOCK))
		add(l, "UID=%u GID=%u ", v->ev->uid, v->ev->gid);
	if (v->ev->mark)
		add(l, "MARK=0x%x ", v->ev->mark);
}

/* The link-layer header as the kernel's skb has it: a VLAN tag that
 * the dataplane saw on the wire was taken out (into the skb's metadata)
 * before IP received the packet, and the kernel prints the header with
 * the tag removed. */
static size_t mac_header(const struct bpfipt_event *ev, uint8_t out[BPFIPT_EV_MAC_MAX])
{
	size_t n = ev->mac_len;

	memcpy(out, ev->mac, n);
	if (n >= 18 &&
	    ((out[12] == 0x81 && out[13] == 0x00) || (out[12] == 0x88 && out[13] == 0xa8))) {
		memmove(out + 12, out + 16, n - 16);
		n -= 4;
	}
	return n;
}

/* Loopback has ifindex 1 in every namespace; its header is Ethernet-like
 * but the device is not ARPHRD_ETHER, so --log-macdecode does not decode
 * it. Any other device with a 14-byte header is taken for Ethernet. */
static void dump_mac(struct line *l, const struct bpfipt_event *ev)
{
	uint8_t mac[BPFIPT_EV_MAC_MAX];
	size_t n = mac_header(ev, mac);
	bool ether = ev->in_ifindex != 1 && n == 14;

	if ((ev->log_flags & XT_LOG_MACDECODE) && ether) {
		add(l, "MACSRC=%02x:%02x:%02x:%02x:%02x:%02x ", mac[6], mac[7], mac[8], mac[9],
		    mac[10], mac[11]);
		add(l, "MACDST=%02x:%02x:%02x:%02x:%02x:%02x ", mac[0], mac[1], mac[2], mac[3],
		    mac[4], mac[5]);
		add(l, "MACPROTO=%04x ", get16(mac + 12));
		return;
	}
	add(l, "MAC=");
	for (size_t i = 0; i < n; i++)
		add(l, i ? ":%02x" : "%02x", mac[i]);
	add(l, " ");
}

static bool event_valid(const struct bpfipt_event *ev)
{
	return ev->kind == BPFIPT_EV_LOG && ev->hook < BPFIPT_N_HOOKS &&
	       ev->cap_len <= BPFIPT_EV_PKT_MAX && ev->cap_len <= ev->pkt_len &&
	       ev->mac_len <= BPFIPT_EV_MAC_MAX && ev->log_level < 8;
}

int log_format_line(const struct bpfipt_event *ev, const char *in_name, const char *out_name,
		    char *buf, size_t size)
{
	uint8_t pkt[BPFIPT_EV_PKT_MAX];
	struct line l = {.buf = buf, .size = size};
	struct view v = {.data = pkt, .len = ev->pkt_len, .cap = ev->cap_len, .ev = ev};

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	if (!event_valid(ev))
		return -EINVAL;
	pkt_at_hook(ev, 0, pkt); /* a FORWARDed record-route shows 0.0.0.0 */
	add(&l, "%.*sIN=%s OUT=%s ", (int)strnlen(ev->log_prefix, BPFIPT_EV_PREFIX - 1),
	    ev->log_prefix, in_name ? in_name : "", out_name ? out_name : "");
	if (ev->in_ifindex)
		dump_mac(&l, ev);
	dump_ip(&l, &v, 0);
	if (v.missing)
		return -ENODATA;
	if (l.full)
		return -ENOSPC;
	return (int)l.len;
}
