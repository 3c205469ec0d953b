// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rulesets of the flip test, their flows, and the verdict of each
 * flow under each ruleset, from a plain walk with netfilter's semantics
 * (first match, jump pushes, goto does not, RETURN or a chain's end pops,
 * an empty stack means the built-in chain's policy).
 *
 * A and B are drawn many times; the pair kept is the one where the most
 * simulated torn reads would give a verdict that neither A nor B gives
 * (a tear that happens to agree with A or B cannot be seen from outside).
 * The simulated tears are the mixes a writer that is not atomic would
 * leave: every rule's matches from one ruleset with its target from the
 * other, built-in chains of one with user chains of the other, and the
 * first half of every chain from one with the rest from the other.
 */
#include <stdio.h>
#include <string.h>

#include "flip.h"

const char *const flip_chain_names[FLIP_CHAINS] = {
    "INPUT", "FORWARD", "OUTPUT", "flip-one", "FLIP_two.2", "x",
};

/* Rules per chain, equal in every ruleset: writing B over A then
 * rewrites the same array slots, so a tear mixes like with like. */
static const int chain_rules[FLIP_CHAINS] = {12, 24, 0, 10, 10, 8};

#define ADDR(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define CLI1 ADDR(198, 18, 1, 2)
#define CLI2 ADDR(198, 18, 1, 130)
#define SRV1 ADDR(198, 18, 2, 2)
#define SRV2 ADDR(198, 18, 2, 66)
#define DUT ADDR(198, 18, 1, 1)

struct prefix {
	uint32_t addr;
	int len;
};

static const struct prefix src_pool[] = {
    {CLI1, 32},
    {CLI2, 32},
    {ADDR(198, 18, 1, 0), 25},
    {ADDR(198, 18, 1, 128), 25},
    {ADDR(198, 18, 1, 0), 24},
    {ADDR(198, 18, 0, 0), 15},
};
static const struct prefix dst_pool[] = {
    {SRV1, 32},
    {SRV2, 32},
    {ADDR(198, 18, 2, 0), 26},
    {ADDR(198, 18, 2, 64), 26},
    {DUT, 32},
    {ADDR(198, 18, 2, 0), 24},
    {ADDR(198, 18, 0, 0), 16},
};
static const char *const in_pool[] = {"veth-c", "veth+", "v+", "veth-s", "lo"};
static const char *const out_pool[] = {"veth-s", "veth+", "veth-c"};

/* A small generator of our own (splitmix64): the same seed gives the
 * same rulesets on every machine. */
struct flip_rng {
	uint64_t s;
};

static uint64_t rng_u64(struct flip_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned below(struct flip_rng *r, unsigned n)
{
	return (unsigned)(rng_u64(r) % n);
}

static bool pct(struct flip_rng *r, unsigned p)
{
	return below(r, 100) < p;
}

#define PICK(r, a) ((a)[below((r), sizeof(a) / sizeof((a)[0]))])

static uint32_t mask_of(int len)
{
	return len ? ~0u << (32 - len) : 0;
}

static void draw_addrs(struct flip_rng *r, struct flip_rule *x)
{
	if (pct(r, 45)) {
		struct prefix p = PICK(r, src_pool);

		x->smask = mask_of(p.len);
		x->src = p.addr & x->smask;
		x->sneg = pct(r, 15);
	}
	if (pct(r, 40)) {
		struct prefix p = PICK(r, dst_pool);

		x->dmask = mask_of(p.len);
		x->dst = p.addr & x->dmask;
		x->dneg = pct(r, 15);
	}
}

static void draw_ports(struct flip_rng *r, struct flip_rule *x)
{
	x->sp_hi = x->dp_hi = 65535;
	if (pct(r, 65) || (!x->smask && !x->dmask)) {
		x->sp_lo = (uint16_t)(FLIP_SPORT0 + below(r, FLIP_FLOWS));
		x->sp_hi = (uint16_t)(x->sp_lo + below(r, 10));
		if (x->sp_hi > FLIP_SPORT0 + FLIP_FLOWS - 1)
			x->sp_hi = FLIP_SPORT0 + FLIP_FLOWS - 1;
		x->spneg = pct(r, 10);
	}
	if (pct(r, 30)) {
		x->dp_lo = (uint16_t)(FLIP_DPORT0 + below(r, FLIP_DPORTS));
		x->dp_hi = (uint16_t)(x->dp_lo + below(r, 2));
		if (x->dp_hi > FLIP_DPORT0 + FLIP_DPORTS - 1)
			x->dp_hi = FLIP_DPORT0 + FLIP_DPORTS - 1;
		/* iptables-nft compares a pair of negated ports as one value */
		x->dpneg = !x->spneg && pct(r, 10);
	}
	x->udp = x->sp_lo || x->dp_lo || pct(r, 50);
}

static void draw_ifaces(struct flip_rng *r, struct flip_rule *x, int chain)
{
	if (pct(r, 15)) {
		x->in = PICK(r, in_pool);
		x->inneg = pct(r, 20);
	}
	/* -o only where iptables allows it and it can match: FORWARD. */
	if (chain == 1 && pct(r, 12)) {
		x->out = PICK(r, out_pool);
		x->outneg = pct(r, 20);
	}
}

/* A later user chain (jumps only go forward: no loops), or -1. */
static int later_chain(struct flip_rng *r, int chain)
{
	int first = chain < 3 ? 3 : chain + 1;

	if (first >= FLIP_CHAINS)
		return -1;
	return first + (int)below(r, (unsigned)(FLIP_CHAINS - first));
}

static void draw_target(struct flip_rng *r, struct flip_rule *x, int chain)
{
	unsigned t = below(r, 100);
	int to = later_chain(r, chain);
	bool user = chain >= 3;

	if (t < 38) {
		x->target = FT_REJECT;
		x->reject =
		    (enum flip_verdict)(FV_REJ_NET + below(r, FV_REJ_ADMIN - FV_REJ_NET + 1));
	} else if (t < 60) {
		x->target = FT_ACCEPT;
	} else if (t < 78 && to >= 0) {
		x->target = pct(r, 30) ? FT_GOTO : FT_JUMP;
		x->chain = to;
	} else if (user && t < 92) {
		x->target = FT_RETURN;
	} else {
		x->target = FT_NONE;
	}
}

static void draw_ruleset(struct flip_ruleset *rs, uint64_t seed)
{
	struct flip_rng r = {seed};

	memset(rs, 0, sizeof(*rs));
	for (int c = 0; c < FLIP_CHAINS; c++) {
		rs->n[c] = chain_rules[c];
		for (int i = 0; i < rs->n[c]; i++) {
			struct flip_rule *x = &rs->rule[c][i];

			draw_addrs(&r, x);
			draw_ports(&r, x);
			draw_ifaces(&r, x, c);
			draw_target(&r, x, c);
		}
	}
}

/* Flow k: two sources, three destinations (two through the dut, one to
 * the dut itself), four destination ports; its own source port. */
static void flows_build(struct flip_flow *f)
{
	static const uint32_t srcs[2] = {CLI1, CLI2}, dsts[3] = {SRV1, SRV2, DUT};

	for (int k = 0; k < FLIP_FLOWS; k++) {
		f[k] = (struct flip_flow){
		    .src = srcs[k % 2],
		    .dst = dsts[(k / 2) % 3],
		    .sport = (uint16_t)(FLIP_SPORT0 + k),
		    .dport = (uint16_t)(FLIP_DPORT0 + (k / 6) % FLIP_DPORTS),
		};
		f[k].input = f[k].dst == DUT;
	}
}

static bool iface_match(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '+')
		return strncmp(pattern, name, n - 1) == 0;
	return strcmp(pattern, name) == 0;
}

static bool rule_match(const struct flip_rule *x, const struct flip_flow *f)
{
	const char *out = f->input ? "" : "veth-s";

	if (x->smask && (((f->src & x->smask) == x->src) == x->sneg))
		return false;
	if (x->dmask && (((f->dst & x->dmask) == x->dst) == x->dneg))
		return false;
	if ((f->sport >= x->sp_lo && f->sport <= x->sp_hi) == x->spneg)
		return false;
	if ((f->dport >= x->dp_lo && f->dport <= x->dp_hi) == x->dpneg)
		return false;
	if (x->in && iface_match(x->in, "veth-c") == x->inneg)
		return false;
	if (x->out && iface_match(x->out, out) == x->outneg)
		return false;
	return true;
}

enum flip_verdict flip_eval(const struct flip_ruleset *rs, const struct flip_flow *f)
{
	int stack_c[FLIP_CHAINS], stack_i[FLIP_CHAINS], depth = 0;
	int c = f->input ? 0 : 1, i = 0;

	for (;;) {
		if (i >= rs->n[c]) {
			if (depth == 0)
				return FV_ACCEPT; /* every policy is ACCEPT */
			depth--;
			c = stack_c[depth];
			i = stack_i[depth];
			continue;
		}
		const struct flip_rule *x = &rs->rule[c][i++];

		if (!rule_match(x, f))
			continue;
		switch (x->target) {
		case FT_NONE:
			break;
		case FT_ACCEPT:
			return FV_ACCEPT;
		case FT_REJECT:
			return x->reject;
		case FT_JUMP:
			stack_c[depth] = c;
			stack_i[depth] = i;
			depth++;
			/* fall through */
		case FT_GOTO:
			c = x->chain;
			i = 0;
			break;
		case FT_RETURN:
			i = rs->n[c]; /* as the chain's end */
			break;
		}
	}
}

/* The mixes of a torn read (see the top of the file). */
static void tear(const struct flip_ruleset *x, const struct flip_ruleset *y, int kind,
		 struct flip_ruleset *out)
{
	*out = *x;
	for (int c = 0; c < FLIP_CHAINS; c++) {
		for (int i = 0; i < x->n[c]; i++) {
			const struct flip_rule *from_y = &y->rule[c][i];
			struct flip_rule *o = &out->rule[c][i];

			if (kind == 0) {
				o->target = from_y->target;
				o->reject = from_y->reject;
				o->chain = from_y->chain;
			} else if ((kind == 1 && c >= 3) || (kind == 2 && i >= x->n[c] / 2)) {
				*o = *from_y;
			}
		}
	}
}

/* Per mille of (flow, tear) pairs whose verdict is neither A's nor B's. */
static unsigned tear_power(const struct flip_set *s)
{
	unsigned seen = 0, total = 0;
	struct flip_ruleset t;

	for (int kind = 0; kind < 3; kind++) {
		for (int dir = 0; dir < 2; dir++) {
			tear(&s->rs[dir], &s->rs[!dir], kind, &t);
			for (int k = 0; k < FLIP_FLOWS; k++) {
				enum flip_verdict v = flip_eval(&t, &s->flow[k]);

				seen += v != s->v[0][k] && v != s->v[1][k];
				total++;
			}
		}
	}
	return seen * 1000 / total;
}

/* A pair is usable when flips show (flows whose verdict changes, on
 * both hooks) and tears show on flows whose verdict does not change. */
static bool pair_usable(const struct flip_set *s)
{
	int differ_in = 0, differ_fwd = 0, same = 0;

	for (int k = 0; k < FLIP_FLOWS; k++) {
		if (s->v[0][k] == s->v[1][k])
			same++;
		else if (s->flow[k].input)
			differ_in++;
		else
			differ_fwd++;
	}
	return differ_in >= 3 && differ_fwd >= 6 && same >= 8;
}

/* C: A with a REJECT of every FORWARD flow at the head, its code the one
 * that most forward flows get neither from A nor from B. */
static void third_build(struct flip_set *s)
{
	int best = FV_REJ_NET, best_n = -1;

	for (int v = FV_REJ_NET; v <= FV_REJ_ADMIN; v++) {
		int n = 0;

		for (int k = 0; k < FLIP_FLOWS; k++)
			n += !s->flow[k].input && (int)s->v[0][k] != v && (int)s->v[1][k] != v;
		if (n > best_n) {
			best = v;
			best_n = n;
		}
	}
	s->rs[2] = s->rs[0];
	memmove(&s->rs[2].rule[1][1], &s->rs[2].rule[1][0],
		(size_t)s->rs[2].n[1] * sizeof(struct flip_rule));
	s->rs[2].rule[1][0] = (struct flip_rule){
	    .udp = true,
	    .sp_hi = 65535,
	    .dp_hi = 65535,
	    .target = FT_REJECT,
	    .reject = (enum flip_verdict)best,
	};
	s->rs[2].n[1]++;
}

static void verdicts(struct flip_set *s, int which)
{
	for (int k = 0; k < FLIP_FLOWS; k++)
		s->v[which][k] = flip_eval(&s->rs[which], &s->flow[k]);
}

#define PAIR_DRAWS 300

void flip_set_build(struct flip_set *s, unsigned seed)
{
	struct flip_set cand;
	bool have = false;

	memset(s, 0, sizeof(*s));
	flows_build(cand.flow);
	for (unsigned d = 0; d < PAIR_DRAWS; d++) {
		uint64_t base = ((uint64_t)seed * PAIR_DRAWS + d) * 2;

		draw_ruleset(&cand.rs[0], base);
		draw_ruleset(&cand.rs[1], base + 1);
		verdicts(&cand, 0);
		verdicts(&cand, 1);
		if (!pair_usable(&cand))
			continue;
		cand.power = tear_power(&cand);
		cand.pair_seed = d;
		if (!have || cand.power > s->power) {
			*s = cand;
			have = true;
		}
	}
	if (!have) { /* never seen with these weights; keep the last draw */
		*s = cand;
		s->power = tear_power(s);
	}
	third_build(s);
	verdicts(s, 2);
}

static void print_addr(FILE *out, const char *opt, bool neg, uint32_t a, uint32_t m)
{
	int len = 0;

	while (len < 32 && (m & (1u << (31 - len))))
		len++;
	fprintf(out, " %s%s %u.%u.%u.%u/%d", neg ? "! " : "", opt, a >> 24, (a >> 16) & 255,
		(a >> 8) & 255, a & 255, len);
}

static void print_ports(FILE *out, const char *opt, bool neg, uint16_t lo, uint16_t hi)
{
	if (lo == 0 && hi == 65535)
		return;
	fprintf(out, " %s%s %u", neg ? "! " : "", opt, lo);
	if (hi != lo)
		fprintf(out, ":%u", hi);
}

static const char *const reject_names[FV_N_SEEN] = {
    [FV_REJ_NET] = "icmp-net-unreachable",     [FV_REJ_HOST] = "icmp-host-unreachable",
    [FV_REJ_PROTO] = "icmp-proto-unreachable", [FV_REJ_PORT] = "icmp-port-unreachable",
    [FV_REJ_NETPRO] = "icmp-net-prohibited",   [FV_REJ_HOSTPRO] = "icmp-host-prohibited",
    [FV_REJ_ADMIN] = "icmp-admin-prohibited",
};

static void print_rule(FILE *out, const char *chain, const struct flip_rule *x)
{
	fprintf(out, "-A %s", chain);
	if (x->smask)
		print_addr(out, "-s", x->sneg, x->src, x->smask);
	if (x->dmask)
		print_addr(out, "-d", x->dneg, x->dst, x->dmask);
	if (x->in)
		fprintf(out, " %s-i %s", x->inneg ? "! " : "", x->in);
	if (x->out)
		fprintf(out, " %s-o %s", x->outneg ? "! " : "", x->out);
	if (x->udp)
		fprintf(out, " -p udp");
	if (x->sp_lo || x->sp_hi != 65535 || x->dp_lo || x->dp_hi != 65535)
		fprintf(out, " -m udp");
	print_ports(out, "--sport", x->spneg, x->sp_lo, x->sp_hi);
	print_ports(out, "--dport", x->dpneg, x->dp_lo, x->dp_hi);
	switch (x->target) {
	case FT_NONE:
		break;
	case FT_ACCEPT:
		fprintf(out, " -j ACCEPT");
		break;
	case FT_REJECT:
		fprintf(out, " -j REJECT --reject-with %s", reject_names[x->reject]);
		break;
	case FT_JUMP:
	case FT_GOTO:
		fprintf(out, " -%c %s", x->target == FT_JUMP ? 'j' : 'g',
			flip_chain_names[x->chain]);
		break;
	case FT_RETURN:
		fprintf(out, " -j RETURN");
		break;
	}
	fputc('\n', out);
}

void flip_ruleset_print(const struct flip_ruleset *rs, FILE *out)
{
	fprintf(out, "*filter\n");
	for (int c = 0; c < FLIP_CHAINS; c++)
		fprintf(out, ":%s %s [0:0]\n", flip_chain_names[c], c < 3 ? "ACCEPT" : "-");
	for (int c = 0; c < FLIP_CHAINS; c++)
		for (int i = 0; i < rs->n[c]; i++)
			print_rule(out, flip_chain_names[c], &rs->rule[c][i]);
	fprintf(out, "COMMIT\n");
}

const char *flip_verdict_name(enum flip_verdict v)
{
	if (v == FV_ACCEPT)
		return "accept";
	if (v == FV_LOST)
		return "nothing";
	if (v == FV_OTHER || v > FV_N)
		return "other";
	return reject_names[v];
}

enum flip_verdict flip_verdict_of_code(unsigned code)
{
	switch (code) {
	case 0:
		return FV_REJ_NET;
	case 1:
		return FV_REJ_HOST;
	case 2:
		return FV_REJ_PROTO;
	case 3:
		return FV_REJ_PORT;
	case 9:
		return FV_REJ_NETPRO;
	case 10:
		return FV_REJ_HOSTPRO;
	case 13:
		return FV_REJ_ADMIN;
	default:
		return FV_OTHER;
	}
}
