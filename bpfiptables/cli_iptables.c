// SPDX-License-Identifier: GPL-2.0-only
/* bpf-iptables: parse, then run the command on this namespace's table
 * (command.c), here or in the namespace's helper. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "frontend.h"
#include "help.h"
#include "state.h"
#include "table_client.h"
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

/* The namespace's helper runs rule updates on the table it keeps in
 * memory (table_client.h); anything else, or when it does not take the
 * command, runs here under the lock. */
static int run(struct xt_cmd *cmd, int argc, char **argv, struct strbuf *out,
	       struct strbuf *warn, struct xt_err *err)
{
	struct state st;
	struct ruleset *rs;
	int ret;

	if (exec_check_table(cmd->table, err) < 0)
		return -1;
	if (state_open(&st, true, err) < 0)
		return -1;
	if (table_client_run(&st, cmd, argc, argv, out, warn, err, &ret))
		return ret;
	if (exec_modifies(cmd) && state_lock(&st, cmd->wait, err) < 0)
		return -1;
	rs = state_load(&st, err);
	ret = command_on_table(&st, cmd, rs, out, err);
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
	/* The words as given, for the helper: getopt reorders argv. */
	char **words = malloc(((size_t)argc + 1) * sizeof(*words));

	if (!words)
		abort();
	argv[0] = PROG_IPTABLES;
	memcpy(words, argv, ((size_t)argc + 1) * sizeof(*words));
	sb_init(&out);
	sb_init(&warn);
	xt_err_clear(&err);
	ret = cmd_parse(argc, argv, &opts, &cmd, &warn, &err);
	flush_output(NULL, &warn);
	sb_reset(&warn);
	cmd.warn = &warn;
	if (ret > 0)
		status = print_early(&cmd);
	else if (ret < 0 || run(&cmd, argc, words, &out, &warn, &err) < 0)
		status = -1;
	flush_output(NULL, &warn);
	flush_output(&out, NULL);
	if (status < 0)
		status = fail_with(PROG_IPTABLES, &err);
	cmd_free(&cmd);
	free(words);
	sb_free(&out);
	sb_free(&warn);
	return status;
}
