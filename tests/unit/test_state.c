// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the state file loader, ruleset_deserialize: it must take
 * back every table the command line can build, byte for byte, and refuse
 * everything else with one message, without crashing.
 *
 * 1. Round trips: rules built through cmd_parse + exec_command from many
 *    combinations of every extension's options and every rule header
 *    field, and chains named as -N, -E and restore allow.
 * 2. Each kind of damage the loader checks, put into a known table at
 *    offsets a small walker of the file layout finds, next to look-alike
 *    changes that are still tables this build writes (those must load).
 * 3. Every single-bit flip, every byte inverted and every truncation of a
 *    table holding every extension, each loaded and then listed, saved
 *    and stored again in a forked child: no signal, and a flip is only
 *    taken when storing the table again gives exactly the flipped bytes.
 * 4. Change records (-A, -I, -D, -R saved as what they changed): a file
 *    of a table and records loads as the table the commands made; a
 *    record cut short (a writer still at it) is left out; a damaged one
 *    is refused.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cmd.h"
#include "exec.h"
#include "ext.h"
#include "print.h"
#include "ruleset.h"
#include "ruleset_changes.h"
#include "ruleset_io.h"

#define PROG "iptables"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- building tables ---------------------------------------------- */

/* Parse and apply one command line to rs. */
static int run_line(struct ruleset *rs, const char *line, struct xt_err *err)
{
	struct cmd_parse_opts opts = {.restore = false, .prog = PROG};
	struct strbuf warn, out;
	struct xt_cmd cmd;
	int argc, ret;
	char **argv = check_split(PROG, line, &argc);

	sb_init(&warn);
	sb_init(&out);
	xt_err_clear(err);
	ret = cmd_parse(argc, argv, &opts, &cmd, &warn, err);
	if (ret == 0)
		ret = exec_command(rs, &cmd, &out, err);
	cmd_free(&cmd);
	sb_free(&warn);
	sb_free(&out);
	check_free_argv(argv, argc);
	return ret;
}

static struct ruleset *build(const char *const *cmds, size_t n)
{
	struct ruleset *rs = ruleset_new();
	struct xt_err err;

	for (size_t i = 0; i < n; i++)
		if (run_line(rs, cmds[i], &err) != 0)
			printf("# build: %s: %s\n", cmds[i], err.msg);
	return rs;
}

/* The table's bytes load back, store to the same bytes, and save the
 * same text. */
static bool round_trips(const struct ruleset *rs)
{
	struct strbuf bytes, again, before, after;
	struct xt_err err;
	struct ruleset *back;
	bool same = false;

	sb_init(&bytes);
	sb_init(&again);
	sb_init(&before);
	sb_init(&after);
	ruleset_serialize(rs, &bytes);
	back = ruleset_deserialize(bytes.buf, bytes.len, &err);
	if (back) {
		ruleset_serialize(back, &again);
		print_save_table(&before, rs, true);
		print_save_table(&after, back, true);
		same = again.len == bytes.len && memcmp(again.buf, bytes.buf, bytes.len) == 0 &&
		       strcmp(before.buf, after.buf) == 0;
	}
	ruleset_free(back);
	sb_free(&bytes);
	sb_free(&again);
	sb_free(&before);
	sb_free(&after);
	return same;
}

/* ---- 1. round trips ------------------------------------------------- */

/* A family of rules: every combination of one choice per group, each
 * appended as "-A CHAIN PREFIX CHOICE...". An empty choice leaves the
 * option out. All combinations are commands iptables accepts. */
struct family {
	const char *name;
	const char *prefix;
	const char *const *groups[6];
};

#define G(...) ((const char *const[]){__VA_ARGS__, NULL})

static const struct family families[] = {
	{"tcp", "-A INPUT -p tcp",
	 {G("", "--sport 22", "! --sport 0:1023", "--sport :", "--source-port 1024:", "--sport ssh",
	    "--sport 0x10:0x20", "! --sport 0:65535", "--sport 7:7"),
	  G("", "--dport 22", "! --dport 0:1023", "--dport :80", "--destination-port 65535",
	    "--dport http:https", "! --dport :"),
	  G("", "--syn", "! --syn", "--tcp-flags ALL NONE", "--tcp-flags NONE SYN",
	    "! --tcp-flags SYN,ACK,FIN,RST,URG,PSH ALL", "--tcp-flags fin,,syn ack",
	    "! --tcp-flags NONE NONE"),
	  G("", "--tcp-option 1", "! --tcp-option 255", "--tcp-option 0x10")}},
	{"udp", "-A OUTPUT -p udp",
	 {G("", "--sport 53", "! --sport 5:3", "--sport :", "--sport 65536", "--sport domain",
	    "--source-port 1:", "! --sport :9", "--sport 65535:0"),
	  G("", "--dport 53", "! --dport 1:1023", "--destination-port :", "--dport 70000",
	    "--dport bootps:bootpc")}},
	{"udp, explicit", "-A FORWARD -p udp -m udp",
	 {G("", "--sport 1", "! --dport 2:1")}},
	{"icmp", "-A INPUT -p icmp",
	 {G("", "!"),
	  G("--icmp-type any", "--icmp-type echo-request", "--icmp-type ping", "--icmp-type 3",
	    "--icmp-type 3/4", "--icmp-type 3/5:2", "--icmp-type 255", "--icmp-type 255/0:255",
	    "--icmp-type 0/0", "--icmp-type destination-unreachable",
	    "--icmp-type network-unreachable", "--icmp-type TOS-host-redirect",
	    "--icmp-type 11/1", "--icmp-type 8:8", "--icmp-type Echo-Rep",
	    "--icmp-type precedence-cutoff", "--icmp-type 0x10/0x1:077",
	    "--icmp-type address-mask-reply")}},
	{"multiport", "-A INPUT",
	 {G("-p tcp", "-p udp", "-p udplite", "-p sctp", "-p dccp", "-p 6"),
	  G("-m multiport"), G("", "!"),
	  G("--sports", "--dports", "--ports", "--source-ports", "--destination-ports"),
	  G("1", "1,2", "80:90", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
	    "1:2,3:4,5:6,7:8,9:10,11:12,13:14,15", "1,2,3,4,5,6,7,8,9,10,11,12,13:14",
	    "0:65535", "5,5", "65535", "0", "22,0:1")}},
	{"multiport, names", "-A INPUT -p tcp -m multiport",
	 {G("--dports http,https:4430", "! --sports ssh")}},
	{"comment", "-A FORWARD -m comment",
	 {G("--comment x", "--comment 'a b'", "--comment '\"quoted\" \\\\'", "--comment ''",
	    "--comment '\n'", "--comment \xc3\xa9\x01\x7f",
	    "--comment "
	    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901"
	    "2345678901234567890123456789012345678901234567890123456789012345678901234567890123"
	    "4567890123456789012345678901234567890123456789012345678901234567890123456789012345"
	    "678901234",
	    "--comment "
	    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901"
	    "2345678901234567890123456789012345678901234567890123456789012345678901234567890123"
	    "4567890123456789012345678901234567890123456789012345678901234567890123456789012345"
	    "67890123456789012345678901234567890123456789")}},
	{"two comments", "-A INPUT -m comment --comment a -m comment --comment b",
	 {G("", "-m tcp -p tcp --dport 1 -m tcp --sport 2")}},
	{"REJECT", "-A INPUT",
	 {G("", "-p udp", "-p tcp ! --dport 1", "! -p tcp"),
	  G("-j REJECT"),
	  G("", "--reject-with icmp-net-unreachable", "--reject-with net-unreach",
	    "--reject-with icmp-host-unreachable", "--reject-with host-unreach",
	    "--reject-with icmp-proto-unreachable", "--reject-with proto-unreach",
	    "--reject-with icmp-port-unreachable", "--reject-with port-unreach",
	    "--reject-with icmp-net-prohibited", "--reject-with net-prohib",
	    "--reject-with icmp-host-prohibited", "--reject-with host-prohib",
	    "--reject-with icmp-admin-prohibited", "--reject-with admin-prohib",
	    "--reject-with ICMP-NET-P", "--reject-with i")}},
	{"REJECT tcp-reset", "-A OUTPUT -p tcp -j REJECT",
	 {G("--reject-with tcp-reset", "--reject-with tcp-rst", "--reject-with TCP")}},
	{"LOG", "-A FORWARD -j LOG",
	 {G("", "--log-level 0", "--log-level 7", "--log-level 0x3", "--log-level emerg",
	    "--log-level alert", "--log-level crit", "--log-level error", "--log-level warning",
	    "--log-level notice", "--log-level info", "--log-level debug", "--log-level panic"),
	  G("", "--log-prefix p", "--log-prefix 'a b'", "--log-prefix '\"q\\\\'",
	    "--log-prefix 01234567890123456789012345678",
	    "--log-prefix 0123456789012345678901234567890123456789", "--log-prefix '\t\x7f'"),
	  G("", "--log-tcp-sequence"), G("", "--log-tcp-options"), G("", "--log-ip-options"),
	  G("", "--log-uid --log-macdecode")}},
	{"header, INPUT", "-A INPUT",
	 {G("", "-s 10.0.0.0/8", "! -s 10.1.2.3", "-s 1.2.3.4/0", "! -s 0.0.0.0/0",
	    "-s 10.0.0.0/255.0.255.0"),
	  G("", "-d 192.168.0.0/16", "! -d 0/0", "-d 1.2.3.4/255.255.255.254"),
	  G("", "-i eth0", "! -i eth+", "-i +", "-i ' '", "-i 'a b'", "! -i abcdefghijklmno",
	    "-i x/y"),
	  G("", "-p all", "-p 0", "-p tcp", "! -p udp", "-p 255", "! -p 1", "-p gre"),
	  G("", "-f", "! -f"),
	  G("", "-j ACCEPT", "-j DROP", "-j RETURN", "-j a", "-g a", "-c 1 2",
	    "-c 18446744073709551615 18446744073709551615 -j DROP")}},
	{"header, FORWARD", "-A FORWARD",
	 {G("", "-i eth0", "! -i +"), G("", "-o eth1", "! -o 'x '", "-o abcdefghijklmno"),
	  G("", "-g LOG", "-j LOG", "-g A")}},
	{"header, OUTPUT", "-A OUTPUT",
	 {G("", "-o lo", "! -o eth+"), G("", "-j a", "-g a", "-j DROP")}},
	{"header, user chain", "-A a",
	 {G("", "-i eth0", "-o eth1"), G("", "-j LOG", "-g LOG", "-j RETURN")}},
};

/* Chains a family's jumps go to, among them names only -E gives. */
static const char *const family_base[] = {
	"-N a",
	"-N x",
	"-E x LOG",
	"-N y",
	"-E y 'a b'",
	"-N z",
	"-E z ''",
	"-N w",
	"-E w abcdefghijklmnopqrstuvwxyz01234",
	"-N A",
	"-P OUTPUT DROP -c 1 2",
};

struct family_run {
	unsigned int built, failed_build, failed_trip;
};

/* The words of combination `k` (mixed radix over the groups), or false
 * once k is past the last one. */
static bool family_line(const struct family *f, size_t k, struct strbuf *line)
{
	sb_reset(line);
	sb_puts(line, f->prefix);
	for (size_t g = 0; g < ARRAY_SIZE(f->groups) && f->groups[g]; g++) {
		size_t n = 0;

		while (f->groups[g][n])
			n++;
		sb_putc(line, ' ');
		sb_puts(line, f->groups[g][k % n]);
		k /= n;
	}
	return k == 0;
}

static void family_one(const struct ruleset *base, const char *line, struct family_run *run)
{
	struct ruleset *rs = ruleset_clone(base);
	struct xt_err err;

	if (run_line(rs, line, &err) != 0) {
		if (run->failed_build++ < 4)
			printf("#   refused by iptables: %s: %s\n", line, err.msg);
	} else {
		run->built++;
		if (!round_trips(rs) && run->failed_trip++ < 4)
			printf("#   does not round-trip: %s\n", line);
	}
	ruleset_free(rs);
}

static void test_families(void)
{
	struct ruleset *base = build(family_base, ARRAY_SIZE(family_base));
	struct strbuf line;

	sb_init(&line);
	CHECK(round_trips(base), "chains named by -N and -E round-trip");
	for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
		const struct family *f = &families[i];
		struct family_run run = {0};

		for (size_t k = 0; family_line(f, k, &line); k++)
			family_one(base, line.buf, &run);
		printf("# %s: %u rules\n", f->name, run.built);
		CHECK_INT(0, run.failed_build, "%s: every combination is a rule", f->name);
		CHECK_INT(0, run.failed_trip, "%s: every rule round-trips", f->name);
	}
	sb_free(&line);
	ruleset_free(base);
}

/* Tables whose history matters: slots after deletes, inserts and
 * replaces, renamed chains and the jumps that follow them. */
static const char *const history[] = {
	"-N b",
	"-N c",
	"-A INPUT -j ACCEPT",
	"-A INPUT -j DROP",
	"-A INPUT -j b",
	"-D INPUT 2",
	"-I INPUT 1 -s 1.2.3.4",
	"-R INPUT 2 -d 5.6.7.8",
	"-A c -j c",
	"-E b 'B b'",
	"-E c LOG",
	"-N abcdefghijklmnopqrstuvwxyz01",
	"-A abcdefghijklmnopqrstuvwxyz01 -g LOG",
	"-E abcdefghijklmnopqrstuvwxyz01 abcdefghijklmnopqrstuvwxyz01234",
	"-A FORWARD -c 5 6",
	"-Z FORWARD",
	"-P INPUT DROP",
};

static void test_history(void)
{
	struct ruleset *rs = build(history, ARRAY_SIZE(history));
	struct strbuf save;

	sb_init(&save);
	print_save_table(&save, rs, true);
	CHECK_STR("*filter\n"
		  ":INPUT DROP [0:0]\n"
		  ":FORWARD ACCEPT [0:0]\n"
		  ":OUTPUT ACCEPT [0:0]\n"
		  ":B b - [0:0]\n"
		  ":LOG - [0:0]\n"
		  ":abcdefghijklmnopqrstuvwxyz01234 - [0:0]\n"
		  "[0:0] -A INPUT -s 1.2.3.4/32\n"
		  "[0:0] -A INPUT -d 5.6.7.8/32\n"
		  "[0:0] -A INPUT -j B b\n"
		  "[0:0] -A FORWARD\n"
		  "[0:0] -A LOG -j LOG\n"
		  "[0:0] -A abcdefghijklmnopqrstuvwxyz01234 -g LOG\n"
		  "COMMIT\n",
		  save.buf, "history: the table meant");
	CHECK(round_trips(rs), "history: round-trips");
	sb_free(&save);
	ruleset_free(rs);
}

/* ---- 2. damage ------------------------------------------------------ */

/* Where things are in the file, found by walking its layout (as
 * ruleset_io.c's header comment gives it) without the loader. */
#define HDR_SIZE (7 + 1 + 4 + 4)
#define NAME_LEN 32
#define CHAIN_HDR (NAME_LEN + 4 + 8 + 8 + 4)
#define RULE_IP sizeof(struct rule_ip)
#define R_SLOT (RULE_IP + 16)
#define R_VERDICT (R_SLOT + 4)
#define R_CHAIN (R_VERDICT + 4)
#define RULE_HDR (R_CHAIN + NAME_LEN + 4)
#define EXT_HDR (NAME_LEN + 4)
#define MAX_RECORDS 16

struct layout {
	size_t chain[MAX_RECORDS], rule[MAX_RECORDS];
	size_t ext[MAX_RECORDS][4]; /* data of each match, then the target */
	size_t n_chains, n_rules;
};

static uint32_t u32_at(const struct strbuf *b, size_t off)
{
	uint32_t v;

	memcpy(&v, b->buf + off, sizeof(v));
	return v;
}

/* Returns the offset after the rule at `off`. */
static size_t walk_rule(const struct strbuf *b, size_t off, struct layout *l)
{
	size_t r = l->n_rules++;
	uint32_t n = u32_at(b, off + RULE_HDR - 4);

	l->rule[r] = off;
	if (u32_at(b, off + R_VERDICT) == VERDICT_EXT)
		n++;
	if (r >= MAX_RECORDS || n > ARRAY_SIZE(l->ext[r]))
		abort(); /* a bigger table than this walker was written for */
	off += RULE_HDR;
	for (uint32_t i = 0; i < n; i++) {
		l->ext[r][i] = off + EXT_HDR;
		off += EXT_HDR + u32_at(b, off + NAME_LEN);
	}
	return off;
}

static void walk(const struct strbuf *b, struct layout *l)
{
	size_t off = HDR_SIZE;

	memset(l, 0, sizeof(*l));
	l->n_chains = u32_at(b, 8);
	if (l->n_chains > MAX_RECORDS)
		abort();
	for (size_t c = 0; c < l->n_chains; c++) {
		uint32_t n = u32_at(b, off + CHAIN_HDR - 4);

		l->chain[c] = off;
		off += CHAIN_HDR;
		for (uint32_t i = 0; i < n; i++)
			off = walk_rule(b, off, l);
	}
}

/* The table the damage goes into; rule and chain numbers below are its.
 * Chain A is referenced by nothing and sorts first, so that renaming it
 * breaks nothing but its name; c loops, but no built-in chain reaches it,
 * which exec allows. Slot 6 is free (its rule was deleted). */
static const char *const victim_cmds[] = {
	"-N A",
	"-N a",
	"-N b",
	"-N c",
	"-P FORWARD DROP",
	/* rule 0: tcp, comment, REJECT */
	"-A INPUT -s 10.0.0.0/8 -i eth0 -p tcp --sport 1:2 --dport 22 --tcp-flags SYN,ACK SYN "
	"--tcp-option 8 -m comment --comment hi -j REJECT --reject-with tcp-reset",
	/* rule 1: udp, multiport, LOG */
	"-A INPUT -p udp --dport 53 -m multiport --sports 80,443:450 -j LOG --log-prefix p",
	/* rule 2: icmp, a jump */
	"-A FORWARD -p icmp --icmp-type 3/4 -j a",
	/* rule 3: a goto */
	"-A OUTPUT -o lo -g b",
	/* rule 4 */
	"-A a -f -j b",
	/* rule 5 */
	"-A b -j ACCEPT",
	"-A b -j DROP",
	"-D b 2",
	/* rule 6 */
	"-A c -j c",
	/* rules 7-9: one extension each that cares about -p */
	"-A c -p tcp -j REJECT --reject-with tcp-reset",
	"-A c -p tcp --dport 1",
	"-A c -p tcp -m multiport --ports 1",
};

#define VICTIM_CHAINS 7
#define VICTIM_RULES 10
#define VICTIM_NEXT_SLOT 11

enum { CH_INPUT, CH_FORWARD, CH_OUTPUT, CH_A, CH_a, CH_b, CH_c };

/* A change: `n` bytes at (record's offset + off). */
struct damage {
	const char *what;
	enum { AT_FILE, AT_CHAIN, AT_RULE, AT_EXT } at;
	unsigned int rec, ext; /* chain or rule number; extension record */
	size_t off;
	const void *bytes;
	size_t n;
};

#define U32(v) (&(const uint32_t){v}), 4
#define U16(v) (&(const uint16_t){v}), 2
#define U8(v) (&(const uint8_t){v}), 1
#define STR(s) (s), sizeof(s) /* NUL included */
#define IFACE(s) ((const char[XT_IFNAMSIZ]){s}), XT_IFNAMSIZ
#define IP(f) offsetof(struct rule_ip, f)
#define EXT_NAME ((size_t)-EXT_HDR) /* from an extension's data back to its name */

/* Offsets in the private data of the extensions, as ext/ lays it out
 * (test_layouts checks the sizes). */
enum {
	TCP_SPTS = 0, TCP_DPTS = 4, TCP_OPTION = 8, TCP_MASK = 9, TCP_CMP = 10, TCP_INV = 11,
	UDP_SPTS = 0, UDP_INV = 8, UDP_UNUSED = 9,
	ICMP_TYPE = 0, ICMP_CODE = 1, ICMP_INV = 3,
	MP_PORTS = 0, MP_PFLAGS = 30, MP_DIR = 45, MP_COUNT = 46, MP_INVERT = 47,
	LOG_FLAGS = 0, LOG_LEVEL = 1, LOG_PREFIX = 2,
};

static const char no_nul[NAME_LEN + 1] = "0123456789abcdef0123456789abcdef";
static const char long_text[257] =
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/* Not a table this build writes. */
static const struct damage refused[] = {
	{"chain name without a NUL", AT_CHAIN, CH_INPUT, 0, 0, no_nul, NAME_LEN},
	{"chain name with bytes after its NUL", AT_CHAIN, CH_INPUT, 0, 0, STR("INPUT\0x")},
	{"built-in chains out of order", AT_CHAIN, CH_INPUT, 0, 0, STR("FORWARD")},
	{"built-in chain renamed", AT_CHAIN, CH_OUTPUT, 0, 0, STR("OUTPUX")},
	{"built-in chain without a policy", AT_CHAIN, CH_INPUT, 0, 32, U32(POLICY_NONE)},
	{"built-in chain with policy 3", AT_CHAIN, CH_FORWARD, 0, 32, U32(3)},
	{"built-in chain with policy 7", AT_CHAIN, CH_OUTPUT, 0, 32, U32(7)},
	{"user chain with a policy", AT_CHAIN, CH_A, 0, 32, U32(POLICY_ACCEPT)},
	{"user chain with packet counters", AT_CHAIN, CH_A, 0, 36, U32(1)},
	{"user chain with byte counters", AT_CHAIN, CH_c, 0, 44, U32(1)},
	{"user chain named INPUT", AT_CHAIN, CH_A, 0, 0, STR("INPUT")},
	{"user chain named OUTPUT", AT_CHAIN, CH_A, 0, 0, STR("OUTPUT")},
	{"user chain named ACCEPT", AT_CHAIN, CH_A, 0, 0, STR("ACCEPT")},
	{"user chain named QUEUE", AT_CHAIN, CH_A, 0, 0, STR("QUEUE")},
	{"user chain named RETURN", AT_CHAIN, CH_A, 0, 0, STR("RETURN")},
	{"user chain named -a", AT_CHAIN, CH_A, 0, 0, STR("-a")},
	{"user chain named !a", AT_CHAIN, CH_A, 0, 0, STR("!a")},
	{"user chain name without a NUL", AT_CHAIN, CH_A, 0, 0, no_nul, NAME_LEN},
	{"user chain name with bytes after its NUL", AT_CHAIN, CH_A, 0, 0, STR("A\0b")},
	{"two chains named a", AT_CHAIN, CH_A, 0, 0, STR("a")},
	{"user chains out of order", AT_CHAIN, CH_A, 0, 0, STR("aa")},
	{"source address outside its mask", AT_RULE, 0, 0, IP(src), U32(0x0100000a)},
	{"destination address with no mask", AT_RULE, 1, 0, IP(dst), U32(1)},
	{"interface without a NUL", AT_RULE, 0, 0, IP(iniface), "0123456789abcdef", 16},
	{"interface with bytes after its NUL", AT_RULE, 0, 0, IP(iniface), STR("eth0\0x")},
	{"-o in INPUT", AT_RULE, 1, 0, IP(outiface), STR("eth0")},
	{"-i in OUTPUT", AT_RULE, 3, 0, IP(iniface), STR("eth0")},
	{"flag bit 0x04", AT_RULE, 4, 0, IP(flags), U8(0x04 | RULE_F_FRAG)},
	{"flag bit 0x80", AT_RULE, 5, 0, IP(flags), U8(0x80)},
	{"invflags bit 0x04", AT_RULE, 5, 0, IP(invflags), U8(0x04)},
	{"invflags bit 0x80", AT_RULE, 5, 0, IP(invflags), U8(0x80)},
	{"protocol 256", AT_RULE, 5, 0, IP(proto), U16(256)},
	{"! -p all", AT_RULE, 5, 0, IP(invflags), U8(RULE_INV_PROTO)},
	{"! -f without -f", AT_RULE, 5, 0, IP(invflags), U8(RULE_INV_FRAG)},
	{"! -i without -i", AT_RULE, 5, 0, IP(invflags), U8(RULE_INV_VIA_IN)},
	{"! -o without -o", AT_RULE, 5, 0, IP(invflags), U8(RULE_INV_VIA_OUT)},
	{"verdict 6", AT_RULE, 5, 0, R_VERDICT, U32(VERDICT_EXT + 1)},
	{"verdict 2^32-1", AT_RULE, 4, 0, R_VERDICT, U32(0xffffffffu)},
	{"-g with ACCEPT", AT_RULE, 5, 0, IP(flags), U8(RULE_F_GOTO)},
	{"-g with a target extension", AT_RULE, 0, 0, IP(flags), U8(RULE_F_GOTO)},
	{"ACCEPT naming a chain", AT_RULE, 5, 0, R_CHAIN, STR("a")},
	{"jump target with bytes after its NUL", AT_RULE, 2, 0, R_CHAIN, STR("a\0b")},
	{"jump target without a NUL", AT_RULE, 2, 0, R_CHAIN, no_nul, NAME_LEN},
	{"jump to a missing chain", AT_RULE, 2, 0, R_CHAIN, STR("d")},
	{"jump to an empty name", AT_RULE, 2, 0, R_CHAIN, STR("")},
	{"jump to a built-in chain", AT_RULE, 3, 0, R_CHAIN, STR("INPUT")},
	{"a loop a built-in chain reaches", AT_RULE, 4, 0, R_CHAIN, STR("a")},
	{"slot at next_slot", AT_RULE, 5, 0, R_SLOT, U32(VICTIM_NEXT_SLOT)},
	{"two rules with one slot", AT_RULE, 5, 0, R_SLOT, U32(0)},
	{"a slot past next_slot", AT_FILE, 0, 0, 12, U32(VICTIM_NEXT_SLOT - 1)},
	{"unknown match", AT_RULE, 0, 0, RULE_HDR, STR("nosuch")},
	{"match name with bytes after its NUL", AT_RULE, 0, 0, RULE_HDR, STR("tcp\0x")},
	{"a target as a match", AT_RULE, 0, 0, RULE_HDR, STR("LOG")},
	{"a match as the target", AT_EXT, 1, 2, EXT_NAME, STR("udp")},
	{"match data one byte short", AT_RULE, 0, 0, RULE_HDR + NAME_LEN, U32(11)},
	{"tcp without -p tcp", AT_RULE, 8, 0, IP(proto), U16(17)},
	{"icmp with ! -p icmp", AT_RULE, 2, 0, IP(invflags), U8(RULE_INV_PROTO)},
	{"tcp source ports reversed", AT_EXT, 0, 0, TCP_SPTS, U16(3)},
	{"tcp destination ports reversed", AT_EXT, 0, 0, TCP_DPTS + 2, U16(21)},
	{"tcp flag 0x40 in the mask", AT_EXT, 0, 0, TCP_MASK, U8(0x52)},
	{"tcp flag 0x80 compared", AT_EXT, 0, 0, TCP_CMP, U8(0x82)},
	{"tcp invflags 0x10", AT_EXT, 0, 0, TCP_INV, U8(0x10)},
	{"tcp ! --tcp-option 0", AT_EXT, 0, 0, TCP_OPTION, (const uint8_t[]){0, 0x12, 0x02, 0x08},
	 4},
	{"udp invflags 0x04", AT_EXT, 1, 0, UDP_INV, U8(0x06)},
	{"udp padding byte set", AT_EXT, 1, 0, UDP_UNUSED, U8(1)},
	{"icmp invflags 0x02", AT_EXT, 2, 0, ICMP_INV, U8(0x02)},
	{"multiport without -p", AT_RULE, 9, 0, IP(proto), U16(0)},
	{"multiport with -p icmp", AT_RULE, 9, 0, IP(proto), U16(1)},
	{"multiport with ! -p tcp", AT_RULE, 9, 0, IP(invflags), U8(RULE_INV_PROTO)},
	{"multiport direction 3", AT_EXT, 1, 1, MP_DIR, U8(3)},
	{"multiport direction 255", AT_EXT, 1, 1, MP_DIR, U8(255)},
	{"multiport count 0", AT_EXT, 1, 1, MP_COUNT, U8(0)},
	{"multiport count 16", AT_EXT, 1, 1, MP_COUNT, U8(16)},
	{"multiport count 255", AT_EXT, 1, 1, MP_COUNT, U8(255)},
	{"multiport count short of a range's end", AT_EXT, 1, 1, MP_COUNT, U8(2)},
	{"multiport port past count", AT_EXT, 1, 1, MP_PORTS + 2 * 14, U16(1)},
	{"multiport range flag past count", AT_EXT, 1, 1, MP_PFLAGS + 3, U8(1)},
	{"multiport range flag 2", AT_EXT, 1, 1, MP_PFLAGS + 1, U8(2)},
	{"multiport range ending in a range", AT_EXT, 1, 1, MP_PFLAGS, (const uint8_t[]){1, 1}, 2},
	{"multiport range in the last slot", AT_EXT, 1, 1, MP_PFLAGS + 2, U8(1)},
	{"multiport range not increasing", AT_EXT, 1, 1, MP_PORTS + 2, U16(450)},
	{"multiport invert 2", AT_EXT, 1, 1, MP_INVERT, U8(2)},
	{"comment without a NUL", AT_EXT, 0, 1, 0, long_text, 256},
	{"comment with bytes after its NUL", AT_EXT, 0, 1, 0, STR("hi\0x")},
	{"comment with a byte in its last place", AT_EXT, 0, 1, 255, U8('x')},
	{"REJECT with the retired echo-reply", AT_EXT, 0, 2, 0, U32(4)},
	{"REJECT type 9", AT_EXT, 0, 2, 0, U32(9)},
	{"REJECT type 2^32-1", AT_EXT, 0, 2, 0, U32(0xffffffffu)},
	{"REJECT tcp-reset without -p tcp", AT_RULE, 7, 0, IP(proto), U16(17)},
	{"LOG level 8", AT_EXT, 1, 2, LOG_LEVEL, U8(8)},
	{"LOG flag 0x10", AT_EXT, 1, 2, LOG_FLAGS, U8(0x10)},
	{"LOG flag 0x80", AT_EXT, 1, 2, LOG_FLAGS, U8(0x80)},
	{"LOG prefix without a NUL", AT_EXT, 1, 2, LOG_PREFIX, long_text, 30},
	{"LOG prefix with bytes after its NUL", AT_EXT, 1, 2, LOG_PREFIX, STR("p\0x")},
	{"LOG prefix with a newline", AT_EXT, 1, 2, LOG_PREFIX, STR("a\nb")},
	{"a trailing byte", AT_FILE, 0, 0, (size_t)-1, STR("")},
	{"a rule count one short (a rule left behind the table)", AT_CHAIN, CH_c, 0, CHAIN_HDR - 4,
	 U32(3)},
};

/* Look-alikes of the above that are tables this build writes. */
static const struct damage taken[] = {
	{"policy DROP", AT_CHAIN, CH_INPUT, 0, 32, U32(POLICY_DROP)},
	{"policy counters", AT_CHAIN, CH_OUTPUT, 0, 36, U32(12345)},
	{"a user chain named LOG (-E)", AT_CHAIN, CH_A, 0, 0, STR("LOG")},
	{"a user chain named with a space (-E)", AT_CHAIN, CH_A, 0, 0, STR("Z b")},
	{"a user chain with an empty name (-E)", AT_CHAIN, CH_A, 0, 0, STR("")},
	{"a user chain named with 31 bytes (-E)", AT_CHAIN, CH_A, 0, 0,
	 STR("0123456789abcdef0123456789abcde")},
	{"rule counters", AT_RULE, 4, 0, RULE_IP, U32(7)},
	{"more slots left", AT_FILE, 0, 0, 12, U32(1000)},
	{"a freed slot taken", AT_RULE, 5, 0, R_SLOT, U32(6)},
	{"a non-contiguous mask", AT_RULE, 0, 0, IP(smsk), U32(0x00ff00ff)},
	{"! -s", AT_RULE, 0, 0, IP(invflags), U8(RULE_INV_SRCIP)},
	{"! -i", AT_RULE, 0, 0, IP(invflags), U8(RULE_INV_VIA_IN)},
	{"an interface named with a space", AT_RULE, 0, 0, IP(iniface), IFACE(" ")},
	{"an interface named with 15 bytes", AT_RULE, 5, 0, IP(outiface), IFACE("0123456789abcde")},
	{"protocol 255", AT_RULE, 5, 0, IP(proto), U16(255)},
	{"-j in place of -g", AT_RULE, 3, 0, IP(flags), U8(0)},
	{"tcp ports widened", AT_EXT, 0, 0, TCP_SPTS + 2, U16(3)},
	{"tcp --tcp-option 0 not inverted", AT_EXT, 0, 0, TCP_OPTION, U8(0)},
	{"udp ports reversed", AT_EXT, 1, 0, UDP_SPTS, (const uint16_t[]){9, 3}, 4},
	{"icmp codes reversed", AT_EXT, 2, 0, ICMP_CODE, (const uint8_t[]){5, 2}, 2},
	{"icmp type 255", AT_EXT, 2, 0, ICMP_TYPE, U8(255)},
	{"multiport one more port 0", AT_EXT, 1, 1, MP_COUNT, U8(4)},
	{"multiport no range", AT_EXT, 1, 1, MP_PFLAGS + 1, U8(0)},
	{"multiport --ports", AT_EXT, 1, 1, MP_DIR, U8(2)},
	{"multiport with -p sctp", AT_RULE, 9, 0, IP(proto), U16(132)},
	{"comment of 255 bytes", AT_EXT, 0, 1, 0, long_text, 255},
	{"REJECT icmp-admin-prohibited", AT_EXT, 0, 2, 0, U32(8)},
	{"LOG level 0", AT_EXT, 1, 2, LOG_LEVEL, U8(0)},
	{"LOG flags all", AT_EXT, 1, 2, LOG_FLAGS, U8(0x2f)},
	{"LOG prefix of 29 bytes", AT_EXT, 1, 2, LOG_PREFIX, long_text, 29},
};

static size_t damage_offset(const struct layout *l, const struct strbuf *b, const struct damage *d)
{
	switch (d->at) {
	case AT_CHAIN:
		return l->chain[d->rec] + d->off;
	case AT_RULE:
		return l->rule[d->rec] + d->off;
	case AT_EXT:
		return l->ext[d->rec][d->ext] + d->off;
	default:
		return d->off == (size_t)-1 ? b->len : d->off;
	}
}

/* The loaded table of the damaged bytes (NULL: refused), and whether
 * storing it gives those bytes. */
static struct ruleset *load_damaged(const struct strbuf *good, const struct layout *l,
				    const struct damage *d, bool *canonical)
{
	size_t off = damage_offset(l, good, d);
	size_t len = off + d->n > good->len ? off + d->n : good->len;
	char *buf = calloc(1, len);
	struct strbuf again;
	struct xt_err err;
	struct ruleset *rs;

	memcpy(buf, good->buf, good->len);
	memcpy(buf + off, d->bytes, d->n);
	rs = ruleset_deserialize(buf, len, &err);
	sb_init(&again);
	if (rs)
		ruleset_serialize(rs, &again);
	*canonical = rs && again.len == len && memcmp(again.buf, buf, len) == 0;
	sb_free(&again);
	free(buf);
	return rs;
}

static void test_layouts(void)
{
	static const struct {
		const char *name;
		bool target;
		size_t size;
	} sizes[] = {
		{"tcp", false, 12},  {"udp", false, 10},   {"icmp", false, 4}, {"multiport", false, 48},
		{"comment", false, 256}, {"REJECT", true, 4}, {"LOG", true, 32},
	};

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		const struct xt_ext *ext =
		    sizes[i].target ? xt_find_target(sizes[i].name) : xt_find_match(sizes[i].name);

		CHECK(ext && ext->size == sizes[i].size, "%s: data laid out as this test assumes",
		      sizes[i].name);
		CHECK(ext && ext->valid, "%s: has a valid op", sizes[i].name);
	}
}

/* A header that promises fewer chains than the built-in ones, followed
 * by just that many: once taken as a table with all three. */
static void test_few_chains(void)
{
	struct ruleset *rs = ruleset_new();
	struct strbuf bytes;
	struct xt_err err;

	sb_init(&bytes);
	ruleset_serialize(rs, &bytes);
	for (uint32_t n = 0; n < RULESET_N_BUILTIN; n++) {
		struct ruleset *back;

		memcpy(bytes.buf + 8, &n, sizeof(n));
		back = ruleset_deserialize(bytes.buf, HDR_SIZE + n * (CHAIN_HDR), &err);
		CHECK(!back, "refused: %u chains", n);
		ruleset_free(back);
	}
	sb_free(&bytes);
	ruleset_free(rs);
}

static void test_damage(void)
{
	struct ruleset *rs = build(victim_cmds, ARRAY_SIZE(victim_cmds));
	struct strbuf good;
	struct layout l;
	struct xt_err err;
	bool canonical;

	sb_init(&good);
	ruleset_serialize(rs, &good);
	walk(&good, &l);
	CHECK(l.n_chains == VICTIM_CHAINS && l.n_rules == VICTIM_RULES &&
		  rs->next_slot == VICTIM_NEXT_SLOT && strcmp(good.buf + l.chain[CH_A], "A") == 0,
	      "damage table: laid out as expected");
	struct ruleset *back = ruleset_deserialize(good.buf, good.len, &err);
	CHECK(back, "damage table: loads undamaged (and with it a loop no built-in chain reaches)");
	ruleset_free(back);
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		back = load_damaged(&good, &l, &refused[i], &canonical);
		CHECK(!back, "refused: %s", refused[i].what);
		ruleset_free(back);
	}
	for (size_t i = 0; i < ARRAY_SIZE(taken); i++) {
		back = load_damaged(&good, &l, &taken[i], &canonical);
		CHECK(back && canonical, "taken, to the byte: %s", taken[i].what);
		ruleset_free(back);
	}
	xt_err_clear(&err);
	back = ruleset_deserialize(good.buf, good.len - 1, &err);
	CHECK(!back && err.status == XT_OTHER_PROBLEM &&
		  strcmp(err.msg, "rule table state is damaged or from another version") == 0,
	      "a refusal says so, with exit status 1");
	ruleset_free(back);
	sb_free(&good);
	ruleset_free(rs);
}

/* ---- printers on foreign data ---------------------------------------- */

/* The printers must stay inside the data even when it never went through
 * the valid op (defence in depth): each gets data that ends where an
 * unmapped page begins, filled with patterns, so that any read past it
 * faults, in a child. */
static void print_guarded(const struct xt_ext *ext, unsigned char fill)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	const struct rule_ip ips[] = {{.proto = 0}, {.proto = 6}, {.proto = 17}, {.proto = 1}};
	struct strbuf out;

	if (map == MAP_FAILED || mprotect(map + page, (size_t)page, PROT_NONE) != 0)
		abort();
	unsigned char *data = map + page - ext->size;
	memset(data, fill, ext->size);
	sb_init(&out);
	for (size_t i = 0; i < ARRAY_SIZE(ips); i++) {
		ext->print(&out, data, &ips[i], true);
		ext->print(&out, data, &ips[i], false);
		ext->save(&out, data, &ips[i]);
	}
	sb_free(&out);
	munmap(map, (size_t)page * 2);
}

static void test_printers(void)
{
	static const char *const names[] = {
		"tcp", "udp", "icmp", "multiport", "comment", "REJECT", "LOG",
	};
	static const unsigned char fills[] = {0x00, 0x01, 0x7f, 0x80, 0xff, 'x'};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct xt_ext *ext = xt_find_match(names[i]);
		int status = 0;
		pid_t pid;

		if (!ext)
			ext = xt_find_target(names[i]);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			for (size_t f = 0; f < ARRAY_SIZE(fills); f++)
				print_guarded(ext, fills[f]);
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0)
			abort();
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "%s: the printers stay inside any data", names[i]);
	}
}

/* ---- 3. sweeps ------------------------------------------------------ */

/* What a child reports about one changed file, as its exit status: none
 * of them 1, which is what a sanitizer exits with. */
enum verdict { REFUSED = 10, TAKEN, NOT_CANONICAL };

/* Load, and use what loads as the front end would: every listing, the
 * kernel checks, and storing it again, which must give the same bytes. */
static enum verdict use_state(const char *buf, size_t len)
{
	static const unsigned int formats[] = {
		FMT_OPTIONS | FMT_VIA | FMT_NUMERIC | FMT_LINENUMBERS,
		FMT_OPTIONS | FMT_VIA | FMT_KILOMEGAGIGA,
		FMT_PRINT_RULE,
	};
	struct xt_err err;
	struct ruleset *rs = ruleset_deserialize(buf, len, &err);
	struct strbuf out;
	enum verdict v;

	if (!rs)
		return REFUSED;
	sb_init(&out);
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		print_list(&out, rs, NULL, 0, formats[i]);
	print_rules(&out, rs, NULL, 0, true);
	print_save_table(&out, rs, true);
	exec_check_table_rules(rs, &err);
	sb_reset(&out);
	ruleset_serialize(rs, &out);
	v = out.len == len && memcmp(out.buf, buf, len) == 0 ? TAKEN : NOT_CANONICAL;
	sb_free(&out);
	ruleset_free(rs);
	return v;
}

struct sweep {
	const char *what;
	unsigned int taken, not_canonical, crashes;
	size_t first_bad, first_crash;
	int crash_sig;
};

/* use_state in a child, so that a crash is counted, not fatal. */
static void sweep_one(struct sweep *s, size_t where, const char *buf, size_t len)
{
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit((int)use_state(buf, len));
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		abort();
	if (!WIFEXITED(status) || WEXITSTATUS(status) < REFUSED ||
	    WEXITSTATUS(status) > NOT_CANONICAL) {
		if (!s->crashes++) {
			s->first_crash = where;
			s->crash_sig =
			    WIFSIGNALED(status) ? WTERMSIG(status) : -WEXITSTATUS(status);
		}
	} else if (WEXITSTATUS(status) == TAKEN) {
		s->taken++;
	} else if (WEXITSTATUS(status) == NOT_CANONICAL && !s->not_canonical++) {
		s->first_bad = where;
	}
}

static void sweep_report(const struct sweep *s, size_t total, bool any_taken)
{
	printf("# %s: %u of %zu taken\n", s->what, s->taken, total);
	if (!CHECK_INT(0, s->crashes, "%s: nothing crashes", s->what))
		printf("#   first at %zu: signal %d (negative: exit status)\n", s->first_crash,
		       s->crash_sig);
	if (!CHECK_INT(0, s->not_canonical, "%s: what is taken stores to the same bytes", s->what))
		printf("#   first at %zu\n", s->first_bad);
	if (!any_taken)
		CHECK_INT(0, s->taken, "%s: none taken", s->what);
}

static void sweep_bits(const struct strbuf *good)
{
	struct sweep s = {.what = "every single-bit flip"};
	char *buf = malloc(good->len);

	for (size_t bit = 0; bit < good->len * 8; bit++) {
		memcpy(buf, good->buf, good->len);
		buf[bit / 8] ^= (char)(1u << (bit % 8));
		sweep_one(&s, bit, buf, good->len);
	}
	sweep_report(&s, good->len * 8, true);
	free(buf);
}

static void sweep_bytes(const struct strbuf *good)
{
	struct sweep s = {.what = "every byte inverted"};
	char *buf = malloc(good->len);

	for (size_t i = 0; i < good->len; i++) {
		memcpy(buf, good->buf, good->len);
		buf[i] ^= (char)0xff;
		sweep_one(&s, i, buf, good->len);
	}
	sweep_report(&s, good->len, true);
	free(buf);
}

static void sweep_truncations(const struct strbuf *good)
{
	struct sweep s = {.what = "every truncation"};

	for (size_t len = 0; len < good->len; len++)
		sweep_one(&s, len, good->buf, len);
	sweep_report(&s, good->len, false);
}

/* Every extension, with options set, and the header fields. */
static const char *const swept_cmds[] = {
	"-N a",
	"-N b",
	"-P FORWARD DROP -c 1 2",
	"-A INPUT ! -s 10.0.0.0/8 -i eth+ -p tcp --sport 1:2 ! --dport 22 --tcp-flags SYN,ACK SYN "
	"--tcp-option 8 -m multiport --dports 80,443:450 -m comment --comment hi "
	"-j REJECT --reject-with tcp-reset",
	"-A FORWARD -d 1.2.0.0/16 -o eth1 -p udp ! --sport 53 -j LOG --log-prefix p "
	"--log-level 3 --log-uid",
	"-A OUTPUT -p icmp ! --icmp-type 3/4 -g a",
	"-A a ! -f -j b",
	"-A b ! -p tcp -j DROP -c 3 4",
};

static void test_sweeps(void)
{
	struct ruleset *rs = build(swept_cmds, ARRAY_SIZE(swept_cmds));
	struct strbuf good;

	sb_init(&good);
	ruleset_serialize(rs, &good);
	printf("# swept table: %zu bytes\n", good.len);
	CHECK(use_state(good.buf, good.len) == TAKEN, "swept table: loads undamaged");
	sweep_bits(&good);
	sweep_bytes(&good);
	sweep_truncations(&good);
	sb_free(&good);
	ruleset_free(rs);
}


/* ---- 4. change records ---------------------------------------------- */

/* Commands that only add, remove or replace rules, with the table each
 * leaves; some change two chains' worth of rules, some none. */
static const char *const change_cmds[] = {
	"-A INPUT -s 198.18.0.1 -j ACCEPT",
	"-A INPUT -s 198.18.0.2,198.18.0.3 -p tcp --dport 22 -j DROP",
	"-I INPUT 1 -p udp -m multiport --dports 53,54 -j ACCEPT",
	"-I INPUT 3 -i eth0 -j c1",
	"-A c1 -p icmp --icmp-type 8 -j LOG --log-prefix x",
	"-R INPUT 2 -s 198.18.0.9 -j RETURN",
	"-D INPUT 1",
	"-D INPUT -s 198.18.0.2 -p tcp --dport 22 -j DROP",
	"-A OUTPUT -o lo -m comment --comment hi -j REJECT",
	"-I c1 1 -j RETURN",
	"-D c1 2",
	"-A FORWARD -f -j DROP",
};

/* bytes := a file of the table, with one change record per command that
 * changed something appended, each made from the table as loaded back
 * from the bytes so far (so its rules are in the arena, as in a real
 * command). want := the table the commands made. */
static void build_changed(struct strbuf *bytes, struct strbuf *want, size_t *n_records)
{
	static const char *const base[] = {"-N c1", "-A INPUT -p tcp -j ACCEPT"};
	struct ruleset *rs = build(base, ARRAY_SIZE(base));
	struct xt_err err;

	sb_init(bytes);
	ruleset_serialize(rs, bytes);
	ruleset_free(rs);
	*n_records = 0;
	for (size_t i = 0; i < ARRAY_SIZE(change_cmds); i++) {
		struct ruleset_snapshot before;
		int n;

		rs = ruleset_deserialize(bytes->buf, bytes->len, &err);
		if (!rs)
			abort();
		ruleset_snapshot_take(&before, rs);
		if (run_line(rs, change_cmds[i], &err) != 0)
			printf("# change: %s: %s\n", change_cmds[i], err.msg);
		n = ruleset_changes_encode(&before, rs, bytes);
		CHECK(n == 1, "change record for \"%s\" (%d)", change_cmds[i], n);
		*n_records += n > 0 ? (size_t)n : 0;
		ruleset_snapshot_free(&before);
		if (i + 1 == ARRAY_SIZE(change_cmds)) {
			sb_init(want);
			ruleset_serialize(rs, want);
		}
		ruleset_free(rs);
	}
}

static bool stores_as(const struct ruleset *rs, const struct strbuf *want)
{
	struct strbuf got;
	bool same;

	sb_init(&got);
	ruleset_serialize(rs, &got);
	same = got.len == want->len && memcmp(got.buf, want->buf, got.len) == 0;
	sb_free(&got);
	return same;
}

static void test_change_records(void)
{
	struct strbuf bytes, want;
	struct ruleset_file_info info;
	struct xt_err err;
	struct ruleset *rs;
	size_t n_records, last = 0;

	build_changed(&bytes, &want, &n_records);
	rs = ruleset_load_file(bytes.buf, bytes.len, &info, &err);
	CHECK(rs && stores_as(rs, &want), "a table and %zu change records load as the commands left it",
	      n_records);
	CHECK(info.n_changes == n_records && info.valid_len == bytes.len,
	      "every record counted, every byte taken");
	ruleset_free(rs);

	/* The last record cut at every length: the table before it. */
	{
		struct ruleset *prev;
		struct ruleset_file_info pi;
		size_t cut_ok = 0, start;

		/* Where the last record starts: the longest prefix that loads
		 * with one record fewer. */
		for (start = bytes.len - 1; start > 0; start--) {
			prev = ruleset_load_file(bytes.buf, start, &pi, &err);
			if (prev && pi.n_changes == n_records - 1 && pi.valid_len == start) {
				ruleset_free(prev);
				break;
			}
			ruleset_free(prev);
		}
		last = start;
		struct strbuf before_last;

		sb_init(&before_last);
		prev = ruleset_load_file(bytes.buf, last, NULL, &err);
		if (prev)
			ruleset_serialize(prev, &before_last);
		ruleset_free(prev);
		for (size_t len = last + 1; len < bytes.len; len++) {
			rs = ruleset_load_file(bytes.buf, len, &info, &err);
			if (rs && info.valid_len == last && info.n_changes == n_records - 1 &&
			    stores_as(rs, &before_last))
				cut_ok++;
			ruleset_free(rs);
		}
		CHECK(last > 0 && cut_ok == bytes.len - last - 1,
		      "the last record cut at each of %zu lengths: the table before it (%zu)",
		      bytes.len - last - 1, cut_ok);
		sb_free(&before_last);
	}

	/* Damage in the last record, which is whole: refused. */
	static const struct {
		const char *what;
		size_t off;
		uint32_t value;
	} damage[] = {
		{"another magic", 0, 0x4a545043u},
		{"length shorter than its head", 4, 27},
		{"length one short of its rules", 4, 0},
		{"a chain number past the last chain", 12, 7},
		{"a position past the chain's end", 16, 99},
		{"more rules removed than the chain holds", 20, 99},
		{"one rule more than the record holds", 24, 2},
		{"no rule where the record holds one", 24, 0},
		{"a slot count below a rule's slot", 8, 1},
	};
	for (size_t i = 0; i < ARRAY_SIZE(damage); i++) {
		char *buf = malloc(bytes.len);
		uint32_t v = damage[i].value;

		memcpy(buf, bytes.buf, bytes.len);
		if (damage[i].off == 4 && v == 0)
			memcpy(&v, buf + last + 4, 4), v -= 1;
		memcpy(buf + last + damage[i].off, &v, 4);
		rs = ruleset_load_file(buf, bytes.len, &info, &err);
		CHECK(!rs, "refused: a change record with %s", damage[i].what);
		ruleset_free(rs);
		free(buf);
	}
	sb_free(&bytes);
	sb_free(&want);
}

/* name_is_padded, eight bytes a step, against the byte-by-byte
 * definition: for every field size a table uses and the sizes around a
 * word, every name length (names of every non-zero byte), with the padding clean or one byte of it (or
 * of the name's NUL) set, at every alignment of the field. */
static bool padded_by_bytes(const char *s, size_t size)
{
	size_t n = 0;

	while (n < size && s[n])
		n++;
	if (n == size)
		return false;
	for (size_t i = n + 1; i < size; i++)
		if (s[i])
			return false;
	return true;
}

static void test_name_padding(void)
{
	static const size_t sizes[] = {1, 2, 7, 8, 9, 15, 16, 17, 24, 29, 30, 31, 32, 33, 64, 256};
	char buf[256 + 8];
	unsigned int wrong = 0, cases = 0;

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t size = sizes[k];

		for (size_t align = 0; align < 8; align++) {
			char *f = buf + align;

			for (size_t len = 0; len <= size; len++) {
				/* set == size: clean padding; else that byte set. */
				for (size_t set = len; set <= size; set++) {
					memset(buf, 0x5a, sizeof(buf));
					memset(f, 0, size);
					/* Every non-zero byte value turns up in names,
					 * 0x01 and 0x80..0xff too (the word test's edges). */
					for (size_t i = 0; i < len; i++)
						f[i] = (char)(1 + (i * 37 + len * 11 + set) % 255);
					if (set < size)
						f[set] = (char)(set == len ? 'z' : 0x80 | (int)set);
					wrong += name_is_padded(f, size) != padded_by_bytes(f, size);
					cases++;
				}
			}
		}
	}
	check_int(0, wrong, "name_is_padded agrees with the byte-by-byte check in %u cases", cases);
}

int main(void)
{
	check_offline();
	test_name_padding();
	test_families();
	test_history();
	test_layouts();
	test_few_chains();
	test_damage();
	test_printers();
	test_sweeps();
	test_change_records();
	return check_exit();
}
