/* SPDX-License-Identifier: GPL-2.0-only */
/* A rule update (-A, -I, -D) handed to the namespace's helper, which
 * keeps the table in memory between commands (table_service.h): the
 * command then neither reads the table file nor opens the dataplane. */
#ifndef BPFIPT_TABLE_CLIENT_H
#define BPFIPT_TABLE_CLIENT_H

#include "../translator/cmd.h"
#include "state.h"

/* Whether the helper ran cmd (argv as given, parsed into cmd): then *ret,
 * out, warn and err are what running it here would have given. False:
 * run it here (a table under 1 MiB, no helper, another build's, busy,
 * not a rule update, a host name in it; BPF_IPTABLES_HELPER_UPDATES=0
 * never asks, =1 asks whatever the table's size). A helper that took
 * the command and stopped before answering is an error in err. */
bool table_client_run(const struct state *st, const struct xt_cmd *cmd, int argc, char **argv,
		      struct strbuf *out, struct strbuf *warn, struct xt_err *err, int *ret);

#endif
