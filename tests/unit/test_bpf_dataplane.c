// SPDX-License-Identifier: GPL-2.0-only
/* The product's attached TC ingress program under BPF_PROG_TEST_RUN, with
 * crafted frames the live probes never send: first and later fragments,
 * a TCP fragment at offset 1, IP options, a TCP header cut short, TCP
 * options, VLAN tags, a truncated IP header. The rules are loaded into a
 * throwaway namespace by the product's own bpf-iptables-restore, so the
 * maps hold what the product's sync writes. The oracle is the reference
 * matcher (netfilter's semantics, translator/refmatch.c) on the packet as
 * the BPF parser reads it: every frame's verdict must be the reference's,
 * and after all of them the product's `save -c` must equal the reference
 * table's counters printed the same way. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <glob.h>
#include <linux/pkt_cls.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfipt_pkt.h" /* before the skeleton, which names the struct */
#include "check.h"
#include "dp_lab.h"
#include "parse_test.skel.h"
#include "pkt_build.h"
#include "pkt_convert.h"
#include "../../translator/print.h"
#include "../../translator/refmatch.h"
#include "../../translator/restore.h"

static const char rules[] = "*filter\n"
			    ":INPUT DROP [0:0]\n"
			    ":FORWARD ACCEPT [0:0]\n"
			    ":OUTPUT ACCEPT [0:0]\n"
			    ":frag - [0:0]\n"
			    "-A INPUT -p tcp --dport 9 -j ACCEPT\n"
			    "-A INPUT -f -j frag\n"
			    "-A INPUT -p tcp --dport 22 --tcp-flags SYN,ACK SYN -j ACCEPT\n"
			    "-A INPUT -p tcp --tcp-option 8 -j LOG --log-prefix \"ts \"\n"
			    "-A INPUT -p tcp -m multiport --dports 80,443:445 -j ACCEPT\n"
			    "-A INPUT -p udp -m multiport --dports 53,123 -j ACCEPT\n"
			    "-A INPUT -p icmp --icmp-type echo-request -j ACCEPT\n"
			    "-A INPUT -s 198.18.0.0/16 -p tcp -j REJECT --reject-with tcp-reset\n"
			    "-A INPUT -i lo ! -p tcp\n"
			    "-A frag -p udp\n"
			    "-A frag -j DROP\n"
			    "COMMIT\n";

struct oracle {
	struct parse_test *parser;
	struct ruleset *rs;
	struct ref_result res;
};

/* One frame: the program's verdict against the reference's for the
 * packet the BPF parser reads from it (INPUT, on lo); the reference
 * counts it. Frames netfilter never sees (not IPv4, or refused by the
 * parser as the stack would refuse them) must pass untouched. */
static void one(struct oracle *o, int prog, const char *name, const uint8_t *frame, size_t n,
		bool seen)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (uint32_t)n,
		    .repeat = 1);
	struct packet p, on_lo = {.iniface = "lo"};
	int got = test_run(prog, frame, n), want;

	if (!seen) {
		CHECK_INT(TC_ACT_OK, got, "%s: passes untouched", name);
		return;
	}
	if (!CHECK(bpf_prog_test_run_opts(bpf_program__fd(o->parser->progs.bpfipt_parse_test),
					  &opts) == 0 &&
			   o->parser->bss->last_ret == 0,
		   "%s: the BPF parser reads it", name))
		return;
	pkt_from_bpf(&o->parser->bss->last_pkt, &on_lo, &p);
	if (!CHECK(ref_classify(o->rs, HOOK_INPUT, &p, &o->res) == 0, "%s: reference", name))
		return;
	ref_count(o->rs, &o->res, &p);
	want = o->res.verdict == REF_ACCEPT ? TC_ACT_OK : TC_ACT_SHOT;
	CHECK_INT(want, got, "%s: verdict (reference: %s%s)", name,
		  o->res.verdict == REF_ACCEPT ? "accept" : "drop",
		  o->res.hotdrop ? ", hot drop" : "");
}

static size_t eth_ip(uint8_t *frame, const struct ipspec *s, struct l4 *l)
{
	/* lo's address is all zero: the test run's skb is then for this host. */
	memset(frame, 0, 12);
	put16be(frame + 12, 0x0800);
	return 14 + ip_build(frame + 14, s, l);
}

static void frames(struct oracle *o, int prog)
{
	static const uint8_t ts[12] = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0};
	static const uint8_t mss[4] = {2, 4, 5, 180};
	static const uint8_t ipopt[8] = {7, 7, 4, 0, 0, 0, 0, 1}; /* record route, 1 slot */
	const uint32_t lo = IP4(127, 0, 0, 1), near = IP4(198, 18, 0, 2), far = IP4(198, 19, 0, 2);
	uint8_t f[256], data[16] = {0};
	struct l4 l;
	size_t n;

	l4_tcp(&l, 40000, 22, 1, 0, 0x002, 1000, 0, mss, sizeof(mss), 0);
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 6}, &l);
	one(o, prog, "tcp syn to 22", f, n, true);
	l4_tcp(&l, 40001, 80, 1, 1, 0x010, 1000, 0, ts, sizeof(ts), 0);
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 6}, &l);
	one(o, prog, "tcp ack with timestamps to 80 (LOG, then ACCEPT)", f, n, true);
	l4_tcp(&l, 40002, 444, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
	n = eth_ip(f, &(struct ipspec){.src = far, .dst = lo, .proto = 6}, &l);
	one(o, prog, "tcp to a multiport range", f, n, true);
	l4_tcp(&l, 40003, 8080, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 6}, &l);
	one(o, prog, "tcp rejected (tcp-reset)", f, n, true);
	n = eth_ip(f, &(struct ipspec){.src = far, .dst = lo, .proto = 6}, &l);
	one(o, prog, "tcp to the policy", f, n, true);
	l4_tcp(&l, 40004, 22, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 6, .opt = ipopt,
				       .optlen = sizeof(ipopt)},
		   &l);
	one(o, prog, "tcp syn with IP options", f, n, true);
	l4_udp(&l, 17, 40005, 53, data, sizeof(data));
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 17, .frag = 0x2000}, &l);
	one(o, prog, "udp first fragment (more fragments, offset 0)", f, n, true);
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 17, .frag = 185}, &l);
	one(o, prog, "udp later fragment (offset 185): -f", f, n, true);
	l4_tcp(&l, 40006, 9, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 6, .frag = 1}, &l);
	one(o, prog, "tcp fragment at offset 1 (tcp_mt drops it)", f, n, true);
	l4_tcp(&l, 40007, 22, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 6}, &l);
	n = 14 + ip_truncate(f + 14, 20 + 10);
	one(o, prog, "tcp header cut short (hot drop)", f, n, true);
	l4_icmp(&l, 8, 0, 0x10001, data, sizeof(data));
	n = eth_ip(f, &(struct ipspec){.src = far, .dst = lo, .proto = 1}, &l);
	one(o, prog, "icmp echo request", f, n, true);
	l4_icmp(&l, 0, 0, 0x10001, data, sizeof(data));
	n = eth_ip(f, &(struct ipspec){.src = far, .dst = lo, .proto = 1}, &l);
	one(o, prog, "icmp echo reply (-i lo ! -p tcp, then the policy)", f, n, true);
	/* A VLAN tag: TC on the parent device lets it go to the VLAN device,
	 * where netfilter (and our program there) sees it. */
	uint8_t tagged[256];

	l4_udp(&l, 17, 40008, 53, data, sizeof(data));
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 17}, &l);
	memcpy(tagged, f, 12);
	put16be(tagged + 12, 0x8100);
	put16be(tagged + 14, 100);
	memcpy(tagged + 16, f + 12, n - 12);
	one(o, prog, "vlan-tagged udp", tagged, n + 4, false);
	/* An IP header that claims more bytes (IHL 15) than the frame has:
	 * the stack drops it unseen. */
	n = eth_ip(f, &(struct ipspec){.src = near, .dst = lo, .proto = 17}, &l);
	f[14] = 0x4f;
	one(o, prog, "ip header longer than the frame", f, 14 + 28, false);
}

/* The product's `save -c` against the reference table printed the same
 * way, '#' lines left out. */
static void compare_counters(struct lab *l, const struct ruleset *rs)
{
	char cmd[8400], line[1024];
	struct strbuf want, got;
	FILE *p;

	sb_init(&want);
	sb_init(&got);
	print_save_table(&want, rs, true);
	snprintf(cmd, sizeof(cmd), "%s/bpf-iptables-save -c", l->bin);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p))
		if (line[0] != '#')
			sb_printf(&got, "%s", line);
	if (p)
		pclose(p);
	size_t i = 0;

	while (i < want.len && want.buf[i] == '#') /* the reference's own header */
		i = (size_t)(strchr(want.buf + i, '\n') - want.buf) + 1;
	if (getenv("DPT_SHOW")) /* to see what is compared */
		printf("# product:\n%s", got.buf ? got.buf : "");
	if (!CHECK(strcmp(want.buf + i, got.buf ? got.buf : "") == 0,
		   "the counters of every rule and policy are the reference's"))
		printf("# reference:\n%s# product:\n%s", want.buf + i, got.buf ? got.buf : "");
	sb_free(&want);
	sb_free(&got);
}

int main(void)
{
	struct lab lab = {.home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)};
	struct oracle o = {0};
	struct strbuf out, err;
	struct restore_opts ropts = {.prog = "test"};
	FILE *in = fmemopen((void *)rules, sizeof(rules) - 1, "r");
	int prog;

	sb_init(&out);
	sb_init(&err);
	o.rs = ruleset_new();
	ref_result_init(&o.res);
	if (!CHECK(in && restore_run(in, &o.rs, &ropts, &out, &err) == 0, "the reference table"))
		return check_exit();
	fclose(in);
	o.parser = parse_test__open_and_load();
	prog = o.parser ? lab_up(&lab, rules) : -1;
	if (CHECK(prog >= 0, "namespace, rules loaded by bpf-iptables-restore, program by id")) {
		frames(&o, prog);
		compare_counters(&lab, o.rs);
		close(prog);
	}
	lab_down(&lab);
	parse_test__destroy(o.parser);
	ref_result_free(&o.res);
	ruleset_free(o.rs);
	sb_free(&out);
	sb_free(&err);
	return check_exit();
}
