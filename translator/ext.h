/* SPDX-License-Identifier: GPL-2.0-only */
/* Match and target extensions. One file per extension under ext/, each
 * filling one ops table, as iptables' libxt_*.c do: a declarative option
 * list for the command-line parser, then parse, final check, and the two
 * printers (-L and -S/save), the packet semantics (match, for the
 * reference matcher) and the LBVS compiler's conditions (compile). */
#ifndef BPFIPT_EXT_H
#define BPFIPT_EXT_H

#include <stdbool.h>
#include <stddef.h>

#include "packet.h"
#include "rule.h"
#include "strbuf.h"
#include "xt_error.h"

struct lbvs_rule_cons;

struct xt_ext_opt {
	const char *name; /* long option, without "--" */
	int has_arg;      /* getopt's no_argument/required_argument/optional_argument */
	int id;           /* small, >= 0: passed back to parse */
};

/* What a parse call sees of the command line. */
struct xt_parse_ctx {
	int id;             /* which option (xt_ext_opt.id) */
	const char *arg;    /* its argument, or NULL */
	bool invert;        /* a "!" preceded the option */
	unsigned int *mflags; /* per-instance: options seen so far */
	struct rule_ip *ip; /* the rule being built (proto, invflags) */
	/* For options that take more than one word (--tcp-flags): the argv
	 * and the index of the next unread word, which parse may advance. */
	int argc;
	char **argv;
	int *optind;
	struct xt_err *err;
	/* Where a parse op puts a warning that iptables writes to stderr on
	 * its own, before any error (REJECT's "no longer supported" line):
	 * the caller prints it as is. NULL: warnings are dropped. */
	struct strbuf *warn;
};

struct xt_ext {
	const char *name;
	bool is_target;
	size_t size; /* of the private data */
	const struct xt_ext_opt *opts; /* terminated by {NULL} */
	void (*init)(void *data);
	int (*parse)(struct xt_parse_ctx *ctx, void *data);
	/* After the whole command line is read; mflags as parse left them. */
	int (*final_check)(unsigned int mflags, void *data, const struct rule_ip *ip,
			   struct xt_err *err);
	/* What the kernel's checkentry would refuse when the rule is added
	 * (iptables reports these after parsing, as "RULE_APPEND failed
	 * (Invalid argument)"): 0 or a negative errno. Optional. */
	int (*kernel_check)(const void *data, const struct rule_ip *ip);
	/* Whether `data` is something parse could have left for a rule with
	 * this header: the state file loader refuses anything else, so that
	 * the printers and the dataplane only ever see such data. Optional
	 * (absent: any bytes are). */
	bool (*valid)(const void *data, const struct rule_ip *ip);
	/* Matches: whether the packet matches, with the kernel extension's
	 * exact semantics (fragments, short headers). A match that cannot
	 * read the header it needs sets *hotdrop: netfilter then drops the
	 * packet at once. The reference matcher's oracle; optional for
	 * targets. */
	bool (*match)(const void *data, const struct packet *pkt, bool *hotdrop);
	/* Matches: the conditions on packet fields for the LBVS compiler
	 * (lbvs/cons.h): restrict or split the rule's alternatives, or flag
	 * a residual check. 0 or a negative errno. Required for every match
	 * the compiler may meet. */
	int (*compile)(const void *data, const struct rule_ip *ip, struct lbvs_rule_cons *rc);
	/* -L: starts with a space, as iptables 1.8's extensions do. */
	void (*print)(struct strbuf *out, const void *data, const struct rule_ip *ip,
		      bool numeric);
	/* -S and save: starts with a space, everything after "-m NAME". */
	void (*save)(struct strbuf *out, const void *data, const struct rule_ip *ip);
};

/* The registry: every extension this build knows, supported or not. */
const struct xt_ext *xt_find_match(const char *name);
const struct xt_ext *xt_find_target(const char *name);

/* Extensions whose names iptables knows but bpf-iptables does not
 * implement yet: used for a clear "not supported" error. */
bool xt_is_unsupported_match(const char *name);
bool xt_is_unsupported_target(const char *name);

#endif
