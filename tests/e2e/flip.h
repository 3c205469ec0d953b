/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfipt-flip: the atomic-update test under live traffic (flip-test.sh).
 *
 * Two rulesets A and B of the same shape (same chains, same number of
 * rules in each) but different content, a fixed set of UDP flows whose
 * verdict under each ruleset is known from a reference walk of our own,
 * and a sender/receiver that checks every datagram's verdict while the
 * dataplane is flipped between A and B. Every verdict is something the
 * sender sees (delivered, or an ICMP error with its own code): the
 * rulesets never DROP, so a datagram that gets no answer is a failure
 * too.
 */
#ifndef BPFIPT_FLIP_H
#define BPFIPT_FLIP_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

/* Flows: each has its own source port, so a verdict names its flow. */
#define FLIP_FLOWS 48
#define FLIP_SPORT0 40000
#define FLIP_DPORT0 7001
#define FLIP_DPORTS 4

/* Verdicts as the sender observes them. */
enum flip_verdict {
	FV_ACCEPT,
	FV_REJ_NET,	/* icmp-net-unreachable, 3/0 */
	FV_REJ_HOST,	/* icmp-host-unreachable, 3/1 */
	FV_REJ_PROTO,	/* icmp-proto-unreachable, 3/2 */
	FV_REJ_PORT,	/* icmp-port-unreachable, 3/3 */
	FV_REJ_NETPRO,	/* icmp-net-prohibited, 3/9 */
	FV_REJ_HOSTPRO, /* icmp-host-prohibited, 3/10 */
	FV_REJ_ADMIN,	/* icmp-admin-prohibited, 3/13 */
	FV_N_SEEN,	/* verdicts below are not the rulesets' */
	FV_LOST = FV_N_SEEN,
	FV_OTHER, /* an answer no ruleset gives (wrong receiver, other ICMP) */
	FV_N,
};

enum flip_target { FT_NONE, FT_ACCEPT, FT_REJECT, FT_JUMP, FT_GOTO, FT_RETURN };

struct flip_rule {
	uint32_t src, smask, dst, dmask; /* host byte order; mask 0: any */
	bool sneg, dneg;
	bool udp;			     /* -p udp */
	uint16_t sp_lo, sp_hi, dp_lo, dp_hi; /* 0..65535: any */
	bool spneg, dpneg;
	const char *in, *out; /* -i / -o, NULL: any */
	bool inneg, outneg;
	enum flip_target target;
	enum flip_verdict reject; /* FT_REJECT */
	int chain;		  /* FT_JUMP, FT_GOTO */
};

/* INPUT, FORWARD, OUTPUT, then the user chains; the shape (chains and
 * rules per chain) is the same for every ruleset. */
#define FLIP_CHAINS 6
#define FLIP_MAX_RULES 32

struct flip_ruleset {
	int n[FLIP_CHAINS];
	struct flip_rule rule[FLIP_CHAINS][FLIP_MAX_RULES];
};

struct flip_flow {
	uint32_t src, dst; /* host byte order */
	uint16_t sport, dport;
	bool input; /* to the dut itself (INPUT), else through it (FORWARD) */
};

/* The rulesets of one seed: A and B for the flips, C (A with one rule
 * more at the head of FORWARD) for showing that a wrong ruleset is seen. */
struct flip_set {
	struct flip_ruleset rs[3];
	struct flip_flow flow[FLIP_FLOWS];
	enum flip_verdict v[3][FLIP_FLOWS];
	unsigned pair_seed; /* the draw that won the search (printed) */
	unsigned power;	    /* per mille of simulated tears that show */
};

extern const char *const flip_chain_names[FLIP_CHAINS];

void flip_set_build(struct flip_set *s, unsigned seed);
void flip_ruleset_print(const struct flip_ruleset *rs, FILE *out);
enum flip_verdict flip_eval(const struct flip_ruleset *rs, const struct flip_flow *f);
const char *flip_verdict_name(enum flip_verdict v);
/* The verdict of an ICMP destination-unreachable code, or FV_OTHER. */
enum flip_verdict flip_verdict_of_code(unsigned code);

int flip_traffic_main(int argc, char **argv);
int flip_tamper_main(int argc, char **argv);

#endif
