/* SPDX-License-Identifier: GPL-2.0-only */
/* One parsed bpf-iptables command run on the namespace's table: by the
 * command itself (cli_iptables.c), or by the namespace's helper for it
 * (table_service.c). */
#ifndef BPFIPT_COMMAND_H
#define BPFIPT_COMMAND_H

#include "../translator/cmd.h"
#include "state.h"

/* Runs cmd on rs, the table as state_load gave it (NULL: it could not be
 * read, err says why), the lock held when the command modifies: the
 * counters it shows, the change, the dataplane, then the saved table.
 * rs stays the caller's, changed as the command changed it; after a
 * failure it may be anywhere between, and is only good to free. */
int command_on_table(struct state *st, struct xt_cmd *cmd, struct ruleset *rs,
		     struct strbuf *out, struct xt_err *err);

/* -A, -I and -D: the commands the helper may run (table_service.h). */
bool command_is_rule_update(const struct xt_cmd *cmd);

#endif
