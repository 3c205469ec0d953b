// SPDX-License-Identifier: GPL-2.0-only
#include "exec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ext.h"
#include "print.h"

/* How iptables-legacy reports a refused table operation. */
static int table_error(struct xt_err *err, const char *msg)
{
	return xt_fail_style(err, XT_OTHER_PROBLEM, XT_ERR_TABLE, "%s", msg);
}

static const char no_chain[] = "No chain/target/match by that name";
static const char bad_rule[] = "Bad rule (does a matching rule exist in that chain?)";

int exec_check_table(const char *table, struct xt_err *err)
{
	static const char *const known[] = {"nat", "mangle", "raw", "security"};

	if (strcmp(table, "filter") == 0)
		return 0;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(table, known[i]) == 0)
			return xt_fail(err, XT_PARAMETER_PROBLEM,
				       "table `%s' is not supported by bpf-iptables", table);
	return xt_fail(err, XT_VERSION_PROBLEM,
		       "can't initialize iptables table `%s': Table does not exist (do you need to "
		       "insmod?)",
		       table);
}

bool exec_modifies(const struct xt_cmd *cmd)
{
	return cmd->command & ~(CMD_LIST | CMD_LIST_RULES | CMD_CHECK);
}

static struct chain *find_chain(struct ruleset *rs, const char *name, struct xt_err *err)
{
	struct chain *c = ruleset_find(rs, name);

	if (!c)
		table_error(err, no_chain);
	return c;
}

/* Turn "-j NAME" into a verdict once the table is known. */
static int resolve_target(struct ruleset *rs, struct xt_cmd *cmd, struct xt_err *err)
{
	struct rule_target *t = &cmd->rule->target;

	if (t->verdict == VERDICT_EXT && ruleset_find(rs, t->ext->name)) {
		/* "-j LOG" with a chain named LOG (restore allows one) */
		if (cmd->warn && !cmd->restore)
			sb_printf(cmd->warn, "Warning: using chain %s, not extension\n", cmd->jumpto);
		free(t->data);
		t->data = NULL;
		t->ext = NULL;
		t->verdict = VERDICT_NONE;
	}
	if (!cmd->jumpto || t->verdict != VERDICT_NONE)
		return 0;
	if (cmd->target_unsupported && !ruleset_find(rs, cmd->jumpto))
		return xt_fail(err, XT_PARAMETER_PROBLEM,
			       "target `%s' is not supported by bpf-iptables", cmd->jumpto);
	if (!ruleset_find(rs, cmd->jumpto)) {
		/* iptables-nft's wording on the command line (clearer);
		 * iptables-legacy's in restore, where nft's line number is off
		 * by one. */
		if (!cmd->restore)
			return xt_fail(err, XT_PARAMETER_PROBLEM, "Chain '%s' does not exist",
				       cmd->jumpto);
		if (cmd->rule->ip.flags & RULE_F_GOTO)
			xt_fail(err, XT_PARAMETER_PROBLEM, "goto '%s' is not a chain", cmd->jumpto);
		else
			xt_fail(err, XT_PARAMETER_PROBLEM,
				"Couldn't load target `%s':No such file or directory\n", cmd->jumpto);
		err->wording = XT_WORDING_LEGACY;
		return -1;
	}
	t->verdict = VERDICT_JUMP;
	name_copy(t->chain, sizeof(t->chain), cmd->jumpto);
	return 0;
}

/* A jump to a built-in chain: libiptc refuses it as the rule is added,
 * so restore reports it at the rule's line, unlike the checks below. */
static int jump_check(const struct ruleset *rs, const struct rule *r)
{
	const struct chain *to;

	if (r->target.verdict != VERDICT_JUMP)
		return 0;
	to = ruleset_find(rs, r->target.chain);
	return !to || chain_is_builtin(to) ? -EINVAL : 0;
}

/* What the kernel's checkentry functions refuse in a rule: 0 or a
 * negative errno. */
static int kernel_check_rule(const struct ruleset *rs, const struct rule *r)
{
	int ret = 0;

	for (unsigned int i = 0; i < r->n_matches && !ret; i++)
		if (r->matches[i].ext->kernel_check)
			ret = r->matches[i].ext->kernel_check(r->matches[i].data, &r->ip);
	if (!ret && r->target.verdict == VERDICT_EXT && r->target.ext->kernel_check)
		ret = r->target.ext->kernel_check(r->target.data, &r->ip);
	return ret ? ret : jump_check(rs, r);
}

/* iptables-legacy's wording (libiptc's iptc_strerror) for what the kernel
 * refused. There is no dmesg line here; the hint is kept so that scripts
 * matching iptables' output keep working. */
static int kernel_refused(struct xt_err *err, int errnum)
{
	const char *msg = strerror(errnum);

	if (errnum == EINVAL)
		msg = "Invalid argument. Run `dmesg' for more information";
	return xt_fail_style(err, XT_OTHER_PROBLEM, XT_ERR_KERNEL, "%s", msg);
}

static int kernel_checks(const struct ruleset *rs, const struct xt_cmd *cmd, struct xt_err *err)
{
	int ret = cmd->defer_kernel_checks ? jump_check(rs, cmd->rule)
					   : kernel_check_rule(rs, cmd->rule);

	return ret ? kernel_refused(err, -ret) : 0;
}

static int loop_check(const struct ruleset *rs, const struct xt_cmd *cmd, struct xt_err *err)
{
	if (cmd->defer_kernel_checks || cmd->rule->target.verdict != VERDICT_JUMP)
		return 0;
	return exec_check_loops(rs, err);
}

int exec_check_loops(const struct ruleset *rs, struct xt_err *err)
{
	if (ruleset_has_loop(rs))
		return kernel_refused(err, ELOOP);
	return 0;
}

int exec_check_table_rules(const struct ruleset *rs, struct xt_err *err)
{
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		for (size_t j = 0; j < c->n_rules; j++) {
			int ret = kernel_check_rule(rs, c->rules[j]);

			if (ret)
				return kernel_refused(err, -ret);
		}
	}
	return exec_check_loops(rs, err);
}

/* Each (source, destination) pair of the address lists is one rule. */
static struct rule *expand(const struct xt_cmd *cmd, size_t i, size_t j)
{
	struct rule *r = rule_clone(cmd->rule);

	r->ip.src = cmd->src.addr[i];
	r->ip.smsk = cmd->src.mask[i];
	r->ip.dst = cmd->dst.addr[j];
	r->ip.dmsk = cmd->dst.mask[j];
	return r;
}

/* -v prints each rule the command is about to touch, before the table
 * is consulted: iptables prints them even when the command then fails. */
static void verbose_lines(const struct xt_cmd *cmd, struct strbuf *out)
{
	size_t n_src = cmd->command == CMD_REPLACE ? 1 : cmd->src.n;
	size_t n_dst = cmd->command == CMD_REPLACE ? 1 : cmd->dst.n;

	if (!(cmd->options & OPT_VERBOSE))
		return;
	for (size_t i = 0; i < n_src; i++) {
		for (size_t j = 0; j < n_dst; j++) {
			struct rule *r = expand(cmd, i, j);

			print_list_rule(out, FMT_PRINT_RULE, r, 0);
			rule_free(r);
		}
	}
}

static long find_rule(const struct chain *c, const struct rule *r)
{
	for (size_t k = 0; k < c->n_rules; k++)
		if (rule_equal(c->rules[k], r))
			return (long)k;
	return -1;
}

static int add_rules(struct ruleset *rs, struct xt_cmd *cmd, struct chain *c, struct xt_err *err)
{
	size_t pos = c->n_rules;

	if (cmd->command == CMD_INSERT) {
		if (cmd->rulenum > c->n_rules + 1)
			return table_error(err, "Index of insertion too big");
		pos = cmd->rulenum - 1;
	}
	if (kernel_checks(rs, cmd, err) < 0)
		return -1;
	for (size_t i = 0; i < cmd->src.n; i++) {
		for (size_t j = 0; j < cmd->dst.n; j++) {
			struct rule *r = expand(cmd, i, j);

			chain_insert(rs, c, cmd->command == CMD_INSERT ? pos : c->n_rules, r);
		}
	}
	return loop_check(rs, cmd, err);
}

static int replace_rule(struct ruleset *rs, struct xt_cmd *cmd, struct chain *c,
			struct xt_err *err)
{
	if (cmd->rulenum > c->n_rules)
		return table_error(err, "Index of replacement too big");
	if (kernel_checks(rs, cmd, err) < 0)
		return -1;
	struct rule *r = expand(cmd, 0, 0);

	chain_replace(c, cmd->rulenum - 1, r);
	return loop_check(rs, cmd, err);
}

/* -D by rule and -C: every expanded rule must be present. */
static int match_rules(struct xt_cmd *cmd, struct chain *c, struct xt_err *err)
{
	for (size_t i = 0; i < cmd->src.n; i++) {
		for (size_t j = 0; j < cmd->dst.n; j++) {
			struct rule *r = expand(cmd, i, j);
			long k = find_rule(c, r);

			rule_free(r);
			if (k < 0)
				return table_error(err, bad_rule);
			if (cmd->command == CMD_DELETE)
				chain_delete(c, (size_t)k);
		}
	}
	return 0;
}

static int rule_command(struct ruleset *rs, struct xt_cmd *cmd, struct strbuf *out,
			struct xt_err *err)
{
	struct chain *c;

	if (resolve_target(rs, cmd, err) < 0)
		return -1;
	verbose_lines(cmd, out);
	c = ruleset_find(rs, cmd->chain);
	if (!c && (cmd->command & (CMD_DELETE | CMD_CHECK)))
		return table_error(err, bad_rule);
	if (!c)
		return table_error(err, no_chain);
	switch (cmd->command) {
	case CMD_APPEND:
	case CMD_INSERT:
		return add_rules(rs, cmd, c, err);
	case CMD_REPLACE:
		return replace_rule(rs, cmd, c, err);
	default:
		return match_rules(cmd, c, err);
	}
}

static int delete_num(struct ruleset *rs, struct xt_cmd *cmd, struct xt_err *err)
{
	struct chain *c = find_chain(rs, cmd->chain, err);

	if (!c)
		return -1;
	if (cmd->rulenum > c->n_rules)
		return table_error(err, "Index of deletion too big");
	chain_delete(c, cmd->rulenum - 1);
	return 0;
}

/* -F, -Z: one chain, or every chain with a line each under -v. */
static int each_chain(struct ruleset *rs, struct xt_cmd *cmd, struct strbuf *out,
		      struct xt_err *err, const char *verb, void (*fn)(struct chain *))
{
	if (cmd->chain) {
		struct chain *c = find_chain(rs, cmd->chain, err);

		if (!c)
			return -1;
		if (cmd->options & OPT_VERBOSE)
			sb_printf(out, "%s chain `%s'\n", verb, c->name);
		fn(c);
		return 0;
	}
	for (size_t i = 0; i < rs->n_chains; i++) {
		if (cmd->options & OPT_VERBOSE)
			sb_printf(out, "%s chain `%s'\n", verb, rs->chains[i]->name);
		fn(rs->chains[i]);
	}
	return 0;
}

static int zero_num(struct ruleset *rs, struct xt_cmd *cmd, struct xt_err *err)
{
	struct chain *c = find_chain(rs, cmd->chain, err);

	if (!c)
		return -1;
	if (cmd->rulenum > c->n_rules)
		return table_error(err, "Index of counter too big");
	c->rules[cmd->rulenum - 1]->pcnt = 0;
	c->rules[cmd->rulenum - 1]->bcnt = 0;
	return 0;
}

/* iptables-legacy's words (ENOTEMPTY, EMLINK from libiptc). */
static int chain_busy(struct xt_err *err, unsigned int refs)
{
	return table_error(err, refs ? "Too many links" : "Directory not empty");
}

static int delete_one_chain(struct ruleset *rs, struct chain *c, struct xt_cmd *cmd,
			    struct strbuf *out, struct xt_err *err)
{
	if (cmd->options & OPT_VERBOSE)
		sb_printf(out, "Deleting chain `%s'\n", c->name);
	if (chain_is_builtin(c) && c->n_rules)
		return kernel_refused(err, EINVAL); /* legacy's; nft's is exit 4 */
	if (chain_is_builtin(c)) {
		table_error(err, no_chain); /* nft's; legacy's is EINVAL */
		err->wording = XT_WORDING_NFT;
		return -1;
	}
	unsigned int refs = ruleset_refs(rs, c->name);

	if (c->n_rules || refs)
		return chain_busy(err, refs);
	ruleset_del_chain(rs, c);
	return 0;
}

static int delete_chains(struct ruleset *rs, struct xt_cmd *cmd, struct strbuf *out,
			 struct xt_err *err)
{
	if (cmd->chain) {
		struct chain *c = find_chain(rs, cmd->chain, err);

		return c ? delete_one_chain(rs, c, cmd, out, err) : -1;
	}
	unsigned int *refs = ruleset_all_refs(rs);
	int ret = 0;

	/* Like iptables-legacy: try every user chain, report the last
	 * failure, and delete nothing unless all can go. */
	for (size_t i = RULESET_N_BUILTIN; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		if (cmd->options & OPT_VERBOSE)
			sb_printf(out, "Deleting chain `%s'\n", c->name);
		if (c->n_rules || refs[i])
			ret = chain_busy(err, refs[i]);
	}
	free(refs);
	while (!ret && rs->n_chains > RULESET_N_BUILTIN)
		ruleset_del_chain(rs, rs->chains[rs->n_chains - 1]);
	return ret;
}

static bool standard_target_name(const char *name)
{
	return strcmp(name, "ACCEPT") == 0 || strcmp(name, "DROP") == 0 ||
	       strcmp(name, "QUEUE") == 0 || strcmp(name, "RETURN") == 0;
}

static int rename_chain(struct ruleset *rs, struct xt_cmd *cmd, struct xt_err *err)
{
	struct chain *c;

	/* libiptc's order: a taken name first, then the old chain, then the
	 * length (it allows up to 31 characters here, unlike -N). */
	if (ruleset_find(rs, cmd->newname) || standard_target_name(cmd->newname))
		return table_error(err, "File exists");
	c = ruleset_find(rs, cmd->chain);
	if (!c || chain_is_builtin(c))
		return table_error(err, no_chain);
	if (strlen(cmd->newname) >= sizeof(c->name))
		return kernel_refused(err, EINVAL);
	ruleset_rename_chain(rs, c, cmd->newname);
	return 0;
}

static int set_policy(struct ruleset *rs, struct xt_cmd *cmd, struct xt_err *err)
{
	struct chain *c = ruleset_find(rs, cmd->chain);

	if (!c || !chain_is_builtin(c))
		return table_error(err, "Bad built-in chain name");
	if (strcmp(cmd->policy, "ACCEPT") == 0)
		c->policy = POLICY_ACCEPT;
	else if (strcmp(cmd->policy, "DROP") == 0)
		c->policy = POLICY_DROP;
	else
		return table_error(err, "Bad policy name. Run `dmesg' for more information");
	return 0;
}

static int new_chain(struct ruleset *rs, struct xt_cmd *cmd, struct xt_err *err)
{
	if (ruleset_find(rs, cmd->chain))
		return table_error(err, "Chain already exists");
	ruleset_add_chain(rs, cmd->chain);
	return 0;
}

static unsigned int list_format(const struct xt_cmd *cmd)
{
	unsigned int f = FMT_OPTIONS;

	f |= cmd->options & OPT_VERBOSE ? FMT_VIA : FMT_NOCOUNTS;
	if (cmd->options & OPT_NUMERIC)
		f |= FMT_NUMERIC;
	if (!(cmd->options & OPT_EXPANDED))
		f |= FMT_KILOMEGAGIGA;
	if (cmd->options & OPT_LINENUMBERS)
		f |= FMT_LINENUMBERS;
	return f;
}

/* -L and -S, possibly followed by -Z. */
static int list_command(struct ruleset *rs, struct xt_cmd *cmd, struct strbuf *out,
			struct xt_err *err)
{
	int ret;

	if (cmd->command & CMD_LIST)
		ret = print_list(out, rs, cmd->chain, cmd->rulenum, list_format(cmd));
	else
		ret = print_rules(out, rs, cmd->chain, cmd->rulenum, cmd->options & OPT_VERBOSE);
	if (ret < 0)
		return table_error(err, no_chain);
	if (cmd->command & CMD_ZERO)
		return each_chain(rs, cmd, out, err, "Zeroing", chain_zero);
	if (cmd->command & CMD_ZERO_NUM)
		return zero_num(rs, cmd, err);
	return 0;
}

int exec_command(struct ruleset *rs, struct xt_cmd *cmd, struct strbuf *out, struct xt_err *err)
{
	if (exec_check_table(cmd->table, err) < 0)
		return -1;
	switch (cmd->command) {
	case CMD_APPEND:
	case CMD_INSERT:
	case CMD_REPLACE:
	case CMD_DELETE:
	case CMD_CHECK:
		return rule_command(rs, cmd, out, err);
	case CMD_DELETE_NUM:
		return delete_num(rs, cmd, err);
	case CMD_FLUSH:
		return each_chain(rs, cmd, out, err, "Flushing", chain_flush);
	case CMD_ZERO:
		return each_chain(rs, cmd, out, err, "Zeroing", chain_zero);
	case CMD_ZERO_NUM:
		return zero_num(rs, cmd, err);
	case CMD_NEW_CHAIN:
		return new_chain(rs, cmd, err);
	case CMD_DELETE_CHAIN:
		return delete_chains(rs, cmd, out, err);
	case CMD_RENAME_CHAIN:
		return rename_chain(rs, cmd, err);
	case CMD_SET_POLICY:
		return set_policy(rs, cmd, err);
	case CMD_NONE:
		return 0;
	default:
		return list_command(rs, cmd, out, err);
	}
}
