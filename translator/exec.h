/* SPDX-License-Identifier: GPL-2.0-only */
/* Applying one parsed command to a rule table, with iptables' checks and
 * messages. The caller hands in a copy of the table and keeps it only
 * when this returns 0, so a failed command changes nothing. */
#ifndef BPFIPT_EXEC_H
#define BPFIPT_EXEC_H

#include <stdbool.h>

#include "cmd.h"
#include "ruleset.h"
#include "strbuf.h"
#include "xt_error.h"

/* Tables iptables knows; only "filter" is implemented. Returns 0 for
 * filter, else fails with iptables' message or "not supported". */
int exec_check_table(const char *table, struct xt_err *err);
/* Whether the command can change the table (takes the lock, saves). */
bool exec_modifies(const struct xt_cmd *cmd);
/* `out` receives what iptables prints on stdout (listings, -v lines). */
int exec_command(struct ruleset *rs, struct xt_cmd *cmd, struct strbuf *out, struct xt_err *err);
/* Refuses a table where a chain reachable from a built-in one loops. */
int exec_check_loops(const struct ruleset *rs, struct xt_err *err);
/* Every check the kernel makes when a table is committed (extension
 * checkentry, jump targets, loops): restore runs it at COMMIT. */
int exec_check_table_rules(const struct ruleset *rs, struct xt_err *err);

#endif
