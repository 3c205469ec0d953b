// SPDX-License-Identifier: GPL-2.0-only
/* What a packet must carry to satisfy the rules along a path, and a flow
 * that does. A rule's IP part is read from the rule itself; its matches
 * from what their save op writes ("--dport 1000:2000", "! --icmp-type 8",
 * "--dports 22,80:90", "--tcp-flags SYN,ACK SYN"), the iptables-save
 * wording, because the extensions keep their data private. The result is
 * a guess that the caller checks with the extensions' own match ops and
 * the reference matcher (derive.c): a wrong guess costs a flow, never a
 * wrong one.
 *
 * Addresses: a source from the rule's prefixes, else 198.19.ord>>8.ord
 * (inside the sandbox's 198.18.0.0/15), never one the DUT would drop as a
 * martian or as its own; a destination that is the DUT's own for INPUT
 * (198.18.0.1, else 198.18.1.1), and for FORWARD the sink 198.18.1.2 or
 * any address routed beyond it that the rule asks for. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext.h"
#include "refmatch.h"
#include "strbuf.h"
#include "want.h"

#define MAX_CONS 16 /* of each kind along one path; more are left to the check */
#define PORT_BYTES 8192

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

struct addr_cons {
	uint32_t net, mask; /* host order */
	bool inv;
};

struct flag_cons {
	uint8_t mask, cmp;
	bool inv;
};

struct icmp_cons {
	int type, code; /* -1: any */
	bool inv;
};

struct opt_cons {
	uint8_t kind;
	bool inv;
};

struct want {
	enum hook hook;
	struct addr_cons src[MAX_CONS], dst[MAX_CONS];
	unsigned int nsrc, ndst;
	int proto;		   /* required, 0: any */
	bool proto_clash;	   /* two different ones required */
	uint8_t proto_not[32];	   /* excluded by "! -p" */
	uint8_t sport[PORT_BYTES]; /* allowed ports, a bit each */
	uint8_t dport[PORT_BYTES];
	struct flag_cons flags[MAX_CONS];
	unsigned int nflags;
	struct icmp_cons icmp[MAX_CONS];
	unsigned int nicmp;
	struct opt_cons opt[MAX_CONS];
	unsigned int nopt;
	bool iface_bad, frag;
};

struct want *want_new(enum hook hook)
{
	struct want *w = calloc(1, sizeof(*w));

	if (!w)
		abort();
	w->hook = hook;
	memset(w->sport, 0xff, sizeof(w->sport));
	memset(w->dport, 0xff, sizeof(w->dport));
	return w;
}

struct want *want_clone(const struct want *w)
{
	struct want *c = malloc(sizeof(*c));

	if (!c)
		abort();
	memcpy(c, w, sizeof(*c));
	return c;
}

void want_free(struct want *w)
{
	free(w);
}

static void add_addr(struct addr_cons *c, unsigned int *n, uint32_t net, uint32_t mask, bool inv)
{
	if (*n < MAX_CONS)
		c[(*n)++] = (struct addr_cons){ntohl(net), ntohl(mask), inv};
}

/* The interfaces the traffic passes: in on bd0, and out on bd1 when
 * forwarded; ref_ip_match with everything but -i/-o cleared says whether
 * the rule's names allow them. */
static bool iface_ok(const struct rule_ip *ip, enum hook hook)
{
	struct rule_ip only = *ip;
	struct packet p = {0};

	only.src = only.smsk = only.dst = only.dmsk = 0;
	only.proto = 0;
	only.flags = 0;
	only.invflags &= RULE_INV_VIA_IN | RULE_INV_VIA_OUT;
	snprintf(p.iniface, sizeof(p.iniface), "%s", WANT_DUT_IN);
	if (hook == HOOK_FORWARD)
		snprintf(p.outiface, sizeof(p.outiface), "%s", WANT_DUT_OUT);
	return ref_ip_match(&only, &p, hook);
}

static void add_proto(struct want *w, uint16_t proto, bool inv)
{
	if (inv)
		w->proto_not[(proto & 255) >> 3] |= (uint8_t)(1u << (proto & 7));
	else if (w->proto && w->proto != proto)
		w->proto_clash = true;
	else
		w->proto = proto;
}

static void add_ip(struct want *w, const struct rule_ip *ip)
{
	if (ip->smsk || (ip->invflags & RULE_INV_SRCIP))
		add_addr(w->src, &w->nsrc, ip->src, ip->smsk, ip->invflags & RULE_INV_SRCIP);
	if (ip->dmsk || (ip->invflags & RULE_INV_DSTIP))
		add_addr(w->dst, &w->ndst, ip->dst, ip->dmsk, ip->invflags & RULE_INV_DSTIP);
	if (ip->proto)
		add_proto(w, ip->proto, ip->invflags & RULE_INV_PROTO);
	if ((ip->flags & RULE_F_FRAG) && !(ip->invflags & RULE_INV_FRAG))
		w->frag = true;
	if (!iface_ok(ip, w->hook))
		w->iface_bad = true;
}

/* allowed &= (ports in "a", "a:b" or "a,b:c,...") or, with inv, the rest. */
static void limit_ports(uint8_t *allowed, const char *list, bool inv)
{
	uint8_t *set = calloc(1, PORT_BYTES);
	const char *p = list;

	if (!set)
		abort();
	while (*p) {
		char *end;
		unsigned long lo = strtoul(p, &end, 10), hi = lo;

		if (*end == ':')
			hi = strtoul(end + 1, &end, 10);
		for (unsigned long x = lo; x <= hi && x < 65536; x++) /* reversed: none */
			set[x >> 3] |= (uint8_t)(1u << (x & 7));
		p = *end == ',' ? end + 1 : "";
	}
	for (int i = 0; i < PORT_BYTES; i++)
		allowed[i] &= inv ? (uint8_t)~set[i] : set[i];
	free(set);
}

static uint8_t tcp_flag_bits(const char *names)
{
	static const char *const bit[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
	uint8_t v = 0;

	for (int i = 0; i < 6; i++)
		if (strstr(names, bit[i]))
			v |= (uint8_t)(1u << i);
	return strstr(names, "ALL") ? 0x3f : v;
}

/* One option of a match's save text, words[0] its name, inv its "!":
 * the words it takes, 0 if it says nothing about the packet (a comment's
 * text, say); with w, also adds what it asks. */
static int option(struct want *w, char **words, int n, bool inv)
{
	const char *o = words[0], *a = n > 1 ? words[1] : "";

	if (n < 2)
		return 0;
	if (strcmp(o, "--sport") == 0 || strcmp(o, "--sports") == 0) {
		if (w)
			limit_ports(w->sport, a, inv);
	} else if (strcmp(o, "--dport") == 0 || strcmp(o, "--dports") == 0) {
		if (w)
			limit_ports(w->dport, a, inv);
	} else if (strcmp(o, "--ports") == 0) {
		if (w && inv) { /* neither port in the list */
			limit_ports(w->sport, a, true);
			limit_ports(w->dport, a, true);
		} else if (w) { /* either: the destination will do */
			limit_ports(w->dport, a, false);
		}
	} else if (strcmp(o, "--tcp-flags") == 0 && n > 2) {
		if (w && w->nflags < MAX_CONS)
			w->flags[w->nflags++] =
			    (struct flag_cons){tcp_flag_bits(a), tcp_flag_bits(words[2]), inv};
		return 3;
	} else if (strcmp(o, "--tcp-option") == 0) {
		if (w && w->nopt < MAX_CONS)
			w->opt[w->nopt++] = (struct opt_cons){(uint8_t)atoi(a), inv};
	} else if (strcmp(o, "--icmp-type") == 0) {
		const char *slash = strchr(a, '/');
		bool any = strcmp(a, "any") == 0;

		if (w && w->nicmp < MAX_CONS)
			w->icmp[w->nicmp++] = (struct icmp_cons){any ? -1 : atoi(a),
								 slash ? atoi(slash + 1) : -1, inv};
	} else {
		return 0;
	}
	return 2;
}

/* The options of a match, from its save text: all of them (only < 0), or
 * just option number `only`, negated. Returns how many options it has.
 * Only the extensions whose options say something about the packet. */
static int add_match(struct want *w, const struct rule_match *m, const struct rule_ip *ip, int only)
{
	static const char *const known[] = {"tcp", "udp", "multiport", "icmp"};
	char *words[64], *save, *tok;
	struct strbuf sb;
	bool inv = false;
	int n = 0, i, seen = 0;

	for (i = 0; i < 4 && strcmp(m->ext->name, known[i]) != 0; i++)
		;
	if (i == 4 || !m->ext->save)
		return 0;
	sb_init(&sb);
	m->ext->save(&sb, m->data, ip);
	sb_putc(&sb, 0);
	for (tok = strtok_r(sb.buf, " ", &save); tok && n < 64; tok = strtok_r(NULL, " ", &save))
		words[n++] = tok;
	for (i = 0; i < n;) {
		int take;

		if (strcmp(words[i], "!") == 0) {
			inv = true;
			i++;
			continue;
		}
		take = option(NULL, words + i, n - i, inv);
		if (take && only < 0)
			option(w, words + i, n - i, inv);
		else if (take && seen == only)
			option(w, words + i, n - i, !inv);
		seen += take > 0;
		i += take ? take : 1;
		inv = false;
	}
	sb_free(&sb);
	return seen;
}

void want_add_rule(struct want *w, const struct rule *r)
{
	add_ip(w, &r->ip);
	for (unsigned int i = 0; i < r->n_matches; i++)
		add_match(w, &r->matches[i], &r->ip, -1);
}

bool want_add_negation(struct want *w, const struct rule *r, unsigned int part)
{
	const struct rule_ip *ip = &r->ip;
	bool sinv = ip->invflags & RULE_INV_SRCIP, dinv = ip->invflags & RULE_INV_DSTIP;

	if ((ip->smsk || sinv) && part-- == 0) {
		add_addr(w->src, &w->nsrc, ip->src, ip->smsk, !sinv);
		return true;
	}
	if ((ip->dmsk || dinv) && part-- == 0) {
		add_addr(w->dst, &w->ndst, ip->dst, ip->dmsk, !dinv);
		return true;
	}
	if (ip->proto && part-- == 0) {
		add_proto(w, ip->proto, !(ip->invflags & RULE_INV_PROTO));
		return true;
	}
	for (unsigned int i = 0; i < r->n_matches; i++) {
		unsigned int has = (unsigned int)add_match(w, &r->matches[i], ip, (int)part);

		if (part < has)
			return true;
		part -= has;
	}
	return false;
}

/* --- picking ---------------------------------------------------------- */

static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

static bool addr_ok(const struct addr_cons *c, unsigned int n, uint32_t a)
{
	for (unsigned int i = 0; i < n; i++)
		if (((a & c[i].mask) == (c[i].net & c[i].mask)) == c[i].inv)
			return false;
	return true;
}

/* 0/8, loopback, multicast, class E, broadcast: dropped on arrival. */
static bool martian(uint32_t a)
{
	return (a >> 24) == 0 || (a >> 24) == 127 || a >= A(224, 0, 0, 0);
}

/* A source the DUT takes: not its own, not a broadcast of its links. */
static bool src_usable(uint32_t a)
{
	return !martian(a) && a != A(198, 18, 0, 1) && a != A(198, 18, 1, 1) &&
	       a != A(198, 18, 0, 255) && a != A(198, 18, 1, 255);
}

/* A destination the DUT forwards out of bd1: not its own, not back out
 * of bd0, not bd1's network or broadcast (its default route is the
 * sink, see sandbox.c). */
static bool fwd_usable(uint32_t a)
{
	return !martian(a) && (a & 0xffffff00u) != A(198, 18, 0, 0) && a != A(198, 18, 1, 0) &&
	       a != A(198, 18, 1, 1) && a != A(198, 18, 1, 255);
}

/* An address that satisfies the constraints and is usable: within the
 * pool if the rule allows it (pref first, then random ones), else within
 * the most specific prefix the rule asks for, or without one within the
 * sandbox's 198.18.0.0/15, else anywhere. */
static bool pick_addr(const struct addr_cons *c, unsigned int n, bool (*usable)(uint32_t),
		      uint32_t pref, uint32_t pool, uint32_t pool_mask, bool randomize,
		      uint64_t *rng, uint32_t *out)
{
	uint32_t net = A(198, 18, 0, 0), mask = 0xfffe0000u, found = 0, base = pool,
		 bmask = pool_mask;

	for (unsigned int i = 0; i < n; i++)
		if (!c[i].inv && (!found || c[i].mask >= mask)) {
			net = c[i].net & c[i].mask;
			mask = c[i].mask;
			found = 1;
		}
	if (found && ((pool & mask) != net || mask > pool_mask)) { /* the pool will not do */
		base = net;
		bmask = mask;
		pref = net | (~mask > 2 ? 1 + pref % (~mask - 1) : (pref & ~mask));
	}
	if (!randomize && addr_ok(c, n, pref) && usable(pref)) {
		*out = pref;
		return true;
	}
	for (int i = 0; i < 1536; i++) {
		uint32_t a = rnd(rng);

		if (i < 512)
			a = base | (a & ~bmask);
		else if (i < 1024)
			a = net | (a & ~mask);

		if (addr_ok(c, n, a) && usable(a)) {
			*out = a;
			return true;
		}
	}
	return false;
}

static bool pick_dst(const struct want *w, bool randomize, uint64_t *rng, uint32_t *out)
{
	static const uint32_t own[] = {A(198, 18, 0, 1), A(198, 18, 1, 1)};

	if (w->hook == HOOK_FORWARD)
		return pick_addr(w->dst, w->ndst, fwd_usable, A(198, 18, 1, 2), A(198, 18, 1, 0),
				 0xffffff00u, randomize, rng, out);
	for (int i = 0; i < 2; i++)
		if (addr_ok(w->dst, w->ndst, own[i])) {
			*out = own[i];
			return true;
		}
	return false;
}

static bool port_in(const uint8_t *set, unsigned int p)
{
	return set[p >> 3] >> (p & 7) & 1;
}

/* pref if allowed (and not randomizing), else the first allowed port
 * from 1 (or from a random one) up, 0 last; -1 when none is. */
static int pick_port(const uint8_t *set, unsigned int pref, bool randomize, uint64_t *rng)
{
	unsigned int start = randomize ? rnd(rng) & 0xffff : 1;

	if (!randomize && port_in(set, pref))
		return (int)pref;
	for (unsigned int i = 0; i < 65536; i++) {
		unsigned int p = (start + i) & 0xffff;

		if (p && port_in(set, p))
			return (int)p;
	}
	return port_in(set, 0) ? 0 : -1;
}

static bool has_ports(int proto)
{
	return proto == 6 || proto == 17 || proto == 33 || proto == 132 || proto == 136;
}

static bool flags_ok(const struct want *w, uint8_t f)
{
	for (unsigned int i = 0; i < w->nflags; i++)
		if (((f & w->flags[i].mask) == w->flags[i].cmp) == w->flags[i].inv)
			return false;
	return true;
}

static bool icmp_ok(const struct want *w, int type, int code)
{
	for (unsigned int i = 0; i < w->nicmp; i++) {
		bool m = w->icmp[i].type < 0 || (w->icmp[i].type == type &&
						 (w->icmp[i].code < 0 || w->icmp[i].code == code));

		if (m == w->icmp[i].inv)
			return false;
	}
	return true;
}

/* A SYN if the rule allows one (the usual first packet), else the first
 * flags it does; the option it asks for, if any. */
static bool pick_tcp(const struct want *w, struct flow_spec *f)
{
	static const uint8_t first[] = {0x02, 0x10, 0x12};
	int i;

	for (i = 0; i < 3 + 64; i++) {
		f->tcp_flags = i < 3 ? first[i] : (uint8_t)(i - 3);
		if (flags_ok(w, f->tcp_flags))
			break;
	}
	for (unsigned int k = 0; k < w->nopt; k++)
		if (!w->opt[k].inv) {
			f->has_tcp_option = 1;
			f->tcp_option = w->opt[k].kind;
		}
	return i < 3 + 64;
}

/* An echo request if the rule allows one, else the type it asks for. */
static bool pick_icmp(const struct want *w, struct flow_spec *f)
{
	static const uint8_t first[] = {8, 0, 13, 3, 11};

	for (unsigned int k = 0; k < w->nicmp; k++)
		if (!w->icmp[k].inv && w->icmp[k].type >= 0 &&
		    icmp_ok(w, w->icmp[k].type, w->icmp[k].code < 0 ? 0 : w->icmp[k].code)) {
			f->icmp_type = (uint8_t)w->icmp[k].type;
			f->icmp_code = (uint8_t)(w->icmp[k].code < 0 ? 0 : w->icmp[k].code);
			return true;
		}
	for (int t = 0; t < 5 + 256; t++) {
		int type = t < 5 ? first[t] : t - 5;

		if (icmp_ok(w, type, 0)) {
			f->icmp_type = (uint8_t)type;
			f->icmp_code = 0;
			return true;
		}
	}
	return false;
}

static bool proto_excluded(const struct want *w, int p)
{
	return w->proto_not[p >> 3] >> (p & 7) & 1;
}

/* The protocols worth trying, the likeliest first: the rule's own, else
 * UDP, TCP (first with --tcp-syn or TCP options) and ICMP (first with
 * ICMP options), else, only when the rule excludes all three, rarer ones
 * (SCTP, GRE, ESP). */
static int protos(const struct want *w, int tcp_first, int out[3])
{
	int common[3] = {tcp_first ? 6 : 17, tcp_first ? 17 : 6, 1}, rare[3] = {132, 47, 50};
	int n = 0;

	if (w->proto_clash)
		return 0;
	if (w->proto) {
		out[0] = w->proto;
		return !proto_excluded(w, w->proto);
	}
	if (w->nicmp) {
		common[0] = 1;
		common[2] = 17;
	} else if (w->nflags || w->nopt) {
		common[0] = 6;
		common[1] = 17;
	}
	for (int i = 0; i < 3; i++)
		if (!proto_excluded(w, common[i]))
			out[n++] = common[i];
	for (int i = 0; n == 0 && i < 3; i++)
		if (!proto_excluded(w, rare[i]))
			out[n++] = rare[i];
	return n;
}

enum derive_why want_pick(const struct want *w, unsigned int k, uint32_t ord, int tcp_first,
			  struct flow_spec *f)
{
	uint64_t rng = (uint64_t)ord * 1000003u + k;
	int proto[3], np = protos(w, tcp_first, proto), sport, dport;
	bool randomize;

	memset(f, 0, sizeof(*f));
	if (w->frag)
		return WHY_FRAG;
	if (w->iface_bad)
		return WHY_IFACE;
	if (np == 0)
		return WHY_UNSAT;
	randomize = k >= (unsigned int)np;
	if (!pick_dst(w, randomize, &rng, &f->daddr))
		return WHY_DEST;
	if (!pick_addr(w->src, w->nsrc, src_usable, A(198, 19, (ord >> 8) & 255, ord & 255),
		       A(198, 19, 0, 0), 0xffff0000u, randomize, &rng, &f->saddr))
		return WHY_UNSAT;
	f->proto = (uint8_t)proto[k % (unsigned int)np];
	if (has_ports(f->proto)) {
		sport = pick_port(w->sport, 5000, randomize, &rng);
		dport = pick_port(w->dport, 1000 + ord % 5000, randomize, &rng);
		if (sport < 0 || dport < 0)
			return WHY_UNSAT;
		f->sport = (uint16_t)sport;
		f->dport = (uint16_t)dport;
	}
	if (f->proto == 6 && !pick_tcp(w, f))
		return WHY_UNSAT;
	if (f->proto == 1 && !pick_icmp(w, f))
		return WHY_UNSAT;
	return DERIVED;
}
