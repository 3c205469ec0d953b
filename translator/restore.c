// SPDX-License-Identifier: GPL-2.0-only
#include "restore.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exec.h"
#include "print.h"
#include "report.h"

#define MAX_ARGC 255
#define MAX_PARAM 1024
#define LINE_MAX_LEN 10240
/* A line asked to stop without applying anything (-V, -h). */
#define RESTORE_STOP (-1)

struct restore_state {
	const struct restore_opts *opts;
	struct ruleset *work; /* the table being built */
	bool in_table;
	bool skip_table; /* -T names another table */
	bool any_table;  /* a table block was read */
	enum xt_wording wording; /* of the error that stopped the restore */
	unsigned int line;
	struct strbuf *out, *errout;
};

static void push_arg(char ***argv, int *argc, const char *s, size_t n)
{
	char **v = realloc(*argv, (size_t)(*argc + 2) * sizeof(*v));

	if (!v)
		abort();
	v[*argc] = strndup(s, n);
	v[*argc + 1] = NULL;
	*argv = v;
	(*argc)++;
}

int restore_split_line(const char *line, char ***argv, int *argc, struct xt_err *err)
{
	char param[MAX_PARAM];
	size_t len = 0;
	bool quote_open = false, escaped = false;

	for (const char *p = line; *p; p++) {
		if (quote_open) {
			if (escaped) {
				escaped = false;
			} else if (*p == '\\') {
				escaped = true;
				continue;
			} else if (*p == '"') {
				quote_open = false;
				goto end_word; /* a closing quote always ends the word */
			}
		} else if (*p == '"') {
			quote_open = true;
			continue;
		} else if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (!len)
				continue;
			goto end_word;
		}
		param[len++] = *p;
		if (len >= sizeof(param))
			return xt_fail(err, XT_PARAMETER_PROBLEM, "Parameter too long!");
		continue;
end_word:
		if (*argc + 1 >= MAX_ARGC)
			return xt_fail(err, XT_PARAMETER_PROBLEM, "Parser cannot handle more arguments");
		push_arg(argv, argc, param, len);
		len = 0;
	}
	if (len) {
		if (*argc + 1 >= MAX_ARGC)
			return xt_fail(err, XT_PARAMETER_PROBLEM, "Parser cannot handle more arguments");
		push_arg(argv, argc, param, len);
	}
	return 0;
}

static void free_argv(char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* Report at the current line and return the exit status. */
static int fail_at(struct restore_state *st, const struct xt_err *err)
{
	/* Table errors are reported with iptables-nft-restore's "line N
	 * failed: MSG." (report_error), whatever their wording elsewhere. */
	st->wording = err->style == XT_ERR_TABLE ? XT_WORDING_NFT : err->wording;
	report_error(st->errout, st->opts->prog, err, (int)st->line);
	return err->status ? err->status : 1;
}

static int line_failed(struct restore_state *st, enum xt_wording wording)
{
	st->wording = wording;
	sb_printf(st->errout, "%s: line %u failed\n", st->opts->prog, st->line);
	return 1;
}

static int begin_table(struct restore_state *st, char *buf)
{
	struct xt_err err;
	char *table = strtok(buf + 1, " \t\n");

	if (!table) {
		xt_fail(&err, XT_PARAMETER_PROBLEM, "%s: line %u table name invalid", st->opts->prog,
			st->line);
		return fail_at(st, &err);
	}
	st->in_table = true;
	st->skip_table = st->opts->only_table && strcmp(st->opts->only_table, table) != 0;
	if (st->skip_table)
		return 0;
	st->any_table = true;
	if (exec_check_table(table, &err) < 0) {
		if (err.status == XT_VERSION_PROBLEM)
			xt_fail(&err, XT_PARAMETER_PROBLEM, "%s: unable to initialize table '%s'",
				st->opts->prog, table);
		return fail_at(st, &err);
	}
	if (st->opts->noflush)
		return 0;
	for (size_t i = 0; i < st->work->n_chains; i++) {
		if (st->opts->verbose)
			sb_printf(st->out, "Flushing chain `%s'\n", st->work->chains[i]->name);
		chain_flush(st->work->chains[i]);
	}
	while (st->work->n_chains > RULESET_N_BUILTIN) {
		struct chain *c = st->work->chains[RULESET_N_BUILTIN];

		if (st->opts->verbose)
			sb_printf(st->out, "Deleting chain `%s'\n", c->name);
		ruleset_del_chain(st->work, c);
	}
	return 0;
}

static int set_chain_policy(struct restore_state *st, struct chain *c, const char *policy)
{
	struct xt_err err;
	unsigned long long p = 0, b = 0;

	if (st->opts->counters) {
		char *ctrs = strtok(NULL, " \t\n");

		if (!ctrs || sscanf(ctrs, "[%llu:%llu]", &p, &b) != 2) {
			xt_fail(&err, XT_PARAMETER_PROBLEM, "invalid policy counters for chain '%s'",
				c ? c->name : "");
			return fail_at(st, &err);
		}
	}
	if (!c || !chain_is_builtin(c) ||
	    (strcmp(policy, "ACCEPT") != 0 && strcmp(policy, "DROP") != 0)) {
		const char *why = c && chain_is_builtin(c) ? "Bad policy name" : "Bad built-in chain name";

		xt_fail(&err, XT_OTHER_PROBLEM, "Can't set policy `%s' on `%s' line %u: %s", policy,
			c ? c->name : "", st->line, why);
		report_error(st->errout, st->opts->prog, &err, -1);
		return 1;
	}
	c->policy = strcmp(policy, "DROP") == 0 ? POLICY_DROP : POLICY_ACCEPT;
	c->pcnt = p;
	c->bcnt = b;
	return 0;
}

static int declare_chain(struct restore_state *st, char *buf)
{
	struct xt_err err;
	char *name = strtok(buf + 1, " \t\n");
	struct chain *c;

	if (!name) {
		xt_fail(&err, XT_PARAMETER_PROBLEM, "%s: line %u chain name invalid", st->opts->prog,
			st->line);
		return fail_at(st, &err);
	}
	if (strlen(name) >= XT_NAME_MAX) {
		xt_fail(&err, XT_PARAMETER_PROBLEM, "Invalid chain name `%s' (%u chars max)", name,
			XT_NAME_MAX - 1);
		return fail_at(st, &err);
	}
	c = ruleset_find(st->work, name);
	if (c && !chain_is_builtin(c)) {
		/* Kept with --noflush, or declared twice: iptables-nft
		 * accepts both and starts the chain empty. */
		chain_flush(c);
	} else if (!c) {
		/* iptables-nft checks the name as -N does (legacy lets
		 * "-foo" through and refuses "ACCEPT" as existing). */
		if (valid_restore_chain_name(name, &err) < 0)
			return fail_at(st, &err);
		c = ruleset_add_chain(st->work, name);
	}
	char *policy = strtok(NULL, " \t\n");
	if (!policy) {
		xt_fail(&err, XT_PARAMETER_PROBLEM, "%s: line %u policy invalid", st->opts->prog,
			st->line);
		return fail_at(st, &err);
	}
	if (strcmp(policy, "-") == 0)
		return 0;
	return set_chain_policy(st, c, policy);
}

/* One rule line through the command parser, against the working table. */
static int restore_command(struct restore_state *st, int argc, char **argv)
{
	struct cmd_parse_opts popts = {.restore = true, .prog = st->opts->prog};
	struct strbuf warn;
	struct xt_cmd cmd;
	struct xt_err err;
	int ret;

	sb_init(&warn);
	xt_err_clear(&err);
	ret = cmd_parse(argc, argv, &popts, &cmd, &warn, &err);
	sb_write(st->errout, warn.buf, warn.len);
	sb_free(&warn);
	if (ret > 0 && (cmd.print_help || cmd.print_version)) {
		/* iptables prints and exits at once, committing nothing. */
		if (cmd.print_version)
			sb_printf(st->out, "%s v%s (%s)\n", st->opts->prog, BPFIPT_VERSION,
				  BPFIPT_BACKEND);
		else
			sb_printf(st->out, "Usage: %s [options] < rules\n", st->opts->prog);
		cmd_free(&cmd);
		return RESTORE_STOP;
	}
	if (ret >= 0) {
		cmd.defer_kernel_checks = true;
		cmd.restore = true;
		ret = exec_command(st->work, &cmd, st->out, &err);
	}
	cmd_free(&cmd);
	return ret < 0 ? fail_at(st, &err) : 0;
}

/* "[p:b] -A ...": returns the text after the counters. */
static int take_counters(struct restore_state *st, char *buf, char **rest, char **pcnt, char **bcnt)
{
	struct xt_err err;

	*rest = buf;
	*pcnt = *bcnt = NULL;
	if (buf[0] != '[')
		return 0;
	char *close = strchr(buf, ']');
	if (!close) {
		xt_fail(&err, XT_PARAMETER_PROBLEM, "Bad line %u: need ]", st->line);
		return fail_at(st, &err);
	}
	*pcnt = strtok(buf + 1, ":");
	if (!*pcnt) {
		xt_fail(&err, XT_PARAMETER_PROBLEM, "Bad line %u: need :", st->line);
		return fail_at(st, &err);
	}
	*bcnt = strtok(NULL, "]");
	if (!*bcnt) {
		xt_fail(&err, XT_PARAMETER_PROBLEM, "Bad line %u: need ]", st->line);
		return fail_at(st, &err);
	}
	*rest = close + 1;
	return 0;
}

static int rule_line(struct restore_state *st, char *buf)
{
	struct xt_err err;
	char **argv = NULL, *rest, *pcnt, *bcnt;
	int argc = 0, ret;

	ret = take_counters(st, buf, &rest, &pcnt, &bcnt);
	if (ret)
		return ret;
	push_arg(&argv, &argc, st->opts->prog, strlen(st->opts->prog));
	push_arg(&argv, &argc, "-t", 2);
	push_arg(&argv, &argc, "filter", 6);
	for (int i = 0; !st->opts->noflush && i < st->opts->verbose; i++)
		push_arg(&argv, &argc, "-v", 2);
	if (st->opts->counters && pcnt && bcnt) {
		push_arg(&argv, &argc, "--set-counters", 14);
		push_arg(&argv, &argc, pcnt, strlen(pcnt));
		push_arg(&argv, &argc, bcnt, strlen(bcnt));
	}
	if (restore_split_line(rest, &argv, &argc, &err) < 0) {
		free_argv(argv, argc);
		return fail_at(st, &err);
	}
	ret = restore_command(st, argc, argv);
	free_argv(argv, argc);
	return ret;
}

static int commit(struct restore_state *st)
{
	struct xt_err err;

	st->in_table = false;
	/* --test parses only, as iptables-legacy-restore: the kernel's
	 * checks happen at a commit that does not take place. */
	if (st->skip_table || st->opts->test)
		return 0;
	if (exec_check_table_rules(st->work, &err) < 0)
		return line_failed(st, XT_WORDING_LEGACY);
	return 0;
}

static int one_line(struct restore_state *st, char *buf)
{
	if (buf[0] == '\n')
		return 0;
	if (buf[0] == '#') {
		if (st->opts->verbose)
			sb_puts(st->out, buf);
		return 0;
	}
	/* iptables-nft's test: a last line "COMMIT" without newline counts. */
	if (st->in_table && strncmp(buf, "COMMIT", 6) == 0 && (buf[6] == '\0' || buf[6] == '\n'))
		return commit(st);
	if (!st->in_table && buf[0] == '*')
		return begin_table(st, buf);
	if (!st->in_table)
		return line_failed(st, XT_WORDING_BOTH);
	if (st->skip_table)
		return 0;
	if (buf[0] == ':')
		return declare_chain(st, buf);
	return rule_line(st, buf);
}

int restore_run(FILE *in, struct ruleset **rs, const struct restore_opts *opts,
		struct strbuf *out, struct strbuf *errout)
{
	enum xt_wording wording;

	return restore_run_ex(in, rs, opts, out, errout, &wording);
}

int restore_run_ex(FILE *in, struct ruleset **rs, const struct restore_opts *opts,
		   struct strbuf *out, struct strbuf *errout, enum xt_wording *wording)
{
	struct restore_state st = {
		.opts = opts,
		.work = ruleset_clone(*rs),
		.out = out,
		.errout = errout,
	};
	char *buf = malloc(LINE_MAX_LEN);
	int ret = 0;

	if (!buf)
		abort();
	while (ret == 0 && fgets(buf, LINE_MAX_LEN, in)) {
		st.line++;
		ret = one_line(&st, buf);
	}
	*wording = st.wording;
	if (ret == RESTORE_STOP) {
		free(buf);
		ruleset_free(st.work);
		return 0;
	}
	if (ret == 0 && st.in_table) {
		sb_printf(errout, "%s: COMMIT expected at line %u\n", opts->prog, st.line + 1);
		ret = 1;
	}
	free(buf);
	if (ret == 0 && !opts->test && st.any_table) {
		ruleset_free(*rs);
		*rs = st.work;
	} else {
		ruleset_free(st.work);
	}
	return ret;
}
