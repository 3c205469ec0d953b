// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of cmd_parse: what a command line turns into (command,
 * chain, rule number, options, the rule header, the matches it loads),
 * and the error path (exit status, message style and text).
 *
 * Every expected -S listing and every expected error text was produced by
 * the real iptables 1.8.9 of Debian 12 in a scratch network namespace:
 *   ip netns add x; ip netns exec x iptables-legacy ARGS; ip netns del x
 * (the -S listings by `iptables-legacy -S` right after ARGS). Where
 * iptables-nft words an error differently and bpf-iptables follows it,
 * the case says so; everything else is iptables-legacy's text. The
 * command-model fields (command bits, option bits, invflags) are
 * iptables' own do_parse values for the same line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "check.h"
#include "cmd.h"
#include "exec.h"
#include "ext.h"
#include "print.h"
#include "report.h"
#include "ruleset.h"

#define PROG "iptables"

struct parsed {
	int ret;
	struct xt_cmd cmd;
	struct strbuf warn;
	struct xt_err err;
};

static void parse_line(const char *line, struct parsed *p)
{
	struct cmd_parse_opts opts = {.restore = false, .prog = PROG};
	int argc;
	char **argv = check_split(PROG, line, &argc);

	sb_init(&p->warn);
	xt_err_clear(&p->err);
	p->ret = cmd_parse(argc, argv, &opts, &p->cmd, &p->warn, &p->err);
	check_free_argv(argv, argc);
}

static void parsed_free(struct parsed *p)
{
	cmd_free(&p->cmd);
	sb_free(&p->warn);
}

/* Parse and apply one line to rs. Returns 0, or -1 with the error in err
 * and the text iptables would print (warnings first) in errtext. */
static int run_line(struct ruleset *rs, const char *line, struct strbuf *stdout_buf,
		    struct strbuf *errtext, struct xt_err *err)
{
	struct parsed p;
	int ret;

	parse_line(line, &p);
	sb_write(errtext, p.warn.buf, p.warn.len);
	*err = p.err;
	ret = p.ret;
	if (ret == 0)
		ret = exec_command(rs, &p.cmd, stdout_buf, err);
	if (ret < 0)
		report_error(errtext, PROG, err, -1);
	parsed_free(&p);
	return ret < 0 ? -1 : 0;
}

/* Commands a case needs done first, one per line; each must succeed. */
static bool run_setup(struct ruleset *rs, const char *setup)
{
	char *copy = setup ? strdup(setup) : NULL;
	bool ok = true;

	for (char *save, *line = copy ? strtok_r(copy, "\n", &save) : NULL; line && ok;
	     line = strtok_r(NULL, "\n", &save)) {
		struct strbuf out, errtext;
		struct xt_err err;

		sb_init(&out);
		sb_init(&errtext);
		ok = run_line(rs, line, &out, &errtext, &err) == 0;
		if (!ok)
			printf("# setup `%s' failed: %s", line, errtext.buf);
		sb_free(&out);
		sb_free(&errtext);
	}
	free(copy);
	return ok;
}

/* ---- commands and their arguments ---------------------------------- */

struct command_case {
	const char *args;
	int ret; /* 1: -V/-h, answered without a command */
	unsigned int command;
	const char *chain;
	unsigned int rulenum;
	const char *newname;
	const char *policy;
	unsigned int options;
	int verbose;
};

static const struct command_case command_cases[] = {
	{"-L", 0, CMD_LIST, NULL, 0, NULL, NULL, 0, 0},
	{"--list", 0, CMD_LIST, NULL, 0, NULL, NULL, 0, 0},
	{"-L INPUT", 0, CMD_LIST, "INPUT", 0, NULL, NULL, 0, 0},
	{"-LINPUT", 0, CMD_LIST, "INPUT", 0, NULL, NULL, 0, 0},
	/* iptables reads "-Ln" as -L of a chain "n" (it says: no such chain) */
	{"-Ln", 0, CMD_LIST, "n", 0, NULL, NULL, 0, 0},
	{"-L INPUT 3 -n -v -x --line-numbers", 0, CMD_LIST, "INPUT", 3, NULL, NULL,
	 OPT_NUMERIC | OPT_VERBOSE | OPT_EXPANDED | OPT_LINENUMBERS, 1},
	{"-nvL", 0, CMD_LIST, NULL, 0, NULL, NULL, OPT_NUMERIC | OPT_VERBOSE, 1},
	{"-v -v -v -L", 0, CMD_LIST, NULL, 0, NULL, NULL, OPT_VERBOSE, 3},
	{"-S", 0, CMD_LIST_RULES, NULL, 0, NULL, NULL, 0, 0},
	{"-S FORWARD 2 -v", 0, CMD_LIST_RULES, "FORWARD", 2, NULL, NULL, OPT_VERBOSE, 1},
	{"--list-rules OUTPUT", 0, CMD_LIST_RULES, "OUTPUT", 0, NULL, NULL, 0, 0},
	{"-F", 0, CMD_FLUSH, NULL, 0, NULL, NULL, 0, 0},
	{"-F INPUT", 0, CMD_FLUSH, "INPUT", 0, NULL, NULL, 0, 0},
	{"--flush foo -v", 0, CMD_FLUSH, "foo", 0, NULL, NULL, OPT_VERBOSE, 1},
	{"-Z", 0, CMD_ZERO, NULL, 0, NULL, NULL, 0, 0},
	{"-Z INPUT", 0, CMD_ZERO, "INPUT", 0, NULL, NULL, 0, 0},
	{"-Z INPUT 2", 0, CMD_ZERO_NUM, "INPUT", 2, NULL, NULL, 0, 0},
	{"-L -Z", 0, CMD_LIST | CMD_ZERO, NULL, 0, NULL, NULL, 0, 0},
	{"-Z -L INPUT", 0, CMD_LIST | CMD_ZERO, "INPUT", 0, NULL, NULL, 0, 0},
	{"-S -Z INPUT 1", 0, CMD_LIST_RULES | CMD_ZERO_NUM, "INPUT", 1, NULL, NULL, 0, 0},
	{"-N foo", 0, CMD_NEW_CHAIN, "foo", 0, NULL, NULL, 0, 0},
	{"--new-chain a!b", 0, CMD_NEW_CHAIN, "a!b", 0, NULL, NULL, 0, 0},
	/* A match's name is a valid chain name (exit 0 in both backends);
	 * bpf-iptables refused it as a target name until 7294db6. */
	{"-N state", 0, CMD_NEW_CHAIN, "state", 0, NULL, NULL, 0, 0},
	{"-N limit", 0, CMD_NEW_CHAIN, "limit", 0, NULL, NULL, 0, 0},
	{"-X", 0, CMD_DELETE_CHAIN, NULL, 0, NULL, NULL, 0, 0},
	{"-X foo", 0, CMD_DELETE_CHAIN, "foo", 0, NULL, NULL, 0, 0},
	{"-E foo bar", 0, CMD_RENAME_CHAIN, "foo", 0, "bar", NULL, 0, 0},
	{"--rename-chain foo bar", 0, CMD_RENAME_CHAIN, "foo", 0, "bar", NULL, 0, 0},
	{"-P INPUT DROP", 0, CMD_SET_POLICY, "INPUT", 0, NULL, "DROP", 0, 0},
	{"-P FORWARD ACCEPT -c 1 2", 0, CMD_SET_POLICY, "FORWARD", 0, NULL, "ACCEPT",
	 OPT_COUNTERS, 0},
	{"-D INPUT 3", 0, CMD_DELETE_NUM, "INPUT", 3, NULL, NULL, 0, 0},
	{"-D INPUT -j ACCEPT", 0, CMD_DELETE, "INPUT", 0, NULL, NULL, OPT_JUMP, 0},
	{"-C INPUT -j ACCEPT", 0, CMD_CHECK, "INPUT", 0, NULL, NULL, OPT_JUMP, 0},
	{"-A INPUT", 0, CMD_APPEND, "INPUT", 0, NULL, NULL, 0, 0},
	{"-I INPUT", 0, CMD_INSERT, "INPUT", 1, NULL, NULL, 0, 0},
	{"-I INPUT 7 -s 1.2.3.4", 0, CMD_INSERT, "INPUT", 7, NULL, NULL, OPT_SOURCE, 0},
	{"-R INPUT 1 -j DROP", 0, CMD_REPLACE, "INPUT", 1, NULL, NULL, OPT_JUMP, 0},
	{"-R INPUT 2147483647", 0, CMD_REPLACE, "INPUT", 2147483647, NULL, NULL, 0, 0},
	{"-L INPUT 0x10", 0, CMD_LIST, "INPUT", 16, NULL, NULL, 0, 0},
	{"-4 -L INPUT -n", 0, CMD_LIST, "INPUT", 0, NULL, NULL, OPT_NUMERIC, 0},
	{"-L -t filter --modprobe=/bin/true -w -W 10", 0, CMD_LIST, NULL, 0, NULL, NULL, 0, 0},
	{"-A INPUT -p tcp -s 1.2.3.4 -d 5.6.7.8 -i lo -f -c 1 2 -j ACCEPT -v", 0, CMD_APPEND,
	 "INPUT", 0, NULL, NULL,
	 OPT_PROTOCOL | OPT_SOURCE | OPT_DESTINATION | OPT_VIANAMEIN | OPT_FRAGMENT | OPT_COUNTERS |
		 OPT_JUMP | OPT_VERBOSE,
	 1},
	{"-V", 1, CMD_NONE, NULL, 0, NULL, NULL, 0, 0},
	{"-h", 1, CMD_NONE, NULL, 0, NULL, NULL, 0, 0},
	{"-h foo", 1, CMD_NONE, NULL, 0, NULL, NULL, 0, 0},
	{"-A INPUT --help", 1, CMD_APPEND, "INPUT", 0, NULL, NULL, 0, 0},
};

static void check_command_case(const struct command_case *c)
{
	struct parsed p;
	const char *a = c->args;

	parse_line(a, &p);
	if (!CHECK_INT(c->ret, p.ret, "%s: parses", a)) {
		printf("#   error: %s\n", p.err.msg);
		parsed_free(&p);
		return;
	}
	CHECK_INT(c->command, p.cmd.command, "%s: command", a);
	CHECK_STR(c->chain, p.cmd.chain, "%s: chain", a);
	CHECK_INT(c->rulenum, p.cmd.rulenum, "%s: rule number", a);
	CHECK_STR(c->newname, p.cmd.newname, "%s: new name", a);
	CHECK_STR(c->policy, p.cmd.policy, "%s: policy", a);
	CHECK_INT(c->options, p.cmd.options, "%s: options", a);
	CHECK_INT(c->verbose, p.cmd.verbose, "%s: verbosity", a);
	CHECK_STR("filter", p.cmd.table, "%s: table", a);
	parsed_free(&p);
}

static void test_commands(void)
{
	struct parsed p;

	for (size_t i = 0; i < sizeof(command_cases) / sizeof(command_cases[0]); i++)
		check_command_case(&command_cases[i]);

	parse_line("-V", &p);
	CHECK(p.cmd.print_version && !p.cmd.version_inverted && !p.cmd.print_help, "-V: version");
	parsed_free(&p);
	parse_line("! -V", &p);
	CHECK(p.ret == 1 && p.cmd.print_version && p.cmd.version_inverted,
	      "! -V: inverted version");
	parsed_free(&p);
	parse_line("--help", &p);
	CHECK(p.ret == 1 && p.cmd.print_help && !p.cmd.print_version, "--help: help");
	parsed_free(&p);

	parse_line("-L -w", &p);
	CHECK_INT(-1, p.cmd.wait, "-L -w: wait forever");
	parsed_free(&p);
	parse_line("-L -w 5", &p);
	CHECK_INT(5, p.cmd.wait, "-L -w 5: wait 5 s");
	parsed_free(&p);
	parse_line("-L --wait=7", &p);
	CHECK_INT(7, p.cmd.wait, "-L --wait=7: wait 7 s");
	parsed_free(&p);
	parse_line("-L", &p);
	CHECK_INT(0, p.cmd.wait, "-L: no wait");
	parsed_free(&p);
}

/* ---- the rule header ------------------------------------------------ */

static void put_addr_list(struct strbuf *out, const struct addr_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			sb_putc(out, ',');
		addr_put_save(out, l->addr[i], l->mask[i]);
	}
}

static void put_match_names(struct strbuf *out, const struct rule *r)
{
	for (unsigned int i = 0; i < r->n_matches; i++)
		sb_printf(out, "%s%s", i ? "," : "", r->matches[i].ext->name);
}

struct rule_case {
	const char *setup; /* run first, "\n"-separated */
	const char *args;
	const char *src, *dst; /* the address lists, "a/len,..." */
	const char *iniface, *outiface;
	uint16_t proto;
	uint8_t flags, invflags;
	const char *matches; /* the match extensions loaded, in order */
	const char *jumpto;
	/* iptables-legacy -S after the command, then its stderr */
	const char *save;
	const char *warn;
};

#define P3 "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n"
#define ANY "0.0.0.0/0"

static const struct rule_case rule_cases[] = {
	{NULL, "-A INPUT -s 10.1.2.3/8 -d 192.168.0.1 -j ACCEPT", "10.0.0.0/8", "192.168.0.1/32",
	 "",
	 "", 0, 0, 0, "", "ACCEPT", P3 "-A INPUT -s 10.0.0.0/8 -d 192.168.0.1/32 -j ACCEPT\n", ""},
	{NULL, "-A INPUT -s 10.0.0.0/255.0.255.0 -d 1.2.3.4/255.255.255.255",
	 "10.0.0.0/255.0.255.0", "1.2.3.4/32", "", "", 0, 0, 0, "", NULL,
	 P3 "-A INPUT -s 10.0.0.0/255.0.255.0 -d 1.2.3.4/32\n", ""},
	{NULL, "-A INPUT -s 1.2.3.4,5.6.7.8 -d 9.9.9.9,8.8.8.8/16 -j DROP",
	 "1.2.3.4/32,5.6.7.8/32", "9.9.9.9/32,8.8.0.0/16", "", "", 0, 0, 0, "", "DROP",
	 P3 "-A INPUT -s 1.2.3.4/32 -d 9.9.9.9/32 -j DROP\n"
	    "-A INPUT -s 1.2.3.4/32 -d 8.8.0.0/16 -j DROP\n"
	    "-A INPUT -s 5.6.7.8/32 -d 9.9.9.9/32 -j DROP\n"
	    "-A INPUT -s 5.6.7.8/32 -d 8.8.0.0/16 -j DROP\n",
	 ""},
	{NULL, "-A INPUT ! -s 1.2.3.4 ! -d 5.6.7.0/24", "1.2.3.4/32", "5.6.7.0/24", "", "", 0, 0,
	 RULE_INV_SRCIP | RULE_INV_DSTIP, "", NULL, P3 "-A INPUT ! -s 1.2.3.4/32 ! -d 5.6.7.0/24\n",
	 ""},
	/* shortened dotted quads */
	{NULL, "-A INPUT -s 10 -d 10.1", "10.0.0.0/32", "10.1.0.0/32", "", "", 0, 0, 0, "", NULL,
	 P3 "-A INPUT -s 10.0.0.0/32 -d 10.1.0.0/32\n", ""},
	{NULL, "-A INPUT -s 0/0 -d 1.2.3.4/0", ANY, ANY, "", "", 0, 0, 0, "", NULL, P3 "-A INPUT\n",
	 ""},
	{NULL, "-A INPUT ! -s 0/0", ANY, ANY, "", "", 0, 0, RULE_INV_SRCIP, "", NULL,
	 P3 "-A INPUT ! -s 0.0.0.0/0\n", ""},
	{NULL, "-A INPUT -s localhost -d localhost/24", "127.0.0.1/32", "127.0.0.0/24", "", "", 0,
	 0,
	 0, "", NULL, P3 "-A INPUT -s 127.0.0.1/32 -d 127.0.0.0/24\n", ""},
	{NULL, "-A INPUT -s 1.2.3.4/0.0.0.0", ANY, ANY, "", "", 0, 0, 0, "", NULL, P3 "-A INPUT\n",
	 ""},
	{NULL, "-A INPUT -s 1.2.3.4/31 -d 1.2.3.4/1", "1.2.3.4/31", "0.0.0.0/1", "", "", 0, 0, 0,
	 "",
	 NULL, P3 "-A INPUT -s 1.2.3.4/31 -d 0.0.0.0/1\n", ""},
	/* interfaces: '+' is kept as typed, save drops a lone "+" */
	{NULL, "-A FORWARD -i eth+ ! -o ppp0 -j DROP", ANY, ANY, "eth+", "ppp0", 0, 0,
	 RULE_INV_VIA_OUT, "", "DROP", P3 "-A FORWARD -i eth+ ! -o ppp0 -j DROP\n", ""},
	{NULL, "-A FORWARD -i + -o +", ANY, ANY, "+", "+", 0, 0, 0, "", NULL, P3 "-A FORWARD\n",
	 ""},
	{NULL, "-A FORWARD ! -i + ! -o eth0.100", ANY, ANY, "+", "eth0.100", 0, 0,
	 RULE_INV_VIA_IN | RULE_INV_VIA_OUT, "", NULL, P3 "-A FORWARD ! -o eth0.100\n", ""},
	{NULL, "-A INPUT -i abcdefghijklmno", ANY, ANY, "abcdefghijklmno", "", 0, 0, 0, "", NULL,
	 P3 "-A INPUT -i abcdefghijklmno\n", ""},
	{NULL, "-A INPUT -i eth/0 -j ACCEPT", ANY, ANY, "eth/0", "", 0, 0, 0, "", "ACCEPT",
	 P3 "-A INPUT -i eth/0 -j ACCEPT\n",
	 "Warning: weird character in interface `eth/0' ('/' and ' ' are not allowed by the "
	 "kernel).\n"},
	/* protocols by name and number; the implicit match comes only with
	 * an option of its own */
	{NULL, "-A INPUT -p tcp", ANY, ANY, "", "", 6, 0, 0, "", NULL, P3 "-A INPUT -p tcp\n", ""},
	{NULL, "-A INPUT -p TCP --dport 22", ANY, ANY, "", "", 6, 0, 0, "tcp", NULL,
	 P3 "-A INPUT -p tcp -m tcp --dport 22\n", ""},
	{NULL, "-A INPUT -p 6 --dport 22", ANY, ANY, "", "", 6, 0, 0, "tcp", NULL,
	 P3 "-A INPUT -p tcp -m tcp --dport 22\n", ""},
	{NULL, "-A INPUT -p 17 --sport 53", ANY, ANY, "", "", 17, 0, 0, "udp", NULL,
	 P3 "-A INPUT -p udp -m udp --sport 53\n", ""},
	{NULL, "-A INPUT -p 47", ANY, ANY, "", "", 47, 0, 0, "", NULL, P3 "-A INPUT -p gre\n", ""},
	{NULL, "-A INPUT -p gre", ANY, ANY, "", "", 47, 0, 0, "", NULL, P3 "-A INPUT -p gre\n", ""},
	{NULL, "-A INPUT ! -p udp", ANY, ANY, "", "", 17, 0, RULE_INV_PROTO, "", NULL,
	 P3 "-A INPUT ! -p udp\n", ""},
	{NULL, "-A INPUT -p icmp --icmp-type echo-request", ANY, ANY, "", "", 1, 0, 0, "icmp", NULL,
	 P3 "-A INPUT -p icmp -m icmp --icmp-type 8\n", ""},
	{NULL, "-A INPUT -p all", ANY, ANY, "", "", 0, 0, 0, "", NULL, P3 "-A INPUT\n", ""},
	{NULL, "-A INPUT -p 0", ANY, ANY, "", "", 0, 0, 0, "", NULL, P3 "-A INPUT\n", ""},
	{NULL, "-A INPUT -p ipv6-icmp", ANY, ANY, "", "", 58, 0, 0, "", NULL,
	 P3 "-A INPUT -p ipv6-icmp\n", ""},
	{NULL, "-A INPUT -p 255", ANY, ANY, "", "", 255, 0, 0, "", NULL, P3 "-A INPUT -p 255\n",
	 ""},
	{NULL, "-A INPUT -p udplite", ANY, ANY, "", "", 136, 0, 0, "", NULL,
	 P3 "-A INPUT -p udplite\n", ""},
	{NULL, "-A INPUT -p sctp", ANY, ANY, "", "", 132, 0, 0, "", NULL, P3 "-A INPUT -p sctp\n",
	 ""},
	/* fragments */
	{NULL, "-A INPUT -f -j DROP", ANY, ANY, "", "", 0, RULE_F_FRAG, 0, "", "DROP",
	 P3 "-A INPUT -f -j DROP\n", ""},
	{NULL, "-A INPUT ! -f", ANY, ANY, "", "", 0, RULE_F_FRAG, RULE_INV_FRAG, "", NULL,
	 P3 "-A INPUT ! -f\n", ""},
	/* explicit and implicit matches */
	{NULL, "-A INPUT -m tcp -p tcp --dport 22", ANY, ANY, "", "", 6, 0, 0, "tcp", NULL,
	 P3 "-A INPUT -p tcp -m tcp --dport 22\n", ""},
	{NULL, "-A INPUT -p tcp -m tcp --dport 22 -m tcp --sport 1", ANY, ANY, "", "", 6, 0, 0,
	 "tcp,tcp", NULL, P3 "-A INPUT -p tcp -m tcp --dport 22 -m tcp --sport 1\n", ""},
	{NULL, "-A INPUT -p tcp -m tcp -m tcp --dport 22", ANY, ANY, "", "", 6, 0, 0, "tcp,tcp",
	 NULL,
	 P3 "-A INPUT -p tcp -m tcp -m tcp --dport 22\n", ""},
	{NULL, "-A INPUT -p tcp -m comment --comment c --dport 22", ANY, ANY, "", "", 6, 0, 0,
	 "comment,tcp", NULL, P3 "-A INPUT -p tcp -m comment --comment c -m tcp --dport 22\n", ""},
	{NULL, "-A INPUT -p tcp ! --syn ! --dport 22", ANY, ANY, "", "", 6, 0, 0, "tcp", NULL,
	 P3 "-A INPUT -p tcp -m tcp ! --dport 22 ! --tcp-flags FIN,SYN,RST,ACK SYN\n", ""},
	{NULL, "-A INPUT -p tcp --tcp-flags SYN,ACK SYN -j DROP", ANY, ANY, "", "", 6, 0, 0, "tcp",
	 "DROP", P3 "-A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN -j DROP\n", ""},
	{NULL,
	 "-A INPUT -p tcp --syn -m multiport --dports 80,443 -m comment --comment \"hi there\" "
	 "-j REJECT --reject-with tcp-reset",
	 ANY, ANY, "", "", 6, 0, 0, "tcp,multiport,comment", "REJECT",
	 P3 "-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m multiport --dports 80,443 "
	    "-m comment --comment \"hi there\" -j REJECT --reject-with tcp-reset\n",
	 ""},
	{NULL, "-A INPUT -p udp -m udp --dport 53 -j LOG --log-prefix \"x: \"", ANY, ANY, "", "",
	 17, 0, 0, "udp", "LOG",
	 P3 "-A INPUT -p udp -m udp --dport 53 -j LOG --log-prefix \"x: \"\n", ""},
	{NULL, "-A INPUT -m comment --comment a -m comment --comment b", ANY, ANY, "", "", 0, 0, 0,
	 "comment,comment", NULL,
	 P3 "-A INPUT -m comment --comment a -m comment --comment b\n", ""},
	{NULL, "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT", ANY, ANY, "", "", 1, 0, 0,
	 "icmp",
	 "ACCEPT", P3 "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT\n", ""},
	/* long options and their abbreviations */
	{NULL, "--append INPUT --source 1.2.3.4 --destination 5.6.7.8 --protocol udp --jump ACCEPT",
	 "1.2.3.4/32", "5.6.7.8/32", "", "", 17, 0, 0, "", "ACCEPT",
	 P3 "-A INPUT -s 1.2.3.4/32 -d 5.6.7.8/32 -p udp -j ACCEPT\n", ""},
	{NULL, "--app INPUT --src 1.2.3.4 --dst 5.6.7.8 --proto udp --in-int lo --fragm --j ACCEPT",
	 "1.2.3.4/32", "5.6.7.8/32", "lo", "", 17, RULE_F_FRAG, 0, "", "ACCEPT",
	 P3 "-A INPUT -s 1.2.3.4/32 -d 5.6.7.8/32 -i lo -p udp -f -j ACCEPT\n", ""},
	{NULL, "-A INPUT -j ACCEPT -t filter", ANY, ANY, "", "", 0, 0, 0, "", "ACCEPT",
	 P3 "-A INPUT -j ACCEPT\n", ""},
	{NULL, "-A INPUT -j RETURN", ANY, ANY, "", "", 0, 0, 0, "", "RETURN",
	 P3 "-A INPUT -j RETURN\n", ""},
	/* jumps and gotos to user chains */
	{"-N foo", "-A INPUT -g foo", ANY, ANY, "", "", 0, RULE_F_GOTO, 0, "", "foo",
	 P3 "-N foo\n-A INPUT -g foo\n", ""},
	{"-N foo", "-A INPUT -s 1.2.3.4 -j foo", "1.2.3.4/32", ANY, "", "", 0, 0, 0, "", "foo",
	 P3 "-N foo\n-A INPUT -s 1.2.3.4/32 -j foo\n", ""},
	/* positions */
	{"-A INPUT -j ACCEPT", "-I INPUT 2 -s 2.2.2.2 -j DROP", "2.2.2.2/32", ANY, "", "", 0, 0, 0,
	 "",
	 "DROP", P3 "-A INPUT -j ACCEPT\n-A INPUT -s 2.2.2.2/32 -j DROP\n", ""},
	{"-A INPUT -j ACCEPT", "-I INPUT -s 2.2.2.2 -j DROP", "2.2.2.2/32", ANY, "", "", 0, 0, 0,
	 "",
	 "DROP", P3 "-A INPUT -s 2.2.2.2/32 -j DROP\n-A INPUT -j ACCEPT\n", ""},
	{"-A INPUT -j ACCEPT", "-R INPUT 1 -s 3.3.3.3 -j DROP", "3.3.3.3/32", ANY, "", "", 0, 0, 0,
	 "", "DROP", P3 "-A INPUT -s 3.3.3.3/32 -j DROP\n", ""},
	{"-A INPUT -s 1.2.3.4 -j ACCEPT\n-A INPUT -s 5.6.7.8 -j ACCEPT",
	 "-D INPUT -s 1.2.3.4,5.6.7.8 -j ACCEPT", "1.2.3.4/32,5.6.7.8/32", ANY, "", "", 0, 0, 0, "",
	 "ACCEPT", P3, ""},
};

static void check_rule_header(const struct rule_case *c, const struct parsed *p)
{
	const struct rule_ip *ip = &p->cmd.rule->ip;
	const char *a = c->args;
	struct strbuf s;

	sb_init(&s);
	put_addr_list(&s, &p->cmd.src);
	CHECK_STR(c->src, s.buf, "%s: source list", a);
	sb_reset(&s);
	put_addr_list(&s, &p->cmd.dst);
	CHECK_STR(c->dst, s.buf, "%s: destination list", a);
	CHECK_STR(c->iniface, ip->iniface, "%s: -i", a);
	CHECK_STR(c->outiface, ip->outiface, "%s: -o", a);
	CHECK_INT(c->proto, ip->proto, "%s: protocol", a);
	CHECK_INT(c->flags, ip->flags, "%s: flags", a);
	CHECK_INT(c->invflags, ip->invflags, "%s: invflags", a);
	sb_reset(&s);
	put_match_names(&s, p->cmd.rule);
	CHECK_STR(c->matches, s.buf, "%s: matches", a);
	CHECK_STR(c->jumpto, p->cmd.jumpto, "%s: -j/-g", a);
	CHECK_STR(c->warn, p->warn.buf, "%s: warnings", a);
	sb_free(&s);
}

static void check_rule_case(const struct rule_case *c)
{
	struct ruleset *rs = ruleset_new();
	struct strbuf out;
	struct parsed p;
	struct xt_err err;

	sb_init(&out);
	if (!CHECK(run_setup(rs, c->setup), "%s: setup", c->args))
		goto done;
	parse_line(c->args, &p);
	if (CHECK_INT(0, p.ret, "%s: parses", c->args)) {
		check_rule_header(c, &p);
		xt_err_clear(&err);
		CHECK_INT(0, exec_command(rs, &p.cmd, &out, &err), "%s: applies (%s)", c->args,
			  err.msg);
		sb_reset(&out);
		print_rules(&out, rs, NULL, 0, false);
		CHECK_STR(c->save, out.buf, "%s: -S as iptables-legacy", c->args);
	} else {
		printf("#   error: %s\n", p.err.msg);
	}
	parsed_free(&p);
done:
	sb_free(&out);
	ruleset_free(rs);
}

static void test_rules(void)
{
	for (size_t i = 0; i < sizeof(rule_cases) / sizeof(rule_cases[0]); i++)
		check_rule_case(&rule_cases[i]);
}

/* -c, both forms; and the rule carries the counters. */
static void test_counters(void)
{
	static const struct {
		const char *args;
		unsigned long long p, b;
	} cases[] = {
		{"-A INPUT -c 10 20 -j ACCEPT", 10, 20},
		{"-A INPUT --set-counters 18446744073709551615 0", 18446744073709551615ull, 0},
		{"-A INPUT -c 3,4", 3, 4},
		{"-I INPUT 1 -c 0 99999999999", 0, 99999999999ull},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct parsed p;

		parse_line(cases[i].args, &p);
		if (CHECK_INT(0, p.ret, "%s: parses", cases[i].args)) {
			CHECK(p.cmd.pcnt == cases[i].p && p.cmd.rule->pcnt == cases[i].p,
			      "%s: packet counter %llu", cases[i].args, cases[i].p);
			CHECK(p.cmd.bcnt == cases[i].b && p.cmd.rule->bcnt == cases[i].b,
			      "%s: byte counter %llu", cases[i].args, cases[i].b);
		}
		parsed_free(&p);
	}
}

/* ---- the error path ------------------------------------------------- */

struct error_case {
	const char *setup;
	const char *args;
	int status;
	const char *text; /* iptables' whole stderr */
};

#define TRY "Try `iptables -h' or 'iptables --help' for more information.\n"
#define LEG "iptables v1.8.9 (legacy): "
#define NFT "iptables v1.8.9 (nf_tables): "
#define EINVAL_TEXT "iptables: Invalid argument. Run `dmesg' for more information.\n"

static const struct error_case error_cases[] = {
	{NULL, "", 2, LEG "no command specified\n" TRY},
	{NULL, "-Q", 2, LEG "unknown option \"-Q\"\n" TRY},
	{NULL, "-A INPUT --foo", 2, LEG "unknown option \"--foo\"\n" TRY},
	{NULL, "-A", 2, LEG "option \"-A\" requires an argument\n" TRY},
	{NULL, "-A INPUT -s", 2, LEG "option \"-s\" requires an argument\n" TRY},
	{NULL, "-A INPUT -g", 2, LEG "option \"-g\" requires an argument\n" TRY},
	{NULL, "-A INPUT ! -i", 2, LEG "option \"-i\" requires an argument\n" TRY},
	{NULL, "-A INPUT -p tcp --dport", 2, LEG "option \"--dport\" requires an argument\n" TRY},
	{NULL, "-A INPUT -m tcp ! --dport", 2, LEG "option \"--dport\" requires an argument\n" TRY},
	{NULL, "-A INPUT -p tcp --dport 1 --sport", 2,
	 LEG "option \"--sport\" requires an argument\n" TRY},
	{NULL, "-A INPUT -j LOG --log-prefix", 2,
	 LEG "option \"--log-prefix\" requires an argument\n" TRY},
	/* addresses */
	{NULL, "-A INPUT -s 1.2.3.4/33", 2, LEG "invalid mask `33' specified\n" TRY},
	{NULL, "-A INPUT -s 1.2.3.4/-1", 2, LEG "invalid mask `-1' specified\n" TRY},
	{NULL, "-A INPUT -s 1.2.3.4/", 2, LEG "invalid mask `' specified\n" TRY},
	{NULL, "-A INPUT -d 1.2.3.4/1.2.3", 2, LEG "invalid mask `1.2.3' specified\n" TRY},
	{NULL, "-A INPUT -s 1.2.3.256", 2, LEG "host/network `1.2.3.256' not found\n" TRY},
	{NULL, "-A INPUT -s 1.2.3.4.5", 2, LEG "host/network `1.2.3.4.5' not found\n" TRY},
	{NULL, "-A INPUT -s /8", 2, LEG "host/network `' not found\n" TRY},
	{NULL, "-A INPUT -s ,", 2, LEG "host/network `' not found\n" TRY},
	{NULL, "-A INPUT -d 1.2.3.4,", 2, LEG "host/network `' not found\n" TRY},
	/* iptables reads the word, not optarg: "--source=" stays in */
	{NULL, "-A INPUT --source=1.2.3.4", 2,
	 LEG "host/network `--source=1.2.3.4' not found\n" TRY},
	{NULL, "-A INPUT -s 1.2.3.4 -s 5.6.7.8", 2, LEG "multiple -s flags not allowed\n" TRY},
	{NULL, "-A INPUT -s 1.2.3.4,5.6.7.8 ! -d 1.1.1.1", 2,
	 LEG "! not allowed with multiple source or destination IP addresses\n" TRY},
	{NULL, "-R INPUT 1 -s 1.2.3.4,5.6.7.8", 2,
	 LEG "Replacement rule does not specify a unique address\n" TRY},
	/* protocols */
	{NULL, "-A INPUT -p foo", 2, LEG "unknown protocol \"foo\" specified\n" TRY},
	{NULL, "-A INPUT -p 256", 2, LEG "unknown protocol \"256\" specified\n" TRY},
	{NULL, "-A INPUT -p -1", 2, LEG "unknown protocol \"-1\" specified\n" TRY},
	{NULL, "-A INPUT -p ''", 2, LEG "unknown protocol \"\" specified\n" TRY},
	{NULL, "-A INPUT ! -p all", 2, LEG "rule would never match protocol\n" TRY},
	{NULL, "-A INPUT -p tcp -p udp", 2, LEG "multiple -p flags not allowed\n" TRY},
	{NULL, "-A INPUT -p udp --syn", 2, LEG "unknown option \"--syn\"\n" TRY},
	{NULL, "-A INPUT -p udplite --dport 1", 2, LEG "unknown option \"--dport\"\n" TRY},
	{NULL, "-A INPUT --dport 22", 2, LEG "unknown option \"--dport\"\n" TRY},
	{NULL, "-A INPUT -j ACCEPT --log-level 1", 2, LEG "unknown option \"--log-level\"\n" TRY},
	/* inversion */
	{NULL, "-A INPUT ! ! -s 1.2.3.4", 2, LEG "multiple consecutive ! not allowed\n" TRY},
	{NULL, "-A INPUT -j ACCEPT !", 2, LEG "nothing appropriate following !\n" TRY},
	{NULL, "-L !", 2, LEG "nothing appropriate following !\n" TRY},
	{NULL, "-A INPUT ! -j ACCEPT", 2, LEG "cannot have ! before -j\n" TRY},
	{NULL, "-A INPUT ! -m tcp", 2, LEG "unexpected ! flag before --match\n" TRY},
	{NULL, "-A INPUT ! -t filter", 2, LEG "unexpected ! flag before --table\n" TRY},
	{NULL, "! -A INPUT", 2, LEG "unexpected '!' flag\n" TRY},
	{NULL, "-A INPUT ! -f -f", 2, LEG "multiple -f flags not allowed\n" TRY},
	/* extensions */
	{NULL, "-A INPUT -m foo", 2,
	 LEG "Couldn't load match `foo':No such file or directory\n\n" TRY},
	{NULL, "-A INPUT -m comment", 2,
	 LEG "comment: option \"--comment\" must be specified\n\n" TRY},
	{NULL, "-A INPUT -m comment --comment a --comment b", 2,
	 LEG "comment: option \"--comment\" can only be used once.\n\n" TRY},
	{NULL, "-A INPUT -p tcp -m tcp --dport 1 --dport 2", 2,
	 LEG "Only one `--destination-port' allowed\n" TRY},
	{NULL, "-A INPUT -p tcp --dport 1 ! --dport 2", 2,
	 LEG "Only one `--destination-port' allowed\n" TRY},
	{NULL, "-A INPUT -p tcp --dport 99999", 2,
	 LEG "invalid port/service `99999' specified\n" TRY},
	{NULL, "-A INPUT -m multiport -p tcp --dports 1-2", 2,
	 LEG "invalid port/service `1-2' specified\n" TRY},
	{NULL, "-A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", 2,
	 LEG "too many ports specified\n" TRY},
	{NULL, "-A INPUT -m multiport --dports 1,2", 2,
	 LEG "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'\n" TRY},
	{NULL, "-A INPUT -p tcp --tcp-flags SYN", 2, LEG "--tcp-flags requires two args.\n" TRY},
	{NULL, "-A INPUT -p icmp --icmp-type foo", 2, LEG "Unknown ICMP type `foo'\n" TRY},
	{NULL, "-A INPUT -p icmp --icmp-type 300", 2, LEG "Unknown ICMP type `300'\n" TRY},
	{NULL, "-A INPUT -j REJECT --reject-with foo", 2, LEG "unknown reject type \"foo\"\n" TRY},
	{NULL, "-A INPUT -j LOG --log-level 9", 2, LEG "log level \"9\" unknown\n\n" TRY},
	/* what the kernel's checkentry refuses (legacy's wording) */
	{NULL, "-A INPUT -m tcp --dport 22", 1, EINVAL_TEXT},
	{NULL, "-A INPUT -m tcp --syn", 1, EINVAL_TEXT},
	{NULL, "-A INPUT -p tcp -m udp --dport 22", 1, EINVAL_TEXT},
	{NULL, "-A INPUT ! -p tcp --dport 1", 1, EINVAL_TEXT},
	{NULL, "-A INPUT -j REJECT --reject-with tcp-reset", 1, EINVAL_TEXT},
	{NULL, "-A INPUT -g INPUT", 1, EINVAL_TEXT},
	{NULL, "-A INPUT -j INPUT", 1, EINVAL_TEXT},
	/* targets and chains named by -j/-g */
	{NULL, "-A INPUT -j ''", 2, LEG "Invalid target name (too short)\n" TRY},
	{NULL, "-A INPUT -j aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 2,
	 LEG "Invalid target name `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' (28 chars max)\n" TRY},
	{NULL, "-A INPUT -p tcp -j ACCEPT --dport 22 -j DROP", 2,
	 LEG "multiple -j flags not allowed\n" TRY},
	{NULL, "-A INPUT -j DROP -g foo", 2, LEG "multiple -j flags not allowed\n" TRY},
	/* bpf-iptables follows iptables-nft here: legacy says "Couldn't load
	 * target `NOSUCHCHAIN':No such file or directory" */
	{NULL, "-A INPUT -j NOSUCHCHAIN", 2, NFT "Chain 'NOSUCHCHAIN' does not exist\n" TRY},
	/* and here: legacy says "goto 'ACCEPT' is not a chain" */
	{NULL, "-A INPUT -g ACCEPT", 2, NFT "Chain 'ACCEPT' does not exist\n" TRY},
	/* "-jACCEPT" is read whole, as iptables reads argv[optind - 1] */
	{NULL, "-AINPUT -jACCEPT", 2, NFT "Chain '-jACCEPT' does not exist\n" TRY},
	/* commands and their arguments */
	{NULL, "-A INPUT extra", 2, "Bad argument `extra'\n" TRY},
	{NULL, "-L INPUT 1 2", 2, "Bad argument `2'\n" TRY},
	{NULL, "-S INPUT 1 x", 2, "Bad argument `x'\n" TRY},
	{NULL, "-N foo bar", 2, "Bad argument `bar'\n" TRY},
	{NULL, "-X INPUT FORWARD", 2, "Bad argument `FORWARD'\n" TRY},
	{"-N foo", "-E foo bar baz", 2, "Bad argument `baz'\n" TRY},
	{NULL, "-6 -L", 2, TRY},
	{NULL, "-L INPUT 0", 2, LEG "Invalid rule number `0'\n" TRY},
	{NULL, "-L INPUT x", 2, LEG "Invalid rule number `x'\n" TRY},
	{NULL, "-L INPUT 2147483648", 2, LEG "Invalid rule number `2147483648'\n" TRY},
	{NULL, "-S INPUT 0", 2, LEG "Invalid rule number `0'\n" TRY},
	{NULL, "-I INPUT 0 -j ACCEPT", 2, LEG "Invalid rule number `0'\n" TRY},
	{NULL, "-I INPUT x -j ACCEPT", 2, LEG "Invalid rule number `x'\n" TRY},
	{NULL, "-D INPUT 0", 2, LEG "Invalid rule number `0'\n" TRY},
	{NULL, "-R INPUT", 2, LEG "-R requires a rule number\n" TRY},
	{NULL, "-E foo", 2, LEG "-E requires old-chain-name and new-chain-name\n" TRY},
	{NULL, "-P INPUT", 2, LEG "-P requires a chain and a policy\n" TRY},
	{NULL, "-A INPUT -L", 2, LEG "Cannot use -L with -A\n" TRY},
	{NULL, "-L -A INPUT", 2, LEG "Cannot use -A with -L\n" TRY},
	{NULL, "-L -S", 2, LEG "Cannot use -S with -L\n" TRY},
	{NULL, "-F -X", 2, LEG "Cannot use -X with -F\n" TRY},
	{NULL, "-L -n -s 1.2.3.4", 2, LEG "Illegal option `-s' with this command\n" TRY},
	{NULL, "-F -n", 2, LEG "Illegal option `-n' with this command\n" TRY},
	{NULL, "-S INPUT -x", 2, LEG "Illegal option `-x' with this command\n" TRY},
	{NULL, "-A INPUT -v -v -x", 2, LEG "Illegal option `-x' with this command\n" TRY},
	{NULL, "-L -c 1 2", 2, LEG "Illegal option `-c' with this command\n" TRY},
	{NULL, "-S -c 1 2", 2, LEG "Illegal option `-c' with this command\n" TRY},
	{NULL, "-A INPUT --line-numbers", 2, LEG "Illegal option `-0' with this command\n" TRY},
	{NULL, "-P INPUT ACCEPT -v -n", 2, LEG "Illegal option `-n' with this command\n" TRY},
	/* chain names */
	{NULL, "-N ACCEPT", 2, LEG "chain name may not clash with target name\n" TRY},
	{NULL, "-N MASQUERADE", 2, LEG "chain name may not clash with target name\n" TRY},
	{NULL, "-N QUEUE", 2, LEG "chain name may not clash with target name\n" TRY},
	{NULL, "-N NFQUEUE", 2, LEG "chain name may not clash with target name\n" TRY},
	{NULL, "-N -foo", 2, LEG "chain name not allowed to start with `-'\n" TRY},
	{NULL, "-N aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 2,
	 LEG "chain name `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' too long (must be under 29 "
	     "chars)\n" TRY},
	{NULL, "-N 'a b'", 2, LEG "Invalid chain name `a b'\n" TRY},
	/* interfaces */
	{NULL, "-A INPUT -o eth0", 2, LEG "Can't use -o with INPUT\n\n" TRY},
	{NULL, "-A OUTPUT -i eth0", 2, LEG "Can't use -i with OUTPUT\n\n" TRY},
	{NULL, "-A INPUT -i ''", 2, LEG "Empty interface is likely to be undesired\n" TRY},
	{NULL, "-A INPUT -i aaaaaaaaaaaaaaaaa", 2,
	 LEG "interface name `aaaaaaaaaaaaaaaaa' must be shorter than IFNAMSIZ (15)\n" TRY},
	{NULL, "-A INPUT -f -f", 2, LEG "multiple -f flags not allowed\n" TRY},
	/* counters, waiting */
	{NULL, "-A INPUT -c 1", 2, LEG "-c requires packet and byte counter\n" TRY},
	{NULL, "-A INPUT -c x 2", 2, LEG "-c packet counter not numeric\n" TRY},
	{NULL, "-A INPUT -c 1 y", 2, LEG "-c byte counter not numeric\n" TRY},
	{NULL, "-W 5 -L", 2,
	 "Ignoring deprecated --wait-interval option.\n" LEG
	 "--wait-interval only makes sense with --wait\n\n" TRY},
	{NULL, "-w x -L", 2, LEG "wait seconds not numeric\n" TRY},
	{NULL, "-W x -w -L", 2, LEG "wait interval not numeric\n" TRY},
	{NULL, "-W 1000000 -w -L", 2, LEG "too long usec wait 1000000 > 999999 usec\n" TRY},
	/* tables */
	{NULL, "-t foo -L", 3,
	 LEG "can't initialize iptables table `foo': Table does not exist (do you need to "
	     "insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n"},
	/* what the table refuses (libiptc's words, "iptables: MSG.") */
	{NULL, "-D INPUT 5", 1, "iptables: Index of deletion too big.\n"},
	{NULL, "-I INPUT 5 -j ACCEPT", 1, "iptables: Index of insertion too big.\n"},
	{NULL, "-Z INPUT 2", 1, "iptables: Index of counter too big.\n"},
	{NULL, "-P INPUT FOO", 1, "iptables: Bad policy name. Run `dmesg' for more information.\n"},
	{NULL, "-P foo ACCEPT", 1, "iptables: Bad built-in chain name.\n"},
	{NULL, "-C INPUT -j ACCEPT", 1,
	 "iptables: Bad rule (does a matching rule exist in that chain?).\n"},
	{NULL, "-C nosuch -j ACCEPT", 1,
	 "iptables: Bad rule (does a matching rule exist in that chain?).\n"},
	{NULL, "-D nosuch -j ACCEPT", 1,
	 "iptables: Bad rule (does a matching rule exist in that chain?).\n"},
	{"-A INPUT -s 1.2.3.4 -j ACCEPT", "-D INPUT -s 1.2.3.4,5.6.7.8 -j ACCEPT", 1,
	 "iptables: Bad rule (does a matching rule exist in that chain?).\n"},
	{NULL, "-A nosuch -j ACCEPT", 1, "iptables: No chain/target/match by that name.\n"},
	{NULL, "-I nosuch", 1, "iptables: No chain/target/match by that name.\n"},
	{NULL, "-F nosuch", 1, "iptables: No chain/target/match by that name.\n"},
	{NULL, "-Z nosuch", 1, "iptables: No chain/target/match by that name.\n"},
	{NULL, "-L nosuch", 1, "iptables: No chain/target/match by that name.\n"},
	{NULL, "-S nosuch", 1, "iptables: No chain/target/match by that name.\n"},
	{NULL, "-X nosuch", 1, "iptables: No chain/target/match by that name.\n"},
	{NULL, "-Ln", 1, "iptables: No chain/target/match by that name.\n"},
	{NULL, "-E INPUT foo", 1, "iptables: No chain/target/match by that name.\n"},
	{NULL, "-E nosuch foo", 1, "iptables: No chain/target/match by that name.\n"},
	/* iptables-nft's words on a table without rules (legacy: EINVAL) */
	{NULL, "-X INPUT", 1, "iptables: No chain/target/match by that name.\n"},
	{"-N foo", "-X INPUT", 1, "iptables: No chain/target/match by that name.\n"},
	/* With a rule in INPUT, iptables-legacy says this (EINVAL) and
	 * iptables-nft "iptables v1.8.9 (nf_tables):  CHAIN_DEL failed
	 * (Device or resource busy): chain INPUT" (status 4); bpf-iptables
	 * said "No chain/target/match by that name." until 38fec0d. */
	{"-A INPUT -j ACCEPT", "-X INPUT", 1, EINVAL_TEXT},
	{"-N foo", "-N foo", 1, "iptables: Chain already exists.\n"},
	{"-N foo", "-E foo ACCEPT", 1, "iptables: File exists.\n"},
	{"-N foo\n-N bar", "-E foo bar", 1, "iptables: File exists.\n"},
	{"-N foo", "-E foo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1, EINVAL_TEXT},
	{"-N foo\n-A INPUT -j foo", "-X foo", 1, "iptables: Too many links.\n"},
	{"-N foo\n-A INPUT -j foo", "-X", 1, "iptables: Too many links.\n"},
	{"-N foo\n-A foo -j ACCEPT", "-X foo", 1, "iptables: Directory not empty.\n"},
};

/* The kind of message iptables' text is, warnings skipped: 'P' for
 * "iptables vX (backend): MSG", 'T' for libiptc's "iptables: MSG.", 'R'
 * for a raw text followed by the "Try" hint. */
static char kind_of_text(const char *text)
{
	while (strncmp(text, "Warning:", 8) == 0 || strncmp(text, "Ignoring ", 9) == 0)
		text = strchr(text, '\n') + 1;
	if (strncmp(text, "iptables v", 10) == 0)
		return 'P';
	if (strncmp(text, "iptables: ", 10) == 0)
		return 'T';
	return 'R';
}

/* The same for an error's style; styles other than these three all
 * print "PROG: MSG." on the command line (the table-operation family). */
static char kind_of_style(int style)
{
	switch (style) {
	case XT_ERR_PREFIXED:
		return 'P';
	case XT_ERR_RAW_TRYHELP:
		return 'R';
	case XT_ERR_RAW:
		return 'W';
	default:
		return 'T';
	}
}

static void check_error_case(const struct error_case *c)
{
	struct ruleset *rs = ruleset_new();
	struct strbuf out, errtext;
	struct xt_err err;
	char *want = check_from_iptables(c->text);

	sb_init(&out);
	sb_init(&errtext);
	xt_err_clear(&err);
	if (CHECK(run_setup(rs, c->setup), "`%s': setup", c->args)) {
		int ret = run_line(rs, c->args, &out, &errtext, &err);

		CHECK_INT(-1, ret, "`%s': fails", c->args);
		CHECK_INT(c->status, err.status, "`%s': exit status", c->args);
		CHECK_INT(kind_of_text(c->text), kind_of_style(err.style), "`%s': message style",
			  c->args);
		CHECK_STR(want, errtext.buf, "`%s': stderr as iptables", c->args);
	}
	free(want);
	sb_free(&out);
	sb_free(&errtext);
	ruleset_free(rs);
}

static void test_errors(void)
{
	for (size_t i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++)
		check_error_case(&error_cases[i]);
}

/* Extensions and tables iptables has and bpf-iptables does not: exit 2
 * and a clear message, the project's contract (DESIGN.md §7), not
 * iptables' text (iptables accepts them). */
static void test_unsupported(void)
{
	static const struct {
		const char *args, *msg;
	} cases[] = {
		{"-A INPUT -m state --state NEW", "match `state' is not supported by bpf-iptables"},
		{"-A INPUT -m conntrack --ctstate NEW",
		 "match `conntrack' is not supported by bpf-iptables"},
		{"-A INPUT -p sctp --dport 1", "match `sctp' is not supported by bpf-iptables"},
		{"-A INPUT -j QUEUE", "target `QUEUE' is not supported by bpf-iptables"},
		{"-A INPUT -j MASQUERADE", "target `MASQUERADE' is not supported by bpf-iptables"},
		{"-A INPUT -j NFQUEUE", "target `NFQUEUE' is not supported by bpf-iptables"},
		{"-t nat -L", "table `nat' is not supported by bpf-iptables"},
		{"-t mangle -A PREROUTING -j MARK --set-mark 1",
		 "table `mangle' is not supported by bpf-iptables"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ruleset *rs = ruleset_new();
		struct strbuf out, errtext;
		struct xt_err err;

		sb_init(&out);
		sb_init(&errtext);
		CHECK_INT(-1, run_line(rs, cases[i].args, &out, &errtext, &err), "`%s': fails",
			  cases[i].args);
		CHECK_INT(XT_PARAMETER_PROBLEM, err.status, "`%s': exit status 2", cases[i].args);
		CHECK_STR(cases[i].msg, err.msg, "`%s': says unsupported", cases[i].args);
		sb_free(&out);
		sb_free(&errtext);
		ruleset_free(rs);
	}
}

/* getopt keeps state in globals; each cmd_parse must start afresh, also
 * after a parse that stopped half-way through its argv. */
static void test_reparse(void)
{
	static const char *const stoppers[] = {
		"-A INPUT extra words here", "-V -A INPUT", "-A INPUT -p tcp --dport", "-Q -Q -Q",
		"-A INPUT -p tcp --dport 22 -j",
	};

	for (size_t i = 0; i < sizeof(stoppers) / sizeof(stoppers[0]); i++) {
		struct parsed p;

		parse_line(stoppers[i], &p);
		CHECK(p.ret != 0, "`%s' stops early", stoppers[i]);
		parsed_free(&p);
		parse_line("-I FORWARD 3 -p udp --dport 53 -j DROP", &p);
		CHECK(p.ret == 0 && p.cmd.command == CMD_INSERT && p.cmd.rulenum == 3 &&
			      strcmp(p.cmd.chain, "FORWARD") == 0 && p.cmd.rule->n_matches == 1 &&
			      p.cmd.rule->target.verdict == VERDICT_DROP,
		      "a fresh parse after `%s' reads its whole line", stoppers[i]);
		parsed_free(&p);
	}
	/* two lines whose implicit matches differ: no option table leaks */
	struct parsed p;

	parse_line("-A INPUT -p tcp --dport 22", &p);
	parsed_free(&p);
	parse_line("-A INPUT -p udp --syn", &p);
	CHECK_STR("unknown option \"--syn\"", p.err.msg, "--syn after a tcp line is still unknown");
	parsed_free(&p);
}

int main(void)
{
	check_offline();
	test_commands();
	test_rules();
	test_counters();
	test_errors();
	test_unsupported();
	test_reparse();
	return check_exit();
}
