// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of restore_run and restore_split_line: the save-file
 * grammar, counters, --noflush, --test, -T, -v, quoting, and that a
 * failure at any line leaves the caller's table as it was.
 *
 * Each case was fed to the real iptables-legacy-restore 1.8.9 (Debian 12)
 * with the same options, in a scratch network namespace prepared with the
 * case's setup commands:
 *   ip netns add x; ip netns exec x iptables-legacy SETUP...
 *   ip netns exec x iptables-legacy-restore OPTS < INPUT
 *   ip netns exec x iptables-legacy-save -c | grep -v '^#'
 *   ip netns del x
 * and the expected exit status, stdout, stderr and table are what it
 * printed (with bpf-iptables' version banner in place of iptables'). A
 * case that follows iptables-nft-restore instead, or bpf-iptables' own
 * contract, says so; iptables-nft-restore's texts are shown with the
 * program name iptables-restore, the name this test runs under. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd.h"
#include "exec.h"
#include "print.h"
#include "report.h"
#include "restore.h"
#include "ruleset.h"

#define PROG "iptables-restore"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct restore_case {
	const char *name;
	const char *opts;  /* iptables-restore's options: -c -n -t -v -T TABLE */
	const char *setup; /* iptables commands run first, "\n"-separated */
	const char *input;
	int ret;
	const char *out; /* NULL: anything but empty */
	const char *err;
	const char *save; /* save -c afterwards; NULL: the table as it was */
};

static const struct restore_case cases[] = {
	{"basic", "", NULL,
	 "*filter\n"
	 ":INPUT DROP [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":web - [0:0]\n"
	 "-A INPUT -i lo -j ACCEPT\n"
	 "-A INPUT -p tcp --dport 80 -j web\n"
	 "-A web -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT DROP [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":web - [0:0]\n"
	 "[0:0] -A INPUT -i lo -j ACCEPT\n"
	 "[0:0] -A INPUT -p tcp -m tcp --dport 80 -j web\n"
	 "[0:0] -A web -j ACCEPT\n"
	 "COMMIT\n"},
	{"comments and blank lines", "", NULL,
	 "# a comment\n"
	 "\n"
	 "*filter\n"
	 "# inside\n"
	 "\n"
	 ":INPUT ACCEPT [0:0]\n"
	 "-A INPUT -j DROP\n"
	 "\n"
	 "# before commit\n"
	 "COMMIT\n"
	 "# after\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j DROP\n"
	 "COMMIT\n"},
	/* iptables-nft-restore (a last COMMIT without a newline counts) */
	{"commit without newline", "", NULL,
	 "*filter\n"
	 "-A INPUT -j DROP\n"
	 "COMMIT",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j DROP\n"
	 "COMMIT\n"},
	{"no commit", "", NULL,
	 "*filter\n"
	 "-A INPUT -j DROP\n",
	 1, "",
	 "iptables-restore: COMMIT expected at line 3\n",
	 NULL},
	{"no commit, empty table", "", NULL,
	 "*filter\n",
	 1, "",
	 "iptables-restore: COMMIT expected at line 2\n",
	 NULL},
	{"rule before table", "", NULL,
	 "-A INPUT -j DROP\n"
	 "*filter\n"
	 "COMMIT\n",
	 1, "",
	 "iptables-restore: line 1 failed\n",
	 NULL},
	{"commit outside table", "", NULL,
	 "COMMIT\n",
	 1, "",
	 "iptables-restore: line 1 failed\n",
	 NULL},
	{"garbage line outside table", "", NULL,
	 "hello\n",
	 1, "",
	 "iptables-restore: line 1 failed\n",
	 NULL},
	{"empty input", "", NULL,
	 "",
	 0, "",
	 "",
	 NULL},
	{"only comments", "", NULL,
	 "# x\n"
	 "\n",
	 0, "",
	 "",
	 NULL},
	{"two filter blocks", "", NULL,
	 "*filter\n"
	 "-A INPUT -j DROP\n"
	 "COMMIT\n"
	 "*filter\n"
	 "-A OUTPUT -j DROP\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A OUTPUT -j DROP\n"
	 "COMMIT\n"},
	{"table name missing", "", NULL,
	 "*\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): iptables-restore: line 1 table name invalid\n"
	 "Error occurred at line: 1\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"unknown table", "", NULL,
	 "*foo\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): iptables-restore: unable to initialize table 'foo'\n"
	 "Error occurred at line: 1\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	/* bpf-iptables' contract (DESIGN.md section 7): an unsupported table
	 * fails with exit 2; iptables-legacy-restore loads it */
	{"nat table", "", NULL,
	 "*nat\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): table `nat' is not supported by bpf-iptables\n"
	 "Error occurred at line: 1\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-T filter skips nat", "-T filter", NULL,
	 "*nat\n"
	 "-A POSTROUTING -j MASQUERADE\n"
	 "COMMIT\n"
	 "*filter\n"
	 "-A INPUT -j DROP\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j DROP\n"
	 "COMMIT\n"},
	{"-T nat skips filter", "-T nat", "-A INPUT -j ACCEPT",
	 "*filter\n"
	 "-A INPUT -j DROP\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 NULL},
	{"COMMIT with trailing word", "", NULL,
	 "*filter\n"
	 "-A INPUT -j DROP\n"
	 "COMMIT foo\n",
	 2, "",
	 "Bad argument `COMMIT'\n"
	 "Error occurred at line: 3\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"COMMITTED", "", NULL,
	 "*filter\n"
	 "COMMITTED\n"
	 "COMMIT\n",
	 2, "",
	 "Bad argument `COMMITTED'\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"counters in brackets, no rule", "-c", NULL,
	 "*filter\n"
	 "[1:2]\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): no command specified\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"second block flushes first", "", NULL,
	 "*filter\n"
	 ":foo - [0:0]\n"
	 "-A INPUT -j foo\n"
	 "COMMIT\n"
	 "*filter\n"
	 "-A OUTPUT -j DROP\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A OUTPUT -j DROP\n"
	 "COMMIT\n"},
	/* all or nothing (DESIGN.md section 6); iptables-legacy-restore keeps
	 * the first block, which it had committed */
	{"failure in second block keeps first", "", "-A INPUT -j ACCEPT",
	 "*filter\n"
	 "-A INPUT -j DROP\n"
	 "COMMIT\n"
	 "*filter\n"
	 "-A OUTPUT -j nosuch\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Couldn't load target `nosuch':No such file or directory\n"
	 "\n"
	 "Error occurred at line: 5\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	/* the help text need not match byte for byte; it must be there */
	{"-h in a line", "", NULL,
	 "*filter\n"
	 "-h\n"
	 "COMMIT\n",
	 0, NULL,
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "COMMIT\n"},
	{"-T filter", "-T filter", NULL,
	 "*filter\n"
	 "-A INPUT -j DROP\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j DROP\n"
	 "COMMIT\n"},
	{"chain name missing", "", NULL,
	 "*filter\n"
	 ":\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): iptables-restore: line 2 chain name invalid\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"policy missing", "", NULL,
	 "*filter\n"
	 ":INPUT\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): iptables-restore: line 2 policy invalid\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"user chain with policy", "", NULL,
	 "*filter\n"
	 ":foo DROP [0:0]\n"
	 "COMMIT\n",
	 1, "",
	 "iptables-restore v1.8.9 (legacy): Can't set policy `DROP' on `foo' line 2: Bad built-in chain name\n",
	 NULL},
	{"builtin bad policy", "", NULL,
	 "*filter\n"
	 ":INPUT FOO [0:0]\n"
	 "COMMIT\n",
	 1, "",
	 "iptables-restore v1.8.9 (legacy): Can't set policy `FOO' on `INPUT' line 2: Bad policy name\n",
	 NULL},
	{"builtin dash policy", "", NULL,
	 "*filter\n"
	 ":INPUT - [0:0]\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "COMMIT\n"},
	{"chain name too long", "", NULL,
	 "*filter\n"
	 ":aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa - [0:0]\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Invalid chain name `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' (28 chars max)\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"chain name 28 chars", "", NULL,
	 "*filter\n"
	 ":aaaaaaaaaaaaaaaaaaaaaaaaaaaa - [0:0]\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":aaaaaaaaaaaaaaaaaaaaaaaaaaaa - [0:0]\n"
	 "COMMIT\n"},
	/* iptables-nft-restore (the name is checked as -N does) */
	{"chain named ACCEPT", "", NULL,
	 "*filter\n"
	 ":ACCEPT - [0:0]\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (nf_tables): chain name may not clash with target name\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	/* iptables-nft-restore (the name is checked as -N does) */
	{"chain named -foo", "", NULL,
	 "*filter\n"
	 ":-foo - [0:0]\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (nf_tables): chain name not allowed to start with `-'\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	/* iptables-nft-restore (a second declaration starts the chain empty) */
	{"chain declared twice", "", NULL,
	 "*filter\n"
	 ":foo - [0:0]\n"
	 "-A foo -j DROP\n"
	 ":foo - [0:0]\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":foo - [0:0]\n"
	 "COMMIT\n"},
	{"jump to chain declared later", "", NULL,
	 "*filter\n"
	 "-A INPUT -j foo\n"
	 ":foo - [0:0]\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Couldn't load target `foo':No such file or directory\n"
	 "\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"jump to missing chain", "", NULL,
	 "*filter\n"
	 "-A INPUT -j foo\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Couldn't load target `foo':No such file or directory\n"
	 "\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"goto missing chain", "", NULL,
	 "*filter\n"
	 "-A INPUT -g foo\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): goto 'foo' is not a chain\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"unknown option", "", NULL,
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 "-A INPUT --foo\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): unknown option \"--foo\"\n"
	 "Error occurred at line: 3\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"bad address at line 3", "", NULL,
	 "*filter\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -s 1.2.3.256 -j DROP\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): host/network `1.2.3.256' not found\n"
	 "Error occurred at line: 3\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"kernel check at commit", "", NULL,
	 "*filter\n"
	 "-A INPUT -m tcp --dport 22\n"
	 "-A INPUT -j DROP\n"
	 "COMMIT\n",
	 1, "",
	 "iptables-restore: line 4 failed\n",
	 NULL},
	{"jump to builtin", "", NULL,
	 "*filter\n"
	 "-A INPUT -j OUTPUT\n"
	 "COMMIT\n",
	 1, "",
	 "iptables-restore: line 2 failed\n",
	 NULL},
	{"loop at commit", "", NULL,
	 "*filter\n"
	 ":a - [0:0]\n"
	 ":b - [0:0]\n"
	 "-A INPUT -j a\n"
	 "-A a -j b\n"
	 "-A b -j a\n"
	 "COMMIT\n",
	 1, "",
	 "iptables-restore: line 7 failed\n",
	 NULL},
	{"-w in restore", "", NULL,
	 "*filter\n"
	 "-A INPUT -w -j DROP\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): You cannot use `-w' from iptables-restore\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-t twice in a line", "", NULL,
	 "*filter\n"
	 "-t filter -A INPUT -j DROP\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): The -t option cannot be used in iptables-restore.\n"
	 "\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-t nat in a line", "", NULL,
	 "*filter\n"
	 "-t nat -A INPUT -j DROP\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): The -t option cannot be used in iptables-restore.\n"
	 "\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"no command", "", NULL,
	 "*filter\n"
	 "-s 1.2.3.4\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): no command specified\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-L in restore", "", NULL,
	 "*filter\n"
	 "-L\n"
	 "COMMIT\n",
	 0, "Chain INPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "\n"
	 "Chain FORWARD (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "COMMIT\n"},
	{"-6 line", "", NULL,
	 "*filter\n"
	 "-6 -A INPUT -j DROP\n"
	 "-A INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j ACCEPT\n"
	 "COMMIT\n"},
	{"-4 line", "", NULL,
	 "*filter\n"
	 "-4 -A INPUT -j DROP\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j DROP\n"
	 "COMMIT\n"},
	{"counters without -c", "", NULL,
	 "*filter\n"
	 ":INPUT DROP [5:6]\n"
	 "[1:2] -A INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT DROP [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j ACCEPT\n"
	 "COMMIT\n"},
	{"counters with -c", "-c", NULL,
	 "*filter\n"
	 ":INPUT DROP [5:6]\n"
	 ":foo - [7:8]\n"
	 "[1:2] -A INPUT -j ACCEPT\n"
	 "[18446744073709551615:0] -A INPUT -j DROP\n"
	 "-A INPUT -j foo\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT DROP [5:6]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":foo - [0:0]\n"
	 "[1:2] -A INPUT -j ACCEPT\n"
	 "[18446744073709551615:0] -A INPUT -j DROP\n"
	 "[0:0] -A INPUT -j foo\n"
	 "COMMIT\n"},
	{"-c bad policy counters", "-c", NULL,
	 "*filter\n"
	 ":INPUT DROP 5:6\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): invalid policy counters for chain 'INPUT'\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-c missing policy counters", "-c", NULL,
	 "*filter\n"
	 ":INPUT DROP\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): invalid policy counters for chain 'INPUT'\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-c rule counters need ]", "-c", NULL,
	 "*filter\n"
	 "[1:2 -A INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Bad line 2: need ]\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-c rule counters need :", "-c", NULL,
	 "*filter\n"
	 "[12] -A INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Bad line 2: need ]\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-c rule counters empty", "-c", NULL,
	 "*filter\n"
	 "[:] -A INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Bad line 2: need ]\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-c rule counters not numeric", "-c", NULL,
	 "*filter\n"
	 "[a:b] -A INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): -c packet counter not numeric\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"-c with -c in line", "-c", NULL,
	 "*filter\n"
	 "[1:2] -A INPUT -c 3 4 -j ACCEPT\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): multiple -c flags not allowed\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"flush replaces", "", "-N old\n"
	 "-A INPUT -j old\n"
	 "-A OUTPUT -j DROP",
	 "*filter\n"
	 "-A INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j ACCEPT\n"
	 "COMMIT\n"},
	{"noflush appends", "-n", "-N old\n"
	 "-A INPUT -j old",
	 "*filter\n"
	 "-A INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":old - [0:0]\n"
	 "[0:0] -A INPUT -j old\n"
	 "[0:0] -A INPUT -j ACCEPT\n"
	 "COMMIT\n"},
	{"noflush redeclares chain", "-n", "-N old\n"
	 "-A old -j DROP\n"
	 "-A INPUT -j old",
	 "*filter\n"
	 ":old - [0:0]\n"
	 "-A old -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":old - [0:0]\n"
	 "[0:0] -A INPUT -j old\n"
	 "[0:0] -A old -j ACCEPT\n"
	 "COMMIT\n"},
	{"noflush new chain", "-n", "-N old",
	 "*filter\n"
	 ":new - [0:0]\n"
	 "-A new -j old\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":new - [0:0]\n"
	 ":old - [0:0]\n"
	 "[0:0] -A new -j old\n"
	 "COMMIT\n"},
	{"noflush policy", "-n", "-A INPUT -j ACCEPT",
	 "*filter\n"
	 ":INPUT DROP [0:0]\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT DROP [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j ACCEPT\n"
	 "COMMIT\n"},
	{"noflush delete", "-n", "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j DROP",
	 "*filter\n"
	 "-D INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j DROP\n"
	 "COMMIT\n"},
	{"noflush -X", "-n", "-N old",
	 "*filter\n"
	 "-X old\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "COMMIT\n"},
	{"test ok", "-t", "-A INPUT -j ACCEPT",
	 "*filter\n"
	 "-A INPUT -j DROP\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 NULL},
	{"test error", "-t", "-A INPUT -j ACCEPT",
	 "*filter\n"
	 "-A INPUT -j nosuch\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Couldn't load target `nosuch':No such file or directory\n"
	 "\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"failure keeps table", "", "-N keep\n"
	 "-A INPUT -j keep\n"
	 "-P FORWARD DROP",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":x - [0:0]\n"
	 "-A x -j ACCEPT\n"
	 "-A INPUT -j x\n"
	 "-A INPUT -p tcp --dport 99999\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): invalid port/service `99999' specified\n"
	 "Error occurred at line: 6\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"verbose", "-v", "-N old\n"
	 "-A INPUT -j ACCEPT",
	 "# hello\n"
	 "*filter\n"
	 ":new - [0:0]\n"
	 "-A new -j ACCEPT\n"
	 "COMMIT\n",
	 0, "# hello\n"
	 "Flushing chain `INPUT'\n"
	 "Flushing chain `FORWARD'\n"
	 "Flushing chain `OUTPUT'\n"
	 "Flushing chain `old'\n"
	 "Deleting chain `old'\n"
	 "ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \n",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":new - [0:0]\n"
	 "[0:0] -A new -j ACCEPT\n"
	 "COMMIT\n"},
	{"verbose noflush", "-v -n", "-N old",
	 "*filter\n"
	 "-A INPUT -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 ":old - [0:0]\n"
	 "[0:0] -A INPUT -j ACCEPT\n"
	 "COMMIT\n"},
	{"quoted comment", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment \"two words\" -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -m comment --comment \"two words\" -j ACCEPT\n"
	 "COMMIT\n"},
	{"escaped quote", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment \"say \\\"hi\\\"\" -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -m comment --comment \"say \\\"hi\\\"\" -j ACCEPT\n"
	 "COMMIT\n"},
	{"escaped backslash", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment \"a\\\\b\" -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -m comment --comment \"a\\\\b\" -j ACCEPT\n"
	 "COMMIT\n"},
	{"backslash outside quotes", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment a\\b -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -m comment --comment \"a\\\\b\" -j ACCEPT\n"
	 "COMMIT\n"},
	{"single quotes literal", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment 'x y' -j ACCEPT\n"
	 "COMMIT\n",
	 2, "",
	 "Bad argument `y''\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"empty quoted word", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment \"\" -j ACCEPT\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -m comment --comment \"\" -j ACCEPT\n"
	 "COMMIT\n"},
	{"quote glued to word", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment ab\"c d\"e -j ACCEPT\n"
	 "COMMIT\n",
	 2, "",
	 "Bad argument `e'\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"unterminated quote", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment \"abc\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -m comment --comment \"abc\n"
	 "\"\n"
	 "COMMIT\n"},
	{"tabs between words", "", NULL,
	 "*filter\n"
	 "-A\tINPUT\t-j\tDROP\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -j DROP\n"
	 "COMMIT\n"},
	{"parameter too long", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Parameter too long!\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"parameter 1023 chars", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -m comment --comment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	 "COMMIT\n"},
	{"too many arguments", "", NULL,
	 "*filter\n"
	 "-A INPUT -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Parser cannot handle more arguments\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
	{"comment 256 chars truncated", "", NULL,
	 "*filter\n"
	 "-A INPUT -m comment --comment bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "[0:0] -A INPUT -m comment --comment bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
	 "COMMIT\n"},
	{"-V in a line", "", NULL,
	 "*filter\n"
	 "-V\n"
	 "COMMIT\n",
	 0, "iptables-restore v1.8.9 (legacy)\n",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "COMMIT\n"},
	{"policy counters kept without -c", "", NULL,
	 "*filter\n"
	 ":INPUT ACCEPT [3:4]\n"
	 "COMMIT\n",
	 0, "",
	 "",
	 "*filter\n"
	 ":INPUT ACCEPT [0:0]\n"
	 ":FORWARD ACCEPT [0:0]\n"
	 ":OUTPUT ACCEPT [0:0]\n"
	 "COMMIT\n"},
	{"crlf line", "", NULL,
	 "*filter\n"
	 "-A INPUT -j DROP\r\n"
	 "COMMIT\n",
	 2, "",
	 "iptables-restore v1.8.9 (legacy): Invalid target name `DROP\r'\n"
	 "Error occurred at line: 2\n"
	 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
	 NULL},
};

static void parse_opts(const char *words, struct restore_opts *opts)
{
	int argc;
	char **argv = check_split(PROG, words, &argc);

	*opts = (struct restore_opts){.prog = PROG};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0)
			opts->counters = true;
		else if (strcmp(argv[i], "-n") == 0)
			opts->noflush = true;
		else if (strcmp(argv[i], "-t") == 0)
			opts->test = true;
		else if (strcmp(argv[i], "-v") == 0)
			opts->verbose++;
		else if (strcmp(argv[i], "-T") == 0 && i + 1 < argc)
			/* a literal: argv is freed below */
			opts->only_table = strcmp(argv[++i], "filter") == 0 ? "filter" : "nat";
		else
			abort(); /* an option this file does not know: a bug here */
	}
	check_free_argv(argv, argc);
}

/* The table a case starts from, built by the command-line parser. */
static struct ruleset *setup_table(const char *setup)
{
	struct ruleset *rs = ruleset_new();
	char *copy = setup ? strdup(setup) : NULL;

	for (char *save, *line = copy ? strtok_r(copy, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct cmd_parse_opts popts = {.prog = "iptables"};
		struct strbuf warn, out;
		struct xt_cmd cmd;
		struct xt_err err;
		int argc;
		char **argv = check_split("iptables", line, &argc);

		sb_init(&warn);
		sb_init(&out);
		if (cmd_parse(argc, argv, &popts, &cmd, &warn, &err) != 0 ||
		    exec_command(rs, &cmd, &out, &err) != 0)
			printf("# setup `%s' failed: %s\n", line, err.msg);
		cmd_free(&cmd);
		sb_free(&warn);
		sb_free(&out);
		check_free_argv(argv, argc);
	}
	free(copy);
	return rs;
}

static int run(const char *input, struct ruleset **rs, const struct restore_opts *opts,
	       struct strbuf *out, struct strbuf *err)
{
	FILE *in = fmemopen((void *)input, strlen(input), "r");
	int ret;

	if (!in) /* fmemopen refuses a zero size before glibc 2.22 */
		in = fopen("/dev/null", "r");
	ret = restore_run(in, rs, opts, out, err);
	fclose(in);
	return ret;
}

static void check_case(const struct restore_case *c)
{
	struct ruleset *rs = setup_table(c->setup);
	struct ruleset *before = rs;
	struct strbuf out, err, was, now;
	struct restore_opts opts;
	char *want_err = check_from_iptables(c->err);
	int ret;

	parse_opts(c->opts, &opts);
	sb_init(&out);
	sb_init(&err);
	sb_init(&was);
	sb_init(&now);
	print_save_table(&was, rs, true);
	ret = run(c->input, &rs, &opts, &out, &err);
	print_save_table(&now, rs, true);
	CHECK_INT(c->ret, ret, "%s: exit status", c->name);
	if (c->out) {
		char *want_out = check_from_iptables(c->out);

		CHECK_STR(want_out, out.buf, "%s: stdout", c->name);
		free(want_out);
	} else {
		CHECK(out.len > 0, "%s: something on stdout", c->name);
	}
	CHECK_STR(want_err, err.buf, "%s: stderr", c->name);
	CHECK_STR(c->save ? c->save : was.buf, now.buf, "%s: table afterwards", c->name);
	if (ret != 0 || opts.test)
		CHECK(rs == before, "%s: the caller's table is the one it passed", c->name);
	free(want_err);
	sb_free(&out);
	sb_free(&err);
	sb_free(&was);
	sb_free(&now);
	ruleset_free(rs);
}

static void test_cases(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_case(&cases[i]);
}

/* ---- restore_split_line --------------------------------------------- */

struct split_case {
	const char *line;
	const char *words; /* the words joined by '|', NULL: fails */
	const char *error;
};

/* The splitting iptables-restore's add_param_to_argv does (the "quoting"
 * cases above show the same through iptables-legacy-restore). */
static const struct split_case split_cases[] = {
	{"-A INPUT -j DROP\n", "-A|INPUT|-j|DROP", NULL},
	{"  -A\tINPUT \t -j   DROP  ", "-A|INPUT|-j|DROP", NULL},
	{"", "", NULL},
	{"   \n", "", NULL},
	{"--comment \"two words\"", "--comment|two words", NULL},
	{"--comment \"say \\\"hi\\\"\"", "--comment|say \"hi\"", NULL},
	{"--comment \"a\\\\b\"", "--comment|a\\b", NULL},
	/* outside quotes a backslash is an ordinary character */
	{"--comment a\\b", "--comment|a\\b", NULL},
	/* ...but a quote opens one, to the end of the line: iptables-legacy-
	 * restore saved this comment as "a\\b -j ACCEPT\n" */
	{"--comment a\\\"b -j ACCEPT\n", "--comment|a\\b -j ACCEPT\n", NULL},
	/* single quotes are ordinary characters */
	{"--comment 'x y'", "--comment|'x|y'", NULL},
	/* "" is an empty word */
	{"--comment \"\" -j ACCEPT", "--comment||-j|ACCEPT", NULL},
	/* a closing quote ends the word; an opening one inside a word does not */
	{"ab\"c d\"e", "abc d|e", NULL},
	{"\"abc\"def", "abc|def", NULL},
	/* an unterminated quote runs to the end of the line, newline included */
	{"--comment \"abc\n", "--comment|abc\n", NULL},
	/* \n and \t inside quotes are kept */
	{"\"a\tb\"", "a\tb", NULL},
};

static char *long_word(size_t n, const char *prefix)
{
	char *s = malloc(strlen(prefix) + n + 1);

	strcpy(s, prefix);
	memset(s + strlen(prefix), 'a', n);
	s[strlen(prefix) + n] = '\0';
	return s;
}

static void check_split_case(const char *line, const char *words, const char *error,
			     const char *what)
{
	char **argv = NULL;
	int argc = 0;
	struct xt_err err;
	struct strbuf got;

	xt_err_clear(&err);
	sb_init(&got);
	int ret = restore_split_line(line, &argv, &argc, &err);

	for (int i = 0; i < argc; i++)
		sb_printf(&got, "%s%s", i ? "|" : "", argv[i]);
	if (words) {
		CHECK_INT(0, ret, "split %s: succeeds", what);
		CHECK_STR(words, got.buf, "split %s: words", what);
		CHECK(argc == 0 ? argv == NULL : argv[argc] == NULL, "split %s: argv ends in NULL",
		      what);
	} else {
		CHECK_INT(-1, ret, "split %s: fails", what);
		CHECK_STR(error, err.msg, "split %s: message", what);
		CHECK_INT(XT_PARAMETER_PROBLEM, err.status, "split %s: exit status 2", what);
	}
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	sb_free(&got);
}

static void test_split(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(split_cases); i++) {
		char what[64];

		snprintf(what, sizeof(what), "case %zu", i + 1);
		check_split_case(split_cases[i].line, split_cases[i].words, split_cases[i].error,
				 what);
	}

	/* iptables' buffer holds 1023 characters and a NUL */
	char *ok = long_word(1023, ""), *bad = long_word(1024, "");

	check_split_case(ok, ok, NULL, "a 1023-character word");
	check_split_case(bad, NULL, "Parameter too long!", "a 1024-character word");
	free(ok);
	free(bad);

	/* up to 254 words fit next to the caller's own argv[0]... */
	struct strbuf line;

	sb_init(&line);
	for (int i = 0; i < 254; i++)
		sb_puts(&line, "w ");
	char **argv = NULL;
	int argc = 0;
	struct xt_err err;

	CHECK_INT(0, restore_split_line(line.buf, &argv, &argc, &err), "254 words split");
	CHECK_INT(254, argc, "254 words counted");
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	/* ...and the 255th is refused */
	sb_puts(&line, "w");
	check_split_case(line.buf, NULL, "Parser cannot handle more arguments", "255 words");
	sb_free(&line);

	/* words are appended to what the caller already has */
	argv = NULL;
	argc = 0;
	restore_split_line("a b", &argv, &argc, &err);
	restore_split_line("c", &argv, &argc, &err);
	CHECK(argc == 3 && strcmp(argv[2], "c") == 0 && !argv[3], "a second split appends");
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* ---- messages with a line number ------------------------------------ */

/* report_error's forms at a restore line, against texts iptables printed:
 * iptables-nft-restore for a rule the kernel refused (exit 4), and the
 * libiptc form for a refused table operation. */
static void test_report_forms(void)
{
	static const struct {
		int status, style, line;
		const char *prog, *msg, *want;
	} forms[] = {
		/* printf '*filter\n-A INPUT -j OUTPUT\nCOMMIT\n' | iptables-nft-restore */
		{XT_RESOURCE_PROBLEM, XT_ERR_PREFIXED, 2, "iptables-nft-restore",
		 " RULE_APPEND failed (No such file or directory): rule in chain INPUT",
		 "iptables-nft-restore v1.8.9 (nf_tables): \nline 2: RULE_APPEND failed (No such "
		 "file or directory): rule in chain INPUT\n"},
		/* iptables-nft -A INPUT -j ACCEPT; iptables-nft -X INPUT */
		{XT_RESOURCE_PROBLEM, XT_ERR_PREFIXED, -1, "iptables",
		 " CHAIN_DEL failed (Device or resource busy): chain INPUT",
		 "iptables v1.8.9 (nf_tables):  CHAIN_DEL failed (Device or resource busy): chain "
		 "INPUT\n"},
		/* printf '*filter\n:INPUT FOO [0:0]\nCOMMIT\n' | iptables-nft-restore */
		{XT_OTHER_PROBLEM, XT_ERR_TABLE, 2, "iptables-nft-restore", "Bad policy name",
		 "iptables-nft-restore: line 2 failed: Bad policy name.\n"},
		/* printf '*filter\n-A INPUT --foo\nCOMMIT\n' | iptables-legacy-restore */
		{XT_PARAMETER_PROBLEM, XT_ERR_PREFIXED, 2, "iptables-restore",
		 "unknown option \"--foo\"",
		 "iptables-restore v1.8.9 (legacy): unknown option \"--foo\"\n"
		 "Error occurred at line: 2\n"
		 "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n"},
		/* iptables-legacy -t foo -L */
		{XT_VERSION_PROBLEM, XT_ERR_PREFIXED, -1, "iptables",
		 "can't initialize iptables table `foo': Table does not exist (do you need to "
		 "insmod?)",
		 "iptables v1.8.9 (legacy): can't initialize iptables table `foo': Table does not "
		 "exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be "
		 "upgraded.\n"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		struct xt_err err;
		struct strbuf out;
		char *want = check_from_iptables(forms[i].want);

		xt_fail_style(&err, forms[i].status, (enum xt_err_style)forms[i].style, "%s",
			      forms[i].msg);
		sb_init(&out);
		report_error(&out, forms[i].prog, &err, forms[i].line);
		CHECK_STR(want, out.buf, "report_error form %zu (status %d, line %d)", i + 1,
			  forms[i].status, forms[i].line);
		free(want);
		sb_free(&out);
	}
}

/* A failure at line N, whatever N, leaves the caller's table alone. */
static void test_failure_at_each_line(void)
{
	static const char *const lines[] = {
		"*filter\n", ":INPUT DROP [1:2]\n", ":keep - [0:0]\n", "-A INPUT -j keep\n",
		"-A keep -s 10.0.0.0/8 -j ACCEPT\n", "-A OUTPUT -p tcp --dport 22 -j DROP\n",
		"-P FORWARD DROP\n",
	};
	struct ruleset *base = setup_table("-N old\n-A INPUT -j old\n-A old -j DROP");
	struct strbuf was;

	sb_init(&was);
	print_save_table(&was, base, true);
	for (size_t bad = 1; bad < ARRAY_SIZE(lines); bad++) {
		struct strbuf in, out, err, now;
		struct restore_opts opts = {.prog = PROG, .counters = true};
		struct ruleset *rs = ruleset_clone(base), *before = rs;
		char want[128];

		sb_init(&in);
		sb_init(&out);
		sb_init(&err);
		sb_init(&now);
		for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
			sb_puts(&in, i == bad ? "-A INPUT --bogus\n" : lines[i]);
		sb_puts(&in, "COMMIT\n");
		CHECK_INT(2, run(in.buf, &rs, &opts, &out, &err), "bogus line %zu: exit status 2",
			  bad + 1);
		snprintf(want, sizeof(want), "Error occurred at line: %zu\n", bad + 1);
		CHECK(strstr(err.buf, want), "bogus line %zu: error names line %zu", bad + 1,
		      bad + 1);
		print_save_table(&now, rs, true);
		CHECK(rs == before && strcmp(was.buf, now.buf) == 0,
		      "bogus line %zu: the caller's table is untouched", bad + 1);
		ruleset_free(rs);
		sb_free(&in);
		sb_free(&out);
		sb_free(&err);
		sb_free(&now);
	}
	sb_free(&was);
	ruleset_free(base);
}

int main(void)
{
	check_offline();
	test_cases();
	test_split();
	test_report_forms();
	test_failure_at_each_line();
	return check_exit();
}
