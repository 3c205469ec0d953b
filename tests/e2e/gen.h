/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfipt-gen-ruleset: random iptables-restore files and the probes that
 * exercise them. Everything is a function of the seed (and of RULES for
 * the ruleset), so a failing seed reproduces exactly.
 */
#ifndef BPFIPT_GEN_H
#define BPFIPT_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* splitmix64: tiny, and the same sequence on every machine, which a
 * reproducible seed needs (rand() is not specified across libcs). */
struct rng {
	uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline unsigned rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

static inline bool rng_pct(struct rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

#define RNG_PICK(r, array) ((array)[rng_below((r), sizeof(array) / sizeof((array)[0]))])

/* gen_pools.c: the values rules and probes draw from (see topo.sh). */
extern const char *const pool_cli_addrs[2];
extern const char *const pool_srv_addrs[2];
extern const char *const pool_dut_addrs[2];
extern const char *const pool_unrouted_srcs[8];
extern const char *const pool_prefixes[24];
extern const char *const pool_in_ifaces[8];
extern const char *const pool_out_ifaces[8];
extern const unsigned pool_open_ports[5];
extern const unsigned pool_closed_ports[2];
extern const char *const pool_dport_ranges[8];
extern const char *const pool_icmp_types[14];
extern const char *const pool_tcp_flags[9];
extern const char *const pool_reject_icmp[7];
extern const char *const pool_log_levels[9];
extern const char *const pool_chain_names[10];
#define PROBE_SPORT_BASE 40000u /* probe i has source port BASE + i */
#define PROBE_SPORT_SPAN 46u	/* rules use BASE+1 .. BASE+SPAN: every probe, a few more */
#define PROBE_ECHO_ID_BASE 1000u

/* gen_rules.c */
#define GEN_MAX_USER 10
struct chain {
	const char *name;
	bool builtin;
	bool from_input, from_output; /* -o / -i not allowed: built-in only */
	const char *policy;
	char **rules;
	size_t nrules, cap;
	bool referenced;
};
struct ruleset {
	struct chain chains[3 + GEN_MAX_USER]; /* INPUT, FORWARD, OUTPUT, users */
	int nchains;
	unsigned open_pct; /* how permissive this seed is */
};
int ruleset_generate(struct ruleset *rs, uint64_t seed, unsigned nrules);
void ruleset_print(const struct ruleset *rs, uint64_t seed);
void ruleset_free(struct ruleset *rs);

/* gen_rule.c: one rule's text after "-A CHAIN "; *jump gets the index of a
 * user chain it jumps or goes to, or -1. */
struct rule_shape {
	bool narrow;	     /* matches the packets of one or two probes only */
	unsigned target_pct; /* else only counts or logs */
};
int rule_generate(struct rng *r, const struct ruleset *rs, int chain, unsigned serial,
		  const struct rule_shape *shape, char *out, size_t len, int *jump);

/* gen_probes.c */
void probes_print(uint64_t seed);

#endif
