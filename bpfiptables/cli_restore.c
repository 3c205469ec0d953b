// SPDX-License-Identifier: GPL-2.0-only
/* bpf-iptables-restore: the whole input or nothing, under the lock. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "help.h"
#include "enforce.h"
#include "state.h"
#include "../translator/report.h"
#include "../translator/restore.h"

static const struct option restore_opts[] = {
	{"binary", 0, NULL, 'b'},  {"counters", 0, NULL, 'c'},      {"verbose", 0, NULL, 'v'},
	{"version", 0, NULL, 'V'}, {"test", 0, NULL, 't'},          {"help", 0, NULL, 'h'},
	{"noflush", 0, NULL, 'n'}, {"modprobe", 1, NULL, 'M'},      {"table", 1, NULL, 'T'},
	{"wait", 2, NULL, 'w'},    {"wait-interval", 2, NULL, 'W'}, {NULL, 0, NULL, 0},
};

struct restore_args {
	struct restore_opts opts;
	int wait;
	bool wait_interval_set;
	FILE *in;
};

/* -w N / -W N also take a separate word, as iptables' parsers do. */
static const char *optional_value(int argc, char **argv)
{
	if (optarg)
		return optarg;
	if (optind < argc && argv[optind][0] != '-' && argv[optind][0] != '!')
		return argv[optind++];
	return NULL;
}

static int parse_wait_opts(int c, int argc, char **argv, struct restore_args *a,
			   struct xt_err *err)
{
	const char *v = optional_value(argc, argv);
	unsigned int usec;

	if (c == 'w') {
		a->wait = -1;
		if (v && sscanf(v, "%i", &a->wait) != 1)
			return xt_fail(err, XT_PARAMETER_PROBLEM, "wait seconds not numeric");
		return 0;
	}
	if (!v)
		return xt_fail(err, XT_PARAMETER_PROBLEM, "wait interval value required");
	if (sscanf(v, "%u", &usec) != 1)
		return xt_fail(err, XT_PARAMETER_PROBLEM, "wait interval not numeric");
	if (usec > 999999)
		return xt_fail(err, XT_PARAMETER_PROBLEM, "too long usec wait %u > 999999 usec",
			       usec);
	fprintf(stderr, "Ignoring deprecated --wait-interval option.\n");
	a->wait_interval_set = true;
	return 0;
}

/* iptables-restore reports its own option errors as if at line 0. */
static int fail_at_line0(const struct xt_err *err)
{
	struct strbuf msg;

	sb_init(&msg);
	report_error(&msg, PROG_RESTORE, err, 0);
	flush_output(NULL, &msg);
	sb_free(&msg);
	return err->status;
}

/* Returns -1 to go on, or the exit status. */
static int parse_restore_args(int argc, char **argv, struct restore_args *a, struct xt_err *err)
{
	int c;

	while ((c = getopt_long(argc, argv, "bcvVthnwWM:T:", restore_opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			fprintf(stderr, "-b/--binary option is not implemented\n");
			break;
		case 'c':
			a->opts.counters = true;
			break;
		case 'v':
			a->opts.verbose++;
			break;
		case 'V':
			printf("%s v%s (%s)\n", PROG_RESTORE, BPFIPT_VERSION, BPFIPT_BACKEND);
			return 0;
		case 't':
			a->opts.test = true;
			break;
		case 'h':
			print_restore_help(stderr);
			return 0;
		case 'n':
			a->opts.noflush = true;
			break;
		case 'w':
		case 'W':
			if (parse_wait_opts(c, argc, argv, a, err) < 0)
				return fail_at_line0(err);
			break;
		case 'M':
			break;
		case 'T':
			a->opts.only_table = optarg;
			break;
		default:
			fprintf(stderr, "Try `%s -h' for more information.\n", PROG_RESTORE);
			return 1;
		}
	}
	if (optind == argc - 1) {
		a->in = fopen(argv[optind], "re");
		if (!a->in) {
			fprintf(stderr, "Can't open %s: %s\n", argv[optind], strerror(errno));
			return 1;
		}
	} else if (optind < argc) {
		fprintf(stderr, "Unknown arguments found on commandline\n");
		return 1;
	}
	if (a->wait_interval_set && !a->wait) {
		fprintf(stderr, "Option --wait-interval requires option --wait\n");
		return 1;
	}
	return -1;
}

int restore_main(int argc, char **argv)
{
	struct restore_args a = {.opts = {.prog = PROG_RESTORE}, .in = stdin};
	struct strbuf out, errout;
	struct xt_err err;
	struct state st;
	struct ruleset *rs;
	int ret;

	argv[0] = PROG_RESTORE;
	xt_err_clear(&err);
	ret = parse_restore_args(argc, argv, &a, &err);
	if (ret >= 0)
		return ret;
	if (state_open(&st, true, &err) < 0 || (!a.opts.test && state_lock(&st, a.wait, &err) < 0))
		return fail_with(PROG_RESTORE, &err);
	rs = state_load(&st, &err);
	if (!rs)
		return fail_with(PROG_RESTORE, &err);
	const struct ruleset *before = rs;
	uint32_t old_next_slot = rs->next_slot;
	sb_init(&out);
	sb_init(&errout);
	enum xt_wording wording;

	ret = restore_run_ex(a.in, &rs, &a.opts, &out, &errout, &wording);
	/* Nothing applied (no table block, --test): no state to write, so
	 * a fresh namespace stays without a table, as with iptables-nft. */
	if (ret == 0 && rs != before) {
		struct enforce en = {0};

		/* A replaced table's rules must not inherit the counts the
		 * dataplane keeps under the old rules' slots. */
		if (!a.opts.noflush)
			enforce_fresh_slots(rs, old_next_slot);
		/* Restore sets the policies' counters ([p:b], else 0): the
		 * dataplane's counts under them start again. */
		enforce_zero_policies(&en);
		if (enforce_apply(&en, &st, rs, &err) < 0 || state_save(&st, rs, &err) < 0)
			ret = fail_with(PROG_RESTORE, &err);
		enforce_done(&en);
	}
	else if (ret != 0 && wording == XT_WORDING_LEGACY && !a.opts.test)
		state_keep_table(&st, a.wait);
	flush_output(&out, &errout);
	sb_free(&out);
	sb_free(&errout);
	ruleset_free(rs);
	state_unlock(&st);
	if (a.in != stdin)
		fclose(a.in);
	return ret;
}
