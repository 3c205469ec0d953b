// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: one iptables command line. The input is split into
 * words at NUL and white space and handed to cmd_parse after the program
 * name; a command that parses is then applied to a copy of a small fixed
 * table, and the result listed, saved and stored. Nothing may crash,
 * leak or hit undefined behaviour; errors are fine. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "report.h"

#define PROG "bpf-iptables"

static bool is_separator(uint8_t c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static char **split(const uint8_t *data, size_t size, int *argc)
{
	char **argv = calloc(size / 2 + 3, sizeof(*argv));
	size_t i = 0;

	if (!argv)
		abort();
	argv[0] = strdup(PROG);
	*argc = 1;
	while (i < size) {
		size_t start;

		while (i < size && is_separator(data[i]))
			i++;
		start = i;
		while (i < size && !is_separator(data[i]))
			i++;
		if (i > start)
			argv[(*argc)++] = strndup((const char *)data + start, i - start);
	}
	return argv;
}

static void apply(struct xt_cmd *cmd, struct strbuf *out, struct xt_err *err)
{
	struct ruleset *rs = ruleset_clone(fuzz_base_table());

	if (exec_command(rs, cmd, out, err) == 0)
		fuzz_check_table(rs);
	else
		report_error(out, PROG, err, -1);
	ruleset_free(rs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmd_parse_opts opts = {.prog = PROG};
	struct strbuf warn, out;
	struct xt_cmd cmd;
	struct xt_err err;
	int argc, ret;
	char **argv = split(data, size, &argc);

	sb_init(&warn);
	sb_init(&out);
	xt_err_clear(&err);
	ret = cmd_parse(argc, argv, &opts, &cmd, &warn, &err);
	if (ret == 0)
		apply(&cmd, &out, &err);
	else if (ret < 0)
		report_error(&out, PROG, &err, -1);
	cmd_free(&cmd);
	sb_free(&warn);
	sb_free(&out);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return 0;
}
