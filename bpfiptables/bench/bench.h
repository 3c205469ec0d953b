/* SPDX-License-Identifier: GPL-2.0-only */
/* bpf-iptables-bench: the parts and what they share. */
#ifndef BPFIPT_BENCH_H
#define BPFIPT_BENCH_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_MAX_N 16
#define BENCH_MAX_SYSTEMS 7
#define BENCH_MAX_SCENARIOS 4
#define BENCH_MAX_REPS 31
/* Source of the frames that match no rule: outside every synthetic rule. */
#define BENCH_POLICY_FLOW 0xff01u

/* The sandbox: gen --(bg0|bd0)--> dut --(bd1|bs0)--> sink. */
struct sandbox {
	char gen[48], dut[48], sink[48]; /* namespace names, "" once removed */
	int home_fd, gen_fd, dut_fd;	 /* namespace fds, -1 when closed */
	int gen_ifindex;		 /* bg0 in gen: the generator's target */
	int dut_ifindex;		 /* bd0 in dut: where "processed" is counted */
	char bin[512];			 /* directory of bpf-iptables */
};

/* SC_FILE: a user's ruleset with the traffic the user described, or the
 * traffic derived from its rules (derive.c). */
enum scenario { SC_LAST, SC_POLICY, SC_SPREAD, SC_FILE };
enum bench_chain { CH_INPUT, CH_FORWARD };

/* One flow: what its frames' headers say (frame.c writes them). */
struct flow_spec {
	uint32_t saddr, daddr; /* host order */
	uint8_t proto;
	uint8_t icmp_type, icmp_code;
	uint8_t tcp_flags;		    /* TCP: 0x02 is a SYN */
	uint8_t has_tcp_option, tcp_option; /* TCP: an option of that kind */
	uint16_t sport, dport;		    /* TCP, UDP and the other port protocols */
};

struct traffic {
	unsigned int frame_size; /* on the wire, FCS included (64 by default) */
	int tcp_syn;		 /* TCP SYN instead of UDP */
	enum bench_chain chain;	 /* INPUT: to the DUT; FORWARD: to the sink */
	uint32_t first_flow, flows;
	uint32_t saddr; /* host order; 0: the flow's own 198.19.f>>8.f&255 */
	uint16_t dport; /* with saddr: the one flow's port */
	/* Derived from a ruleset: flows[0..flows-1] instead of the
	 * synthetic ones (first_flow, saddr and dport are then unused). */
	const struct flow_spec *specs;
};

/* bench_run.c: commands, namespaces, clock */
int run_cmd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int enter_ns(int fd);
double now_s(void);
/* The median of v[0..n-1] (sorts v); the mean of the two middle values
 * when n is even. */
double median(double *v, unsigned int n);

/* sandbox.c */
int sandbox_create(struct sandbox *sb, const char *bin, char *err, size_t errlen);
void sandbox_destroy(struct sandbox *sb);
void sandbox_install_signals(struct sandbox *sb);

/* gen.c */
struct gen;
int gen_open(struct gen **g, struct sandbox *sb, const struct traffic *t, char *err, size_t errlen);
int gen_send(struct gen *g, uint32_t count, char *err, size_t errlen);
uint64_t gen_redirected(const struct gen *g);
void gen_close(struct gen *g);

/* dut_stats.c: frames the DUT's ingress veth took in (rx_packets) */
int dut_rx(struct sandbox *sb, uint64_t *rx);

/* ceiling.c */
int ceiling_attach(struct sandbox *sb, char *err, size_t errlen);

#endif
