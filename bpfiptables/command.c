// SPDX-License-Identifier: GPL-2.0-only
/* Apply to the table, and keep the result only when the command
 * succeeded: enforced first, so that the saved table never runs ahead of
 * the rules in force. */
#include "command.h"

#include "enforce.h"
#include "../translator/exec.h"

/* The commands that add or remove single rules. */
#define RULE_UPDATES (CMD_APPEND | CMD_INSERT | CMD_DELETE | CMD_DELETE_NUM)

/* Whether the command shows or zeroes counters, or (-R) gives a rule
 * fresh ones: only then are the dataplane's counts read into the table
 * (a large table's counters take milliseconds to read). -A, -I and -D
 * neither show nor change the counters of the rules they keep. */
static bool needs_live_counters(const struct xt_cmd *cmd)
{
	return !(cmd->command & RULE_UPDATES);
}

/* Commands that only add, remove or replace rules: their change is saved
 * as change records (state_save_changes). */
static bool changes_rules_only(const struct xt_cmd *cmd)
{
	return !(cmd->command & ~(RULE_UPDATES | CMD_REPLACE));
}

bool command_is_rule_update(const struct xt_cmd *cmd)
{
	return cmd->command && !(cmd->command & ~RULE_UPDATES);
}

static int save(struct state *st, const struct ruleset *rs, const struct ruleset_snapshot *before,
		const struct enforce *en, struct xt_err *err)
{
	/* A compaction gave every rule a new slot in place. */
	if (before->chains && !en->compacted)
		return state_save_changes(st, rs, before, err);
	return state_save(st, rs, err);
}

int command_on_table(struct state *st, struct xt_cmd *cmd, struct ruleset *rs,
		     struct strbuf *out, struct xt_err *err)
{
	bool modifies = exec_modifies(cmd);
	struct ruleset_snapshot before = {0};
	struct enforce en = {0};
	int ret;

	if (rs && modifies && changes_rules_only(cmd))
		ruleset_snapshot_take(&before, rs);
	if (rs && needs_live_counters(cmd))
		enforce_show_counters(&en, st, rs);
	ret = rs ? exec_command(rs, cmd, out, err) : -1;
	if (ret == 0 && modifies) {
		enforce_unshow_counters(&en, rs);
		ret = enforce_apply(&en, st, rs, err);
		if (ret == 0)
			ret = save(st, rs, &before, &en, err);
	} else if (ret < 0 && err->wording == XT_WORDING_LEGACY) {
		state_keep_table(st, cmd->wait);
	}
	enforce_done(&en);
	ruleset_snapshot_free(&before);
	return ret;
}
