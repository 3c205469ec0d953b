// SPDX-License-Identifier: GPL-2.0-only
/* The BPF packet parser (kernel/include/parse.h) through
 * BPF_PROG_TEST_RUN on crafted frames: VLAN tags, IP options, fragments,
 * Ethernet padding, truncated headers, TCP options. Needs root and BPF;
 * without them it fails, it does not skip. */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <string.h>

#include "bpfipt_pkt.h" /* before the skeleton, which names the struct */
#include "check.h"
#include "parse_test.skel.h"

struct frame {
	uint8_t b[256];
	size_t n;
};

static void put(struct frame *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void put16(struct frame *f, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	put(f, b, 2);
}

static void eth(struct frame *f, const uint16_t *vlans, int n_vlan, uint16_t type)
{
	static const uint8_t macs[12] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};

	f->n = 0;
	put(f, macs, sizeof(macs));
	for (int i = 0; i < n_vlan; i++) {
		put16(f, vlans[i]);
		put16(f, (uint16_t)(100 + i)); /* TCI */
	}
	put16(f, type);
}

/* IPv4 header with `opt_words` words of options (NOPs). */
static void ipv4(struct frame *f, uint8_t proto, uint16_t tot_len, uint16_t frag, int opt_words)
{
	uint8_t h[20] = {(uint8_t)(0x40 | (5 + opt_words)), 0, (uint8_t)(tot_len >> 8),
			 (uint8_t)tot_len, 0, 1, (uint8_t)(frag >> 8), (uint8_t)frag, 64, proto, 0,
			 0, 198, 18, 0, 1, 198, 19, 0, 2};

	put(f, h, sizeof(h));
	for (int i = 0; i < opt_words * 4; i++)
		put(f, (uint8_t[]){1}, 1);
}

static struct bpfipt_pkt run(struct parse_test *skel, struct frame *f, int *ret)
{
	uint8_t out[256];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = f->b, .data_size_in = (uint32_t)f->n,
		    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);
	int err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.bpfipt_parse_test), &opts);

	CHECK(err == 0 && opts.retval == XDP_PASS, "test run of %zu bytes", f->n);
	*ret = skel->bss->last_ret;
	return skel->bss->last_pkt;
}

static bool opt_set(const struct bpfipt_pkt *p, unsigned int kind)
{
	return p->tcp_opts[kind / 8] & (1u << (kind % 8));
}

static void test_tcp_syn(struct parse_test *skel)
{
	/* MSS, SACK-permitted, timestamps, NOP, window scale: 20 bytes. */
	static const uint8_t opts[20] = {2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
	struct frame f;
	int ret;

	eth(&f, NULL, 0, 0x0800);
	ipv4(&f, 6, 20 + 40, 0, 0);
	put16(&f, 40000);
	put16(&f, 22);
	put(&f, (uint8_t[]){0, 0, 0, 1, 0, 0, 0, 0, (10 << 4), 0x02, 0xff, 0xff, 0, 0, 0, 0}, 16);
	put(&f, opts, sizeof(opts));
	struct bpfipt_pkt p = run(skel, &f, &ret);

	CHECK(ret == 0 && p.proto == 6 && p.sport == 40000 && p.dport == 22, "tcp: ports");
	CHECK(p.tcp_flags == 0x02 && p.tcp_doff == 10 && p.l4_len == 40, "tcp: flags, doff, length");
	CHECK(opt_set(&p, 2) && opt_set(&p, 4) && opt_set(&p, 8) && opt_set(&p, 1) && opt_set(&p, 3),
	      "tcp: options 2, 4, 8, 1, 3 met by the walk");
	CHECK(!opt_set(&p, 5) && !opt_set(&p, 180), "tcp: option bytes inside others are not kinds");
	CHECK(p.saddr == htonl(0xc6120001) && p.daddr == htonl(0xc6130002) && p.len == 60,
	      "tcp: addresses and IP length");
}

static void test_udp_padding(struct parse_test *skel)
{
	struct frame f;
	int ret;

	eth(&f, NULL, 0, 0x0800);
	ipv4(&f, 17, 28, 0, 0);
	put16(&f, 53);
	put16(&f, 33000);
	put(&f, (uint8_t[]){0, 8, 0, 0}, 4);
	while (f.n < 60)
		put(&f, (uint8_t[]){0xee}, 1); /* Ethernet padding */
	struct bpfipt_pkt p = run(skel, &f, &ret);

	CHECK(ret == 0 && p.sport == 53 && p.dport == 33000, "udp: ports");
	CHECK(p.l4_len == 8, "udp: padding after the IP length is not layer-4 data (%u)", p.l4_len);
}

static void test_vlan_and_options(struct parse_test *skel)
{
	static const uint16_t one[] = {0x8100}, two[] = {0x88a8, 0x8100};
	struct frame f;
	int ret;

	eth(&f, one, 1, 0x0800);
	ipv4(&f, 1, 28, 0, 0);
	put(&f, (uint8_t[]){8, 0, 0, 0, 0, 1, 0, 1}, 8);
	struct bpfipt_pkt p = run(skel, &f, &ret);
	CHECK(ret == 0 && p.vlan_depth == 1 && p.icmp_type == 8 && p.icmp_code == 0,
	      "802.1Q: icmp echo-request");

	eth(&f, two, 2, 0x0800);
	ipv4(&f, 17, 32, 0, 1); /* one word of IP options */
	put16(&f, 1234);
	put16(&f, 80);
	put(&f, (uint8_t[]){0, 8, 0, 0}, 4);
	p = run(skel, &f, &ret);
	CHECK(ret == 0 && p.vlan_depth == 2 && p.sport == 1234 && p.dport == 80,
	      "802.1ad + 802.1Q, IP options: ports after the options");
}

static void test_fragments(struct parse_test *skel)
{
	struct frame f;
	int ret;

	eth(&f, NULL, 0, 0x0800);
	ipv4(&f, 6, 20 + 20, 185, 0); /* offset 185 * 8: no TCP header here */
	put(&f, (uint8_t[]){1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0x12, 15, 16, 17, 18, 19, 20},
	    20);
	struct bpfipt_pkt p = run(skel, &f, &ret);
	CHECK(ret == 0 && p.frag_off == 185 && p.sport == 0 && p.tcp_flags == 0 && p.l4_len == 0,
	      "later fragment: no layer-4 fields");

	eth(&f, NULL, 0, 0x0800);
	ipv4(&f, 17, 28, 0x2000, 0); /* MF set, offset 0: the first fragment */
	put16(&f, 5);
	put16(&f, 6);
	put(&f, (uint8_t[]){0, 8, 0, 0}, 4);
	p = run(skel, &f, &ret);
	CHECK(ret == 0 && p.frag_off == 0 && p.sport == 5 && p.dport == 6,
	      "first fragment: parsed like a whole packet");
}

static void test_truncated(struct parse_test *skel)
{
	struct frame f;
	int ret;

	eth(&f, NULL, 0, 0x0800);
	ipv4(&f, 6, 30, 0, 0);
	put(&f, (uint8_t[]){0, 80, 1, 187, 0, 0, 0, 0, 0, 0}, 10);
	struct bpfipt_pkt p = run(skel, &f, &ret);
	CHECK(ret == 0 && p.l4_len == 10 && p.sport == 80 && p.dport == 443 && p.tcp_doff == 0,
	      "tcp header cut at 10 bytes: ports only");

	eth(&f, NULL, 0, 0x0800);
	put(&f, (uint8_t[]){0x45, 0, 0, 40, 0, 0}, 6);
	p = run(skel, &f, &ret);
	CHECK(ret == -1 && (p.flags & BPFIPT_PKT_BAD_IP) && !(p.flags & BPFIPT_PKT_IPV4),
	      "IPv4 header cut short: refused");

	eth(&f, NULL, 0, 0x86dd);
	put(&f, (uint8_t[40]){0x60}, 40);
	p = run(skel, &f, &ret);
	CHECK(ret == -1 && p.flags == 0, "IPv6: not parsed (passes untouched)");
}

static void test_zero_length_option(struct parse_test *skel)
{
	struct frame f;
	int ret;

	eth(&f, NULL, 0, 0x0800);
	ipv4(&f, 6, 20 + 24, 0, 0);
	put16(&f, 1);
	put16(&f, 2);
	put(&f, (uint8_t[]){0, 0, 0, 0, 0, 0, 0, 0, (6 << 4), 0x10, 0, 0, 0, 0, 0, 0}, 16);
	put(&f, (uint8_t[]){30, 0, 19, 2}, 4); /* kind 30, length 0: the walk steps one byte */
	struct bpfipt_pkt p = run(skel, &f, &ret);
	CHECK(opt_set(&p, 30) && opt_set(&p, 0) && opt_set(&p, 19) && !opt_set(&p, 2),
	      "option with length 0: the walk steps one byte, as tcp_find_option");
}

int main(void)
{
	struct parse_test *skel = parse_test__open_and_load();

	CHECK(skel != NULL, "load the parser test program (needs root and BPF)");
	if (!skel)
		return check_exit();
	test_tcp_syn(skel);
	test_udp_padding(skel);
	test_vlan_and_options(skel);
	test_fragments(skel);
	test_truncated(skel);
	test_zero_length_option(skel);
	parse_test__destroy(skel);
	return check_exit();
}
