// SPDX-License-Identifier: GPL-2.0-only
/* bpf-iptables: parse, then apply to this namespace's table under the
 * lock, and keep the result only when the command succeeded. */
#include <stdio.h>
#include <stdlib.h>

#include "frontend.h"
#include "help.h"
#include "enforce.h"
#include "state.h"
#include "../translator/cmd.h"
#include "../translator/exec.h"
#include "../translator/report.h"

static int print_early(const struct xt_cmd *cmd)
{
	if (cmd->print_version) {
		if (cmd->version_inverted)
			printf("Not %s (%s) ;-)\n", BPFIPT_VERSION, BPFIPT_BACKEND);
		else
			printf("%s v%s (%s)\n", PROG_IPTABLES, BPFIPT_VERSION, BPFIPT_BACKEND);
	} else {
		print_iptables_help(stdout);
	}
	return 0;
}

/* Whether the command shows or zeroes counters, or (-R) gives a rule
 * fresh ones: only then are the dataplane's counts read into the table
 * (a large table's counters take milliseconds to read). -A, -I and -D
 * neither show nor change the counters of the rules they keep. */
static bool needs_live_counters(const struct xt_cmd *cmd)
{
	return !(cmd->command & (CMD_APPEND | CMD_INSERT | CMD_DELETE | CMD_DELETE_NUM));
}

/* Commands that only add, remove or replace rules: their change is saved
 * as change records (state_save_changes). */
static bool changes_rules_only(const struct xt_cmd *cmd)
{
	return !(cmd->command & ~(CMD_APPEND | CMD_INSERT | CMD_DELETE | CMD_DELETE_NUM | CMD_REPLACE));
}

static int save(const struct state *st, const struct ruleset *rs,
		const struct ruleset_snapshot *before, const struct enforce *en, struct xt_err *err)
{
	/* A compaction gave every rule a new slot in place. */
	if (before->chains && !en->compacted)
		return state_save_changes(st, rs, before, err);
	return state_save(st, rs, err);
}

static int run(struct xt_cmd *cmd, struct strbuf *out, struct xt_err *err)
{
	bool modifies = exec_modifies(cmd);
	struct ruleset_snapshot before = {0};
	struct enforce en = {0};
	struct state st;
	struct ruleset *rs;
	int ret;

	if (exec_check_table(cmd->table, err) < 0)
		return -1;
	if (state_open(&st, true, err) < 0)
		return -1;
	if (modifies && state_lock(&st, cmd->wait, err) < 0)
		return -1;
	rs = state_load(&st, err);
	if (rs && modifies && changes_rules_only(cmd))
		ruleset_snapshot_take(&before, rs);
	if (rs && needs_live_counters(cmd))
		enforce_show_counters(&en, &st, rs);
	ret = rs ? exec_command(rs, cmd, out, err) : -1;
	if (ret == 0 && modifies) {
		/* Enforced first: the saved table never runs ahead of the
		 * rules in force. */
		enforce_unshow_counters(&en, rs);
		ret = enforce_apply(&en, &st, rs, err);
		if (ret == 0)
			ret = save(&st, rs, &before, &en, err);
	}
	else if (ret < 0 && err->wording == XT_WORDING_LEGACY)
		state_keep_table(&st, cmd->wait);
	enforce_done(&en);
	ruleset_snapshot_free(&before);
	/* The table is left to the process's exit, which is next
	 * (iptables_main): freeing 10,000 rules one by one, then unmapping
	 * their arena, took 0.1 ms of every -A. */
	state_unlock(&st);
	return ret;
}

int iptables_main(int argc, char **argv)
{
	struct cmd_parse_opts opts = {.restore = false, .prog = PROG_IPTABLES};
	struct strbuf out, warn;
	struct xt_cmd cmd;
	struct xt_err err;
	int ret, status = 0;

	argv[0] = PROG_IPTABLES;
	sb_init(&out);
	sb_init(&warn);
	xt_err_clear(&err);
	ret = cmd_parse(argc, argv, &opts, &cmd, &warn, &err);
	flush_output(NULL, &warn);
	sb_reset(&warn);
	cmd.warn = &warn;
	if (ret > 0)
		status = print_early(&cmd);
	else if (ret < 0 || run(&cmd, &out, &err) < 0)
		status = -1;
	flush_output(NULL, &warn);
	flush_output(&out, NULL);
	if (status < 0)
		status = fail_with(PROG_IPTABLES, &err);
	cmd_free(&cmd);
	sb_free(&out);
	sb_free(&warn);
	return status;
}
