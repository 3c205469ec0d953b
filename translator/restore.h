/* SPDX-License-Identifier: GPL-2.0-only */
/* iptables-restore: the save format read line by line, each rule line
 * parsed as an iptables command. All or nothing: the caller's table is
 * replaced only when the whole input is good. */
#ifndef BPFIPT_RESTORE_H
#define BPFIPT_RESTORE_H

#include <stdbool.h>
#include <stdio.h>

#include "ruleset.h"
#include "strbuf.h"

struct restore_opts {
	const char *prog; /* for messages and the rule lines' argv[0] */
	bool counters;    /* -c: take [p:b] */
	bool noflush;     /* -n */
	bool test;        /* -t: parse only */
	int verbose;      /* -v */
	const char *only_table; /* -T */
};

/* Reads `in` against *rs. On success returns 0 and, unless testing or
 * when the input held no table block, replaces *rs with the new table
 * (a new pointer: the caller can tell whether anything was applied). Otherwise returns iptables' exit status
 * with its message in `errout`. `out` gets the -v output. */
int restore_run(FILE *in, struct ruleset **rs, const struct restore_opts *opts,
		struct strbuf *out, struct strbuf *errout);

/* The same; on failure *wording says which iptables backend the message
 * followed, so the caller can keep that backend's other behaviour. */
int restore_run_ex(FILE *in, struct ruleset **rs, const struct restore_opts *opts,
		   struct strbuf *out, struct strbuf *errout, enum xt_wording *wording);

/* Split one rule line into words as iptables-restore does (double quotes,
 * backslash escapes inside them). Appends to a NULL-terminated argv. */
int restore_split_line(const char *line, char ***argv, int *argc, struct xt_err *err);

#endif
