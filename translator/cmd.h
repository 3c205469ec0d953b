/* SPDX-License-Identifier: GPL-2.0-only */
/* One iptables command line, parsed: what to do, to which chain, with
 * which rule. Parsing follows iptables 1.8.9's do_parse: same options,
 * same order of checks, same messages. */
#ifndef BPFIPT_CMD_H
#define BPFIPT_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "rule.h"
#include "strbuf.h"
#include "xt_error.h"

/* Commands; the bit order is iptables' (it shapes its error messages). */
enum {
	CMD_NONE = 0,
	CMD_INSERT = 1 << 0,
	CMD_DELETE = 1 << 1,
	CMD_DELETE_NUM = 1 << 2,
	CMD_REPLACE = 1 << 3,
	CMD_APPEND = 1 << 4,
	CMD_LIST = 1 << 5,
	CMD_FLUSH = 1 << 6,
	CMD_ZERO = 1 << 7,
	CMD_NEW_CHAIN = 1 << 8,
	CMD_DELETE_CHAIN = 1 << 9,
	CMD_SET_POLICY = 1 << 10,
	CMD_RENAME_CHAIN = 1 << 11,
	CMD_LIST_RULES = 1 << 12,
	CMD_ZERO_NUM = 1 << 13,
	CMD_CHECK = 1 << 14,
};
#define CMD_COUNT 15

/* Generic options, in iptables' bit order. */
enum {
	OPT_NUMERIC = 1 << 0,
	OPT_SOURCE = 1 << 1,
	OPT_DESTINATION = 1 << 2,
	OPT_PROTOCOL = 1 << 3,
	OPT_JUMP = 1 << 4,
	OPT_VERBOSE = 1 << 5,
	OPT_EXPANDED = 1 << 6,
	OPT_VIANAMEIN = 1 << 7,
	OPT_VIANAMEOUT = 1 << 8,
	OPT_LINENUMBERS = 1 << 9,
	OPT_COUNTERS = 1 << 10,
	OPT_FRAGMENT = 1 << 11,
};
#define OPT_COUNT 12

struct xt_cmd {
	unsigned int command;
	unsigned int options;
	char *chain;
	char *newname;
	char *policy;
	char *table;
	unsigned int rulenum;
	int verbose;
	int wait;        /* -w: seconds, -1 for "forever" given as bare -w */
	bool print_version;
	bool version_inverted; /* "! -V" */
	bool print_help;
	/* The rule of -A/-I/-R/-D/-C, addresses still unset: one rule per
	 * (source, destination) pair of the two lists. */
	struct rule *rule;
	char *jumpto; /* -j/-g name as given, resolved against chains later */
	/* -j names a target extension bpf-iptables lacks (MARK...): an
	 * error unless a user chain has that name. */
	bool target_unsupported;
	struct addr_list src, dst;
	uint64_t pcnt, bcnt; /* -c */
	/* Restore leaves what the kernel checks (extension checkentry, loops)
	 * to COMMIT, as iptables-legacy-restore does. */
	bool defer_kernel_checks;
	/* iptables-restore words a jump to a missing chain as legacy does. */
	bool restore;
	/* exec's notes for stderr ("Warning: using chain X, not extension") */
	struct strbuf *warn;
};

struct cmd_parse_opts {
	bool restore;       /* parsing a line of iptables-restore */
	const char *prog;   /* for messages that name the program */
};

/* Parses argv (argv[0] is the program name). Warnings iptables prints on
 * the way (and keeps going) are appended to `warn`. */
int cmd_parse(int argc, char **argv, const struct cmd_parse_opts *opts, struct xt_cmd *cmd,
	      struct strbuf *warn, struct xt_err *err);
void cmd_free(struct xt_cmd *cmd);
/* iptables' rules for a new chain name (-N). */
int valid_chain_name(const char *name, struct xt_err *err);
/* iptables-nft-restore's checks on ":NAME": those of -N, but a chain
 * may take an extension target's name (MARK, LOG...), as there the
 * chain is announced before the check. */
int valid_restore_chain_name(const char *name, struct xt_err *err);

#endif
