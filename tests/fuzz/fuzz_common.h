/* SPDX-License-Identifier: GPL-2.0-only */
/* What the fuzz targets share: the small table they run commands
 * against, and the checks every table they end up with must pass. */
#ifndef BPFIPT_FUZZ_COMMON_H
#define BPFIPT_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exec.h"
#include "print.h"
#include "ruleset.h"
#include "ruleset_io.h"

/* A little of everything: user chains with references, a goto, each
 * match and target kind, a non-default policy. */
static const char *const fuzz_base_cmds[] = {
	"-N web",
	"-N empty",
	"-N log",
	"-P FORWARD DROP",
	"-A INPUT -i lo -j ACCEPT",
	"-A INPUT -s 10.0.0.0/8 -d 198.18.0.1 -p tcp --dport 80 --tcp-flags SYN,ACK SYN -j web",
	"-A INPUT -p udp -m multiport --sports 53,67:68 -j ACCEPT",
	"-A INPUT -p icmp --icmp-type echo-request -m comment --comment ping -j ACCEPT",
	"-A INPUT ! -f -j REJECT --reject-with icmp-host-prohibited",
	"-A FORWARD ! -i eth+ -o ppp0 -g log",
	"-A web -j RETURN -c 10 20",
	"-A log -j LOG --log-prefix drop: --log-level debug",
	"-A log -j DROP",
};

static inline char **fuzz_words(const char *line, int *argc)
{
	char *copy = strdup(line);
	char **argv = calloc(strlen(line) + 2, sizeof(*argv));
	char *save = NULL;

	if (!copy || !argv)
		abort();
	*argc = 0;
	argv[(*argc)++] = strdup("bpf-iptables");
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[(*argc)++] = strdup(w);
	free(copy);
	return argv;
}

static inline void fuzz_free_words(char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* Built once per process; each input works on a clone. A failing command
 * here is a bug in this file, not a finding. */
static inline const struct ruleset *fuzz_base_table(void)
{
	static struct ruleset *base;

	if (base)
		return base;
	base = ruleset_new();
	for (size_t i = 0; i < sizeof(fuzz_base_cmds) / sizeof(fuzz_base_cmds[0]); i++) {
		struct cmd_parse_opts opts = {.prog = "bpf-iptables"};
		struct strbuf warn, out;
		struct xt_cmd cmd;
		struct xt_err err;
		int argc;
		char **argv = fuzz_words(fuzz_base_cmds[i], &argc);

		sb_init(&warn);
		sb_init(&out);
		if (cmd_parse(argc, argv, &opts, &cmd, &warn, &err) != 0 ||
		    exec_command(base, &cmd, &out, &err) != 0)
			abort();
		cmd_free(&cmd);
		sb_free(&warn);
		sb_free(&out);
		fuzz_free_words(argv, argc);
	}
	return base;
}

/* Every table the translator builds must list, save, and survive the
 * state file: a table it wrote that it cannot read back is a bug. */
static inline void fuzz_check_table(const struct ruleset *rs)
{
	struct strbuf out;
	struct xt_err err;
	struct ruleset *back;

	sb_init(&out);
	print_list(&out, rs, NULL, 0, FMT_OPTIONS | FMT_VIA | FMT_NUMERIC | FMT_LINENUMBERS);
	print_rules(&out, rs, NULL, 0, true);
	print_save_table(&out, rs, true);
	sb_reset(&out);
	ruleset_serialize(rs, &out);
	back = ruleset_deserialize(out.buf, out.len, &err);
	if (!back)
		abort();
	ruleset_free(back);
	sb_free(&out);
}

#endif
