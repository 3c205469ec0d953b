// SPDX-License-Identifier: GPL-2.0-only
/* -L. Column widths and the one-line -v form follow iptables' FMT()
 * pairs: the first layout for the table, the second for FMT_NOTABLE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "ext.h"
#include "print.h"
#include "proto.h"

#define FMT(f, tab, notab) (((f) & FMT_NOTABLE) ? (notab) : (tab))

static void put_num(struct strbuf *out, uint64_t n, unsigned int f)
{
	static const char units[] = "KMGT";

	if (!(f & FMT_KILOMEGAGIGA)) {
		sb_printf(out, FMT(f, "%8llu ", "%llu "), (unsigned long long)n);
		return;
	}
	if (n <= 99999) {
		sb_printf(out, FMT(f, "%5llu ", "%llu "), (unsigned long long)n);
		return;
	}
	for (int u = 0;; u++) {
		n = (n + 500) / 1000;
		if (n <= 9999 || u == 3) {
			sb_printf(out, FMT(f, "%4llu%c ", "%llu%c "), (unsigned long long)n, units[u]);
			return;
		}
	}
}

void print_list_header(struct strbuf *out, unsigned int f, const struct chain *c,
		       unsigned int refs)
{
	sb_printf(out, "Chain %s", c->name);
	if (chain_is_builtin(c)) {
		sb_printf(out, " (policy %s", c->policy == POLICY_DROP ? "DROP" : "ACCEPT");
		if (!(f & FMT_NOCOUNTS)) {
			sb_putc(out, ' ');
			put_num(out, c->pcnt, f | FMT_NOTABLE);
			sb_puts(out, "packets, ");
			put_num(out, c->bcnt, f | FMT_NOTABLE);
			sb_puts(out, "bytes");
		}
		sb_puts(out, ")\n");
	} else {
		sb_printf(out, " (%u references)\n", refs);
	}
	if (f & FMT_LINENUMBERS)
		sb_printf(out, FMT(f, "%-4s ", "%s "), "num");
	if (!(f & FMT_NOCOUNTS)) {
		if (f & FMT_KILOMEGAGIGA) {
			sb_printf(out, FMT(f, "%5s ", "%s "), "pkts");
			sb_printf(out, FMT(f, "%5s ", "%s "), "bytes");
		} else {
			sb_printf(out, FMT(f, "%8s ", "%s "), "pkts");
			sb_printf(out, FMT(f, "%10s ", "%s "), "bytes");
		}
	}
	if (!(f & FMT_NOTARGET))
		sb_printf(out, FMT(f, "%-9s ", "%s "), "target");
	sb_puts(out, " prot ");
	if (f & FMT_OPTIONS)
		sb_puts(out, "opt");
	if (f & FMT_VIA) {
		sb_printf(out, FMT(f, " %-6s ", "%s "), "in");
		sb_printf(out, FMT(f, "%-6s ", "%s "), "out");
	}
	sb_printf(out, FMT(f, " %-19s ", "%s "), "source");
	sb_printf(out, FMT(f, " %-19s ", " %s "), "destination");
	sb_putc(out, '\n');
}

static void put_iface(struct strbuf *out, unsigned int f, const char *name, bool inv,
		      const char *tab, const char *notab)
{
	char buf[XT_IFNAMSIZ + 2];

	snprintf(buf, sizeof(buf), "%s%s", inv ? "!" : "",
		 name[0] ? name : (f & FMT_NUMERIC) ? "*" : "any");
	sb_printf(out, FMT(f, tab, notab), buf);
}

static void put_addr(struct strbuf *out, unsigned int f, uint32_t a, uint32_t m, bool inv,
		     const char *tab, const char *notab)
{
	struct strbuf tmp;

	sb_init(&tmp);
	addr_put_list(&tmp, a, m, f & FMT_NUMERIC);
	sb_putc(out, inv ? '!' : ' ');
	sb_printf(out, FMT(f, tab, notab), tmp.buf);
	sb_free(&tmp);
}

void print_list_rule(struct strbuf *out, unsigned int f, const struct rule *r, unsigned int num)
{
	const struct rule_ip *ip = &r->ip;
	const char *pname = proto_name(ip->proto, f & FMT_NUMERIC);
	bool numeric = f & FMT_NUMERIC;

	if (f & FMT_LINENUMBERS)
		sb_printf(out, FMT(f, "%-4u ", "%u "), num);
	if (!(f & FMT_NOCOUNTS)) {
		put_num(out, r->pcnt, f);
		put_num(out, r->bcnt, f);
	}
	if (!(f & FMT_NOTARGET))
		sb_printf(out, FMT(f, "%-9s ", "%s "), rule_target_name(r));
	sb_putc(out, ip->invflags & RULE_INV_PROTO ? '!' : ' ');
	if ((f & (FMT_NUMERIC | FMT_NOTABLE)) == FMT_NUMERIC || !pname)
		sb_printf(out, FMT(f, "%-4hu ", "%hu "), ip->proto);
	else
		sb_printf(out, FMT(f, "%-4s ", "%s "), pname);
	if (f & FMT_OPTIONS) {
		if (f & FMT_NOTABLE)
			sb_puts(out, "opt ");
		sb_putc(out, ip->invflags & RULE_INV_FRAG ? '!' : '-');
		sb_putc(out, ip->flags & RULE_F_FRAG ? 'f' : '-');
		sb_putc(out, ' ');
	}
	if (f & FMT_VIA) {
		put_iface(out, f, ip->iniface, ip->invflags & RULE_INV_VIA_IN, " %-6s ", "in %s ");
		put_iface(out, f, ip->outiface, ip->invflags & RULE_INV_VIA_OUT, "%-6s ", "out %s ");
	}
	put_addr(out, f, ip->src, ip->smsk, ip->invflags & RULE_INV_SRCIP, "%-19s ", "%s ");
	put_addr(out, f, ip->dst, ip->dmsk, ip->invflags & RULE_INV_DSTIP, "%-19s ", "-> %s");
	if (f & FMT_NOTABLE)
		sb_puts(out, "  ");
	if (ip->flags & RULE_F_GOTO)
		sb_puts(out, "[goto] ");
	for (unsigned int i = 0; i < r->n_matches; i++)
		r->matches[i].ext->print(out, r->matches[i].data, ip, numeric);
	if (r->target.verdict == VERDICT_EXT)
		r->target.ext->print(out, r->target.data, ip, numeric);
	if (!(f & FMT_NONEWLINE))
		sb_putc(out, '\n');
}

int print_list(struct strbuf *out, const struct ruleset *rs, const char *chain,
	       unsigned int rulenum, unsigned int format)
{
	unsigned int *refs = ruleset_all_refs(rs);
	bool found = false;

	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		if (chain && strcmp(chain, c->name) != 0)
			continue;
		if (found)
			sb_putc(out, '\n');
		if (!rulenum)
			print_list_header(out, format, c, refs[i]);
		for (size_t j = 0; j < c->n_rules; j++)
			if (!rulenum || j + 1 == rulenum)
				print_list_rule(out, format, c->rules[j], (unsigned int)j + 1);
		found = true;
	}
	free(refs);
	return found ? 0 : -1;
}
