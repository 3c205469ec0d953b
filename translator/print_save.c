// SPDX-License-Identifier: GPL-2.0-only
/* -S and iptables-save: the rule as a command line, in iptables'
 * canonical order (addresses, interfaces, protocol, fragment, matches,
 * counters, target). */
#include <string.h>

#include "addr.h"
#include "ext.h"
#include "print.h"
#include "proto.h"

static void save_addr(struct strbuf *out, char letter, uint32_t a, uint32_t m, bool inv)
{
	if (!m && !inv && !a)
		return;
	sb_printf(out, "%s -%c ", inv ? " !" : "", letter);
	addr_put_save(out, a, m);
}

/* "+" alone matches every interface: iptables-save prints nothing. */
static void save_iface(struct strbuf *out, char letter, const char *name, bool inv)
{
	if (!name[0] || strcmp(name, "+") == 0)
		return;
	sb_printf(out, "%s -%c %s", inv ? " !" : "", letter, name);
}

void print_save_rule(struct strbuf *out, const char *chain, const struct rule *r,
		     enum save_counters counters)
{
	const struct rule_ip *ip = &r->ip;

	if (counters == SAVE_BRACKETS)
		sb_printf(out, "[%llu:%llu] ", (unsigned long long)r->pcnt,
			  (unsigned long long)r->bcnt);
	sb_printf(out, "-A %s", chain);
	save_addr(out, 's', ip->src, ip->smsk, ip->invflags & RULE_INV_SRCIP);
	save_addr(out, 'd', ip->dst, ip->dmsk, ip->invflags & RULE_INV_DSTIP);
	save_iface(out, 'i', ip->iniface, ip->invflags & RULE_INV_VIA_IN);
	save_iface(out, 'o', ip->outiface, ip->invflags & RULE_INV_VIA_OUT);
	if (ip->proto) {
		const char *pname = proto_name(ip->proto, 0);

		if (ip->invflags & RULE_INV_PROTO)
			sb_puts(out, " !");
		if (pname)
			sb_printf(out, " -p %s", pname);
		else
			sb_printf(out, " -p %u", ip->proto);
	}
	if (ip->flags & RULE_F_FRAG)
		sb_printf(out, "%s -f", ip->invflags & RULE_INV_FRAG ? " !" : "");
	for (unsigned int i = 0; i < r->n_matches; i++) {
		sb_printf(out, " -m %s", r->matches[i].ext->name);
		r->matches[i].ext->save(out, r->matches[i].data, ip);
	}
	if (counters == SAVE_DASH_C)
		sb_printf(out, " -c %llu %llu", (unsigned long long)r->pcnt,
			  (unsigned long long)r->bcnt);
	if (r->target.verdict == VERDICT_EXT) {
		sb_printf(out, " -j %s", r->target.ext->name);
		r->target.ext->save(out, r->target.data, ip);
	} else if (r->target.verdict != VERDICT_NONE) {
		sb_printf(out, " -%c %s", ip->flags & RULE_F_GOTO ? 'g' : 'j', rule_target_name(r));
	}
	sb_putc(out, '\n');
}

static const char *policy_name(const struct chain *c)
{
	return c->policy == POLICY_DROP ? "DROP" : "ACCEPT";
}

int print_rules(struct strbuf *out, const struct ruleset *rs, const char *chain,
		unsigned int rulenum, bool counters)
{
	bool found = false;

	for (size_t i = 0; i < rs->n_chains && !rulenum; i++) {
		const struct chain *c = rs->chains[i];

		if (chain && strcmp(chain, c->name) != 0)
			continue;
		if (!chain_is_builtin(c)) {
			sb_printf(out, "-N %s\n", c->name);
			continue;
		}
		sb_printf(out, "-P %s %s", c->name, policy_name(c));
		if (counters)
			sb_printf(out, " -c %llu %llu", (unsigned long long)c->pcnt,
				  (unsigned long long)c->bcnt);
		sb_putc(out, '\n');
	}
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		if (chain && strcmp(chain, c->name) != 0)
			continue;
		for (size_t j = 0; j < c->n_rules; j++)
			if (!rulenum || j + 1 == rulenum)
				print_save_rule(out, c->name, c->rules[j],
						counters ? SAVE_DASH_C : SAVE_NO_COUNTERS);
		found = true;
	}
	return found ? 0 : -1;
}

void print_save_table(struct strbuf *out, const struct ruleset *rs, bool counters)
{
	sb_puts(out, "*filter\n");
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		if (chain_is_builtin(c))
			/* iptables-legacy-save shows policy counters even
			 * without -c; only rule counters depend on it. */
			sb_printf(out, ":%s %s [%llu:%llu]\n", c->name, policy_name(c),
				  (unsigned long long)c->pcnt, (unsigned long long)c->bcnt);
		else
			sb_printf(out, ":%s - [0:0]\n", c->name);
	}
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		for (size_t j = 0; j < c->n_rules; j++)
			print_save_rule(out, c->name, c->rules[j],
					counters ? SAVE_BRACKETS : SAVE_NO_COUNTERS);
	}
	sb_puts(out, "COMMIT\n");
}
