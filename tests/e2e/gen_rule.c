// SPDX-License-Identifier: GPL-2.0-only
/*
 * One random rule: its matches drawn from the shared pools, its target
 * from what the chain may use. Probabilities are such that most rules test
 * one to three fields, so that rules both hit and miss.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

struct text {
	char *buf;
	size_t len, size;
	bool full;
};

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->size - t->len)
		t->full = true;
	else
		t->len += (size_t)n;
}

static const char *neg(struct rng *r, unsigned pct)
{
	return rng_pct(r, pct) ? "! " : "";
}

static unsigned probe_sport(struct rng *r)
{
	return PROBE_SPORT_BASE + 1 + rng_below(r, PROBE_SPORT_SPAN);
}

/* A destination port or range: served and closed ports, and ranges. */
static void dport_text(struct rng *r, char *out, size_t len)
{
	unsigned k = rng_below(r, 10);

	if (k < 5)
		snprintf(out, len, "%u", RNG_PICK(r, pool_open_ports));
	else if (k < 7)
		snprintf(out, len, "%u", RNG_PICK(r, pool_closed_ports));
	else
		snprintf(out, len, "%s", RNG_PICK(r, pool_dport_ranges));
}

/* A source port or range around the probes' source ports. */
static void sport_text(struct rng *r, char *out, size_t len)
{
	unsigned a = probe_sport(r), b = probe_sport(r);

	if (rng_pct(r, 50))
		snprintf(out, len, "%u", a);
	else if (rng_pct(r, 80))
		snprintf(out, len, "%u:%u", a < b ? a : b, a < b ? b : a);
	else
		snprintf(out, len, "%u:", a);
}

/* multiport has no open range ("a:") and refuses "a:a" (invalid
 * portrange specified), which the tcp and udp matches accept. */
static void multiport_range(char *one)
{
	char *colon = strchr(one, ':');
	unsigned lo, hi;

	if (!colon)
		return;
	if (colon[1] == '\0')
		strcpy(colon + 1, "65535");
	if (sscanf(one, "%u:%u", &lo, &hi) == 2 && lo == hi)
		*colon = '\0';
}

static void multiport(struct rng *r, struct text *t)
{
	static const char *const opts[] = {"--dports", "--sports", "--ports"};
	const char *opt = RNG_PICK(r, opts);
	unsigned n = 1 + rng_below(r, 4);
	char one[24];

	add(t, " -m multiport %s%s ", neg(r, 20), opt);
	for (unsigned i = 0; i < n; i++) {
		if (strcmp(opt, "--sports") == 0 || (strcmp(opt, "--ports") == 0 && rng_pct(r, 30)))
			sport_text(r, one, sizeof(one));
		else
			dport_text(r, one, sizeof(one));
		multiport_range(one);
		add(t, "%s%s", i ? "," : "", one);
	}
}

static void ports(struct rng *r, struct text *t, bool tcp)
{
	char p[24];

	if (rng_pct(r, 15)) {
		multiport(r, t);
		return;
	}
	const char *sneg = "";

	if (rng_pct(r, 25)) {
		sport_text(r, p, sizeof(p));
		sneg = neg(r, 20);
		add(t, " %s--sport %s", sneg, p);
	}
	if (rng_pct(r, 50)) {
		dport_text(r, p, sizeof(p));
		/* Never both ports negated: iptables-nft compares the pair as
		 * one 32-bit value (so "! --sport A ! --dport B" matches unless
		 * both are equal), where iptables-legacy and the kernel's
		 * xt_tcp/xt_udp negate each port alone, as bpf-iptables does. */
		add(t, " %s--dport %s", *sneg ? "" : neg(r, 20), p);
	}
	if (tcp && rng_pct(r, 25)) {
		if (rng_pct(r, 40))
			add(t, " %s--syn", neg(r, 30));
		else
			add(t, " %s--tcp-flags %s", neg(r, 20), RNG_PICK(r, pool_tcp_flags));
	}
	/* Linux SYNs and SYN-ACKs carry MSS (2), SACK-permitted (4),
	 * timestamps (8) and window scale (3); RSTs carry none. */
	if (tcp && rng_pct(r, 8)) {
		static const unsigned kinds[] = {2, 3, 4, 8, 5, 30};

		add(t, " %s--tcp-option %u", neg(r, 25), RNG_PICK(r, kinds));
	}
}

/* -p and the protocol's own matches; returns the protocol tested
 * ("" if none or negated), which REJECT --reject-with tcp-reset needs. */
static const char *protocol(struct rng *r, struct text *t)
{
	static const char *const protos[] = {"tcp", "tcp", "udp", "udp", "icmp", "icmp", "all"};
	const char *proto;

	if (!rng_pct(r, 60))
		return "";
	proto = RNG_PICK(r, protos);
	if (strcmp(proto, "all") != 0 && rng_pct(r, 10)) {
		add(t, " ! -p %s", proto);
		return "";
	}
	add(t, " -p %s", proto);
	if (strcmp(proto, "tcp") == 0 || strcmp(proto, "udp") == 0)
		ports(r, t, proto[0] == 't');
	else if (strcmp(proto, "icmp") == 0 && rng_pct(r, 60))
		add(t, " -m icmp %s--icmp-type %s", neg(r, 15), RNG_PICK(r, pool_icmp_types));
	return proto;
}

/* A narrow rule: it matches the packets of one or two probes only (by
 * source port, or both ports with multiport --ports, which also takes the
 * answers), so that in chains of hundreds of rules most packets walk far
 * and most rules see some traffic. */
static const char *narrow(struct rng *r, struct text *t)
{
	static const char *const protos[] = {"tcp", "udp", "icmp"};
	const char *proto = protos[rng_below(r, 10) < 8 ? rng_below(r, 2) : 2];

	add(t, " -p %s", proto);
	if (proto[0] == 'i') {
		add(t, " -s %s -m icmp --icmp-type %s", RNG_PICK(r, pool_prefixes),
		    rng_pct(r, 50) ? "echo-request" : "echo-reply");
	} else if (rng_pct(r, 50)) {
		add(t, " --sport %u", probe_sport(r));
	} else {
		add(t, " -m multiport --ports %u", probe_sport(r));
		if (rng_pct(r, 30))
			add(t, ",%u", probe_sport(r));
	}
	return proto;
}

/* "! -s 0.0.0.0/0" is left out: iptables-nft refuses it (RULE_APPEND
 * failed, Invalid argument), iptables-legacy accepts it. */
static void address(struct rng *r, const char *opt, struct text *t)
{
	const char *prefix = RNG_PICK(r, pool_prefixes);

	add(t, " %s%s %s", strcmp(prefix, "0.0.0.0/0") ? neg(r, 20) : "", opt, prefix);
}

static void addresses_and_ifaces(struct rng *r, const struct chain *c, bool src, struct text *t)
{
	if (src && rng_pct(r, 30))
		address(r, "-s", t);
	if (rng_pct(r, 30))
		address(r, "-d", t);
	/* iptables refuses -o in INPUT and -i in OUTPUT; in user chains they
	 * are allowed whatever the caller, and then never match. */
	if (!(c->builtin && c->from_output) && rng_pct(r, 18))
		add(t, " %s-i %s", neg(r, 25), RNG_PICK(r, pool_in_ifaces));
	if (!(c->builtin && c->from_input) && rng_pct(r, 18))
		add(t, " %s-o %s", neg(r, 25), RNG_PICK(r, pool_out_ifaces));
	/* The probes send no fragments: -f never matches, ! -f always. */
	if (rng_pct(r, 3))
		add(t, " %s-f", neg(r, 50));
}

/* Picks a user chain that this chain may jump to: a later one, so that
 * the jump graph has no loop; prefers one nothing refers to yet. */
static int jump_target(struct rng *r, const struct ruleset *rs, int chain)
{
	int first = chain < 3 ? 3 : chain + 1, n = rs->nchains - first;

	if (n <= 0)
		return -1;
	for (int tries = 0; tries < 3; tries++) {
		int k = first + (int)rng_below(r, (unsigned)n);
		if (!rs->chains[k].referenced || tries == 2)
			return k;
	}
	return -1;
}

static void log_target(struct rng *r, unsigned serial, struct text *t)
{
	const char *level = RNG_PICK(r, pool_log_levels);

	add(t, " -j LOG --log-prefix \"e2e %u: \"", serial);
	if (*level)
		add(t, " --log-level %s", level);
	if (rng_pct(r, 20))
		add(t, " --log-tcp-sequence --log-ip-options");
}

static void target(struct rng *r, const struct ruleset *rs, int chain, unsigned serial,
		   const char *proto, struct text *t, int *jump)
{
	const struct chain *c = &rs->chains[chain];
	unsigned open = rs->open_pct, k = rng_below(r, 100);

	*jump = -1;
	/* Bands: accept, drop, reject, jump, goto, return, log, none. */
	unsigned accept = open / 3, drop = (100 - open) / 6, reject = (100 - open) / 5;
	unsigned jmp = 16, go = 6, ret = c->builtin ? 2 : 12, log = 8;

	if (k < accept) {
		add(t, " -j ACCEPT");
		return;
	}
	k -= accept;
	if (k < drop) {
		add(t, " -j DROP");
		return;
	}
	k -= drop;
	if (k < reject) {
		if (strcmp(proto, "tcp") == 0 && rng_pct(r, 35))
			add(t, " -j REJECT --reject-with tcp-reset");
		else if (rng_pct(r, 10))
			add(t, " -j REJECT");
		else
			add(t, " -j REJECT --reject-with %s", RNG_PICK(r, pool_reject_icmp));
		return;
	}
	k -= reject;
	if (k < jmp + go) {
		*jump = jump_target(r, rs, chain);
		if (*jump >= 0) {
			add(t, " %s %s", k < jmp ? "-j" : "-g", rs->chains[*jump].name);
			return;
		}
		k = ret + log; /* no chain to jump to: no target */
	} else {
		k -= jmp + go;
	}
	if (k < ret) {
		add(t, " -j RETURN");
		return;
	}
	k -= ret;
	if (k < log)
		log_target(r, serial, t);
	/* else no target: the rule only counts */
}

int rule_generate(struct rng *r, const struct ruleset *rs, int chain, unsigned serial,
		  const struct rule_shape *shape, char *out, size_t len, int *jump)
{
	struct text t = {.buf = out, .size = len};
	const char *proto;

	out[0] = '\0';
	*jump = -1;
	proto = shape->narrow ? narrow(r, &t) : "";
	/* a narrow ICMP rule has its -s already */
	addresses_and_ifaces(r, &rs->chains[chain], strcmp(proto, "icmp") != 0, &t);
	if (!shape->narrow)
		proto = protocol(r, &t);
	if (rng_pct(r, 10))
		add(&t, " -m comment --comment \"rule %u of %s\"", serial, rs->chains[chain].name);
	if (rng_pct(r, shape->target_pct))
		target(r, rs, chain, serial, proto, &t, jump);
	else if (rng_pct(r, 20))
		log_target(r, serial, &t);
	return t.full ? -1 : 0;
}
