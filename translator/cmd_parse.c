// SPDX-License-Identifier: GPL-2.0-only
/* The iptables command-line parser. Like iptables it drives glibc's
 * getopt_long over a table that grows as -m, -j and an implicit protocol
 * match load extensions, so that option abbreviations, argument forms and
 * getopt's own corner cases behave exactly as in iptables. getopt keeps
 * its state in globals (optind, optarg); cmd_parse resets them on entry,
 * which is why it is not reentrant. */
#include "cmd.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "ext.h"
#include "ext/ext_util.h"
#include "proto.h"

#define OPT_OFFSET_SCALE 256
/* Distinct extensions in one command line: every one we have, at most. */
#define MAX_EXT_SLOTS 16

struct ext_slot {
	const struct xt_ext *ext;
	int latest; /* index of its newest match instance in rule->matches */
};

struct parse_state {
	struct xt_cmd *cmd;
	struct strbuf *warn;
	struct xt_err *err;
	int argc;
	char **argv;
	bool restore;
	struct option *opts;
	struct ext_slot exts[MAX_EXT_SLOTS];
	size_t n_exts;
	unsigned int *mflags; /* per match instance */
	unsigned int target_mflags;
	int target_slot;
	char *protocol; /* -p as typed, lower-cased */
	bool proto_used; /* the implicit protocol match was loaded */
	bool invert;
	bool wait_interval_set;
	bool table_set;
	bool goto_set;
	char *shost, *dhost;
};

static int parse_args(struct parse_state *ps);
static int parse_finish(struct parse_state *ps);

static const struct option base_opts[] = {
	{"append", 1, NULL, 'A'},
	{"delete", 1, NULL, 'D'},
	{"check", 1, NULL, 'C'},
	{"insert", 1, NULL, 'I'},
	{"replace", 1, NULL, 'R'},
	{"list", 2, NULL, 'L'},
	{"list-rules", 2, NULL, 'S'},
	{"flush", 2, NULL, 'F'},
	{"zero", 2, NULL, 'Z'},
	{"new-chain", 1, NULL, 'N'},
	{"delete-chain", 2, NULL, 'X'},
	{"rename-chain", 1, NULL, 'E'},
	{"policy", 1, NULL, 'P'},
	{"source", 1, NULL, 's'},
	{"destination", 1, NULL, 'd'},
	{"src", 1, NULL, 's'},
	{"dst", 1, NULL, 'd'},
	{"protocol", 1, NULL, 'p'},
	{"in-interface", 1, NULL, 'i'},
	{"jump", 1, NULL, 'j'},
	{"table", 1, NULL, 't'},
	{"match", 1, NULL, 'm'},
	{"numeric", 0, NULL, 'n'},
	{"out-interface", 1, NULL, 'o'},
	{"verbose", 0, NULL, 'v'},
	{"wait", 2, NULL, 'w'},
	{"wait-interval", 2, NULL, 'W'},
	{"exact", 0, NULL, 'x'},
	{"fragments", 0, NULL, 'f'},
	{"version", 0, NULL, 'V'},
	{"help", 2, NULL, 'h'},
	{"line-numbers", 0, NULL, '0'},
	{"modprobe", 1, NULL, 'M'},
	{"set-counters", 1, NULL, 'c'},
	{"goto", 1, NULL, 'g'},
	{"ipv4", 0, NULL, '4'},
	{"ipv6", 0, NULL, '6'},
};
#define N_BASE_OPTS (sizeof(base_opts) / sizeof(base_opts[0]))

static const char optstring[] = "-:A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:"
				"R:S::W::46bfg:h::m:nvw::x";

/* Which generic option may appear with which command: 'x' illegal. Rows
 * in command bit order, columns in option bit order. */
static const char cmd_vs_opt[CMD_COUNT][OPT_COUNT] = {
	/*            -n   -s   -d   -p   -j   -v   -x   -i   -o  --ln  -c   -f */
	/*INSERT*/   {'x', ' ', ' ', ' ', ' ', ' ', 'x', ' ', ' ', 'x', ' ', ' '},
	/*DELETE*/   {'x', ' ', ' ', ' ', ' ', ' ', 'x', ' ', ' ', 'x', 'x', ' '},
	/*DEL_NUM*/  {'x', 'x', 'x', 'x', 'x', ' ', 'x', 'x', 'x', 'x', 'x', 'x'},
	/*REPLACE*/  {'x', ' ', ' ', ' ', ' ', ' ', 'x', ' ', ' ', 'x', ' ', ' '},
	/*APPEND*/   {'x', ' ', ' ', ' ', ' ', ' ', 'x', ' ', ' ', 'x', ' ', ' '},
	/*LIST*/     {' ', 'x', 'x', 'x', 'x', ' ', ' ', 'x', 'x', ' ', 'x', 'x'},
	/*FLUSH*/    {'x', 'x', 'x', 'x', 'x', ' ', 'x', 'x', 'x', 'x', 'x', 'x'},
	/*ZERO*/     {'x', 'x', 'x', 'x', 'x', ' ', 'x', 'x', 'x', 'x', 'x', 'x'},
	/*NEW_CHAIN*/{'x', 'x', 'x', 'x', 'x', ' ', 'x', 'x', 'x', 'x', 'x', 'x'},
	/*DEL_CHAIN*/{'x', 'x', 'x', 'x', 'x', ' ', 'x', 'x', 'x', 'x', 'x', 'x'},
	/*POLICY*/   {'x', 'x', 'x', 'x', 'x', ' ', 'x', 'x', 'x', 'x', ' ', 'x'},
	/*RENAME*/   {'x', 'x', 'x', 'x', 'x', ' ', 'x', 'x', 'x', 'x', 'x', 'x'},
	/*LIST_RULES*/{'x', 'x', 'x', 'x', 'x', ' ', 'x', 'x', 'x', 'x', 'x', 'x'},
	/*ZERO_NUM*/ {'x', 'x', 'x', 'x', 'x', ' ', 'x', 'x', 'x', 'x', 'x', 'x'},
	/*CHECK*/    {'x', ' ', ' ', ' ', ' ', ' ', 'x', ' ', ' ', 'x', 'x', ' '},
};

static const char opt_letters[OPT_COUNT] = {'n', 's', 'd', 'p', 'j', 'v',
					    'x', 'i', 'o', '0', 'c', 'f'};
static const uint8_t opt_inverse[OPT_COUNT] = {
	0, RULE_INV_SRCIP, RULE_INV_DSTIP, RULE_INV_PROTO, 0, 0,
	0, RULE_INV_VIA_IN, RULE_INV_VIA_OUT, 0, 0, RULE_INV_FRAG,
};
static const char cmd_letters[CMD_COUNT] = {'I', 'D', 'D', 'R', 'A', 'L', 'F', 'Z',
					    'N', 'X', 'P', 'E', 'S', 'Z', 'C'};

static int bit_index(unsigned int bit)
{
	int i = 0;

	while (bit > 1) {
		bit >>= 1;
		i++;
	}
	return i;
}

/* Rebuild getopt's table: base options, then each distinct extension's
 * options, newest first, as iptables merges them. */
static void rebuild_opts(struct parse_state *ps)
{
	size_t n = N_BASE_OPTS;

	for (size_t i = 0; i < ps->n_exts; i++)
		for (const struct xt_ext_opt *o = ps->exts[i].ext->opts; o && o->name; o++)
			n++;
	free(ps->opts);
	ps->opts = calloc(n + 1, sizeof(*ps->opts));
	if (!ps->opts)
		abort();
	memcpy(ps->opts, base_opts, sizeof(base_opts));
	n = N_BASE_OPTS;
	for (size_t i = ps->n_exts; i-- > 0;) {
		for (const struct xt_ext_opt *o = ps->exts[i].ext->opts; o && o->name; o++) {
			ps->opts[n].name = o->name;
			ps->opts[n].has_arg = o->has_arg;
			ps->opts[n].val = (int)(OPT_OFFSET_SCALE * (i + 1)) + o->id;
			n++;
		}
	}
}

/* Register an extension's options unless an instance of it is already
 * known (a second "-m comment" reuses the first one's options, and the
 * newest instance receives them). Returns the extension slot. */
static size_t ext_slot(struct parse_state *ps, const struct xt_ext *ext)
{
	for (size_t i = 0; i < ps->n_exts; i++)
		if (ps->exts[i].ext == ext)
			return i;
	if (ps->n_exts == MAX_EXT_SLOTS)
		abort(); /* more distinct extensions than exist */
	ps->exts[ps->n_exts].ext = ext;
	ps->n_exts++;
	rebuild_opts(ps);
	return ps->n_exts - 1;
}

static int add_match(struct parse_state *ps, const struct xt_ext *ext)
{
	struct rule *r = ps->cmd->rule;
	size_t slot = ext_slot(ps, ext);
	unsigned int *mf = realloc(ps->mflags, (r->n_matches + 1) * sizeof(*mf));

	if (!mf)
		abort();
	ps->mflags = mf;
	mf[r->n_matches] = 0;
	rule_add_match(r, ext);
	ps->exts[slot].latest = (int)r->n_matches - 1;
	return 0;
}

static int fail_unsupported(struct parse_state *ps, const char *kind, const char *name)
{
	return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
		       "%s `%s' is not supported by bpf-iptables", kind, name);
}

static int command_match(struct parse_state *ps, const char *name)
{
	const struct xt_ext *ext;

	if (ps->invert)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "unexpected ! flag before --match");
	ext = xt_find_match(name);
	if (!ext) {
		if (xt_is_unsupported_match(name))
			return fail_unsupported(ps, "match", name);
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
			       "Couldn't load match `%s':No such file or directory\n", name);
	}
	return add_match(ps, ext);
}

static int check_target_name(struct parse_state *ps, const char *name)
{
	if (strlen(name) < 1)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Invalid target name (too short)");
	if (strlen(name) >= XT_NAME_MAX)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Invalid target name `%s' (%u chars max)",
			       name, XT_NAME_MAX - 1);
	for (const char *p = name; *p; p++)
		if (isspace((unsigned char)*p))
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Invalid target name `%s'",
				       name);
	return 0;
}

static int standard_verdict(const char *name)
{
	static const struct {
		const char *name;
		enum rule_verdict v;
	} std[] = {{"ACCEPT", VERDICT_ACCEPT}, {"DROP", VERDICT_DROP}, {"RETURN", VERDICT_RETURN}};

	for (size_t i = 0; i < sizeof(std) / sizeof(std[0]); i++)
		if (strcmp(std[i].name, name) == 0)
			return (int)std[i].v;
	return -1;
}

static int command_jump(struct parse_state *ps, const char *name)
{
	const struct xt_ext *ext;
	int verdict;

	if (check_target_name(ps, name) < 0)
		return -1;
	free(ps->cmd->jumpto);
	ps->cmd->jumpto = strdup(name);
	verdict = standard_verdict(name);
	if (verdict >= 0) {
		ps->cmd->rule->target.verdict = (enum rule_verdict)verdict;
		return 0;
	}
	ext = xt_find_target(name);
	if (ext) {
		rule_set_target_ext(ps->cmd->rule, ext);
		ps->target_slot = (int)ext_slot(ps, ext);
		return 0;
	}
	/* A chain may bear the name (restore allows ":MARK"): decide once
	 * the table is known, or at the first option meant for the target. */
	ps->cmd->target_unsupported = xt_is_unsupported_target(name);
	return 0; /* a chain name, resolved against the table later */
}

static int set_option(struct parse_state *ps, unsigned int option)
{
	int i = bit_index(option);

	if (ps->cmd->options & option)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "multiple -%c flags not allowed",
			       opt_letters[i]);
	ps->cmd->options |= option;
	if (ps->invert) {
		if (!opt_inverse[i])
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "cannot have ! before -%c",
				       opt_letters[i]);
		ps->cmd->rule->ip.invflags |= opt_inverse[i];
	}
	return 0;
}

static int add_command(struct parse_state *ps, unsigned int newcmd, unsigned int others)
{
	unsigned int *cmd = &ps->cmd->command;

	if (ps->invert)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "unexpected '!' flag");
	if (*cmd & ~others)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Cannot use -%c with -%c",
			       cmd_letters[bit_index(newcmd)], cmd_letters[bit_index(*cmd & ~others)]);
	*cmd |= newcmd;
	return 0;
}

static void set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? strdup(src) : NULL;
}

int cmd_parse(int argc, char **argv, const struct cmd_parse_opts *opts, struct xt_cmd *cmd,
	      struct strbuf *warn, struct xt_err *err)
{
	struct parse_state ps = {
		.cmd = cmd,
		.warn = warn,
		.err = err,
		.argc = argc,
		.argv = argv,
		.restore = opts->restore,
		.target_slot = -1,
	};
	int ret;

	memset(cmd, 0, sizeof(*cmd));
	cmd->rule = rule_new();
	set_str(&cmd->table, "filter");
	rebuild_opts(&ps);
	ret = parse_args(&ps);
	if (ret == 0)
		ret = parse_finish(&ps);
	free(ps.opts);
	free(ps.mflags);
	free(ps.shost);
	free(ps.dhost);
	free(ps.protocol);
	return ret;
}

void cmd_free(struct xt_cmd *cmd)
{
	rule_free(cmd->rule);
	free(cmd->chain);
	free(cmd->newname);
	free(cmd->policy);
	free(cmd->table);
	free(cmd->jumpto);
	addr_list_free(&cmd->src);
	addr_list_free(&cmd->dst);
	memset(cmd, 0, sizeof(*cmd));
}

/* ---- the option loop ---------------------------------------------- */

/* True when the next word is an argument rather than an option. */
static bool has_arg(const struct parse_state *ps)
{
	return optind < ps->argc && ps->argv[optind][0] != '-' && ps->argv[optind][0] != '!';
}

static int parse_rulenum(struct parse_state *ps, const char *s, unsigned int *out)
{
	if (!ext_strtoui(s, NULL, out, 1, 0x7fffffff))
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Invalid rule number `%s'", s);
	return 0;
}

/* -L, -S, -F, -Z, -X take an optional chain: "-Lfoo", "-L foo". */
static void optional_chain(struct parse_state *ps)
{
	if (optarg)
		set_str(&ps->cmd->chain, optarg);
	else if (has_arg(ps))
		set_str(&ps->cmd->chain, ps->argv[optind++]);
}

static int optional_rulenum(struct parse_state *ps)
{
	if (has_arg(ps))
		return parse_rulenum(ps, ps->argv[optind++], &ps->cmd->rulenum);
	return 0;
}

/* Names of the standard target: a restored chain may not take them. */
static bool standard_target_name(const char *name)
{
	return standard_verdict(name) >= 0 || strcmp(name, "QUEUE") == 0;
}

static int chain_name_checks(const char *name, bool ext_clash, struct xt_err *err)
{
	if (strlen(name) >= XT_NAME_MAX)
		return xt_fail(err, XT_PARAMETER_PROBLEM,
			       "chain name `%s' too long (must be under %u chars)", name, XT_NAME_MAX);
	if (*name == '-' || *name == '!')
		return xt_fail(err, XT_PARAMETER_PROBLEM, "chain name not allowed to start with `%c'",
			       *name);
	if (standard_target_name(name) ||
	    (ext_clash && (xt_find_target(name) || xt_is_unsupported_target(name))))
		return xt_fail(err, XT_PARAMETER_PROBLEM, "chain name may not clash with target name");
	for (const char *p = name; *p; p++)
		if (isspace((unsigned char)*p))
			return xt_fail(err, XT_PARAMETER_PROBLEM, "Invalid chain name `%s'", name);
	return 0;
}

int valid_chain_name(const char *name, struct xt_err *err)
{
	return chain_name_checks(name, true, err);
}

int valid_restore_chain_name(const char *name, struct xt_err *err)
{
	int ret = chain_name_checks(name, false, err);

	err->wording = XT_WORDING_NFT; /* legacy-restore checks none of this */
	return ret;
}

static int parse_command(struct parse_state *ps, int c)
{
	struct xt_cmd *cmd = ps->cmd;

	switch (c) {
	case 'A':
	case 'C':
		if (add_command(ps, c == 'A' ? CMD_APPEND : CMD_CHECK, CMD_NONE) < 0)
			return -1;
		set_str(&cmd->chain, optarg);
		return 0;
	case 'D':
		if (add_command(ps, CMD_DELETE, CMD_NONE) < 0)
			return -1;
		set_str(&cmd->chain, optarg);
		if (has_arg(ps)) {
			cmd->command = CMD_DELETE_NUM;
			return parse_rulenum(ps, ps->argv[optind++], &cmd->rulenum);
		}
		return 0;
	case 'R':
		if (add_command(ps, CMD_REPLACE, CMD_NONE) < 0)
			return -1;
		set_str(&cmd->chain, optarg);
		if (!has_arg(ps))
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "-R requires a rule number");
		return parse_rulenum(ps, ps->argv[optind++], &cmd->rulenum);
	case 'I':
		if (add_command(ps, CMD_INSERT, CMD_NONE) < 0)
			return -1;
		set_str(&cmd->chain, optarg);
		cmd->rulenum = 1;
		return optional_rulenum(ps);
	case 'L':
	case 'S':
		if (add_command(ps, c == 'L' ? CMD_LIST : CMD_LIST_RULES, CMD_ZERO | CMD_ZERO_NUM) < 0)
			return -1;
		optional_chain(ps);
		return optional_rulenum(ps);
	case 'F':
		if (add_command(ps, CMD_FLUSH, CMD_NONE) < 0)
			return -1;
		optional_chain(ps);
		return 0;
	case 'Z':
		if (add_command(ps, CMD_ZERO, CMD_LIST | CMD_LIST_RULES) < 0)
			return -1;
		optional_chain(ps);
		if (has_arg(ps)) {
			cmd->command = (cmd->command & ~CMD_ZERO) | CMD_ZERO_NUM;
			return parse_rulenum(ps, ps->argv[optind++], &cmd->rulenum);
		}
		return 0;
	case 'N':
		if (valid_chain_name(optarg, ps->err) < 0 || add_command(ps, CMD_NEW_CHAIN, CMD_NONE) < 0)
			return -1;
		set_str(&cmd->chain, optarg);
		return 0;
	case 'X':
		if (add_command(ps, CMD_DELETE_CHAIN, CMD_NONE) < 0)
			return -1;
		optional_chain(ps);
		return 0;
	case 'E':
		if (add_command(ps, CMD_RENAME_CHAIN, CMD_NONE) < 0)
			return -1;
		set_str(&cmd->chain, optarg);
		if (!has_arg(ps))
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
				       "-E requires old-chain-name and new-chain-name");
		set_str(&cmd->newname, ps->argv[optind++]);
		return 0;
	case 'P':
		if (add_command(ps, CMD_SET_POLICY, CMD_NONE) < 0)
			return -1;
		set_str(&cmd->chain, optarg);
		if (!has_arg(ps))
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "-P requires a chain and a policy");
		set_str(&cmd->policy, ps->argv[optind++]);
		return 0;
	}
	return 1; /* not a command */
}

/* iptables reads the values of -s -d -p -i -o -j from argv[optind - 1],
 * not optarg, so "--source=1.2.3.4" and "-s1.2.3.4" hand the whole word
 * on (and fail). Kept for byte compatibility. */
static const char *last_word(const struct parse_state *ps)
{
	return ps->argv[optind - 1];
}

static int parse_interface(struct parse_state *ps, unsigned int option, char *dst)
{
	const char *arg = last_word(ps);

	if (*optarg == '\0')
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Empty interface is likely to be undesired");
	if (set_option(ps, option) < 0)
		return -1;
	if (strlen(arg) + 1 > XT_IFNAMSIZ)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
			       "interface name `%s' must be shorter than IFNAMSIZ (%i)", arg,
			       XT_IFNAMSIZ - 1);
	memset(dst, 0, XT_IFNAMSIZ);
	strcpy(dst, arg);
	if (strpbrk(arg, "/ "))
		sb_printf(ps->warn,
			  "Warning: weird character in interface `%s' ('/' and ' ' are not allowed "
			  "by the kernel).\n",
			  arg);
	return 0;
}

static int parse_protocol(struct parse_state *ps)
{
	int proto;

	if (set_option(ps, OPT_PROTOCOL) < 0)
		return -1;
	free(ps->protocol);
	ps->protocol = strdup(last_word(ps));
	for (char *p = ps->protocol; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	proto = proto_parse(ps->protocol, ps->err);
	if (proto < 0)
		return -1;
	ps->cmd->rule->ip.proto = (uint16_t)proto;
	if (proto == 0 && (ps->cmd->rule->ip.invflags & RULE_INV_PROTO))
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "rule would never match protocol");
	return 0;
}

static int parse_counters_opt(struct parse_state *ps)
{
	const char *pcnt = optarg, *bcnt;
	unsigned long long v;

	if (set_option(ps, OPT_COUNTERS) < 0)
		return -1;
	/* "P,B" in one word; iptables looks past the first character for the
	 * comma, which reads beyond an empty word: not here. */
	bcnt = pcnt[0] ? strchr(pcnt + 1, ',') : NULL;
	if (bcnt)
		bcnt++;
	if (!bcnt && has_arg(ps))
		bcnt = ps->argv[optind++];
	if (!bcnt)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "-c requires packet and byte counter");
	if (sscanf(pcnt, "%llu", &v) != 1)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "-c packet counter not numeric");
	ps->cmd->pcnt = v;
	if (sscanf(bcnt, "%llu", &v) != 1)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "-c byte counter not numeric");
	ps->cmd->bcnt = v;
	return 0;
}

static int parse_wait(struct parse_state *ps, int c)
{
	const char *arg = optarg;

	if (ps->restore)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
			       "You cannot use `-%c' from iptables-restore", c);
	if (!arg && has_arg(ps))
		arg = ps->argv[optind++];
	if (c == 'w') {
		ps->cmd->wait = -1;
		if (arg && sscanf(arg, "%i", &ps->cmd->wait) != 1)
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "wait seconds not numeric");
		return 0;
	}
	unsigned int usec;

	if (!arg)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "wait interval value required");
	if (sscanf(arg, "%u", &usec) != 1)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "wait interval not numeric");
	if (usec > 999999)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "too long usec wait %u > 999999 usec",
			       usec);
	sb_puts(ps->warn, "Ignoring deprecated --wait-interval option.\n");
	ps->wait_interval_set = true;
	return 0;
}

/* The implicit match of "-p tcp --dport 22": loaded on the first option
 * nothing else claims, once. */
static const struct xt_ext *proto_match(struct parse_state *ps, bool *unsupported)
{
	const char *name = ps->protocol;
	unsigned int num;
	bool loaded = false;

	*unsupported = false;
	if (!name)
		return NULL;
	if (ext_strtoui(name, NULL, &num, 0, 255)) {
		name = proto_name((uint16_t)num, ps->cmd->options & OPT_NUMERIC);
		if (!name)
			return NULL;
	}
	const struct xt_ext *ext = xt_find_match(name);
	for (size_t i = 0; ext && i < ps->n_exts; i++)
		loaded |= ps->exts[i].ext == ext;
	if (loaded && ps->proto_used)
		return NULL;
	if (!ext && xt_is_unsupported_match(name))
		*unsupported = true;
	return ext;
}

/* An option no base case handled: an extension's, or unknown. Returns 1
 * when getopt must look at the same word again. */
static int extension_option(struct parse_state *ps, int c)
{
	struct rule *r = ps->cmd->rule;
	int slot = c / OPT_OFFSET_SCALE - 1;
	struct xt_parse_ctx ctx = {
		.id = c % OPT_OFFSET_SCALE,
		.arg = optarg,
		.invert = ps->invert,
		.ip = &r->ip,
		.argc = ps->argc,
		.argv = ps->argv,
		.optind = &optind,
		.warn = ps->warn,
		.err = ps->err,
	};

	if (c >= OPT_OFFSET_SCALE && slot == ps->target_slot) {
		ctx.mflags = &ps->target_mflags;
		return r->target.ext->parse(&ctx, r->target.data) < 0 ? -1 : 0;
	}
	if (c >= OPT_OFFSET_SCALE && slot < (int)ps->n_exts && ps->exts[slot].latest >= 0) {
		int m = ps->exts[slot].latest;

		ctx.mflags = &ps->mflags[m];
		return r->matches[m].ext->parse(&ctx, r->matches[m].data) < 0 ? -1 : 0;
	}

	if (ps->cmd->target_unsupported)
		return fail_unsupported(ps, "target", ps->cmd->jumpto);

	bool unsupported;
	const struct xt_ext *ext = proto_match(ps, &unsupported);

	if (unsupported)
		return fail_unsupported(ps, "match", ps->protocol);
	if (ext) {
		ps->proto_used = true;
		add_match(ps, ext);
		optind--;
		return 1;
	}
	if (c == ':')
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "option \"%s\" requires an argument",
			       ps->argv[optind - 1]);
	if (c == '?')
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "unknown option \"%s\"",
			       ps->argv[optind - 1]);
	return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Unknown arg \"%s\"", optarg ? optarg : "(null)");
}

/* Returns 1 when the option consumed a pending "!" is to be kept. */
static int parse_option(struct parse_state *ps, int c)
{
	struct xt_cmd *cmd = ps->cmd;
	struct rule *r = cmd->rule;

	switch (c) {
	case 'p':
		return parse_protocol(ps);
	case 's':
	case 'd':
		if (set_option(ps, c == 's' ? OPT_SOURCE : OPT_DESTINATION) < 0)
			return -1;
		set_str(c == 's' ? &ps->shost : &ps->dhost, last_word(ps));
		return 0;
	case 'g':
		if (set_option(ps, OPT_JUMP) < 0 || check_target_name(ps, optarg) < 0)
			return -1;
		ps->goto_set = true;
		set_str(&cmd->jumpto, optarg);
		return 0;
	case 'j':
		if (set_option(ps, OPT_JUMP) < 0)
			return -1;
		return command_jump(ps, last_word(ps));
	case 'i':
		return parse_interface(ps, OPT_VIANAMEIN, r->ip.iniface);
	case 'o':
		return parse_interface(ps, OPT_VIANAMEOUT, r->ip.outiface);
	case 'f':
		if (set_option(ps, OPT_FRAGMENT) < 0)
			return -1;
		r->ip.flags |= RULE_F_FRAG;
		return 0;
	case 'v':
		if (!cmd->verbose && set_option(ps, OPT_VERBOSE) < 0)
			return -1;
		cmd->verbose++;
		return 0;
	case 'm':
		return command_match(ps, optarg);
	case 'n':
		return set_option(ps, OPT_NUMERIC);
	case 'x':
		return set_option(ps, OPT_EXPANDED);
	case '0':
		return set_option(ps, OPT_LINENUMBERS);
	case 't':
		if (ps->invert)
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "unexpected ! flag before --table");
		if (ps->restore && ps->table_set)
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
				       "The -t option cannot be used in %s.\n", ps->argv[0]);
		set_str(&cmd->table, optarg);
		ps->table_set = true;
		/* Say so before an extension of that table (MASQUERADE...)
		 * gets the blame; unknown names fail later, as in iptables. */
		if (exec_check_table(optarg, ps->err) < 0 && ps->err->status != XT_VERSION_PROBLEM)
			return -1;
		return 0;
	case 'w':
	case 'W':
		return parse_wait(ps, c);
	case 'c':
		return parse_counters_opt(ps);
	case 'M':
		return 0; /* --modprobe: nothing to load here */
	case '4':
		return 0;
	}
	return extension_option(ps, c);
}

static int parse_args(struct parse_state *ps)
{
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(ps->argc, ps->argv, optstring, ps->opts, NULL)) != -1) {
		int ret = parse_command(ps, c);

		if (ret < 0)
			return -1;
		if (ret == 0) {
			ps->invert = false;
			continue;
		}
		switch (c) {
		case 'V':
			ps->cmd->print_version = true;
			ps->cmd->version_inverted = ps->invert;
			return 1;
		case 'h':
			ps->cmd->print_help = true;
			return 1;
		case '6':
			if (ps->restore) {
				ps->cmd->command = CMD_NONE; /* an IPv6-only line */
				return 1;
			}
			return xt_fail_style(ps->err, XT_PARAMETER_PROBLEM, XT_ERR_RAW_TRYHELP, "%s",
					     "");
		case 1: /* a word that is not an option */
			if (strcmp(optarg, "!") == 0) {
				if (ps->invert)
					return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
						       "multiple consecutive ! not allowed");
				ps->invert = true;
				continue;
			}
			return xt_fail_style(ps->err, XT_PARAMETER_PROBLEM, XT_ERR_RAW_TRYHELP,
					     "Bad argument `%s'\n", optarg);
		}
		ret = parse_option(ps, c);
		if (ret < 0)
			return -1;
		if (ret == 1)
			continue; /* re-read the same word with the new options */
		ps->invert = false;
	}
	return 0;
}

/* ---- checks after the last option --------------------------------- */

static int final_checks(struct parse_state *ps)
{
	struct rule *r = ps->cmd->rule;

	for (unsigned int i = 0; i < r->n_matches; i++) {
		const struct xt_ext *ext = r->matches[i].ext;

		if (ext->final_check &&
		    ext->final_check(ps->mflags[i], r->matches[i].data, &r->ip, ps->err) < 0)
			return -1;
	}
	if (r->target.verdict == VERDICT_EXT && r->target.ext->final_check &&
	    r->target.ext->final_check(ps->target_mflags, r->target.data, &r->ip, ps->err) < 0)
		return -1;
	return 0;
}

static int check_cmd_options(struct parse_state *ps)
{
	unsigned int command = ps->cmd->command, options = ps->cmd->options;

	for (int i = 0; i < OPT_COUNT; i++) {
		int legal = 0; /* -1 illegal, 1 legal, 0 undecided */

		if (!(options & (1u << i)))
			continue;
		for (int j = 0; j < CMD_COUNT; j++) {
			if (!(command & (1u << j)))
				continue;
			if (cmd_vs_opt[j][i] != 'x')
				legal = 1;
			else if (legal == 0)
				legal = -1;
		}
		if (legal == -1)
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Illegal option `-%c' with this command",
				       opt_letters[i]);
	}
	return 0;
}

static bool is_rule_command(unsigned int command)
{
	return command & (CMD_APPEND | CMD_DELETE | CMD_DELETE_NUM | CMD_CHECK | CMD_INSERT |
			  CMD_REPLACE);
}

static int parse_addresses(struct parse_state *ps)
{
	struct xt_cmd *cmd = ps->cmd;
	bool rule_cmd = cmd->command & (CMD_REPLACE | CMD_INSERT | CMD_DELETE | CMD_APPEND | CMD_CHECK);
	const char *s = ps->shost, *d = ps->dhost;

	if (rule_cmd) {
		s = s ? s : "0.0.0.0/0";
		d = d ? d : "0.0.0.0/0";
	}
	if (s && addr_parse_list(s, &cmd->src, ps->err) < 0)
		return -1;
	if (d && addr_parse_list(d, &cmd->dst, ps->err) < 0)
		return -1;
	if ((cmd->src.n > 1 || cmd->dst.n > 1) &&
	    (cmd->rule->ip.invflags & (RULE_INV_SRCIP | RULE_INV_DSTIP)))
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
			       "! not allowed with multiple source or destination IP addresses");
	if (cmd->command == CMD_REPLACE && (cmd->src.n != 1 || cmd->dst.n != 1))
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
			       "Replacement rule does not specify a unique address");
	return 0;
}

static int parse_finish(struct parse_state *ps)
{
	struct xt_cmd *cmd = ps->cmd;

	if (!cmd->wait && ps->wait_interval_set)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
			       "--wait-interval only makes sense with --wait\n");
	if (final_checks(ps) < 0)
		return -1;
	if (optind < ps->argc)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "unknown arguments found on commandline");
	if (!cmd->command)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "no command specified");
	if (ps->invert)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "nothing appropriate following !");
	if (ps->goto_set)
		cmd->rule->ip.flags |= RULE_F_GOTO;
	cmd->rule->pcnt = cmd->pcnt;
	cmd->rule->bcnt = cmd->bcnt;
	if (parse_addresses(ps) < 0 || check_cmd_options(ps) < 0)
		return -1;
	if (cmd->chain && strlen(cmd->chain) >= XT_NAME_MAX)
		return xt_fail(ps->err, XT_PARAMETER_PROBLEM,
			       "chain name `%s' too long (must be under %u chars)", cmd->chain,
			       XT_NAME_MAX);
	if (is_rule_command(cmd->command)) {
		if (strcmp(cmd->chain, "INPUT") == 0 && (cmd->options & OPT_VIANAMEOUT))
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Can't use -o with INPUT\n");
		if (strcmp(cmd->chain, "OUTPUT") == 0 && (cmd->options & OPT_VIANAMEIN))
			return xt_fail(ps->err, XT_PARAMETER_PROBLEM, "Can't use -i with OUTPUT\n");
	}
	return 0;
}
