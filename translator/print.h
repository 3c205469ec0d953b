/* SPDX-License-Identifier: GPL-2.0-only */
/* The listings: -L (table layout, or the one-line form of -v), -S and
 * iptables-save, byte for byte as iptables 1.8.9 prints them. */
#ifndef BPFIPT_PRINT_H
#define BPFIPT_PRINT_H

#include "ruleset.h"
#include "strbuf.h"

/* Layout flags, as iptables' FMT_* */
enum {
	FMT_NUMERIC = 0x0001,
	FMT_NOCOUNTS = 0x0002,
	FMT_KILOMEGAGIGA = 0x0004,
	FMT_OPTIONS = 0x0008,
	FMT_NOTABLE = 0x0010,
	FMT_NOTARGET = 0x0020,
	FMT_VIA = 0x0040,
	FMT_NONEWLINE = 0x0080,
	FMT_LINENUMBERS = 0x0100,
	/* the line -v prints for each rule an -A/-I/-D/-C/-R touches */
	FMT_PRINT_RULE = FMT_NOCOUNTS | FMT_OPTIONS | FMT_VIA | FMT_NUMERIC | FMT_NOTABLE,
};

void print_list_header(struct strbuf *out, unsigned int format, const struct chain *c,
		       unsigned int refs);
void print_list_rule(struct strbuf *out, unsigned int format, const struct rule *r,
		     unsigned int num);
/* -L [chain [rulenum]]: returns -1 when the chain does not exist. */
int print_list(struct strbuf *out, const struct ruleset *rs, const char *chain,
	       unsigned int rulenum, unsigned int format);

enum save_counters {
	SAVE_NO_COUNTERS,
	SAVE_BRACKETS, /* iptables-save -c: "[p:b] -A ..." */
	SAVE_DASH_C,   /* -S -v: "-A ... -c p b -j ..." */
};
void print_save_rule(struct strbuf *out, const char *chain, const struct rule *r,
		     enum save_counters counters);
/* -S [chain [rulenum]]: returns -1 when the chain does not exist. */
int print_rules(struct strbuf *out, const struct ruleset *rs, const char *chain,
		unsigned int rulenum, bool counters);
/* The *filter ... COMMIT block of iptables-save. */
void print_save_table(struct strbuf *out, const struct ruleset *rs, bool counters);

#endif
